import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { WebSocket } from 'ws';
import type { PcmAudio } from '../../../../ports/audio.ts';
import { decodeMuLaw, encodeMuLaw } from '../../../audio/mulaw.ts';
import { resamplePcm } from '../../../audio/resample.ts';

// Twilio's side of a call, as its docs describe it: the signed voice webhook, then the Media
// Stream (connected, start, media every 20 ms, dtmf, stop), playing what comes back in real time
// and returning each mark once the audio before it has played; a clear drops what is queued and
// returns its marks at once.

export const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export interface WebhookReply {
  status: number;
  body: string;
  /** From the TwiML: the stream URL and its parameters. */
  streamUrl: string | null;
  parameters: Record<string, string>;
}

/** POSTs the voice webhook as Twilio does; `signature` null sends none, 'wrong' a bad one. */
export async function callWebhook(url: string, authToken: string, params: Record<string, string>, signature: 'right' | 'wrong' | null = 'right'): Promise<WebhookReply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (signature === 'right') headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(authToken, url, params);
  if (signature === 'wrong') headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature('not-the-token', url, params);
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const body = await response.text();
  const streamUrl = /<Stream url="([^"]+)"/.exec(body)?.[1] ?? null;
  const parameters = Object.fromEntries([...body.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"\/>/g)].map((match) => [match[1]!, match[2]!]));
  return { status: response.status, body, streamUrl, parameters };
}

export interface FakeTwilioStream {
  readonly streamSid: string;
  readonly callSid: string;
  /** Mu-law bytes received, in order. */
  received: Uint8Array[];
  /** Marks received, and the ones returned (played or cleared). */
  marksReceived: string[];
  marksReturned: string[];
  clears: number;
  /** Messages that named another stream than this one (there must be none). */
  foreignMessages: number;
  /** Arrival times of media messages (performance.now()). */
  mediaArrivals: number[];
  /** Sends the caller's audio as 20 ms mu-law frames in real time. */
  say(audio: PcmAudio): Promise<void>;
  silence(ms: number): Promise<void>;
  dtmf(digit: string): void;
  stop(): void;
  /** Drops the socket without a stop (the caller's line went dead). */
  drop(): void;
  /** The audio received so far, decoded to 8 kHz PCM16. */
  heard(): Int16Array;
  closed: Promise<{ code: number; reason: string }>;
}

/** The X-Twilio-Signature Twilio puts on a Media Stream's handshake: the stream URL signed with no parameters. */
export const streamSignature = (authToken: string, url: string) => twilio.getExpectedTwilioSignature(authToken, url, {});

/** `authToken` signs the handshake as Twilio does; null opens it unsigned. */
export async function openMediaStream(url: string, options: { authToken: string | null; callSid: string; customParameters: Record<string, string>; mediaFormat?: { encoding: string; sampleRate: number; channels: number } }): Promise<FakeTwilioStream> {
  const socket = new WebSocket(url, options.authToken === null ? {} : { headers: { 'X-Twilio-Signature': streamSignature(options.authToken, url) } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const streamSid = sid('MZ');
  let sequence = 0;
  let chunk = 0;
  const startedAt = performance.now();
  const sendJson = (message: Record<string, unknown>) => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ ...message, sequenceNumber: String(++sequence) }));
  /** Outbound audio waiting to "play": frames and marks in order. */
  const playQueue: ({ kind: 'frame' } | { kind: 'mark'; name: string })[] = [];
  const stream: FakeTwilioStream = {
    streamSid,
    callSid: options.callSid,
    received: [],
    marksReceived: [],
    marksReturned: [],
    clears: 0,
    foreignMessages: 0,
    mediaArrivals: [],
    async say(audio) {
      const muLaw = encodeMuLaw(resamplePcm(audio, 8000).samples);
      for (let offset = 0; offset < muLaw.length; offset += 160) {
        const frame = new Uint8Array(160).fill(0xff);
        frame.set(muLaw.subarray(offset, offset + 160));
        chunk += 1;
        sendJson({ event: 'media', streamSid, media: { track: 'inbound', chunk: String(chunk), timestamp: String(Math.round(performance.now() - startedAt)), payload: Buffer.from(frame).toString('base64') } });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async silence(ms) {
      await stream.say({ samples: new Int16Array((ms * 8000) / 1000), sampleRate: 8000 });
    },
    dtmf: (digit) => sendJson({ event: 'dtmf', streamSid, dtmf: { track: 'inbound_track', digit } }),
    stop() {
      sendJson({ event: 'stop', streamSid, stop: { accountSid: 'AC0', callSid: options.callSid } });
      socket.close(1000);
    },
    drop: () => socket.terminate(),
    heard() {
      const all = stream.received.flatMap((frame) => [...decodeMuLaw(frame)]);
      return Int16Array.from(all);
    },
    closed: new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  };

  // Plays one 20 ms frame every 20 ms; a mark returns when everything before it has played.
  const returnPlayedMarks = () => {
    for (let head = playQueue[0]; head?.kind === 'mark'; head = playQueue[0]) {
      playQueue.shift();
      returnMark(head.name);
    }
  };
  const player = setInterval(() => {
    returnPlayedMarks();
    if (playQueue[0]?.kind === 'frame') playQueue.shift();
    returnPlayedMarks();
  }, 20);
  const returnMark = (name: string) => {
    stream.marksReturned.push(name);
    sendJson({ event: 'mark', streamSid, mark: { name } });
  };
  socket.on('close', () => clearInterval(player));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { event: string; streamSid?: string; media?: { payload: string }; mark?: { name: string } };
    if (message.streamSid !== streamSid) stream.foreignMessages += 1;
    if (message.event === 'media' && message.media) {
      stream.received.push(new Uint8Array(Buffer.from(message.media.payload, 'base64')));
      stream.mediaArrivals.push(performance.now());
      playQueue.push({ kind: 'frame' });
    } else if (message.event === 'mark' && message.mark) {
      stream.marksReceived.push(message.mark.name);
      playQueue.push({ kind: 'mark', name: message.mark.name });
    } else if (message.event === 'clear') {
      stream.clears += 1;
      // Twilio empties its buffer and sends back the marks of what it dropped.
      const dropped = playQueue.splice(0).flatMap((item) => (item.kind === 'mark' ? [item.name] : []));
      for (const name of dropped) returnMark(name);
    }
  });

  socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
  sendJson({
    event: 'start',
    streamSid,
    start: {
      streamSid,
      accountSid: 'AC0',
      callSid: options.callSid,
      tracks: ['inbound'],
      mediaFormat: options.mediaFormat ?? { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: options.customParameters,
    },
  });
  return stream;
}

/** A whole incoming call as Twilio places it: the signed webhook, then the Media Stream it answered with. */
export async function placeCall(base: string, authToken: string, from: string): Promise<{ stream: FakeTwilioStream; callSid: string }> {
  const callSid = sid('CA');
  const reply = await callWebhook(`${base}/twilio/voice`, authToken, { CallSid: callSid, From: from });
  if (reply.status !== 200 || !reply.streamUrl) throw new Error(`the webhook answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  return { stream: await openMediaStream(reply.streamUrl, { authToken, callSid, customParameters: reply.parameters }), callSid };
}

/** `count` calls placed one after the other, caller n from +1555000nnnn (as the load test and the bench place them). */
export async function placeCalls(base: string, authToken: string, count: number): Promise<{ streams: FakeTwilioStream[]; callSids: string[] }> {
  const streams: FakeTwilioStream[] = [];
  const callSids: string[] = [];
  for (let caller = 0; caller < count; caller++) {
    const { stream, callSid } = await placeCall(base, authToken, `+1555000${String(caller).padStart(4, '0')}`);
    streams.push(stream);
    callSids.push(callSid);
  }
  return { streams, callSids };
}
