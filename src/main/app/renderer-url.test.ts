import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_INDEX_URL } from './renderer-protocol.ts';
import { chooseRendererUrl } from './renderer-url.ts';

const dev = (value: string | undefined) => chooseRendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: value } });

describe('the renderer URL', () => {
  it('is the built renderer when the variable is unset or empty', () => {
    expect(chooseRendererUrl({ isPackaged: false, env: {} })).toEqual({ url: RENDERER_INDEX_URL, ignored: null });
    expect(chooseRendererUrl({ isPackaged: true, env: {} })).toEqual({ url: RENDERER_INDEX_URL, ignored: null });
    expect(dev('')).toEqual({ url: RENDERER_INDEX_URL, ignored: null });
  });

  it("is electron-vite's dev server in development", () => {
    expect(dev('http://localhost:5173/')).toEqual({ url: 'http://localhost:5173/', ignored: null });
    expect(dev('http://127.0.0.1:5173')).toEqual({ url: 'http://127.0.0.1:5173/', ignored: null });
    expect(dev('https://[::1]:5173/')).toEqual({ url: 'https://[::1]:5173/', ignored: null });
    expect(dev('http://127.1.2.3:8080/index.html')).toEqual({ url: 'http://127.1.2.3:8080/index.html', ignored: null });
  });

  it('ignores the variable in a packaged app, even for the dev server, and says why', () => {
    const choice = chooseRendererUrl({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173/' } });
    expect(choice.url).toBe(RENDERER_INDEX_URL);
    expect(choice.ignored).toMatch(/^ELECTRON_RENDERER_URL ignored: a packaged app/);
    const remote = chooseRendererUrl({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'https://evil.example/' } });
    expect(remote.url).toBe(RENDERER_INDEX_URL);
    expect(remote.ignored).not.toBeNull();
  });

  it('ignores anything but plain http(s) on a loopback host in development', () => {
    for (const value of [
      'https://evil.example/',
      'http://localhost.evil.example:5173/',
      'http://127.0.0.1.nip.io:5173/',
      'http://128.0.0.1:5173/',
      'http://10.0.0.2:5173/',
      'http://[::2]:5173/',
      'http://user:secret@localhost:5173/',
      'file:///tmp/index.html',
      'app://renderer/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const choice = dev(value);
      expect(choice.url, value).toBe(RENDERER_INDEX_URL);
      expect(choice.ignored, value).toMatch(/^ELECTRON_RENDERER_URL ignored: .+; loading app:\/\/renderer\/index\.html$/);
      expect(choice.ignored, value).not.toMatch(/\n/);
    }
  });

  it('is what main.ts loads: it reads the variable only through chooseRendererUrl', () => {
    const main = readFileSync(join(import.meta.dirname, 'main.ts'), 'utf8');
    expect(main).toMatch(/chooseRendererUrl\(\{ isPackaged: app\.isPackaged, env: process\.env \}\)/);
    expect(main).not.toMatch(/ELECTRON_RENDERER_URL/);
  });
});
