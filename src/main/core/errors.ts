import type { ErrorCode } from '../../shared/result.ts';

/**
 * The one error type that crosses a port. `code` is what the contract reports; `retryable` says
 * whether the same call may succeed later. A plain Error reaching a host is a fault of ours and is
 * reported as `internal`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
