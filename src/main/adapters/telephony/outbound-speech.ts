import type { VoiceOutput } from '../../cascade/voice-runtime-types.ts';
import { chunkSent, cleared, heardMs, initialHeardAudio, markReturned, playedChunks, type HeardAudio } from '../../core/phone/heard-audio.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import { encodeMuLaw } from '../audio/mulaw.ts';
import { resamplePcm } from '../audio/resample.ts';
import { createFramePacer, FRAME_MS, type FramePacer, type PacedItem } from './frame-pacer.ts';

// The assistant's speech on a phone line, whatever the carrier: each chunk as 20 ms mu-law frames
// paced in real time with a mark after it, a barge-in's stop dropping what was not sent, and what
// the caller heard reported from the marks the carrier gave back (Twilio returns them; an RTP line
// has no such thing, so its call gives them back itself once the audio before them has played).

export const CARRIER_RATE = 8000;
const FRAME_BYTES = (CARRIER_RATE * FRAME_MS) / 1000;
/** Mu-law's zero: pads the last frame of a chunk. */
const MU_LAW_SILENCE = 0xff;
/** Progress goes to the runtime every this many frames of a run (200 ms). */
const PROGRESS_EVERY_FRAMES = 10;

/** Where a line's playback reports go (the voice session). */
export interface PlaybackReports {
  playbackStarted(runId: string, chunkId: string): void;
  playbackProgress(runId: string, heardMs: number): void;
  playbackEnded(runId: string, chunkId: string): void;
}

export interface OutboundSpeechOptions {
  now(): number;
  setTimer(fn: () => void, ms: number): () => void;
  /** One 160-byte mu-law frame to the carrier. */
  sendFrame(payload: Uint8Array): void;
  /** A mark to the carrier, after the frames of a chunk; `markBack(name)` once it has played. */
  sendMark(name: string): void;
  /** Tells the carrier to drop what it holds (a barge-in). */
  sendClear(): void;
  /** Null until the call's session is up. */
  reports(): PlaybackReports | null;
  onFrameLateness?(lateMs: number): void;
}

export interface OutboundSpeech extends VoiceOutput {
  /** The carrier gave a mark back. */
  markBack(markName: string): void;
  /** Resolves once everything sent has played (every mark is back), or after `timeoutMs`. */
  whenQuiet(timeoutMs: number): Promise<void>;
  close(): void;
}

interface RunAudio {
  heard: HeardAudio;
  /** Heard before the last clear, when the run plays again (an answer resumed after a false barge-in). */
  heardBeforeMs: number;
  framesSent: number;
}

export function createOutboundSpeech(options: OutboundSpeechOptions): OutboundSpeech {
  const runs = new Map<string, RunAudio>();
  /** Mark name (a chunk id) -> its run and duration. */
  const chunks = new Map<string, { runId: string; durationMs: number }>();
  /** Bumped by every clear: marks the carrier gives back afterwards for dropped audio carry an older one. */
  let generation = 0;
  /** Marks sent in this generation and not back yet. */
  let marksOut = 0;
  let closed = false;

  const pacer: FramePacer = createFramePacer({
    now: options.now,
    setTimer: options.setTimer,
    ...(options.onFrameLateness ? { onLateness: options.onFrameLateness } : {}),
    send: (item) => {
      if (item.kind === 'mark') return options.sendMark(item.name);
      options.sendFrame(item.payload);
      if (item.tag) frameSent(item.tag);
    },
  });

  const heardOf = (run: RunAudio) => run.heardBeforeMs + heardMs(run.heard, options.now());

  function frameSent(chunkId: string): void {
    const chunk = chunks.get(chunkId);
    const run = chunk && runs.get(chunk.runId);
    if (!chunk || !run) return;
    const before = run.heard;
    run.heard = chunkSent(run.heard, chunkId, chunk.durationMs, options.now());
    if (run.heard !== before) options.reports()?.playbackStarted(chunk.runId, chunkId);
    run.framesSent += 1;
    if (run.framesSent % PROGRESS_EVERY_FRAMES === 0) options.reports()?.playbackProgress(chunk.runId, heardOf(run));
  }

  return {
    play(runId, audio, chunkId) {
      if (closed) return;
      const frames = framesOf(audio);
      const reports = options.reports();
      if (frames.length === 0) {
        // Nothing to hear: played at once, so the run does not wait for it.
        reports?.playbackStarted(runId, chunkId);
        reports?.playbackEnded(runId, chunkId);
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
      if (!closed) options.sendClear();
      if (!run) return;
      run.heard = cleared(run.heard, options.now());
      options.reports()?.playbackProgress(runId, heardOf(run));
    },
    markBack(markName) {
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
      const reports = options.reports();
      for (const chunkId of playedChunks(state)) if (!before.has(chunkId)) reports?.playbackEnded(chunk.runId, chunkId);
      reports?.playbackProgress(chunk.runId, heardOf(run));
    },
    whenQuiet(timeoutMs) {
      const until = options.now() + timeoutMs;
      return new Promise<void>((resolve) => {
        const check = () => (closed || (pacer.pending() === 0 && marksOut === 0) || options.now() >= until ? resolve() : options.setTimer(check, 50));
        check();
      });
    },
    close() {
      closed = true;
      pacer.close();
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
