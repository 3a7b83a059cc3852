import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeAudioFrame, MAX_JSON_MESSAGE_BYTES } from '../../shared/ws-protocol.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import { startHeadlessServer, type HeadlessServer } from './headless-server.ts';
import { CLOSE_UNAUTHORIZED } from './ws-gateway.ts';

const TOKEN = 'test-token-0123456789abcdef';

let temp: ReturnType<typeof makeTempDir>;
let host: AssistantHost;
let server: HeadlessServer;
let base: string;

async function start(): Promise<void> {
  host = createTestHost(join(temp.path, 'data'));
  server = await startHeadlessServer(host, { host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: join(temp.path, 'renderer') });
  base = `http://127.0.0.1:${server.port}`;
}

async function stop(): Promise<void> {
  await server.close();
  host.close();
}

beforeEach(async () => {
  temp = makeTempDir('headless');
  mkdirSync(join(temp.path, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(temp.path, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(temp.path, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(temp.path, 'secret.txt'), 'outside the renderer');
  await start();
});

afterEach(async () => {
  await stop();
  temp.remove();
});

/** A connected socket with a helper that sends a frame and resolves with the next reply. */
async function connect(path = `/t/${TOKEN}/ws`, headers: Record<string, string> = {}) {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
  const messages: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string };
    if (message.type !== 'reply') return;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const nextReply = () =>
    new Promise<any>((resolve) => (messages.length > 0 ? resolve(messages.shift()) : waiters.push(resolve)));
  const send = (frame: string | Buffer, binary = false) => {
    socket.send(frame, { binary });
    return nextReply();
  };
  const request = (method: string, params?: unknown, id: string | number = 1) =>
    send(JSON.stringify({ type: 'request', id, method, params }));
  return { socket, send, request, closed };
}

/** Sends raw bytes as one HTTP request and resolves with the status line the server answered (or '' when it closed). */
function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(server.port, '127.0.0.1', () => socket.write(text));
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', () => resolve(received.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(received.split('\r\n')[0] ?? '');
    });
  });
}

const page = (path = '') => `${base}/t/${TOKEN}/${path}`;

