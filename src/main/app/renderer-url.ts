import { RENDERER_INDEX_URL } from './renderer-protocol.ts';

// Which page the window loads, and so which origin gets IPC and the microphone. electron-vite's
// dev server announces itself in ELECTRON_RENDERER_URL; anything else must not be able to.

export const RENDERER_URL_VARIABLE = 'ELECTRON_RENDERER_URL';

export interface RendererUrlChoice {
  /** The page to load and trust. */
  url: string;
  /** Why ELECTRON_RENDERER_URL was set but not used (one line), or null. */
  ignored: string | null;
}

export interface RendererUrlInput {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** 127.0.0.0/8, ::1 and localhost: where electron-vite's dev server listens. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/**
 * The dev server's URL only in development (`!app.isPackaged`) and only when it is plain http(s)
 * on a loopback host with no credentials; otherwise the built renderer on app:// (RENDERER_INDEX_URL).
 */
export function chooseRendererUrl({ isPackaged, env }: RendererUrlInput): RendererUrlChoice {
  const raw = env[RENDERER_URL_VARIABLE];
  if (raw === undefined || raw === '') return { url: RENDERER_INDEX_URL, ignored: null };
  const ignore = (why: string): RendererUrlChoice => ({
    url: RENDERER_INDEX_URL,
    ignored: `${RENDERER_URL_VARIABLE} ignored: ${why}; loading ${RENDERER_INDEX_URL}`,
  });
  if (isPackaged) return ignore('a packaged app loads only its own built renderer');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return ignore('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return ignore(`${url.protocol} is not http(s)`);
  if (url.username !== '' || url.password !== '') return ignore('a URL with credentials');
  if (!isLoopbackHost(url.hostname)) return ignore(`${url.hostname} is not a loopback host (the dev server runs on localhost)`);
  return { url: url.href, ignored: null };
}
