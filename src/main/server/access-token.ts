import { randomBytes, timingSafeEqual } from 'node:crypto';

// The headless host's access token travels in the URL path (`/t/<token>/...`), never in a cookie:
// browsers send cookies to every port of 127.0.0.1, so a cookie would hand the token to any other
// local server the user's browser visits. The page's relative asset URLs and its WebSocket URL
// keep the prefix, so every request carries the token without the page handling it.

/** 32 random bytes, URL-safe: what the printed URL carries and every request must present. */
export const generateAccessToken = () => randomBytes(32).toString('base64url');

export const TOKEN_PATH_SEGMENT = 't';

/** `/t/<token>/`: the page's address; everything the host serves lies under it. */
export const tokenPathPrefix = (token: string) => `/${TOKEN_PATH_SEGMENT}/${token}/`;

export function tokensMatch(expected: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type TokenPath =
  /** `rest` starts with "/": the path inside the token's prefix. */
  | { kind: 'inside'; token: string; rest: string }
  /** `/t/<token>` without the final slash: the page's relative URLs need it. */
  | { kind: 'bare'; token: string }
  | { kind: 'none' };

/** Splits `/t/<token>/rest` without decoding anything (a token is URL-safe base64). */
export function splitTokenPath(pathname: string): TokenPath {
  const prefix = `/${TOKEN_PATH_SEGMENT}/`;
  if (!pathname.startsWith(prefix)) return { kind: 'none' };
  const end = pathname.indexOf('/', prefix.length);
  const token = pathname.slice(prefix.length, end === -1 ? undefined : end);
  if (token === '') return { kind: 'none' };
  return end === -1 ? { kind: 'bare', token } : { kind: 'inside', token, rest: pathname.slice(end) };
}
