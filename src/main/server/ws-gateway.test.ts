import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventName } from '../../shared/contract-names.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { AssistantHost, HostEventListener } from '../host/assistant-host.ts';
import { createWsGateway, type WsGatewayLimits } from './ws-gateway.ts';

// The gateway's bounds on one connection, against a host whose requests finish when the test says.

interface GatedHost {
  host: AssistantHost;
  /** Requests dispatched so far. */
  dispatched: () => number;
  /** Lets every dispatched request reply. */
  release: () => void;
  push: (event: EventName, payload: unknown) => void;
  gone: string[];
}

function gatedHost(gated = true): GatedHost {
  const waiting: (() => void)[] = [];
  const listeners = new Set<HostEventListener>();
  let dispatched = 0;
  let open = !gated;
  const gone: string[] = [];
  const host = {
    dispatch: (_method: string, params: unknown): Promise<Result<unknown>> => {
      dispatched++;
      if (open) return Promise.resolve(ok(params ?? null));
      return new Promise((resolve) => waiting.push(() => resolve(ok(params ?? null))));
    },
    subscribe(listener: HostEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clientGone: (clientId: string) => void gone.push(clientId),
  } as unknown as AssistantHost;
  return {
    host,
    dispatched: () => dispatched,
    release() {
      open = true;
      for (const resolve of waiting.splice(0)) resolve();
    },
    push: (event, payload) => {
      for (const listener of listeners) listener(event as never, payload as never, () => true);
    },
    gone,
  };
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(target: GatedHost, limits: Partial<WsGatewayLimits>): Promise<number> {
  const gateway = createWsGateway(target.host, pino({ level: 'silent' }), limits);
  server = createServer();
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head, true));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  server.on('close', () => gateway.close());
  return (server.address() as AddressInfo).port;
}

async function open(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
  const replies: { id: unknown; result: Result<unknown> }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { type: string; id: unknown; result: Result<unknown> };
    if (message.type === 'reply') replies.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const request = (id: number) => socket.send(JSON.stringify({ type: 'request', id, method: 'getStatus' }));
  return { socket, replies, closed, request };
}

describe('one connection to the gateway', () => {
  it('refuses requests beyond the in-flight limit with too_many_requests, and takes them again once answered', async () => {
    const target = gatedHost();
    const port = await serve(target, { maxInFlight: 4 });
    const client = await open(port);

    for (let id = 1; id <= 10; id++) client.request(id);
    await expect.poll(() => client.replies.length).toBe(6);
    expect(target.dispatched()).toBe(4);
    expect(client.replies.map((reply) => reply.id)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(client.replies[0]!.result).toMatchObject({ ok: false, error: { code: 'too_many_requests', message: expect.stringMatching(/4 requests are already waiting/) } });

    target.release();
    await expect.poll(() => client.replies.length).toBe(10);
    client.request(11);
    await expect.poll(() => client.replies.at(-1)?.id).toBe(11);
    expect(client.replies.at(-1)!.result.ok).toBe(true);
    client.socket.close();
  });

  it('stops reading a client that does not read its replies, and serves it again when it does', async () => {
    const target = gatedHost(false);
    const port = await serve(target, { maxInFlight: 100_000, pauseReadingAboveBytes: 64 * 1024, resumeReadingBelowBytes: 16 * 1024 });
    const client = await open(port);
    // This client reads nothing until told; it keeps sending.
    client.socket.pause();
    const total = 20_000;
    // 40 MB of replies: far more than the kernel's socket buffers absorb on loopback.
    const filler = 'x'.repeat(2000);
    for (let id = 1; id <= total; id++) client.socket.send(JSON.stringify({ type: 'request', id, method: 'getStatus', params: { filler } }));

    // The host answers until what waits for the client passes the threshold, then reads no more:
    // TCP pushes back on the sender instead of the host holding every reply.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answeredWhileIgnored = target.dispatched();
    console.log(`backpressure: ${answeredWhileIgnored} of ${total} requests (${filler.length} B each) answered while the client read nothing`);
    expect(answeredWhileIgnored).toBeLessThan(total / 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(target.dispatched()).toBe(answeredWhileIgnored);

    client.socket.resume();
    await expect.poll(() => client.replies.length, { timeout: 15_000 }).toBe(total);
    expect(new Set(client.replies.map((reply) => reply.id)).size).toBe(total);
    client.socket.close();
  });

  it('drops pushed events for a client that reads slowly, but never its audio', async () => {
    const target = gatedHost(false);
    const port = await serve(target, { dropEventsAboveBytes: 256 * 1024 });
    const client = await open(port);
    const received: string[] = [];
    client.socket.on('message', (data) => received.push((JSON.parse(data.toString()) as { event?: string }).event ?? 'reply'));
    client.socket.pause();
    const audio = { sessionId: 's', runId: 'r', chunkId: 'c', sampleRate: 24000, pcm16: 'A'.repeat(64 * 1024) };
    for (let i = 0; i < 200; i++) {
      target.push('status', { filler: 'y'.repeat(64 * 1024) });
      target.push('audioOut', audio);
    }
    client.socket.resume();
    await expect.poll(() => received.filter((event) => event === 'audioOut').length, { timeout: 10_000 }).toBe(200);
    expect(received.filter((event) => event === 'status').length).toBeLessThan(100);
    client.socket.close();
  });

  it('cuts a client that stopped reading altogether', async () => {
    const target = gatedHost(false);
    const port = await serve(target, { disconnectAboveBytes: 512 * 1024 });
    const client = await open(port);
    client.socket.pause();
    const audio = { sessionId: 's', runId: 'r', chunkId: 'c', sampleRate: 24000, pcm16: 'A'.repeat(64 * 1024) };
    for (let i = 0; i < 400 && target.gone.length === 0; i++) {
      target.push('audioOut', audio);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    client.socket.resume();
    expect(await client.closed).toBe(1006);
    expect(target.gone).toHaveLength(1);
  });
});
