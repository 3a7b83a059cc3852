import { isIP } from 'node:net';

/**
 * The path and query of an HTTP request target, or null when it is not origin-form (`/path?query`).
 * Never throws: the target is whatever a client sent (`//`, `/\`, `http://[` and worse), and
 * `new URL()` on it would.
 */
export function parseRequestTarget(target: string | undefined): { pathname: string; query: URLSearchParams } | null {
  if (typeof target !== 'string' || !target.startsWith('/') || target.length > 8192) return null;
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  const hashAt = pathname.indexOf('#');
  return {
    pathname: hashAt === -1 ? pathname : pathname.slice(0, hashAt),
    // URLSearchParams decodes leniently and never throws.
    query: new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1)),
  };
}

/**
 * Whether the Host header names this server the way a user reaches it: an IP address or
 * `localhost`, with the port it listens on. A DNS-rebinding page reaches 127.0.0.1 under its own
 * domain name, so any other name is refused.
 */
export function hostHeaderAllowed(hostHeader: string | undefined, port: number): boolean {
  if (typeof hostHeader !== 'string' || hostHeader.length > 300) return false;
  const parsed = splitHostPort(hostHeader.trim().toLowerCase());
  if (!parsed || parsed.port !== port) return false;
  const { hostname } = parsed;
  return hostname === 'localhost' || isIP(hostname) !== 0;
}

function splitHostPort(value: string): { hostname: string; port: number | null } | null {
  let hostname: string;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close === -1) return null;
    hostname = value.slice(1, close);
    const after = value.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return null;
    portText = after === '' ? undefined : after.slice(1);
    if (isIP(hostname) !== 6) return null;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon !== value.indexOf(':')) return null; // more than one colon: an unbracketed IPv6 address
    hostname = colon === -1 ? value : value.slice(0, colon);
    portText = colon === -1 ? undefined : value.slice(colon + 1);
  }
  if (portText === undefined) return { hostname, port: 80 };
  if (!/^\d{1,5}$/.test(portText)) return null;
  return { hostname, port: Number(portText) };
}
