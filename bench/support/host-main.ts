// A headless host for load benchmarks, in its own process so the clients do not share its event
// loop: the real host (SQLite, config, logging) and the real HTTP + WebSocket server, serving a
// stub page (the benchmarks talk to the socket only). Prints `READY <port> <token>` when listening;
// a line `cpu` on stdin is answered `CPU <microseconds>`: the CPU time this process has used.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFileSecretStore } from '../../src/main/adapters/secrets/file-secret-store.ts';
import { systemClock } from '../../src/main/adapters/system/system-clock.ts';
import { createAssistantHost } from '../../src/main/host/assistant-host.ts';
import { generateAccessToken } from '../../src/main/server/access-token.ts';
import { startHeadlessServer } from '../../src/main/server/headless-server.ts';
import { REPO_CONFIG_DIR } from '../../src/main/testing/test-host.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: host-main.ts <data-dir>');
const rendererDir = join(dataDir, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>');

const host = createAssistantHost({
  kind: 'headless',
  appName: 'Voice Assistant',
  appVersion: '0.0.0-bench',
  dataDir,
  configDir: REPO_CONFIG_DIR,
  versions: { electron: null, chrome: null },
  clock: systemClock,
  env: {},
  secrets: openFileSecretStore({ path: join(dataDir, 'secrets.json'), now: systemClock.now }),
  logToStderr: false,
});
const token = generateAccessToken();
const server = await startHeadlessServer(host, { host: '127.0.0.1', port: 0, token, rendererDir });
process.stdout.write(`READY ${server.port} ${token}\n`);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (!text.includes('cpu')) return;
  const { user, system } = process.cpuUsage();
  process.stdout.write(`CPU ${user + system}\n`);
});
process.on('SIGTERM', () => {
  void server.close().then(() => {
    host.close();
    process.exit(0);
  });
});
