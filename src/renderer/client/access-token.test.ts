import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeAccessToken, webSocketUrl, type PageEnvironment } from './access-token.ts';

function fakePage(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const page = {
    location: { href, protocol: new URL(href).protocol, host: new URL(href).host },
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    },
    history: {
      state: { kept: true },
      replaceState(_state: unknown, _unused: string, url?: string | URL | null) {
        page.location.href = new URL(String(url), page.location.href).href;
      },
    },
  } satisfies PageEnvironment;
  return { page, storage };
}

describe('takeAccessToken', () => {
  it('takes the token from the URL, keeps it for reloads and hides it from the address bar', () => {
    const { page, storage } = fakePage('http://127.0.0.1:8787/?token=abc&lang=en#log');

    expect(takeAccessToken(page)).toBe('abc');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(page.location.href).toBe('http://127.0.0.1:8787/?lang=en#log');
  });

  it('falls back on the stored token after a reload', () => {
    const { page } = fakePage('http://127.0.0.1:8787/', { [TOKEN_STORAGE_KEY]: 'abc' });

    expect(takeAccessToken(page)).toBe('abc');
    expect(page.location.href).toBe('http://127.0.0.1:8787/');
  });

  it('prefers a new token in the URL over the stored one', () => {
    const { page, storage } = fakePage('http://h/?token=new', { [TOKEN_STORAGE_KEY]: 'old' });

    expect(takeAccessToken(page)).toBe('new');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('returns null when there is no token anywhere', () => {
    expect(takeAccessToken(fakePage('http://h/').page)).toBeNull();
  });
});

describe('webSocketUrl', () => {
  it('uses ws for http and wss for https, with the token encoded', () => {
    expect(webSocketUrl({ href: '', protocol: 'http:', host: '127.0.0.1:8787' }, 'a b')).toBe(
      'ws://127.0.0.1:8787/ws?token=a+b',
    );
    expect(webSocketUrl({ href: '', protocol: 'https:', host: 'example.test' }, 'abc')).toBe(
      'wss://example.test/ws?token=abc',
    );
  });
});
