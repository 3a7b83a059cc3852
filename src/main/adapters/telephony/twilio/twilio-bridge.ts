import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RefusalLog } from '../../logging/refusal-log.ts';
import type { CallAudioSink } from '../call-line.ts';
import { acceptTwilioMediaStream, type TwilioCallStart, type TwilioMediaCall } from './twilio-media-call.ts';

// The two paths Twilio calls: `POST /twilio/voice` (the number's voice webhook) answers a call whose
// X-Twilio-Signature is right with TwiML that connects a bidirectional Media Stream to
// `/twilio/media`, handing it a one-time stream token; that WebSocket is taken only with a token
// given out here, for the call it was given to. Both are reached through the public URL Twilio was
// told (a tunnel to this machine), so they are not under the headless host's access token.

export const TWILIO_VOICE_PATH = '/twilio/voice';
export const TWILIO_MEDIA_PATH = '/twilio/media';
/** Twilio posts a few hundred bytes of form fields. */
const MAX_WEBHOOK_BYTES = 64 * 1024;
/** Read and dropped past the limit, so the 413 reaches the client before the socket closes. */
const MAX_DRAIN_BYTES = 1024 * 1024;
/** Twilio opens the stream within a second or two of our answer. */
const STREAM_TOKEN_TTL_MS = 60_000;
/** One Media Stream message is a few hundred bytes. */
const MAX_MEDIA_MESSAGE_BYTES = 8 * 1024;
/** A stream must say `start` this soon after it opens (Twilio sends it at once), ms. */
const START_DEADLINE_MS = 5000;
/** Signed streams open but not started yet, at most: more are refused (unsigned ones never get this far). */
const MAX_UNSTARTED_STREAMS = 50;
/** Calls at once, at most. */
const MAX_CALLS = 50;
/** A CallSid is answered once: a replayed signed webhook gets no second stream (Twilio signatures carry no time). */
const ANSWERED_MEMORY_MS = 6 * 60 * 60 * 1000;

export interface TwilioBridgeOptions {
  /** The public base URL Twilio calls (https://…, no trailing slash); null: not set up. */
  publicUrl(): string | null;
  /** The account's auth token, which signs Twilio's requests; null: not set up. */
  authToken(): string | null;
  logger: Logger;
  /** Where refusals are logged: counted, one line per kind and interval (they need no credentials). */
  refusals: RefusalLog;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  startCall(start: TwilioCallStart, media: TwilioMediaCall): Promise<CallAudioSink>;
  onFrameLateness?(lateMs: number): void;
}

export interface TwilioBridge {
  /** Whether the bridge serves this request path. */
  serves(pathname: string): boolean;
  handleRequest(request: IncomingMessage, response: ServerResponse, pathname: string): void;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): void;
  close(): void;
}

