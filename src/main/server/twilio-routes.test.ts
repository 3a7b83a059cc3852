import { request as httpRequest } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callWebhook, sid } from '../adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import { startHeadlessServer, type HeadlessServer } from './headless-server.ts';
import { keepTwilioListening, type TwilioListener } from './twilio-listener.ts';

// Where Twilio's paths are served: on the headless host's port (outside the token path, under a
// public host name, checked by signature), or on a port of their own; and not at all while off.

const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
let server: HeadlessServer | undefined;
let listener: TwilioListener | undefined;

afterEach(async () => {
  await listener?.close();
  await server?.close();
  host?.close();
  temp?.remove();
  listener = undefined;
  server = undefined;
  host = undefined;
  temp = undefined;
});

async function startHost(): Promise<{ assistant: AssistantHost; port: number }> {
  temp = makeTempDir('twilio-routes');
  mkdirSync(join(temp.path, 'renderer'), { recursive: true });
  writeFileSync(join(temp.path, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  host = createTestHost(join(temp.path, 'data'));
  server = await startHeadlessServer(host, { host: '127.0.0.1', port: 0, token: 'test-token-0123456789abcdef', rendererDir: join(temp.path, 'renderer') });
  return { assistant: host, port: server.port };
}

/** A POST as it arrives through a tunnel: the public host name in Host. */
function postThroughTunnel(port: number, path: string, publicHost: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { Host: publicHost, 'Content-Type': 'application/x-www-form-urlencoded' } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end('CallSid=CA1');
  });
}

/** Sends a whole POST on a raw socket, then reads until the server closes: what came back, and whether the connection was reset. */
function rawPost(port: number, path: string, body: Buffer, chunked = false): Promise<{ reply: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    let reset = false;
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => (reset = error.code === 'ECONNRESET' || error.code === 'EPIPE'));
    socket.on('close', () => resolve({ reply, reset }));
    const length = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`;
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n${length}\r\n\r\n`);
    if (!chunked) return void socket.end(body);
    // No length said up front: the limit is found while reading.
    for (let offset = 0; offset < body.length; offset += 8192) {
      const part = body.subarray(offset, offset + 8192);
      socket.write(`${part.length.toString(16)}\r\n`);
      socket.write(part);
      socket.write('\r\n');
    }
    socket.end('0\r\n\r\n');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Moves Twilio's paths to a port of their own and waits for the listener there. */
async function ownPort(assistant: AssistantHost): Promise<number> {
  listener ??= keepTwilioListening(assistant, { defaultPort: null });
  const free = await freePort();
  assistant.settings.update({ phone: { twilio: { enabled: true, publicUrl: `http://127.0.0.1:${free}`, port: free } } });
  for (let tries = 0; tries < 100 && listener.port() !== free; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(listener.port()).toBe(free);
  return free;
}

describe("Twilio's paths", () => {
  it('are not served while the phone bridge is off or not set up', async () => {
    const { assistant, port } = await startHost();
    expect(await postThroughTunnel(port, '/twilio/voice', 'abc.tunnel.example')).toBe(421);
    assistant.settings.update({ phone: { twilio: { enabled: true, publicUrl: 'https://abc.tunnel.example' } } });
    // On, but without the auth token nothing can be checked: refused, and Status says why.
    expect(await postThroughTunnel(port, '/twilio/voice', 'abc.tunnel.example')).toBe(503);
    expect(assistant.status().providers.find((provider) => provider.id === 'twilio')?.detail).toMatch(/the auth token is not set: calls are refused/);
  });

  it("are served on the host's port under a public host name, signature checked", async () => {
    const { assistant, port } = await startHost();
    const publicUrl = `http://127.0.0.1:${port}`;
    assistant.settings.update({ phone: { twilio: { enabled: true, publicUrl } } });
    await assistant.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'settings' });
    expect(await postThroughTunnel(port, '/twilio/voice', 'abc.tunnel.example')).toBe(403);
    const answered = await callWebhook(`${publicUrl}/twilio/voice`, AUTH_TOKEN, { CallSid: sid('CA'), From: '+15551230000' });
    expect(answered.status).toBe(200);
    expect(answered.streamUrl).toBe(`ws://127.0.0.1:${port}/twilio/media`);
    expect(assistant.status().providers.find((provider) => provider.id === 'twilio')).toMatchObject({ configured: true });
    // The rest of the host still wants its token.
    expect((await fetch(`${publicUrl}/index.html`)).status).toBe(401);
  });

  it('answer a webhook body over 64 KB with 413 and Connection: close, not a reset, on either port', async () => {
    const { assistant, port } = await startHost();
    await assistant.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'settings' });
    assistant.settings.update({ phone: { twilio: { enabled: true, publicUrl: `http://127.0.0.1:${port}` } } });
    const body = Buffer.from(`CallSid=CA1&Padding=${'x'.repeat(100 * 1024)}`);
    for (const target of [() => port, () => ownPort(assistant)]) {
      const at = await target();
      for (const chunked of [false, true]) {
        const { reply, reset } = await rawPost(at, '/twilio/voice', body, chunked);
        expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
        expect(reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
        expect(reply).toMatch(/Request too large/);
        expect(reset).toBe(false);
      }
    }
  });

  it('move to a port of their own when one is set', async () => {
    const { assistant, port } = await startHost();
    await assistant.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'settings' });
    listener = keepTwilioListening(assistant, { defaultPort: null });
    const free = await freePort();
    assistant.settings.update({ phone: { twilio: { enabled: true, publicUrl: `http://127.0.0.1:${free}`, port: free } } });
    for (let tries = 0; tries < 100 && listener.port() !== free; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(listener.port()).toBe(free);
    const answered = await callWebhook(`http://127.0.0.1:${free}/twilio/voice`, AUTH_TOKEN, { CallSid: sid('CA') });
    expect(answered.status).toBe(200);
    // No longer on the host's own port.
    expect(await postThroughTunnel(port, '/twilio/voice', 'abc.tunnel.example')).toBe(421);
  });
});
