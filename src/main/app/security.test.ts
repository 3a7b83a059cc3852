import { describe, expect, it } from 'vitest';
import { RENDERER_INDEX_URL } from './renderer-protocol.ts';
import { trustedUrlCheck } from './security.ts';

describe('trusted renderer URLs', () => {
  it('trusts every page and the origin of the app scheme host', () => {
    const isTrusted = trustedUrlCheck(RENDERER_INDEX_URL);
    expect(isTrusted('app://renderer/index.html')).toBe(true);
    expect(isTrusted('app://renderer/index.html#settings')).toBe(true);
    expect(isTrusted('app://renderer/vad/silero_vad_v5.onnx')).toBe(true);
    // A permission check may name only the origin.
    expect(isTrusted('app://renderer')).toBe(true);
  });

  it('refuses other hosts, ports, credentials, schemes and garbage', () => {
    const isTrusted = trustedUrlCheck(RENDERER_INDEX_URL);
    for (const url of [
      'app://other/index.html',
      'app://renderer.evil.example/index.html',
      'app://renderer:8080/index.html',
      'app://user@renderer/index.html',
      'file:///index.html',
      'https://renderer/index.html',
      'http://localhost:5173/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isTrusted(url), url).toBe(false);
    }
  });

  it('trusts the dev server by origin only', () => {
    const isTrusted = trustedUrlCheck('http://localhost:5173/');
    expect(isTrusted('http://localhost:5173/index.html?x=1')).toBe(true);
    expect(isTrusted('http://localhost:5174/')).toBe(false);
    expect(isTrusted('https://localhost:5173/')).toBe(false);
    expect(isTrusted('app://renderer/index.html')).toBe(false);
  });

  it('refuses to trust a file:// renderer, whose every sibling file would share its trust', () => {
    expect(() => trustedUrlCheck('file:///opt/app/out/renderer/index.html')).toThrow(/cannot trust/);
  });
});
