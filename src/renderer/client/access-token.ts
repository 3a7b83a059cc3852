import { TOKEN_QUERY_PARAM, WS_PATH } from '../../shared/ws-protocol.ts';

export const TOKEN_STORAGE_KEY = 'assistant.accessToken';

export type PageEnvironment = {
  location: Pick<Location, 'href' | 'protocol' | 'host'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
};

/**
 * The token from `?token=` on first load, then from sessionStorage so a reload still works.
 * Removes it from the visible URL so it does not end up in bookmarks or screenshots.
 */
export function takeAccessToken(page: PageEnvironment): string | null {
  const url = new URL(page.location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl === null) return readStored(page.sessionStorage);
  try {
    page.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
  } catch {
    // Storage can be disabled; the token still works until the next reload.
  }
  url.searchParams.delete(TOKEN_QUERY_PARAM);
  page.history.replaceState(page.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return fromUrl;
}

function readStored(storage: PageEnvironment['sessionStorage']): string | null {
  try {
    return storage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function webSocketUrl(location: PageEnvironment['location'], token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ [TOKEN_QUERY_PARAM]: token ?? '' });
  return `${scheme}://${location.host}${WS_PATH}?${query}`;
}
