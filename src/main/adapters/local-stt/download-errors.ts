import { AppError } from '../../core/errors.ts';
import { describeChecksum, type ExpectedChecksum } from './file-checksum.ts';

// What went wrong with a model download, in words a user can act on.

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'its name could not be looked up (offline?)',
  EAI_AGAIN: 'its name could not be looked up (offline?)',
  ETIMEDOUT: 'it did not answer in time',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer in time',
  EHOSTUNREACH: 'there is no route to it',
  ENETUNREACH: 'the network is unreachable (offline?)',
  UND_ERR_SOCKET: 'the connection failed',
};

const megabytes = (bytes: number) => `${Math.max(0, Math.ceil(bytes / 1_000_000)).toLocaleString('en')} MB`;
export const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The system error code inside a fetch failure (undici wraps it in `cause`, sometimes an AggregateError). */
export function systemCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const { code, errors } = current as { code?: unknown; errors?: unknown[] };
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    const first = Array.isArray(errors) ? (errors[0] as { code?: unknown } | undefined) : undefined;
    if (typeof first?.code === 'string') return first.code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function unreachable(url: string, what: string, error: unknown): AppError {
  const code = systemCode(error);
  const reason = (code && NETWORK_REASONS[code]) ?? (code ? `error ${code}` : ((error as Error)?.message ?? String(error)));
  return new AppError('unavailable', `Could not reach ${hostOf(url)} to download ${what}: ${reason}. Check the connection and try again.`, {
    retryable: true,
    cause: error,
  });
}

export function httpError(url: string, what: string, status: number, statusText: string): AppError {
  const meaning = status === 404 ? ' (the file is not there)' : status === 401 || status === 403 ? ' (access refused)' : '';
  return new AppError('unavailable', `${hostOf(url)} answered ${status}${statusText ? ` ${statusText}` : ''}${meaning} for ${what}.`, {
    retryable: status >= 500 || status === 429,
  });
}

export const cutOff = (what: string, receivedBytes: number, expectedBytes: number | null, cause?: unknown) =>
  new AppError(
    'unavailable',
    `The download of ${what} stopped after ${megabytes(receivedBytes)}${expectedBytes === null ? '' : ` of ${megabytes(expectedBytes)}`}. Press Download again to resume from there.`,
    { retryable: true, cause },
  );

export const sentTooMuch = (what: string, limitBytes: number) =>
  new AppError('unavailable', `The server sent more for ${what} than the ${megabytes(limitBytes)} it holds, so the download was stopped. Press Download again to try once more.`, {
    retryable: true,
  });

export const stalled = (what: string, seconds: number) =>
  new AppError('unavailable', `The download of ${what} received nothing for ${seconds} s. Check the connection and press Download again to resume.`, { retryable: true });

export const cancelled = (what: string) => new AppError('unavailable', `The download of ${what} was cancelled; what was downloaded is kept for a resume.`);

export const checksumMismatch = (fileName: string, expected: ExpectedChecksum, actual: string) =>
  new AppError(
    'unavailable',
    `${fileName} did not match its checksum (expected ${describeChecksum(expected)}${expected.source === 'server' ? ' as the server declared' : ''}, got ${actual.slice(0, 12)}…), so it was deleted. Press Download to try again.`,
    { retryable: true },
  );

export const noChecksum = (url: string, fileName: string) =>
  new AppError('unavailable', `${hostOf(url)} declared no checksum for ${fileName} and none is pinned, so it cannot be verified and is not downloaded.`);

export const offersOtherFile = (fileName: string, pinned: string, declared: string) =>
  new AppError('unavailable', `The server offers a different ${fileName} (sha256 ${declared.slice(0, 12)}…) from the one this app expects (${pinned.slice(0, 12)}…); it is not downloaded.`);

/** A link (or another file's second name) where the app would write: refused, never followed. */
export const linkRefused = (reason: string) => new AppError('storage_error', `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`);

/** A write or folder failure: disk full says how much is needed; permissions say where. */
export function fileError(error: unknown, what: string, dir: string, neededBytes: number, freeBytes: number | null): AppError {
  const code = systemCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    const free = freeBytes === null ? '' : ` (${megabytes(freeBytes)} free)`;
    return new AppError('storage_error', `The disk is full: ${what} needs ${megabytes(neededBytes)} more in ${dir}${free}. Free some space and press Download again; what was downloaded is kept.`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError('storage_error', `Cannot write ${what} to ${dir}: ${code === 'EROFS' ? 'the disk is read-only' : 'permission denied'} (${code}).`, { cause: error });
  }
  return new AppError('storage_error', `Cannot write ${what} to ${dir}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
