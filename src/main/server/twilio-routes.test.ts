import { request as httpRequest } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
