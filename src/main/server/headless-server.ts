import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { TOKEN_QUERY_PARAM, WS_PATH } from '../../shared/ws-protocol.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { RENDERER_CSP } from '../host/content-security-policy.ts';
import { TOKEN_COOKIE, readCookie, tokensMatch } from './access-token.ts';
import { resolveStaticPath, sendFile } from './static-files.ts';
import { createWsGateway } from './ws-gateway.ts';

export interface HeadlessServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  token: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
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
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHeadlessServer(
  assistant: AssistantHost,
  options: HeadlessServerOptions,
): Promise<HeadlessServer> {
  const logger: Logger = assistant.logger.child({ component: 'headless-server' });
  const gateway = createWsGateway(assistant, logger);

  const presentedToken = (request: IncomingMessage, url: URL) =>
    url.searchParams.get(TOKEN_QUERY_PARAM) ?? readCookie(request.headers.cookie, TOKEN_COOKIE);

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed');
    }
    if (!tokensMatch(options.token, presentedToken(request, url))) {
      return sendText(response, 401, 'Missing or wrong access token. Open the URL the headless host printed at start.');
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return sendText(response, 404, 'Not found');
    sendFile(response, file, {
      ...SECURITY_HEADERS,
      // Lets the page's own assets load without the token in each URL; the page reads the token
      // from its URL for the WebSocket.
      'Set-Cookie': `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
    });
  });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    // The socket takes the token from its URL only, never from the cookie: every connection
    // presents it explicitly.
    const authorized = tokensMatch(options.token, url.searchParams.get(TOKEN_QUERY_PARAM)) && sameOrigin(request);
    if (!authorized) logger.warn({ code: 'ws_unauthorized' }, 'refused a WebSocket without a valid token');
    gateway.handleUpgrade(request, socket, head, authorized);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const displayHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${displayHost}:${port}/?${TOKEN_QUERY_PARAM}=${options.token}`;
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

/** A browser always sends Origin on a WebSocket; another site's page must not reach us. */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
