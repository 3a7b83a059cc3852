import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WS_PATH } from '../../shared/ws-protocol.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { RENDERER_CSP } from '../host/content-security-policy.ts';
import { splitTokenPath, tokenPathPrefix, tokensMatch } from './access-token.ts';
import { hostHeaderAllowed, parseRequestTarget } from './request-target.ts';
import { resolveStaticPath, sendFile } from './static-files.ts';
import { createWsGateway, type WsGatewayLimits } from './ws-gateway.ts';

export interface HeadlessServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Per-connection bounds (tests shrink them). */
  limits?: Partial<WsGatewayLimits>;
}

export interface HeadlessServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  // The page's URL holds the token: no request may carry it elsewhere in a Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What refusals logged here carry, as this server's own lines do. */
const HERE = { component: 'headless-server' };

const UNAUTHORIZED_TEXT = 'Missing or wrong access token. Open the URL the headless host printed at start.';

export async function startHeadlessServer(
  assistant: AssistantHost,
  options: HeadlessServerOptions,
): Promise<HeadlessServer> {
  const logger: Logger = assistant.logger.child({ component: 'headless-server' });
  const { refusals } = assistant;
  const gateway = createWsGateway(assistant, logger, options.limits);
  let port = options.port;

  /** Twilio's paths, when the phone bridge is served on this port: reached through a public tunnel, so under its own checks (signature, stream tokens), not the token path. */
  const twilioPath = (pathname: string | undefined): pathname is string =>
    pathname !== undefined && assistant.twilio.serves(pathname) && isServedHere(assistant.settings.current().phone.twilio);

  function handleRequest(request: IncomingMessage, response: ServerResponse): void {
    const early = parseRequestTarget(request.url);
    if (twilioPath(early?.pathname)) return assistant.twilio.handleRequest(request, response, early!.pathname);
    if (!hostHeaderAllowed(request.headers.host, port)) {
      refusals.refused('http_bad_host', HERE, 'refused a request for another host name (DNS rebinding?)');
      return sendText(response, 421, 'This host answers only to its IP address or localhost.');
    }
    const target = parseRequestTarget(request.url);
    if (!target) return sendText(response, 400, 'Bad request target.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed');
    const path = splitTokenPath(target.pathname);
    if (path.kind === 'none' || !tokensMatch(options.token, path.token)) return sendText(response, 401, UNAUTHORIZED_TEXT);
    if (path.kind === 'bare') {
      // Relative asset URLs resolve against the prefix only with its final slash.
      response.writeHead(308, { ...SECURITY_HEADERS, Location: tokenPathPrefix(options.token) });
      response.end();
      return;
    }
    const file = resolveStaticPath(options.rendererDir, path.rest);
    if (!file) return sendText(response, 404, 'Not found');
    sendFile(response, file, SECURITY_HEADERS);
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const early = parseRequestTarget(request.url);
    if (twilioPath(early?.pathname)) return assistant.twilio.handleUpgrade(request, socket, head, early!.pathname);
    if (!hostHeaderAllowed(request.headers.host, port)) {
      refusals.refused('ws_bad_host', HERE, 'refused a WebSocket for another host name (DNS rebinding?)');
      return refuseUpgrade(socket, '421 Misdirected Request');
    }
    const target = parseRequestTarget(request.url);
    const path = target ? splitTokenPath(target.pathname) : ({ kind: 'none' } as const);
    const isSocketPath = path.kind === 'inside' ? path.rest === WS_PATH : target?.pathname === WS_PATH;
    if (!isSocketPath) return refuseUpgrade(socket, '404 Not Found');
    const authorized = path.kind === 'inside' && tokensMatch(options.token, path.token) && sameOrigin(request);
    if (!authorized) refusals.refused('ws_unauthorized', HERE, 'refused a WebSocket without a valid token');
    gateway.handleUpgrade(request, socket, head, authorized);
  }

  const server: Server = createServer((request, response) => {
    try {
      handleRequest(request, response);
    } catch (error) {
      // Nothing a client sends may end the process.
      logger.error({ code: 'http_handler_failed', err: error }, 'an HTTP request failed');
      if (!response.headersSent) sendText(response, 500, 'Internal error; see the log.');
      else response.destroy();
    }
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(request, socket, head);
    } catch (error) {
      logger.error({ code: 'ws_upgrade_failed', err: error }, 'a WebSocket upgrade failed');
      socket.destroy();
    }
  });
  // Unparsable requests (bad request lines, headers over the limit): answer and close the socket.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    refusals.refused('http_client_error', { ...HERE, reason: error.code ?? error.message }, 'refused a malformed HTTP request');
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  server.on('error', (error) => logger.error({ code: 'http_server_error', err: error }, 'HTTP server error'));
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${displayHost}:${port}${tokenPathPrefix(options.token)}`;
  logger.info({ code: 'server_listening', host: options.host, port }, `headless host listening on ${options.host}:${port}`);

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** On, and with no port of its own. */
const isServedHere = (twilio: { enabled: boolean; port: number | null }) => twilio.enabled && twilio.port === null;

/** A browser always sends Origin on a WebSocket; another site's page must not reach us. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const parsed = new URL(origin);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host === request.headers.host?.toLowerCase();
  } catch {
    return false;
  }
}

function refuseUpgrade(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
