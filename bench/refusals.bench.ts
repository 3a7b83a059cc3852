import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { callWebhook, sid } from '../src/main/adapters/telephony/twilio/testing/fake-twilio-peer.ts';
import { startHeadlessServer } from '../src/main/server/headless-server.ts';
import { createTestHost } from '../src/main/testing/test-host.ts';
import { sized } from './support/scale.ts';

// What refused traffic costs the log: 2,000 WebSockets with a wrong token and 500 unsigned Twilio
// webhooks against a real headless host, with one window open. Reports the bytes added to the log
// files and the log lines pushed to the window (each refusal used to be a line of both).

const SOCKETS = sized(2000, 100);
const WEBHOOKS = sized(500, 20);

export const figures = ['refusals.requests', 'refusals.log_bytes_added', 'refusals.log_lines_pushed_to_window'];
const TOKEN = 'bench-token-0123456789abcdef';
const AUTH_TOKEN = 'b'.repeat(32);

export async function run(): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), 'refusals-bench-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  const dataDir = join(root, 'data');
  const host = createTestHost(dataDir);
  const server = await startHeadlessServer(host, { host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: join(root, 'renderer') });
  try {
    const base = `http://127.0.0.1:${server.port}`;
    host.settings.update({ phone: { twilio: { enabled: true, publicUrl: base } } });
    await host.dispatch('setApiKey', { provider: 'twilio', key: AUTH_TOKEN }, { clientId: 'bench' });
    await host.logReady;
    const window = new WebSocket(`ws://127.0.0.1:${server.port}/t/${TOKEN}/ws`);
    let pushed = 0;
    window.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; event?: string };
      if (message.type === 'event' && message.event === 'log') pushed++;
    });
    await new Promise((resolve) => window.once('open', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logBytes = () => readdirSync(join(dataDir, 'logs')).reduce((sum, name) => sum + statSync(join(dataDir, 'logs', name)).size, 0);
    const bytesBefore = logBytes();
    const pushedBefore = pushed;
    for (let sent = 0; sent < SOCKETS; sent += 50) await Promise.all(Array.from({ length: 50 }, () => refusedSocket(server.port)));
    for (let sent = 0; sent < WEBHOOKS; sent++) await callWebhook(`${base}/twilio/voice`, AUTH_TOKEN, { CallSid: sid('CA') }, null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    window.close();
    return {
      'refusals.requests': SOCKETS + WEBHOOKS,
      'refusals.log_bytes_added': logBytes() - bytesBefore,
      'refusals.log_lines_pushed_to_window': pushed - pushedBefore,
    };
  } finally {
    await server.close();
    host.close();
    rmSync(root, { recursive: true, force: true });
  }
}

function refusedSocket(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/t/not-the-token/ws`);
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
}
