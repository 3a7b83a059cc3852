import OpenAI from 'openai';
import { AppError } from '../../core/errors.ts';

/** One vendor error vocabulary in, one AppError out; says whether a retry can help. */
export function toAppError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new AppError('unavailable', `${what} was cancelled`, { cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new AppError('unavailable', `${what} timed out`, { retryable: true, cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new AppError('unavailable', `${what} could not reach the server (${error.message})`, { retryable: true, cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const reason = status === 401 ? 'the API key was refused' : status === 429 ? 'rate limited' : error.message;
    return new AppError(retryable ? 'unavailable' : 'bad_request', `${what} failed (${status}): ${reason}`, { retryable, cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') return new AppError('unavailable', `${what} was cancelled`, { cause: error });
  return new AppError('internal', `${what} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
