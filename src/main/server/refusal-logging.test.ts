import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callWebhook, sid } from '../adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { startHeadlessServer, type HeadlessServer } from './headless-server.ts';

// Refused traffic needs no credentials, so it must not grow the log or the windows' log panels
// one line per refusal: the same refusal, repeated, is one line with a count per interval.

const TOKEN = 'test-token-0123456789abcdef';
const AUTH_TOKEN = '0123456789abcdef0123456789abcdef';
let temp: ReturnType<typeof makeTempDir> | undefined;
let host: AssistantHost | undefined;
let server: HeadlessServer | undefined;

afterEach(async () => {
  await server?.close();
  host?.close();
  temp?.remove();
  server = undefined;
  host = undefined;
  temp = undefined;
});

/** Bytes in the data folder's logs/ (every file of it: the log rolls). */
const logBytes = (dataDir: string) => readdirSync(join(dataDir, 'logs')).reduce((sum, name) => sum + statSync(join(dataDir, 'logs', name)).size, 0);

/** An upgrade with a wrong token: accepted only to be closed with 4401. */
const refusedSocket = (port: number) =>
  new Promise<void>((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/t/not-the-token/ws`);
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });

describe('refused traffic in the log', () => {
  it('is one line per kind of refusal and interval, not one per refusal, in the file and in the windows', async () => {
    temp = makeTempDir('refusal-logging');
    mkdirSync(join(temp.path, 'renderer'), { recursive: true });
    writeFileSync(join(temp.path, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    const dataDir = join(temp.path, 'data');
    host = createTestHost(dataDir);
    server = await startHeadlessServer(host, { host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: join(temp.path, 'renderer') });
    const base = `http://127.0.0.1:${server.port}`;
    host.settings.update({ phone: { twilio: { enabled: true, publicUrl: base } } });
    await host.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'settings' });

    // An open window, counting the log lines pushed to it.
    const window = new WebSocket(`ws://127.0.0.1:${server.port}/t/${TOKEN}/ws`);
    const pushed: { code: string | null }[] = [];
    window.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; event?: string; payload?: { code: string | null } };
      if (message.type === 'event' && message.event === 'log') pushed.push(message.payload!);
    });
    await new Promise((resolve) => window.once('open', resolve));
    await waitUntil(() => logBytes(dataDir) > 0, 'the log file');
    const before = logBytes(dataDir);
    const pushedBefore = pushed.length;

    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 30 }, () => refusedSocket(server!.port)));
    for (let call = 0; call < 100; call++) expect((await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: sid('CA') }, null)).status).toBe(403);
    // A request of the window's own, answered after everything above: its log events have arrived by then.
    window.send(JSON.stringify({ type: 'request', id: 1, method: 'getStatus' }));
    await waitUntil(() => pushed.length > pushedBefore, 'the first refusal to be shown');

    const refusals = pushed.slice(pushedBefore).filter((event) => event.code === 'ws_unauthorized' || event.code === 'twilio_bad_signature');
    expect(refusals.map((event) => event.code).sort()).toEqual(['twilio_bad_signature', 'ws_unauthorized']);
    // Two lines, and what every line carries (pid, time, component), not 400 of them.
    expect(logBytes(dataDir) - before).toBeLessThan(2000);
    window.close();
  });
});
