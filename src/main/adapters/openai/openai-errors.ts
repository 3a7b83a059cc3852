import OpenAI from 'openai';
import { AppError } from '../../core/errors.ts';
import type { ProviderFault } from '../../../shared/provider-fault.ts';

/**
 * One vendor error vocabulary in, one AppError out; says whether a retry can help and, for a
 * fault of the server or the network, which (`fault`, said to the user as it is). `address` is the
 * base URL the request went to (the SDK's default: OpenAI's API).
 */
export function toAppError(error: unknown, what: string, address = DEFAULT_ADDRESS): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof OpenAI.APIUserAbortError) return new AppError('unavailable', `${what} was cancelled`, { cause: error });
  const at = originOf(address);
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    const fault: ProviderFault = { kind: 'timeout', address: at, status: null, detail: 'timed out' };
    return new AppError('unavailable', `${what}: the server at ${at} did not answer in time (timed out)`, { retryable: true, cause: error, fault });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const fault: ProviderFault = { kind: 'unreachable', address: at, status: null, detail: networkDetail(error) };
    return new AppError('unavailable', `${what}: the server at ${at} does not answer (${fault.detail})`, { retryable: true, cause: error, fault });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    const fault: ProviderFault = { kind: faultKind(status, error.code), address: at, status, detail: serverDetail(error) };
    const reason = { key_refused: 'the API key was refused: ', quota_spent: 'the quota is spent: ', rate_limited: 'rate limited: ' }[fault.kind as string] ?? '';
    return new AppError(retryable ? 'unavailable' : 'bad_request', `${what} failed (${status}): ${reason}${fault.detail}`, { retryable, cause: error, fault });
  }
  if (error instanceof Error && error.name === 'AbortError') return new AppError('unavailable', `${what} was cancelled`, { cause: error });
  return new AppError('internal', `${what} failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

const DEFAULT_ADDRESS = 'https://api.openai.com';

function faultKind(status: number, code: string | null | undefined): ProviderFault['kind'] {
  if (status === 401 || status === 403) return 'key_refused';
  // OpenAI answers 429 both for a spent quota and for too many requests; its code tells them apart.
  if (status === 429) return code === 'insufficient_quota' ? 'quota_spent' : 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'rejected';
}

/** "https://api.openai.com/v1" -> "https://api.openai.com"; what cannot be parsed is kept as written. */
export function originOf(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    return address;
  }
}

/** The network's reason under the SDK's "Connection error.": the system error code, said plainly. */
function networkDetail(error: Error): string {
  let cause: unknown = error.cause;
  for (let depth = 0; depth < 5 && cause; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) return NETWORK_CODES[code];
    if (typeof code === 'string' && code.startsWith('ERR_TLS') || (typeof code === 'string' && /CERT|SSL/.test(code))) return `the TLS certificate was not accepted (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  const message = (error.cause as Error | undefined)?.message ?? error.message;
  return message.replace(/\.$/, '') || 'no connection';
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  EPIPE: 'the connection was closed',
};

/** What the server said about the failure, trimmed to one line. */
function serverDetail(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const said = typeof body?.message === 'string' && body.message.trim() ? body.message : error.message.replace(/^\d{3}\s*/, '');
  return said.replace(/\s+/g, ' ').trim().slice(0, 200) || `status ${error.status}`;
}
