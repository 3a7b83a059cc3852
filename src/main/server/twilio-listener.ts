import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AssistantHost } from '../host/assistant-host.ts';
import { parseRequestTarget } from './request-target.ts';

// Twilio's paths on a port of their own, for Settings › Phone › port (and for the desktop app,
// which has no HTTP server of its own). Loopback only: the public URL is a tunnel to it. Follows
// the settings: opened, moved or closed when they change.

/** Where the desktop app listens when no port is set. */
export const DESKTOP_TWILIO_PORT = 8766;

export interface TwilioListener {
  /** Where it listens now; null when it does not. */
  port(): number | null;
  close(): Promise<void>;
}

export function keepTwilioListening(assistant: AssistantHost, options: { host?: string; defaultPort: number | null }): TwilioListener {
  const logger = assistant.logger.child({ component: 'twilio-listener' });
  let server: Server | null = null;
  /** Upgraded sockets (media streams): closing a server does not end them, so stop() does. */
  const upgraded = new Set<Duplex>();
  /** follow() runs one at a time: two quick changes must not both open a server. */
  let following: Promise<void> = Promise.resolve();
  let listeningOn: number | null = null;
  let closed = false;

  const wanted = (): number | null => {
    const { enabled, port } = assistant.settings.current().phone.twilio;
    return enabled ? (port ?? options.defaultPort) : null;
  };

  async function stop(): Promise<void> {
    const current = server;
    server = null;
    listeningOn = null;
    for (const socket of upgraded) socket.destroy();
    upgraded.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  async function follow(): Promise<void> {
    const port = wanted();
    if (port === listeningOn) return;
    await stop();
    if (port === null || closed) return;
    const next = createServer((request, response) => {
      const target = parseRequestTarget(request.url);
      if (target && assistant.twilio.serves(target.pathname)) return assistant.twilio.handleRequest(request, response, target.pathname);
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only /twilio/voice and /twilio/media are served here.');
    });
    next.on('upgrade', (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      upgraded.add(socket);
      socket.on('close', () => upgraded.delete(socket));
      const target = parseRequestTarget(request.url);
      assistant.twilio.handleUpgrade(request, socket, head, target?.pathname ?? '');
    });
    try {
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, options.host ?? '127.0.0.1', () => resolve());
      });
      server = next;
      listeningOn = port;
      logger.info({ code: 'twilio_listening', port }, `Twilio's webhook and media stream listen on 127.0.0.1:${port}`);
    } catch (error) {
      logger.error({ code: 'twilio_listen_failed', port, err: error }, `Twilio's port ${port} could not be opened: ${(error as Error).message}`);
    }
  }

  const followInTurn = () => (following = following.then(follow, follow));
  void followInTurn();
  const unsubscribe = assistant.settings.onChange(() => void followInTurn());
  return {
    port: () => listeningOn,
    async close() {
      closed = true;
      unsubscribe();
      await following;
      await stop();
    },
  };
}
