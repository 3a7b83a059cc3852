import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { LogEvent } from '../../shared/contract.ts';
import { defaultSettings } from '../../shared/settings.ts';
import { sampleLog, sampleStatus } from '../testing/fixtures.ts';
import { sampleChunk, sampleTrace } from '../testing/trace-fixtures.ts';
import type { TurnChunk } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import { decodeAudioFrame, type AudioFrame } from '../../shared/ws-protocol.ts';
import type { ConnectionProblem, ConnectionState } from './connection.ts';
import { createWebSocketClient, type WebSocketClientOptions } from './ws-client.ts';

type WireRequest = { type: 'request'; id: number; method: string; params?: unknown };
type RequestHandler = (request: WireRequest, socket: ServerSocket) => void;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function startHost(onRequest: RequestHandler = () => {}, onBinary: (bytes: Buffer, socket: ServerSocket) => void = () => {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const connections: ServerSocket[] = [];
  /** Every JSON request the host received, in order. */
  const received: WireRequest[] = [];
  wss.on('connection', (socket) => {
    connections.push(socket);
    socket.on('message', (data, isBinary) => {
      if (isBinary) return onBinary(data as Buffer, socket);
      const request = JSON.parse(String(data)) as WireRequest;
      received.push(request);
      return onRequest(request, socket);
    });
  });
  const { port } = wss.address() as AddressInfo;
  const host = {
    port,
    url: `ws://127.0.0.1:${port}/ws?token=secret`,
    wss,
    connections,
    received,
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  cleanups.push(() => host.close());
  return host;
}

const reply = (socket: ServerSocket, id: number, result: unknown) =>
  socket.send(JSON.stringify({ type: 'reply', id, result }));

function connect(url: string, options: WebSocketClientOptions = {}) {
  const client = createWebSocketClient(url, { WebSocket: globalThis.WebSocket, ...options });
  const states: [ConnectionState, ConnectionProblem][] = [];
  client.onConnection((state, problem) => states.push([state, problem]));
  cleanups.push(() => client.close());
  return { client, states };
}

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}


describe('createWebSocketClient', () => {
  it('matches replies to requests by id, whatever order they arrive in', async () => {
    const held: WireRequest[] = [];
    const host = await startHost((request, socket) => {
      held.push(request);
      if (held.length < 2) return;
      const byMethod = new Map(held.map((r) => [r.method, r.id]));
      reply(socket, byMethod.get('getStatus')!, { ok: true, value: sampleStatus() });
      reply(socket, byMethod.get('getSettings')!, { ok: true, value: defaultSettings() });
    });
    const { client } = connect(host.url);

    const [settings, status] = await Promise.all([client.getSettings(), client.getStatus()]);

    expect(settings).toEqual({ ok: true, value: defaultSettings() });
    expect(status).toEqual({ ok: true, value: sampleStatus() });
    expect(held.map((r) => r.type)).toEqual(['request', 'request']);
    expect(new Set(held.map((r) => r.id)).size).toBe(2);
  });

  it('sends the params and passes an error reply through unchanged', async () => {
    const seen: WireRequest[] = [];
    const host = await startHost((request, socket) => {
      seen.push(request);
      reply(socket, request.id, { ok: false, error: { code: 'bad_request', message: 'name is too long' } });
    });
    const { client } = connect(host.url);

    const result = await client.updateSettings({ assistant: { name: 'x'.repeat(50) } });

    expect(result).toEqual({ ok: false, error: { code: 'bad_request', message: 'name is too long' } });
    expect(seen[0]).toMatchObject({ method: 'updateSettings', params: { assistant: { name: 'x'.repeat(50) } } });
  });

  it('sends microphone bytes as a binary frame and matches its JSON reply', async () => {
    const frames: AudioFrame[] = [];
    const jsonRequests: WireRequest[] = [];
    const host = await startHost(
      (request, socket) => {
        jsonRequests.push(request);
        reply(socket, request.id, { ok: true, value: { accepted: true } });
      },
      (bytes, socket) => {
        const decoded = decodeAudioFrame(bytes);
        if (!decoded.ok) throw new Error(decoded.message);
        frames.push(decoded.frame);
        reply(socket, decoded.frame.id, { ok: true, value: { accepted: true } });
      },
    );
    const { client, states } = connect(host.url);
    await waitFor(() => states.at(-1)?.[0] === 'open');
    const pcm16 = Uint8Array.from([1, 0, 0xfe, 0xff]);

    expect(await client.voiceAudio({ sessionId: 's-1', pcm16 })).toEqual({ ok: true, value: { accepted: true } });
    // Base64 (the IPC form) still goes as JSON.
    expect(await client.voiceAudio({ sessionId: 's-1', pcm16: 'AQD+/w==' })).toEqual({ ok: true, value: { accepted: true } });

    expect(frames).toHaveLength(1);
    expect(frames[0]!.sessionId).toBe('s-1');
    expect(Array.from(frames[0]!.pcm16)).toEqual([1, 0, 0xfe, 0xff]);
    expect(jsonRequests.map((request) => request.method)).toEqual(['voiceAudio']);
  });

  it('drops microphone audio while disconnected instead of sending it late, and finds the host when it is back', async () => {
    const frames: Buffer[] = [];
    const host = await startHost(() => {}, (bytes) => frames.push(bytes));
    const port = host.port;
    await host.close();
    const { client, states } = connect(`ws://127.0.0.1:${port}/ws?token=secret`, { reconnectInitialDelayMs: 20, reconnectMaxDelayMs: 20 });
    await waitFor(() => states.some(([state]) => state === 'closed'));

    const reply = await client.voiceAudio({ sessionId: 's-1', pcm16: new Uint8Array(4) });

    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(frames).toEqual([]);

    // A refused connection is retried: the host coming back is found.
    const back = new WebSocketServer({ host: '127.0.0.1', port });
    await once(back, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => back.close(() => resolve())));
    await waitFor(() => states.at(-1)?.[0] === 'open');
    for (const socket of back.clients) socket.terminate();
  });

  it('turns a reply that breaks the contract into an internal error', async () => {
    const host = await startHost((request, socket) =>
      reply(socket, request.id, { ok: true, value: { ...sampleStatus(), uptimeMs: 'soon' } }),
    );
    const { client } = connect(host.url);

    const result = await client.getStatus();

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toContain('getStatus');
    expect(result.error.message).toContain('uptimeMs');
  });

  it('dispatches valid events to their listeners and drops invalid ones', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const host = await startHost();
    const { client, states } = connect(host.url);
    const logs: LogEvent[] = [];
    const uptimes: number[] = [];
    const stopLog = client.onLog((entry) => logs.push(entry));
    client.onStatus((status) => uptimes.push(status.uptimeMs));
    await waitFor(() => states.at(-1)?.[0] === 'open');
    const socket = host.connections[0]!;
    const send = (event: string, payload: unknown) => socket.send(JSON.stringify({ type: 'event', event, payload }));

    send('log', sampleLog({ message: 'first' }));
    send('log', { level: 'loud', message: 'broken' });
    send('nonsense', {});
    send('status', sampleStatus({ uptimeMs: 42 }));
    await waitFor(() => uptimes.length === 1);
    stopLog();
    send('log', sampleLog({ message: 'after unsubscribe' }));
    send('status', sampleStatus({ uptimeMs: 43 }));
    await waitFor(() => uptimes.length === 2);

    expect(logs.map((entry) => entry.message)).toEqual(['first']);
    expect(uptimes).toEqual([42, 43]);
    expect(warn).toHaveBeenCalledWith('Ignored a log event that does not match the contract');
  });

  it('dispatches turn chunks and traces, and sends ask with its params', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const trace = sampleTrace();
    const host = await startHost((request, socket) =>
      reply(socket, request.id, { ok: true, value: { turnId: trace.id, answer: trace.answer, trace } }),
    );
    const { client, states } = connect(host.url);
    const chunks: TurnChunk[] = [];
    const traces: TurnTrace[] = [];
    client.onTurnChunk((chunk) => chunks.push(chunk));
    client.onTrace((pushed) => traces.push(pushed));
    await waitFor(() => states.at(-1)?.[0] === 'open');
    const socket = host.connections[0]!;
    const send = (event: string, payload: unknown) => socket.send(JSON.stringify({ type: 'event', event, payload }));

    send('turnChunk', sampleChunk());
    send('turnChunk', { ...sampleChunk(), final: 'yes' });
    send('trace', { ...trace, totalMs: 'slow' });
    send('trace', trace);
    await waitFor(() => traces.length === 1);

    expect(chunks).toEqual([sampleChunk()]);
    expect(traces).toEqual([trace]);
    expect(warn).toHaveBeenCalledWith('Ignored a turnChunk event that does not match the contract');
    expect(warn).toHaveBeenCalledWith('Ignored a trace event that does not match the contract');
    expect(await client.ask({ sessionId: 'mine', text: 'How tall?' })).toEqual({
      ok: true,
      value: { turnId: trace.id, answer: trace.answer, trace },
    });
  });

  it('reconnects after the server drops the connection and fails the request in flight', async () => {
    let answer = false;
    const host = await startHost((request, socket) => {
      if (answer) reply(socket, request.id, { ok: true, value: defaultSettings() });
    });
    const { client, states } = connect(host.url, { reconnectInitialDelayMs: 20 });
    await waitFor(() => states.at(-1)?.[0] === 'open');

    const inFlight = client.getSettings();
    await waitFor(() => host.received.length === 1);
    host.connections[0]!.terminate();

    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await waitFor(() => host.connections.length === 2 && states.at(-1)?.[0] === 'open');
    answer = true;
    expect(await client.getSettings()).toEqual({ ok: true, value: defaultSettings() });
    expect(states.map(([state]) => state)).toEqual(['connecting', 'open', 'closed', 'connecting', 'open']);
  });

  it('stops for good when the server refuses the token with 4401', async () => {
    vi.useFakeTimers();
    const sockets: ClosingSocket[] = [];
    class ClosingSocket {
      onopen: (() => void) | null = null;
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      onmessage = null;
      onerror = null;
      readyState = 0;
      constructor() {
        sockets.push(this);
        queueMicrotask(() => this.onclose?.({ code: 4401, reason: 'unauthorized' }));
      }
      send() {}
      close() {}
    }
    const client = createWebSocketClient('ws://unused', { WebSocket: ClosingSocket as unknown as typeof WebSocket, reconnectInitialDelayMs: 10 });
    const states: [ConnectionState, ConnectionProblem][] = [];
    client.onConnection((state, problem) => states.push([state, problem]));
    cleanups.push(() => client.close());

    // A minute of fake time: no second attempt.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(states.at(-1)).toEqual(['closed', 'unauthorized']);
    expect(sockets).toHaveLength(1);
    expect(await client.getStatus()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('fails a request sent just before the 4401 close as unauthorized', async () => {
    const host = await startHost((_request, socket) => socket.close(4401, 'unauthorized'));
    const { client } = connect(host.url, { reconnectInitialDelayMs: 10 });

    expect(await client.getStatus()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('resolves a request made while disconnected to unavailable after the wait', async () => {
    vi.useFakeTimers();
    class RefusedSocket {
      onopen: (() => void) | null = null;
      onclose: ((event: { code: number }) => void) | null = null;
      onmessage = null;
      onerror = null;
      readyState = 0;
      constructor() {
        queueMicrotask(() => this.onclose?.({ code: 1006 }));
      }
      send() {}
      close() {}
    }
    const client = createWebSocketClient('ws://unused', { WebSocket: RefusedSocket as unknown as typeof WebSocket, connectWaitMs: 200 });
    const states: ConnectionState[] = [];
    client.onConnection((state) => states.push(state));
    cleanups.push(() => client.close());

    let settled: unknown = null;
    void client.getStatus().then((result) => (settled = result));
    await vi.advanceTimersByTimeAsync(199);
    expect(settled).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states.includes('open')).toBe(false);
  });

  it('sends a request queued while connecting once the connection opens', async () => {
    const host = await startHost((request, socket) =>
      reply(socket, request.id, { ok: true, value: defaultSettings() }),
    );
    const { client, states } = connect(host.url);

    expect(states).toEqual([['connecting', null]]);
    expect(await client.getSettings()).toEqual({ ok: true, value: defaultSettings() });
  });
});

describe('reconnect backoff', () => {
  it('doubles from 0.5 s, caps at 5 s and starts over after a successful connection', async () => {
    vi.useFakeTimers();
    const opened: number[] = [];
    let succeed = false;
    let latest: FakeSocket | null = null;
    class FakeSocket {
      onopen: (() => void) | null = null;
      onclose: ((event: { code: number }) => void) | null = null;
      onmessage = null;
      onerror = null;
      constructor() {
        opened.push(Date.now());
        latest = this;
        const outcome = succeed;
        queueMicrotask(() => (outcome ? this.onopen?.() : this.onclose?.({ code: 1006 })));
      }
      send() {}
      close() {}
    }
    const client = createWebSocketClient('ws://unused', { WebSocket: FakeSocket as unknown as typeof WebSocket });
    cleanups.push(() => client.close());
    const gaps = () => opened.slice(1).map((time, i) => time - opened[i]!);

    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000 + 4000 + 5000 + 5000);
    expect(gaps()).toEqual([500, 1000, 2000, 4000, 5000, 5000]);

    succeed = true;
    await vi.advanceTimersByTimeAsync(5000);
    succeed = false;
    opened.length = 0;
    (latest as FakeSocket | null)?.onclose?.({ code: 1006 });
    await vi.advanceTimersByTimeAsync(500 + 1000);
    expect(gaps()).toEqual([1000]);
    expect(opened).toHaveLength(2);
  });
});
