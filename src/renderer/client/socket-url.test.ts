import { describe, expect, it } from 'vitest';
import { webSocketUrl } from './socket-url.ts';

describe('webSocketUrl', () => {
  it('is the socket beside the page, token path included', () => {
    expect(webSocketUrl('http://127.0.0.1:8787/t/abc_-9/')).toBe('ws://127.0.0.1:8787/t/abc_-9/ws');
    expect(webSocketUrl('http://127.0.0.1:8787/t/abc/index.html?x=1#top')).toBe('ws://127.0.0.1:8787/t/abc/ws');
    expect(webSocketUrl('https://assistant.test/t/abc/')).toBe('wss://assistant.test/t/abc/ws');
    expect(webSocketUrl('http://[::1]:9/t/abc/')).toBe('ws://[::1]:9/t/abc/ws');
  });
});
