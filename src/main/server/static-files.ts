import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { ServerResponse } from 'node:http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
};

export const contentTypeFor = (path: string) => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * Resolves a URL path to a regular file inside root, or null when it would leave root or names no
 * file. Links are resolved first: a link inside the build pointing elsewhere is refused.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  if (!isInside(root, full)) return null;
  try {
    const real = realpathSync(full);
    if (!isInside(realpathSync(root), real)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

const isInside = (root: string, path: string) => path !== root && path.startsWith(root.endsWith(sep) ? root : root + sep);

export function sendFile(response: ServerResponse, path: string, headers: Record<string, string>): void {
  const type = contentTypeFor(path);
  const isHtml = type.startsWith('text/html');
  response.writeHead(200, {
    ...headers,
    'Content-Type': type,
    // Hashed asset names never change; the page itself must always be fresh.
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}
