import type { ProviderFault } from '../../shared/provider-fault.ts';
import type { ErrorCode } from '../../shared/result.ts';

/**
 * The one error type that crosses a port. `code` is what the contract reports; `retryable` says
 * whether the same call may succeed later. A plain Error reaching a host is a fault of ours and is
 * reported as `internal`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** A model provider's fault, when that is what failed: said to the user as it is. */
  readonly fault: ProviderFault | undefined;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; cause?: unknown; fault?: ProviderFault } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fault = options.fault;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/** The provider fault an error carries, if any. */
export const faultOf = (error: unknown): ProviderFault | undefined => (isAppError(error) ? error.fault : undefined);
