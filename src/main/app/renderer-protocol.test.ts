import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../host/content-security-policy.ts';
import { RENDERER_INDEX_URL, createRendererHandler } from './renderer-protocol.ts';

const base = mkdtempSync(join(tmpdir(), 'renderer-protocol-'));
const rendererDir = join(base, 'renderer');
mkdirSync(join(rendererDir, 'vad'), { recursive: true });
mkdirSync(join(rendererDir, 'assets'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
// The WASM magic number and version.
writeFileSync(join(rendererDir, 'vad', 'ort.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
writeFileSync(join(rendererDir, 'vad', 'silero_vad_v5.onnx'), Buffer.from([1, 2, 3]));
writeFileSync(join(base, 'secret.txt'), 'outside the renderer');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const serve = createRendererHandler(rendererDir);
const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// renderer protocol', () => {
  it('serves the page with its content type and the CSP', async () => {
    const response = await get(RENDERER_INDEX_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await response.text()).toContain('<title>app</title>');
    expect((await get('app://renderer/')).status).toBe(200);
  });

  it('serves the VAD assets fetch() asks for, WASM as application/wasm', async () => {
    const wasm = await get('app://renderer/vad/ort.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await wasm.arrayBuffer())]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const model = await get('app://renderer/vad/silero_vad_v5.onnx');
    expect(model.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await model.arrayBuffer())).toHaveLength(3);
    expect((await get('app://renderer/assets/index-abc.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/vad/..%2f..%2fsecret.txt',
      'app://renderer/%2e%2e%5csecret.txt',
      'app://renderer/index.html%00.js',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('outside the renderer');
    }
  });

  it('answers 404 for missing files and other hosts, 405 for writes, no body for HEAD', async () => {
    expect((await get('app://renderer/missing.js')).status).toBe(404);
    expect((await get('app://renderer/vad')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get(RENDERER_INDEX_URL, 'POST')).status).toBe(405);
    const head = await get(RENDERER_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
