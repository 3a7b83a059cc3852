import pino from 'pino';
import type { VoiceNotice } from '../../core/voice-loop/voice-types.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import { createVoiceRuntime } from '../voice-runtime.ts';
import type { VoiceRuntime, VoiceRuntimeOptions } from '../voice-runtime-types.ts';
import type { VoiceTurnMetrics } from '../voice-metrics.ts';
import { RecordingOutput } from './fixed-latency-providers.ts';

// A runtime wired for tests: notices, metrics and played audio recorded; playback reported back
// the way the renderer does (instantly, unless `manualPlayback`).

export interface VoiceHarness {
  runtime: VoiceRuntime;
  output: RecordingOutput;
  notices: VoiceNotice[];
  metrics: VoiceTurnMetrics[];
  /** Feeds 16 kHz audio in 32 ms frames, as the renderer sends it. */
  pushSpeech(audio: PcmAudio): Promise<void>;
  /** Polls (each turn of the event loop, bounded) until `condition` holds. */
  until(condition: () => boolean, what: string, maxIterations?: number): Promise<void>;
  /** Until nothing is in flight and the runtime waits for the user again. */
  untilQuiet(): Promise<void>;
  phases(): string[];
  spokenText(): string;
}

export type HarnessOptions = Omit<VoiceRuntimeOptions, 'output' | 'onNotice' | 'onMetrics' | 'logger' | 'clock'> &
  Partial<Pick<VoiceRuntimeOptions, 'logger' | 'clock'>> & { manualPlayback?: boolean };

const FRAME = 512;

export function createVoiceHarness(options: HarnessOptions): VoiceHarness {
  const output = new RecordingOutput();
  const notices: VoiceNotice[] = [];
  const metrics: VoiceTurnMetrics[] = [];
  const runtime = createVoiceRuntime({
    logger: pino({ level: 'silent' }),
    clock: { now: () => Date.now() },
    ...options,
    output,
    onNotice: (notice) => notices.push(notice),
    onMetrics: (_runId, figures) => metrics.push(figures),
  });
  if (!options.manualPlayback) {
    output.onPlay = (runId, chunkId) =>
      queueMicrotask(() => {
        runtime.playbackStarted(runId, chunkId);
        runtime.playbackEnded(runId, chunkId);
      });
  }

  const until = async (condition: () => boolean, what: string, maxIterations = 20_000) => {
    for (let iteration = 0; iteration < maxIterations; iteration += 1) {
      if (condition()) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    throw new Error(`gave up waiting for ${what}; phase ${runtime.phase()}, notices ${JSON.stringify(notices.slice(-6))}`);
  };

  return {
    runtime,
    output,
    notices,
    metrics,
    async pushSpeech(audio) {
      if (audio.sampleRate !== 16000) throw new Error(`pushSpeech takes 16 kHz audio, got ${audio.sampleRate}`);
      for (let offset = 0; offset < audio.samples.length; offset += FRAME) {
        await runtime.pushAudio(audio.samples.subarray(offset, offset + FRAME));
      }
    },
    until,
    async untilQuiet() {
      await until(() => runtime.phase() === 'listening' || runtime.phase() === 'idle', 'the runtime to wait for the user again');
      await runtime.settled();
    },
    phases: () => notices.flatMap((notice) => (notice.kind === 'phase' ? [notice.phase] : [])),
    spokenText: () =>
      notices
        .flatMap((notice) => (notice.kind === 'assistant_text' && notice.spoken ? [notice.text] : []))
        .join(' '),
  };
}
