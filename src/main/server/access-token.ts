import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, URL-safe: what the printed URL carries and every connection must present. */
export const generateAccessToken = () => randomBytes(32).toString('base64url');

export function tokensMatch(expected: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const TOKEN_COOKIE = 'assistant_token';

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}
