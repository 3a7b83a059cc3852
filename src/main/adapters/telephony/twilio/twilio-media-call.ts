import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { VoiceOutput } from '../../../cascade/voice-runtime-types.ts';
import { chunkSent, cleared, heardMs, initialHeardAudio, markReturned, playedChunks, type HeardAudio } from '../../../core/phone/heard-audio.ts';
import type { PcmAudio } from '../../../ports/audio.ts';
import { decodeMuLaw, encodeMuLaw } from '../../audio/mulaw.ts';
import { resamplePcm, StreamingResampler } from '../../audio/resample.ts';
import { createFramePacer, FRAME_MS, type FramePacer, type PacedItem } from '../frame-pacer.ts';
import { clearMessage, isMuLaw8kMono, markMessage, mediaMessage, parseTwilioMessage, type TwilioStart } from './twilio-media-messages.ts';

// One call's Media Stream: the caller's mu-law 8 kHz in as 16 kHz PCM16 for the voice runtime, the
// assistant's speech out as 20 ms mu-law frames paced in real time with a mark after each chunk, a
// `clear` on barge-in, and what the caller heard reported from the marks Twilio gave back.

const CARRIER_RATE = 8000;
const FRAME_BYTES = (CARRIER_RATE * FRAME_MS) / 1000;
/** Mu-law's zero: pads the last frame of a chunk. */
const MU_LAW_SILENCE = 0xff;
/** Progress goes to the runtime every this many frames of a run (200 ms). */
const PROGRESS_EVERY_FRAMES = 10;

/** What the call hands the voice session it is part of. */
export interface CallAudioSink {
  /** 16 kHz mono PCM16 from the caller. */
  audio(samples: Int16Array): void;
  dtmf(digit: string): void;
  playbackStarted(runId: string, chunkId: string): void;
  playbackProgress(runId: string, heardMs: number): void;
  playbackEnded(runId: string, chunkId: string): void;
  /** The call is over: Twilio said stop, or the socket closed. */
  ended(reason: 'stopped' | 'disconnected'): void;
}

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

interface RunAudio {
  heard: HeardAudio;
  /** Heard before the last clear, when the run plays again (an answer resumed after a false barge-in). */
  heardBeforeMs: number;
  framesSent: number;
}

export interface TwilioMediaCall extends VoiceOutput {
  readonly streamSid: () => string | null;
  /** Resolves once everything sent has played (every mark is back), or after `timeoutMs`. */
  whenQuiet(timeoutMs: number): Promise<void>;
  /** Ends the stream from our side (hang up). */
  close(): void;
}

export function acceptTwilioMediaStream(options: TwilioMediaCallOptions): TwilioMediaCall {
  const { socket, logger } = options;
  let streamSid: string | null = null;
  let sink: CallAudioSink | null = null;
  let starting = false;
  let over = false;
  const inbound = new StreamingResampler(CARRIER_RATE, 16000);
  const runs = new Map<string, RunAudio>();
  /** Mark name (a chunk id) -> its run and duration. */
  const chunks = new Map<string, { runId: string; durationMs: number }>();
  let refused = 0;
  /** Bumped by every clear: marks Twilio gives back afterwards for dropped audio carry an older one. */
  let generation = 0;
  /** Marks sent in this generation and not back yet. */
  let marksOut = 0;

  const sendText = (text: string) => {
    if (!over) socket.send(text);
  };

  const pacer: FramePacer = createFramePacer({
    now: options.now,
    setTimer: options.setTimer,
    ...(options.onFrameLateness ? { onLateness: options.onFrameLateness } : {}),
    send: (item) => {
      if (!streamSid) return;
      if (item.kind === 'mark') {
        sendText(markMessage(streamSid, item.name));
        return;
      }
      sendText(mediaMessage(streamSid, item.payload));
      if (item.tag) frameSent(item.tag);
    },
  });

  function frameSent(chunkId: string): void {
    const chunk = chunks.get(chunkId);
    const run = chunk && runs.get(chunk.runId);
    if (!chunk || !run) return;
    const before = run.heard;
    run.heard = chunkSent(run.heard, chunkId, chunk.durationMs, options.now());
    if (run.heard !== before) sink?.playbackStarted(chunk.runId, chunkId);
    run.framesSent += 1;
    if (run.framesSent % PROGRESS_EVERY_FRAMES === 0) sink?.playbackProgress(chunk.runId, heardOf(run));
  }

  function markBack(markName: string): void {
    const split = markName.lastIndexOf('#');
    if (split < 0 || Number(markName.slice(split + 1)) !== generation) return;
    const name = markName.slice(0, split);
    marksOut = Math.max(0, marksOut - 1);
    const chunk = chunks.get(name);
    const run = chunk && runs.get(chunk.runId);
    if (!chunk || !run) return;
    const before = new Set(playedChunks(run.heard));
    const { state, played } = markReturned(run.heard, name, options.now());
    run.heard = state;
    if (!played) return;
    for (const chunkId of playedChunks(state)) if (!before.has(chunkId)) sink?.playbackEnded(chunk.runId, chunkId);
    sink?.playbackProgress(chunk.runId, heardOf(run));
  }

  const heardOf = (run: RunAudio) => run.heardBeforeMs + heardMs(run.heard, options.now());

  function finish(reason: 'stopped' | 'disconnected'): void {
    if (over) return;
    over = true;
    pacer.close();
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
        markBack(message.mark.name);
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
      if (over) return;
      const frames = framesOf(chunk);
      if (frames.length === 0) {
        // Nothing to hear: played at once, so the run does not wait for it.
        sink?.playbackStarted(runId, chunkId);
        sink?.playbackEnded(runId, chunkId);
        return;
      }
      const run = runs.get(runId);
      if (!run) runs.set(runId, { heard: initialHeardAudio(), heardBeforeMs: 0, framesSent: 0 });
      else if (run.heard.clearedAtMs !== null) {
        // Playing again after a clear: what was heard before it stays counted.
        run.heardBeforeMs = heardOf(run);
        run.heard = initialHeardAudio();
      }
      chunks.set(chunkId, { runId, durationMs: frames.length * FRAME_MS });
      const items: PacedItem[] = frames.map((payload) => ({ kind: 'frame', payload, tag: chunkId }));
      marksOut += 1;
      pacer.push([...items, { kind: 'mark', name: `${chunkId}#${generation}` }]);
    },
    stop(runId) {
      const run = runs.get(runId);
      pacer.clear();
      generation += 1;
      marksOut = 0;
      if (streamSid) sendText(clearMessage(streamSid));
      if (!run) return;
      run.heard = cleared(run.heard, options.now());
      sink?.playbackProgress(runId, heardOf(run));
    },
    whenQuiet(timeoutMs) {
      const until = options.now() + timeoutMs;
      return new Promise<void>((resolve) => {
        const check = () => (over || (pacer.pending() === 0 && marksOut === 0) || options.now() >= until ? resolve() : options.setTimer(check, 50));
        check();
      });
    },
    close() {
      socket.close(1000, 'call ended');
      finish('disconnected');
    },
  };
}

/** Any rate -> 8 kHz mu-law in 160-byte (20 ms) frames, the last one padded with silence. */
export function framesOf(chunk: PcmAudio): Uint8Array[] {
  const muLaw = encodeMuLaw(resamplePcm(chunk, CARRIER_RATE).samples);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < muLaw.length; offset += FRAME_BYTES) {
    const frame = new Uint8Array(FRAME_BYTES).fill(MU_LAW_SILENCE);
    frame.set(muLaw.subarray(offset, offset + FRAME_BYTES));
    frames.push(frame);
  }
  return frames;
}