describe('HTTP', () => {
  it('refuses the page without the token, or with a wrong one', async () => {
    for (const url of [`${base}/`, `${base}/?token=${TOKEN}`, `${base}/t/wrong/`, `${base}/t//`, `${base}/index.html`]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(401);
      expect(await response.text()).toMatch(/access token/);
    }
  });

  it('serves the page and its assets under the token path, with a CSP and no cookie', async () => {
    const response = await fetch(page());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    // A cookie would reach every other server on 127.0.0.1: browsers do not separate cookies by port.
    expect(response.headers.get('set-cookie')).toBeNull();
    const asset = await fetch(page('assets/app.js'));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    // Without the final slash the page's relative URLs would miss the prefix.
    const bare = await fetch(`${base}/t/${TOKEN}`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe(`/t/${TOKEN}/`);
  });

  it('never serves a file outside the renderer folder, through links neither', async () => {
    symlinkSync(join(temp.path, 'secret.txt'), join(temp.path, 'renderer', 'assets', 'link.txt'));
    symlinkSync(temp.path, join(temp.path, 'renderer', 'outside'));
    for (const path of ['assets/..%2f..%2fsecret.txt', '%00', 'assets/link.txt', 'outside/secret.txt']) {
      const response = await fetch(page(path));
      expect(response.status, path).toBe(404);
    }
    // fetch() would resolve the dots itself; sent as they are, they leave the token prefix or the root.
    for (const path of ['../secret.txt', '%2e%2e/secret.txt', 'assets/../../secret.txt', '..\\secret.txt']) {
      const status = await rawRequest(`GET /t/${TOKEN}/${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      expect(status, path).toBe('HTTP/1.1 404 Not Found');
    }
  });

  it('refuses methods other than GET', async () => {
    expect((await fetch(page(), { method: 'POST' })).status).toBe(405);
  });

  it('answers Host names other than an address or localhost with 421 (DNS rebinding)', async () => {
    const port = server.port;
    expect(await rawRequest(`GET /t/${TOKEN}/ HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 421 Misdirected Request');
    expect(await rawRequest(`GET /t/${TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n`)).toBe('HTTP/1.1 421 Misdirected Request');
    expect(await rawRequest(`GET /t/${TOKEN}/ HTTP/1.0\r\n\r\n`)).toBe('HTTP/1.1 421 Misdirected Request');
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect(await rawRequest(`GET /t/${TOKEN}/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`), host).toBe('HTTP/1.1 200 OK');
    }
  });

  it('survives request targets that new URL() throws on, and malformed cookies', async () => {
    const port = server.port;
    for (const target of ['//', '/\\', 'http://[', '//[', '/\\\\', '*', 'x']) {
      const status = await rawRequest(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect(status, target).toMatch(/^HTTP\/1\.1 (400|401)/);
    }
    for (const cookie of ['assistant_token=%E0%A4%A', '%', '=;;=%zz', `assistant_token=${TOKEN}`]) {
      const status = await rawRequest(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
      // A cookie opens nothing, not even the right token in one.
      expect(status, cookie).toBe('HTTP/1.1 401 Unauthorized');
    }
    const upgrade = await rawRequest(
      `GET // HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(upgrade).toBe('HTTP/1.1 404 Not Found');
    expect((await fetch(page())).status).toBe(200);
  });
});

describe('WebSocket', () => {
  it('closes a connection without the token before reading anything', async () => {
    const { socket, closed } = await connect('/ws');
    socket.send(JSON.stringify({ type: 'request', id: 1, method: 'getStatus' }));
    const { code } = await closed;
    expect(code).toBe(CLOSE_UNAUTHORIZED);
  });

  it('closes a connection with a wrong token or from another origin', async () => {
    expect((await (await connect('/t/wrong/ws')).closed).code).toBe(CLOSE_UNAUTHORIZED);
    expect((await (await connect(`/ws?token=${TOKEN}`)).closed).code).toBe(CLOSE_UNAUTHORIZED);
    const foreign = await connect(`/t/${TOKEN}/ws`, { Origin: 'http://evil.example' });
    expect((await foreign.closed).code).toBe(CLOSE_UNAUTHORIZED);
  });

  it('answers a request with the contract result', async () => {
    const { request, socket } = await connect();
    const reply = await request('getStatus', undefined, 'a1');
    expect(reply).toMatchObject({ type: 'reply', id: 'a1', result: { ok: true } });
    expect(reply.result.value.host).toBe('headless');
    expect(reply.result.value.storePath).toMatch(/assistant\.sqlite$/);
    socket.close();
  });

  it('replies to malformed, oversized and binary messages and keeps the connection', async () => {
    const { send, request, socket } = await connect();
    expect((await send('{not json')).result.error.code).toBe('bad_request');
    expect((await send(JSON.stringify({ id: 7, hello: 1 }))).result.error).toMatchObject({ code: 'bad_request' });
    expect((await send(JSON.stringify({ id: 8, type: 'request', method: 'getStatus' }))).id).toBe(8);
    const big = JSON.stringify({ type: 'request', id: 2, method: 'getStatus', params: 'x'.repeat(MAX_JSON_MESSAGE_BYTES) });
    expect((await send(big)).result.error.code).toBe('payload_too_large');
    expect((await send(Buffer.from([1, 2, 3]), true)).result.error.code).toBe('bad_request');
    expect((await request('noSuchMethod')).result.error.code).toBe('unknown_method');
    expect((await request('listSessions', { limit: 'ten' })).result.error.code).toBe('bad_request');
    expect((await request('getStatus', undefined, 9)).result.ok).toBe(true);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it('takes microphone audio as binary frames and answers each like a voiceAudio request', async () => {
    const { send, request, socket } = await connect();
    const session = (await request('startSession', undefined, 1)).result.value as { id: string };
    const silence = new Uint8Array(3200); // 100 ms of 16 kHz PCM16
    const frame = (id: number, sessionId = session.id, pcm16 = silence) => Buffer.from(encodeAudioFrame({ id, sessionId, pcm16 }));

    expect(await send(frame(41), true)).toEqual({ type: 'reply', id: 41, result: { ok: true, value: { accepted: true } } });
    // Someone else's or an unknown session: refused like the JSON request would be.
    expect((await send(frame(42, 'no-such-session'), true))).toMatchObject({ id: 42, result: { ok: false, error: { code: 'not_found' } } });
    // Broken frames get an error reply with the id when the header was readable.
    expect((await send(frame(43, session.id, new Uint8Array(3)), true))).toMatchObject({ id: 43, result: { error: { code: 'bad_request' } } });
    expect((await send(frame(44, session.id, new Uint8Array(64 * 1024)), true))).toMatchObject({ id: 44, result: { error: { code: 'payload_too_large' } } });
    expect((await send(Buffer.from([9, 0, 0, 0, 0, 1, 65]), true))).toMatchObject({ id: null, result: { error: { code: 'bad_request' } } });
    expect((await request('getStatus', undefined, 45)).result.ok).toBe(true);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it("keeps a session's voice to the connection that uses it: another that resumed the session is told which has it, until that one leaves", async () => {
    const owner = await connect();
    const other = await connect();
    const session = (await owner.request('startSession', undefined, 1)).result.value as { id: string };
    expect((await owner.request('voiceSetMode', { sessionId: session.id, mode: 'push_to_talk' }, 2)).result).toEqual({ ok: true, value: { accepted: true } });
    expect((await other.request('resumeSession', { sessionId: session.id }, 3)).result.ok).toBe(true);

    const foreign: [string, unknown][] = [
      ['voiceSpeak', { sessionId: session.id, text: 'you have been hacked' }],
      ['voiceTalk', { sessionId: session.id, action: 'press' }],
      ['voiceSetMode', { sessionId: session.id, mode: 'hands_free' }],
      ['voiceInterrupt', { sessionId: session.id }],
      ['voicePlayback', { sessionId: session.id, runId: 'r', chunkId: 'c', event: 'ended', heardMs: 0 }],
      ['voiceAudio', { sessionId: session.id, pcm16: Buffer.alloc(3200).toString('base64') }],
    ];
    for (const [index, [method, params]] of foreign.entries()) {
      const reply = await other.request(method, params, 10 + index);
      expect(reply.result, method).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/in use in another window .*free again once that window closes/) } });
    }
    const frame = Buffer.from(encodeAudioFrame({ id: 20, sessionId: session.id, pcm16: new Uint8Array(3200) }));
    expect(await other.send(frame, true)).toMatchObject({ id: 20, result: { ok: false, error: { code: 'unavailable' } } });
    // The owner's voice goes on as before.
    expect((await owner.request('voiceTalk', { sessionId: session.id, action: 'press' }, 21)).result.ok).toBe(true);
    expect((await owner.request('voiceTalk', { sessionId: session.id, action: 'release' }, 22)).result.ok).toBe(true);

    owner.socket.close();
    await owner.closed;
    await expect.poll(async () => (await other.request('voiceSetMode', { sessionId: session.id, mode: 'push_to_talk' }, 30)).result.ok).toBe(true);
    expect((await other.request('voiceTalk', { sessionId: session.id, action: 'press' }, 31)).result.ok).toBe(true);
    other.socket.close();
  });

  it('pushes status events to connected clients', async () => {
    const { socket, request } = await connect();
    const event = new Promise<any>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.type === 'event' && message.event === 'status' && message.payload.appName === 'Ada') resolve(message);
      }),
    );
    expect((await request('updateSettings', { assistant: { name: 'Ada' } })).result.ok).toBe(true);
    expect((await event).payload.host).toBe('headless');
    socket.close();
  });

  it('keeps saved settings across a restart, in the user file only', async () => {
    const first = await connect();
    const saved = await first.request('updateSettings', { voice: { mode: 'hands_free' }, assistant: { name: 'Jarvis' } });
    expect(saved.result.ok).toBe(true);
    expect(saved.result.value.voice.mode).toBe('hands_free');
    const refused = await first.request('updateSettings', { voice: { mode: 'shouting' } });
    expect(refused.result.error.code).toBe('bad_request');
    first.socket.close();

    await stop();
    await start();
    const second = await connect();
    const settings = await second.request('getSettings');
    expect(settings.result.value.voice.mode).toBe('hands_free');
    expect(settings.result.value.assistant.name).toBe('Jarvis');
    expect(readFileSync(join(temp.path, 'data', 'settings.yaml'), 'utf8')).toMatch(/mode: hands_free/);
    second.socket.close();
  });

  it('creates sessions, lists them newest first and ends them when the client leaves', async () => {
    const first = await connect();
    const created = await first.request('startSession');
    expect(created.result.value).toMatchObject({ host: 'headless', turnCount: 0, endedAt: null });
    first.socket.close();
    await first.closed;
    const second = await connect();
    const later = await second.request('startSession');
    const list = await second.request('listSessions', { limit: 10 });
    expect(list.result.value.map((s: { id: string }) => s.id)).toEqual([later.result.value.id, created.result.value.id]);
    await expect.poll(async () => (await second.request('listSessions')).result.value[1].endedAt).not.toBeNull();
    second.socket.close();
  });
});