export function createTwilioBridge(options: TwilioBridgeOptions): TwilioBridge {
  const { logger, refusals } = options;
  /** Stream token -> the call it was given to, until it is used or expires. */
  const streamTokens = new Map<string, { callSid: string; expiresAt: number; from: string | null }>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MEDIA_MESSAGE_BYTES });
  /** CallSid -> when it was answered. */
  const answered = new Map<string, number>();
  let unstarted = 0;
  let live = 0;

  function forgetOld(): void {
    const now = options.now();
    for (const [key, entry] of streamTokens) if (entry.expiresAt < now) streamTokens.delete(key);
    for (const [callSid, at] of answered) if (at + ANSWERED_MEMORY_MS < now) answered.delete(callSid);
  }

  function takeStreamToken(token: string | undefined, callSid: string): { from: string | null } | null {
    forgetOld();
    const entry = token ? streamTokens.get(token) : undefined;
    if (!entry || entry.callSid !== callSid) return null;
    streamTokens.delete(token!);
    return { from: entry.from };
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'POST only');
    const publicUrl = options.publicUrl();
    const authToken = options.authToken();
    if (!publicUrl || !authToken) {
      refusals.refused('twilio_not_set_up', {}, 'a Twilio webhook came, but the public URL or the auth token is not set up (Settings › Phone)');
      return send(response, 503, 'text/plain', 'The Twilio bridge is not set up.');
    }
    const declared = Number(request.headers['content-length']);
    const body = declared > MAX_WEBHOOK_BYTES ? null : await readBody(request);
    if (body === null) return refuseTooLarge(request, response);
    const params = Object.fromEntries(new URLSearchParams(body));
    const signature = request.headers['x-twilio-signature'];
    // Twilio signs the URL it called: the public URL with this path and query.
    const calledUrl = `${publicUrl}${request.url ?? TWILIO_VOICE_PATH}`;
    if (typeof signature !== 'string' || !twilio.validateRequest(authToken, signature, calledUrl, params)) {
      refusals.refused('twilio_bad_signature', { hasSignature: typeof signature === 'string' }, 'refused a Twilio webhook with a missing or wrong X-Twilio-Signature');
      return send(response, 403, 'text/plain', 'Invalid X-Twilio-Signature.');
    }
    const callSid = params.CallSid;
    if (!callSid) return send(response, 400, 'text/plain', 'No CallSid.');
    forgetOld();
    if (answered.has(callSid)) {
      refusals.refused('twilio_webhook_replayed', { callSid }, 'refused a second webhook for a call already answered');
      return send(response, 409, 'text/plain', 'This call was answered already.');
    }
    if (live >= MAX_CALLS) {
      refusals.refused('twilio_too_many_calls', { live }, `refused a call: ${live} calls are on the line already`);
      return send(response, 503, 'text/plain', 'Too many calls at once.');
    }
    answered.set(callSid, options.now());
    const token = randomBytes(24).toString('hex');
    const from = params.From ?? null;
    streamTokens.set(token, { callSid, expiresAt: options.now() + STREAM_TOKEN_TTL_MS, from });
    const twiml = new twilio.twiml.VoiceResponse();
    const stream = twiml.connect().stream({ url: streamUrlOf(publicUrl) });
    stream.parameter({ name: 'streamToken', value: token });
    if (from) stream.parameter({ name: 'from', value: from });
    logger.info({ code: 'twilio_call_answered', callSid }, 'answered a Twilio call with a Media Stream');
    send(response, 200, 'text/xml', twiml.toString());
  }

  function takeStream(socket: WebSocket): void {
    if (unstarted >= MAX_UNSTARTED_STREAMS) {
      socket.close(1013, 'too many streams waiting to start');
      return;
    }
    unstarted += 1;
    let started = false;
    const settleUnstarted = () => {
      if (started) return;
      started = true;
      unstarted -= 1;
    };
    const deadline = options.setTimer(() => {
      if (started) return;
      refusals.refused('twilio_stream_no_start', {}, 'closed a Media Stream that did not start in time');
      settleUnstarted();
      socket.terminate();
    }, START_DEADLINE_MS);
    socket.on('close', () => {
      deadline();
      settleUnstarted();
    });
    const call = acceptTwilioMediaStream({
      socket,
      now: options.now,
      setTimer: options.setTimer,
      logger,
      ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
      onStart: async (start) => {
        settleUnstarted();
        deadline();
        const granted = takeStreamToken(start.customParameters?.streamToken, start.callSid);
        if (!granted) {
          refusals.refused('twilio_stream_refused', { callSid: start.callSid }, 'refused a Media Stream without a valid stream token');
          return null;
        }
        const customParameters = { ...start.customParameters, ...(granted.from ? { from: granted.from } : {}) };
        live += 1;
        socket.on('close', () => (live -= 1));
        return options.startCall({ ...start, customParameters }, call);
      },
    });
  }

  return {
    serves: (pathname) => pathname === TWILIO_VOICE_PATH || pathname === TWILIO_MEDIA_PATH,
    handleRequest(request, response, pathname) {
      if (pathname !== TWILIO_VOICE_PATH) return send(response, 404, 'text/plain', 'Not found');
      answer(request, response).catch((error: unknown) => {
        logger.error({ code: 'twilio_webhook_failed', err: error }, 'a Twilio webhook failed');
        if (!response.headersSent) send(response, 500, 'text/plain', 'Internal error; see the log.');
        else response.destroy();
      });
    },
    handleUpgrade(request, socket, head, pathname) {
      if (pathname !== TWILIO_MEDIA_PATH || !options.publicUrl() || !options.authToken()) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      // Twilio sends no Origin; a browser always does: a web page does not get to open streams.
      if (request.headers.origin !== undefined) {
        refusals.refused('twilio_stream_from_page', {}, 'refused a Media Stream opened by a web page');
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      // Twilio signs the stream's handshake too: the stream URL it was given, with no parameters.
      // Unsigned sockets are refused here, so they never hold one of the places a call's stream needs.
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !twilio.validateRequest(options.authToken()!, signature, `${streamUrlOf(options.publicUrl()!)}${mediaQueryOf(request.url)}`, {})) {
        refusals.refused('twilio_stream_bad_signature', { hasSignature: typeof signature === 'string' }, 'refused a Media Stream with a missing or wrong X-Twilio-Signature');
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => takeStream(ws));
    },
    close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      streamTokens.clear();
      answered.clear();
    },
  };
}

/** Where the TwiML sends the call's Media Stream: the public URL as ws(s), on TWILIO_MEDIA_PATH. */
const streamUrlOf = (publicUrl: string) => `${publicUrl.replace(/^http/, 'ws')}${TWILIO_MEDIA_PATH}`;

/** The query of the handshake's target ('' for none): a signature covers the URL as called. */
function mediaQueryOf(target: string | undefined): string {
  const at = target?.indexOf('?') ?? -1;
  return at < 0 ? '' : target!.slice(at);
}

/** The body as text, or null once it passes MAX_WEBHOOK_BYTES (the rest is left unread). */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const settle = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const onData = (part: Buffer) => {
      size += part.length;
      if (size <= MAX_WEBHOOK_BYTES) return void parts.push(part);
      settle();
      resolve(null);
    };
    const onEnd = () => {
      settle();
      resolve(Buffer.concat(parts).toString('utf8'));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}

/**
 * 413 with Connection: close, sent at once; the response ends (and the socket closes) only once
 * the body is read to its end. Closing with unread bytes would send a reset, and the client could
 * lose the 413 with it. Past MAX_DRAIN_BYTES more, the sender is not worth that: the socket closes.
 */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse): void {
  const text = 'Request too large.';
  response.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), Connection: 'close' });
  response.write(text);
  let drained = 0;
  const finish = () => {
    if (!response.writableEnded) response.end();
  };
  request.on('data', (part: Buffer) => {
    drained += part.length;
    if (drained > MAX_DRAIN_BYTES) {
      finish();
      request.destroy();
    }
  });
  request.on('end', finish);
  request.on('error', () => response.destroy());
  request.resume();
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}
