import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openFileSecretStore } from '../adapters/secrets/file-secret-store.ts';
import { systemClock } from '../adapters/system/system-clock.ts';
import { createAssistantHost } from '../host/assistant-host.ts';
import { PRODUCT_NAME, defaultDataDir } from '../host/paths.ts';
import { loadOrCreateToken } from './token-file.ts';
import { startHeadlessServer } from './headless-server.ts';
import { keepTwilioListening } from './twilio-listener.ts';

const repoPath = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

const USAGE = `Usage: npm run serve -- [--host 127.0.0.1] [--port 8765] [--data-dir DIR] [--config-dir DIR] [--rotate-token]

Serves the built renderer and the assistant's contract over a WebSocket. Every connection needs
the token in the printed URL. The token is kept in the data directory (access-token, mode 0600),
so the URL stays the same across restarts; --rotate-token makes a new one (old URLs stop
working); ASSISTANT_TOKEN chooses one for this run. --port 0 picks a free port.`;

export async function runHeadlessHost(argv: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8765' },
      'data-dir': { type: 'string' },
      'config-dir': { type: 'string' },
      'rotate-token': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got "${values.port}"`);

  const rendererDir = repoPath('out/renderer');
  if (!existsSync(`${rendererDir}/index.html`)) {
    throw new Error(`no built renderer in ${rendererDir}; run "npm run build" first (npm run serve does it)`);
  }
  const packageJson = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const assistant = createAssistantHost({
    kind: 'headless',
    appName: PRODUCT_NAME,
    appVersion: packageJson.version,
    dataDir,
    configDir: values['config-dir'] ?? repoPath('config'),
    versions: { electron: null, chrome: null },
    clock: systemClock,
    env: process.env,
    // No OS keychain without Electron: a file only this user can read.
    secrets: openFileSecretStore({ path: join(dataDir, 'secrets.json'), now: systemClock.now }),
    logToStderr: true,
  });

  const stored = process.env.ASSISTANT_TOKEN ? null : loadOrCreateToken(dataDir, { rotate: values['rotate-token'] });
  const token = process.env.ASSISTANT_TOKEN || stored!.token;
  if (stored?.created === 'rotated') assistant.logger.info({ code: 'access_token_rotated' }, 'a new access token was made; old URLs no longer work');
  if (stored?.created === 'replaced') assistant.logger.warn({ code: 'access_token_replaced' }, 'the stored access token was unreadable and has been replaced');

  let server;
  try {
    server = await startHeadlessServer(assistant, {
      host: values.host,
      port,
      token,
      rendererDir,
    });
  } catch (error) {
    assistant.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${port} on ${values.host} is in use; pass --port 0 for any free port`);
    }
    throw error;
  }
  // With no port of its own set, Twilio's paths are served on this host's port.
  const twilioListener = keepTwilioListening(assistant, { defaultPort: null });
  const statusLine = `Headless host ready (data in ${assistant.status().dataDir}). Open: ${server.url}`;
  console.log(statusLine);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    assistant.logger.info({ code: 'host_stopping', signal }, 'headless host stopping');
    // Calls first: a server does not finish closing while upgraded sockets (media streams) are open.
    assistant.twilio.close();
    // SIP callers get a BYE and the registrar an unregister before the process exits.
    void Promise.allSettled([server.close(), twilioListener.close(), assistant.sip.close()]).then(() => {
      assistant.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1] === fileURLToPath(import.meta.url)) {
  runHeadlessHost().catch((error: unknown) => {
    console.error(`Headless host could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
