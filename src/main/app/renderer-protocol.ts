import { readFile } from 'node:fs/promises';
import { RENDERER_CSP } from '../host/content-security-policy.ts';
import { contentTypeFor, resolveStaticPath } from '../server/static-files.ts';

// The built renderer is served from a privileged custom scheme, not file://: Chromium refuses
// fetch() of file:// URLs, and the VAD fetches its model and onnxruntime's WASM with fetch.

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_INDEX_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`;

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const RENDERER_SCHEME_PRIVILEGES = {
  scheme: RENDERER_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;


const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });

/**
 * The handler for `protocol.handle(RENDERER_SCHEME, ...)`: files under `rendererDir` (out/renderer)
 * for GET/HEAD on app://renderer/..., never anything outside it.
 */
export function createRendererHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'bad request');
    }
    if (url.protocol !== `${RENDERER_SCHEME}:` || url.host !== RENDERER_HOST) return plain(404, 'not found');
    const path = resolveStaticPath(rendererDir, url.pathname);
    if (path === null) return plain(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      return plain(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(path),
        'Content-Security-Policy': RENDERER_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}
