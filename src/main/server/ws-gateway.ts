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

/** What one connection may hold of the host's memory and work. */
export interface WsGatewayLimits {
  /** Requests dispatched and not yet answered; more are refused with `too_many_requests`. */
  maxInFlight: number;
  /** Bytes queued for the client past which its socket is no longer read (TCP pushes back on it). */
  pauseReadingAboveBytes: number;
  /** ...and below which reading resumes. */
  resumeReadingBelowBytes: number;
  /** A client that reads this slowly loses pushed events, never replies or its own audio. */
  dropEventsAboveBytes: number;
  /** A client this far behind is disconnected: it has stopped reading. */
  disconnectAboveBytes: number;
}

export const DEFAULT_WS_LIMITS: WsGatewayLimits = {
  // A page has a handful of requests out at once and a few audio frames; 64 is far above that.
  maxInFlight: 64,
  pauseReadingAboveBytes: 1024 * 1024,
  resumeReadingBelowBytes: 256 * 1024,
  dropEventsAboveBytes: 4 * 1024 * 1024,
  // A long spoken answer is a few MB of audio; four times that unread means nobody is reading.
  disconnectAboveBytes: 16 * 1024 * 1024,
};

export interface WsGateway {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, authorized: boolean): void;
  close(): void;
}

/** Events a client must not miss even when it reads slowly: its own answer's audio. */
const NEVER_DROPPED: ReadonlySet<string> = new Set(['audioOut', 'audioStop']);

export function createWsGateway(host: AssistantHost, logger: Logger, overrides: Partial<WsGatewayLimits> = {}): WsGateway {
  const limits: WsGatewayLimits = { ...DEFAULT_WS_LIMITS, ...overrides };
  const server = new WebSocketServer({ noServer: true, maxPayload: HARD_FRAME_LIMIT_BYTES });
  // Every listener gets the same payload object: an event for many sockets is serialized once.
  const frames = new WeakMap<object, { event: string; frame: string }>();
  const eventFrame = (event: string, payload: unknown): string => {
    if (typeof payload !== 'object' || payload === null) return JSON.stringify({ type: 'event', event, payload });
    const cached = frames.get(payload);
    if (cached?.event === event) return cached.frame;
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies WsServerMessage);
    frames.set(payload, { event, frame });
    return frame;
  };

  server.on('connection', (socket: WebSocket, _request: IncomingMessage, connection?: Duplex) => {
    const clientId = randomUUID();
    let inFlight = 0;
    let paused = false;
    let droppedEvents = 0;
    // What one turn of the event loop sends this client (a reply, its answer's chunks, a trace
    // and its log line) leaves in one write, not one system call per frame.
    let corked = false;
    const cork = () => {
      if (corked || !connection) return;
      corked = true;
      connection.cork();
      setImmediate(() => {
        corked = false;
        connection.uncork();
      });
    };

    const afterWrite = (error?: Error) => {
      if (error) return;
      if (paused && socket.bufferedAmount < limits.resumeReadingBelowBytes) {
        paused = false;
        socket.resume();
      }
    };
    const send = (message: WsServerMessage | string) => {
      if (socket.readyState !== socket.OPEN) return;
      cork();
      socket.send(typeof message === 'string' ? message : JSON.stringify(message), afterWrite);
      const queued = socket.bufferedAmount;
      if (queued > limits.disconnectAboveBytes) {
        // A close frame would wait behind everything it did not read: cut the connection.
        logger.warn({ code: 'ws_client_not_reading', clientId, queuedBytes: queued }, 'disconnected a client that stopped reading');
        socket.terminate();
      } else if (!paused && queued > limits.pauseReadingAboveBytes) {
        paused = true;
        socket.pause();
      }
    };
    const unsubscribe = host.subscribe((event, payload, isFor) => {
      if (!isFor(clientId) || !(EVENT_NAMES as readonly string[]).includes(event)) return;
      if (!NEVER_DROPPED.has(event) && socket.bufferedAmount > limits.dropEventsAboveBytes) {
        if (droppedEvents++ === 0) logger.warn({ code: 'ws_events_dropped', clientId, event }, 'client reads slowly: pushed events dropped');
        return;
      }
      send(eventFrame(event, payload));
    });
    logger.info({ code: 'ws_connected', clientId }, 'client connected');

    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (inFlight >= limits.maxInFlight) {
        send({ type: 'reply', id: salvageRequestId(data, isBinary), result: TOO_MANY_IN_FLIGHT(limits.maxInFlight) });
        return;
      }
      inFlight++;
      handleMessage(data, isBinary)
        .catch((error: unknown) => {
          logger.error({ code: 'ws_message_failed', clientId, err: error }, 'a WebSocket message failed');
          return { id: null, result: fail('internal', 'the request failed; see the log') };
        })
        .then((reply) => {
          inFlight--;
          send({ type: 'reply', ...reply });
        });
    });
    socket.on('close', () => {
      unsubscribe();
      host.clientGone(clientId);
      logger.info({ code: 'ws_disconnected', clientId, ...(droppedEvents > 0 && { droppedEvents }) }, 'client disconnected');
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
        server.emit('connection', ws, request, socket);
      });
    },
    close() {
      for (const client of server.clients) client.close(1001, 'host shutting down');
      server.close();
    },
  };
}

const TOO_MANY_IN_FLIGHT = (max: number) =>
  fail('too_many_requests', `${max} requests are already waiting for a reply on this connection; wait for them before sending more`);

/** The id of a refused request without parsing more than needed: a binary frame's header, or the JSON's id. */
function salvageRequestId(data: RawData, isBinary: boolean): string | number | null {
  if (isBinary) {
    const bytes = rawBytes(data);
    return bytes.length >= 5 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1, true) : null;
  }
  if (rawLength(data) > MAX_JSON_MESSAGE_BYTES) return null;
  try {
    return salvageId(JSON.parse(rawText(data)));
  } catch {
    return null;
  }
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
