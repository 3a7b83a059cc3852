import type { Logger } from 'pino';
import type { TurnChunkOut, TurnContext } from '../core/moe/orchestrator-types.ts';
import type { VoiceReducerOptions } from '../core/voice-loop/voice-options.ts';
import type { TurnTaking, VoiceEvent, VoiceNotice, VoicePhase } from '../core/voice-loop/voice-types.ts';
import type { PcmAudio } from '../ports/audio.ts';
import type { Clock } from '../ports/clock.ts';
import type { SpeechToText } from '../ports/stt.ts';
import type { TextToSpeech } from '../ports/tts.ts';
import type { VoiceActivityDetector } from '../ports/vad.ts';
import type { LeadInOptions } from './lead-in-policy.ts';
import type { VoiceTurnMetrics } from './voice-metrics.ts';

/** The orchestrator asks for a tool mid-answer; the runtime resumes it with `next(outcome)`. */
export interface ToolCallChunk {
  type: 'tool_call';
  callId: string;
  name: string;
  arguments: string;
}

export interface ToolOutcome {
  callId: string;
  result: string;
  isError: boolean;
}

export type VoiceTurnChunk = TurnChunkOut | ToolCallChunk;

/**
 * What the runtime needs of the orchestrator. A stream that yields a `tool_call` is resumed with
 * the tool's outcome as the argument of its next `next()` call (an async generator receives it as
 * the value of its `yield`).
 */
export interface VoiceOrchestrator {
  processStream(query: string, context: TurnContext): AsyncIterable<VoiceTurnChunk>;
}

/** Tools the LLM may call during a turn. Rejections become an error result for the LLM. */
export interface ToolRegistry {
  run(name: string, args: string, signal: AbortSignal): Promise<string>;
}

/** Where the assistant's audio goes (the renderer, a phone call, a file). */
export interface VoiceOutput {
  /** `chunkId` is what playback reports (started, ended) name the chunk by. */
  play(runId: string, chunk: PcmAudio, chunkId: string): void;
  stop(runId: string): void;
}

export interface VoiceRuntimeOptions {
  orchestrator: VoiceOrchestrator;
  stt: SpeechToText;
  tts: TextToSpeech;
  /** Hands-free turn-taking needs it; without one, speech events come through `interrupt()` / `dispatch()`. */
  vad?: VoiceActivityDetector;
  tools?: ToolRegistry;
  clock: Clock;
  logger: Logger;
  mode: TurnTaking;
  /** Timeouts, barge-in minimum, chunking: the reducer's defaults where absent. */
  reducerOptions?: Partial<VoiceReducerOptions>;
  leadIn?: LeadInOptions;
  output: VoiceOutput;
  onNotice(notice: VoiceNotice): void;
  /** Once per run, when the run is over (answered, interrupted or failed). */
  onMetrics?(runId: string, metrics: VoiceTurnMetrics): void;
  /**
   * A run's exchange is over (answered, cut off by the user, or given up): what was heard of the
   * answer to `query`, for the conversation to store. Comes before the next turn starts.
   */
  onTurnRecord?(record: { runId: string; query: string; heardText: string; interrupted: boolean }): void;
  /** Every orchestrator chunk as it arrives (agent partials for the UI, the final with its trace). */
  onTurnChunk?(runId: string, chunk: TurnChunkOut): void;
  /** Passed to the orchestrator with each turn. */
  turnContext?: Partial<Pick<TurnContext, 'sessionId' | 'timeZone' | 'locale'>>;
  /** STT language hint and TTS voice settings. */
  language?: string;
  voice?: string;
  speed?: number;
}

export interface VoiceRuntime {
  /** 16 kHz mono PCM16 from the microphone, any frame length. Resolves once the VAD has seen it. */
  pushAudio(samples16k: Int16Array): Promise<void>;
  talkPressed(): void;
  talkReleased(): void;
  typed(text: string): void;
  /** The user was heard over the assistant by a detector outside the runtime (the renderer's VAD). */
  interrupt(): void;
  playbackStarted(runId: string, chunkId: string): void;
  playbackProgress(runId: string, heardMs: number): void;
  playbackEnded(runId: string, chunkId: string): void;
  setMode(mode: TurnTaking): void;
  dispatch(event: VoiceEvent): void;
  phase(): VoicePhase;
  /** The user is being heard: the talk key is held, or hands-free speech has started and not ended. */
  hearing(): boolean;
  /** Resolves when no provider call, tool or audio push is in flight (timers may still be armed). */
  settled(): Promise<void>;
  /** Aborts every run, clears timers; later calls do nothing. */
  close(): Promise<void>;
}
