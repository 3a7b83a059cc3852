import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EVENT_NAMES } from '../../shared/contract-names.ts';
import { fail, type Result } from '../../shared/result.ts';
import {
  decodeAudioFrame,
  MAX_JSON_MESSAGE_BYTES,
  WsRequestSchema,
  type WsServerMessage,
} from '../../shared/ws-protocol.ts';
import type { AssistantHost } from '../host/assistant-host.ts';

/** Close code for a connection without a valid token; clients must not reconnect on it. */
export const CLOSE_UNAUTHORIZED = 4401;
/** Frames above this are cut by ws itself (and the socket closed); smaller oversize JSON gets a reply. */
const HARD_FRAME_LIMIT_BYTES = 16 * 1024 * 1024;
/** A client that reads this slowly loses pushed events, never replies. */
const MAX_BUFFERED_BYTES_FOR_EVENTS = 4 * 1024 * 1024;

export interface WsGateway {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, authorized: boolean): void;
  close(): void;
}

export function createWsGateway(host: AssistantHost, logger: Logger): WsGateway {
  const server = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT_BYTES });

  server.on('connection', (socket: WebSocket) => {
    const clientId = randomUUID();
    const send = (message: WsServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const unsubscribe = host.subscribe((event, payload, targetClientId) => {
      if (targetClientId && targetClientId !== clientId) return;
      // Audio must not be dropped mid-answer; other pushes may be when the client reads slowly.
      if (event !== 'audioOut' && event !== 'audioStop' && socket.bufferedAmount > MAX_BUFFERED_BYTES_FOR_EVENTS) return;
      if ((EVENT_NAMES as readonly string[]).includes(event)) send({ type: 'event', event, payload });
    });
    logger.info({ code: 'ws_connected', clientId }, 'client connected');

    socket.on('message', (data: RawData, isBinary: boolean) => {
      void handleMessage(data, isBinary).then((reply) => send({ type: 'reply', ...reply }));
    });
    socket.on('close', () => {
      unsubscribe();
      host.clientGone(clientId);
      logger.info({ code: 'ws_disconnected', clientId }, 'client disconnected');
    });
    socket.on('error', (error) => logger.warn({ code: 'ws_error', clientId, err: error }, 'socket error'));

    async function handleMessage(
      data: RawData,
      isBinary: boolean,
    ): Promise<{ id: string | number | null; result: Result<unknown> }> {
      if (isBinary) return handleAudioFrame(data);
      const bytes = rawLength(data);
      if (bytes > MAX_JSON_MESSAGE_BYTES) {
        return {
          id: null,
          result: fail('payload_too_large', `message of ${bytes} bytes exceeds the ${MAX_JSON_MESSAGE_BYTES}-byte limit`),
        };
      }
      let json: unknown;
      try {
        json = JSON.parse(rawText(data));
      } catch {
        return { id: null, result: fail('bad_request', 'message is not valid JSON') };
      }
      const request = WsRequestSchema.safeParse(json);
      if (!request.success) {
        return { id: salvageId(json), result: fail('bad_request', 'expected {type:"request", id, method, params}') };
      }
      const { id, method, params } = request.data;
      return { id, result: await host.dispatch(method, params, { clientId }) };
    }

    /** A binary frame is a `voiceAudio` request (see ws-protocol.ts) and is answered like one. */
    async function handleAudioFrame(data: RawData): Promise<{ id: number | null; result: Result<unknown> }> {
      const decoded = decodeAudioFrame(rawBytes(data));
      if (!decoded.ok) return { id: decoded.id, result: fail(decoded.code, decoded.message) };
      const { id, sessionId, pcm16 } = decoded.frame;
      return { id, result: await host.dispatch('voiceAudio', { sessionId, pcm16 }, { clientId }) };
    }
  });

  return {
    handleUpgrade(request, socket, head, authorized) {
      server.handleUpgrade(request, socket, head, (ws) => {
        if (!authorized) {
          // Accepted only to tell the page why (a browser cannot read an HTTP 401 on upgrade);
          // nothing is read from it.
          ws.close(CLOSE_UNAUTHORIZED, 'missing or wrong access token');
          return;
        }
        server.emit('connection', ws, request);
      });
    },
    close() {
      for (const client of server.clients) client.close(1001, 'host shutting down');
      server.close();
    },
  };
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function salvageId(json: unknown): string | number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return (typeof id === 'string' && id.length <= 64) || Number.isInteger(id) ? (id as string | number) : null;
}
