import type { TurnTrace } from '../../../shared/trace.ts';
import { AppError } from '../../core/errors.ts';
import type { TurnContext } from '../../core/moe/orchestrator-types.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import type { SpeechToText, TranscribeRequest, Transcript } from '../../ports/stt.ts';
import type { SynthesizeRequest, TextToSpeech } from '../../ports/tts.ts';
import type { VadEvent, VoiceActivityDetector } from '../../ports/vad.ts';
import type { VoiceOrchestrator, VoiceOutput, VoiceTurnChunk } from '../voice-runtime-types.ts';

// In-process providers with fixed latencies (real timers), for runtime tests and the voice bench.
// Each records its in-flight requests and when each was aborted, so a test can see that a cancel
// reached every one of them.

export interface InFlight {
  kind: 'stt' | 'turn' | 'tts';
  signal: AbortSignal | undefined;
  /** performance.now() when the signal fired; null while live or finished normally. */
  abortedAt: number | null;
  done: boolean;
}

export class RequestLog {
  readonly requests: InFlight[] = [];
  open(kind: InFlight['kind'], signal: AbortSignal | undefined): InFlight {
    const request: InFlight = { kind, signal, abortedAt: null, done: false };
    signal?.addEventListener('abort', () => {
      if (!request.done) request.abortedAt = performance.now();
    }, { once: true });
    this.requests.push(request);
    return request;
  }
  live(): InFlight[] {
    return this.requests.filter((request) => !request.done && request.abortedAt === null);
  }
}

/** Resolves after `ms`, or rejects as the providers do when the signal fires first. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const cancelled = () => new AppError('unavailable', 'request cancelled');

/** Each push returns the events queued with `next` (the audio itself is ignored). */
export class ScriptedVad implements VoiceActivityDetector {
  readonly sampleRate = 16000;
  private queued: VadEvent[] = [];
  /** performance.now() of the last push that returned events. */
  lastEmittedAt = 0;
  next(...events: VadEvent[]): void {
    this.queued.push(...events);
  }
  async push(): Promise<VadEvent[]> {
    const events = this.queued;
    this.queued = [];
    if (events.length > 0) this.lastEmittedAt = performance.now();
    return events;
  }
  reset(): void {
    this.queued = [];
  }
}

export interface FixedLatencySttOptions {
  latencyMs: number;
  text: (request: TranscribeRequest) => string;
  log?: RequestLog;
}

export class FixedLatencyStt implements SpeechToText {
  readonly provider = 'fake-stt';
  private readonly options: FixedLatencySttOptions;
  constructor(options: FixedLatencySttOptions) {
    this.options = options;
  }
  async transcribe(request: TranscribeRequest): Promise<Transcript> {
    const inFlight = this.options.log?.open('stt', request.signal);
    try {
      await wait(this.options.latencyMs, request.signal);
      return { text: this.options.text(request), language: 'en' };
    } finally {
      if (inFlight) inFlight.done = true;
    }
  }
}

export interface FixedLatencyOrchestratorOptions {
  firstChunkMs: number;
  answer: (query: string) => string;
  /** Agent partials before the final: [agent, text, confidence]. */
  partials?: [string, string, number][];
  /** The answer streamed in these pieces (joined, they are the answer), `deltaGapMs` apart. */
  deltas?: (query: string) => string[];
  deltaGapMs?: number;
  /** Extra wait between the partials (or deltas) and the final. */
  finalAfterMs?: number;
  log?: RequestLog;
}

export class FixedLatencyOrchestrator implements VoiceOrchestrator {
  readonly queries: { query: string; context: TurnContext }[] = [];
  private readonly options: FixedLatencyOrchestratorOptions;
  constructor(options: FixedLatencyOrchestratorOptions) {
    this.options = options;
  }
  async *processStream(query: string, context: TurnContext): AsyncGenerator<VoiceTurnChunk> {
    this.queries.push({ query, context });
    const inFlight = this.options.log?.open('turn', context.signal);
    try {
      await wait(this.options.firstChunkMs, context.signal);
      for (const [agent, text, confidence] of this.options.partials ?? []) {
        yield { type: 'partial', turnId: 't', agent, text, confidence };
      }
      let streamed = '';
      for (const [index, piece] of (this.options.deltas?.(query) ?? []).entries()) {
        if (index > 0 && this.options.deltaGapMs) await wait(this.options.deltaGapMs, context.signal);
        streamed += piece;
        yield { type: 'delta', turnId: 't', text: piece };
      }
      if (this.options.finalAfterMs) await wait(this.options.finalAfterMs, context.signal);
      const text = streamed === '' ? this.options.answer(query) : streamed;
      yield { type: 'final', turnId: 't', text, trace: fakeTrace(query, text) };
    } finally {
      if (inFlight) inFlight.done = true;
    }
  }
}

export interface FixedLatencyTtsOptions {
  firstChunkMs: number;
  /** Audio per chunk, ms at 16 kHz. */
  chunkMs?: number;
  chunks?: number;
  /** Wait before each chunk after the first. */
  nextChunkMs?: number;
  log?: RequestLog;
}

export class FixedLatencyTts implements TextToSpeech {
  readonly provider = 'fake-tts';
  readonly texts: string[] = [];
  private readonly options: FixedLatencyTtsOptions;
  constructor(options: FixedLatencyTtsOptions) {
    this.options = options;
  }
  async *synthesize(request: SynthesizeRequest): AsyncGenerator<PcmAudio> {
    this.texts.push(request.text);
    const inFlight = this.options.log?.open('tts', request.signal);
    const { firstChunkMs, chunkMs = 200, chunks = 1, nextChunkMs = 0 } = this.options;
    try {
      for (let index = 0; index < chunks; index += 1) {
        await wait(index === 0 ? firstChunkMs : nextChunkMs, request.signal);
        yield { samples: new Int16Array((chunkMs * 16000) / 1000).fill(1000), sampleRate: 16000 };
      }
    } finally {
      if (inFlight) inFlight.done = true;
    }
  }
}

/** Keeps what the runtime played and stopped, with performance.now() times. */
export class RecordingOutput implements VoiceOutput {
  readonly played: { runId: string; chunkId: string; audio: PcmAudio; at: number }[] = [];
  readonly stopped: { runId: string; at: number }[] = [];
  onPlay: ((runId: string, chunkId: string) => void) | null = null;
  play(runId: string, audio: PcmAudio, chunkId: string): void {
    this.played.push({ runId, chunkId, audio, at: performance.now() });
    this.onPlay?.(runId, chunkId);
  }
  stop(runId: string): void {
    this.stopped.push({ runId, at: performance.now() });
  }
  playedMs(runId?: string): number {
    return this.played
      .filter((entry) => runId === undefined || entry.runId === runId)
      .reduce((total, entry) => total + (entry.audio.samples.length / entry.audio.sampleRate) * 1000, 0);
  }
}

export function fakeTrace(query: string, answer: string): TurnTrace {
  return {
    id: 't',
    sessionId: null,
    query,
    voiceMode: true,
    startedAt: 0,
    totalMs: 0,
    answer,
    cache: { checked: false, hit: false, similarity: null, entryId: null, note: 'fake', startAtMs: 0, endAtMs: 0 },
    routing: null,
    agents: [],
    aggregation: null,
    errors: [],
  };
}
