import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { decodeMuLaw } from '../../audio/mulaw.ts';
import { StreamingResampler } from '../../audio/resample.ts';
import type { CallAudioSink, CallMedia } from '../call-line.ts';
import { CARRIER_RATE, createOutboundSpeech } from '../outbound-speech.ts';
import { clearMessage, isMuLaw8kMono, markMessage, mediaMessage, parseTwilioMessage, type TwilioStart } from './twilio-media-messages.ts';

// One call's Media Stream: the caller's mu-law 8 kHz in as 16 kHz PCM16 for the voice runtime, the
// assistant's speech out as 20 ms mu-law frames paced in real time with a mark after each chunk, a
// `clear` on barge-in, and what the caller heard reported from the marks Twilio gave back.

export type TwilioCallStart = TwilioStart['start'] & { streamSid: string };

export interface TwilioMediaCallOptions {
  socket: Pick<WebSocket, 'send' | 'close' | 'on'>;
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  logger: Logger;
  /** The stream started: the sink for its audio, or null to refuse the stream (it is closed). */
  onStart(start: TwilioCallStart): Promise<CallAudioSink | null>;
  /** For the bench: how late each outbound frame went out, ms. */
  onFrameLateness?(lateMs: number): void;
}

/** `whenQuiet`: every mark is back; `close`: ends the stream from our side. */
export interface TwilioMediaCall extends CallMedia {
  readonly streamSid: () => string | null;
}

export function acceptTwilioMediaStream(options: TwilioMediaCallOptions): TwilioMediaCall {
  const { socket, logger } = options;
  let streamSid: string | null = null;
  let sink: CallAudioSink | null = null;
  let starting = false;
  let over = false;
  const inbound = new StreamingResampler(CARRIER_RATE, 16000);
  let refused = 0;

  const sendText = (text: string) => {
    if (!over) socket.send(text);
  };

  const speech = createOutboundSpeech({
    now: options.now,
    setTimer: options.setTimer,
    ...(options.onFrameLateness ? { onFrameLateness: options.onFrameLateness } : {}),
    sendFrame: (payload) => streamSid && sendText(mediaMessage(streamSid, payload)),
    sendMark: (name) => streamSid && sendText(markMessage(streamSid, name)),
    sendClear: () => streamSid && sendText(clearMessage(streamSid)),
    reports: () => sink,
  });

  function finish(reason: 'stopped' | 'disconnected'): void {
    if (over) return;
    over = true;
    speech.close();
    sink?.ended(reason);
  }

  async function start(message: TwilioStart): Promise<void> {
    if (starting || sink) return;
    starting = true;
    const details: TwilioCallStart = { ...message.start, streamSid: message.streamSid };
    if (!isMuLaw8kMono(details.mediaFormat)) {
      logger.warn({ code: 'twilio_media_format', format: details.mediaFormat }, 'a Media Stream in another format than mu-law 8 kHz mono: refused');
      socket.close(1003, 'only audio/x-mulaw 8000 Hz mono is supported');
      finish('disconnected');
      return;
    }
    streamSid = message.streamSid;
    try {
      sink = await options.onStart(details);
    } catch (error) {
      logger.error({ code: 'twilio_call_start_failed', err: error }, 'the call could not be started');
      sink = null;
    }
    if (!sink) {
      socket.close(1008, 'stream refused');
      finish('disconnected');
    } else if (over) {
      // The call ended while its session was starting: end that too.
      sink.ended('disconnected');
    }
  }

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    if (over) return;
    if (isBinary) {
      if (refused++ < 3) logger.warn({ code: 'twilio_binary_frame' }, 'a binary frame on a Media Stream: ignored');
      return;
    }
    const parsed = parseTwilioMessage(String(data));
    if (!parsed.ok) {
      if (refused++ < 10) logger.warn({ code: 'twilio_bad_message', reason: parsed.reason }, `a Media Stream message was not understood (${parsed.reason}): ignored`);
      return;
    }
    const { message } = parsed;
    switch (message.event) {
      case 'connected':
        return;
      case 'start':
        void start(message);
        return;
      case 'media': {
        if (!sink) return;
        const samples8k = decodeMuLaw(Buffer.from(message.media.payload, 'base64'));
        const samples16k = inbound.push(samples8k);
        if (samples16k.length > 0) sink.audio(samples16k);
        return;
      }
      case 'mark':
        speech.markBack(message.mark.name);
        return;
      case 'dtmf':
        sink?.dtmf(message.dtmf.digit);
        return;
      case 'stop':
        finish('stopped');
        return;
    }
  });
  socket.on('close', () => finish('disconnected'));
  socket.on('error', (error: Error) => logger.warn({ code: 'twilio_socket_error', err: error }, 'Media Stream socket error'));

  return {
    streamSid: () => streamSid,
    play(runId, chunk, chunkId) {
      if (!over) speech.play(runId, chunk, chunkId);
    },
    stop: (runId) => speech.stop(runId),
    whenQuiet: (timeoutMs) => speech.whenQuiet(timeoutMs),
    close() {
      socket.close(1000, 'call ended');
      finish('disconnected');
    },
  };
}
