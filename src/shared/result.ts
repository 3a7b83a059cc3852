import { z } from 'zod';

/** Error codes every host may return. `internal` means a fault of ours, never of the caller. */
export const ErrorCodeSchema = z.enum([
  'bad_request',
  'payload_too_large',
  'unknown_method',
  'not_found',
  'unauthorized',
  'unavailable',
  /** The caller sends faster than the host can take (requests in flight, audio backlog): slow down. */
  'too_many_requests',
  /** A file or the database in the data directory could not be written or read; the message says which and why. */
  'storage_error',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ContractErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
});
export type ContractError = z.infer<typeof ContractErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ContractErrorSchema }),
  ]);
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});
