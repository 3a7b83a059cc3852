import type { Logger } from 'pino';
import type { TurnTrace } from '../../shared/trace.ts';
import type { TurnContext } from '../core/moe/orchestrator-types.ts';
import type { VoiceReducerOptions } from '../core/voice-loop/voice-options.ts';
import type { TurnTaking, VoiceEvent, VoiceNotice, VoicePhase } from '../core/voice-loop/voice-types.ts';
import type { PcmAudio } from '../ports/audio.ts';
import type { Clock } from '../ports/clock.ts';
import type { SpeechToText } from '../ports/stt.ts';
import type { TextToSpeech } from '../ports/tts.ts';
import type { VoiceActivityDetector } from '../ports/vad.ts';
import type { WakeWordDetector } from '../ports/wake-word.ts';
import type { VoiceTurnMetrics } from './voice-metrics.ts';

/**
 * What a turn streams to the runtime (the conversation engine's events, as the host forwards them).
 * `delta` text is spoken as it comes; the `final`'s text is the whole answer, of which whatever the
 * deltas did not already say is spoken last. Tool events keep the run alive while a tool works.
 */
export type VoiceTurnChunk =
  | { type: 'partial'; turnId: string; agent: string; text: string; confidence: number }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'tool_call'; turnId: string; callId: string; name: string; arguments: string }
  | { type: 'tool_result'; turnId: string; callId: string; name: string; ok: boolean; output: string; durationMs: number }
  | { type: 'final'; turnId: string; text: string; trace: TurnTrace };

/** What the runtime needs of the conversation: one turn's stream, cancelled through `context.signal`. */
export interface VoiceOrchestrator {
  processStream(query: string, context: TurnContext): AsyncIterable<VoiceTurnChunk>;
}

/** Timers the reducer asks for; injected so tests run on fake time. Returns a cancel function. */
export type VoiceSetTimer = (fn: () => void, ms: number) => () => void;

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
  /** Wake-word turn-taking needs it (with the VAD). */
  wake?: WakeWordDetector;
  clock: Clock;
  /** Default: the host's setTimeout. */
  setTimer?: VoiceSetTimer;
  logger: Logger;
  mode: TurnTaking;
  /** Timeouts, barge-in minimum, chunking: the reducer's defaults where absent. */
  reducerOptions?: Partial<VoiceReducerOptions>;
  output: VoiceOutput;
  /** The rate the output plays at (a phone line's 8,000 Hz), asked of the TTS so it converts off the main thread where it can. */
  outputSampleRate?: number;
  onNotice(notice: VoiceNotice): void;
  /** Once per run, when the run is over (answered, interrupted or failed). */
  onMetrics?(runId: string, metrics: VoiceTurnMetrics): void;
  /**
   * A run's exchange is over (answered, cut off by the user, or given up): what was heard of the
   * answer to `query`, for the conversation to store. Comes before the next turn starts.
   */
  onTurnRecord?(record: { runId: string; query: string; heardText: string; interrupted: boolean }): void;
  /** Every chunk of a turn as it arrives (agent partials for the UI, tool events, the final with its trace). */
  onTurnChunk?(runId: string, chunk: VoiceTurnChunk): void;
  /** Passed to the orchestrator with each turn. */
  turnContext?: Partial<Pick<TurnContext, 'sessionId' | 'timeZone' | 'locale'>>;
  /** STT language hint and TTS voice settings. */
  language?: string;
  voice?: string;
  /**
   * The conversation's language now (it follows the user, see core/language/session-language.ts):
   * overrides `language` for each transcription and synthesis; `voiceFor` picks the voice for it.
   */
  languageNow?: () => string;
  voiceFor?: (language: string) => string | undefined;
  speed?: number;
}

export interface VoiceRuntime {
  /** 16 kHz mono PCM16 from the microphone, any frame length. Resolves once the VAD has seen it. */
  pushAudio(samples16k: Int16Array): Promise<void>;
  talkPressed(): void;
  talkReleased(): void;
  typed(text: string): void;
  /**
   * Says `text` on the assistant's own account: now if idle, else after the current exchange; an
   * urgent one (a timer going off) now, cutting off the answer being spoken.
   */
  announce(text: string, urgency?: { urgent?: boolean }): void;
  /** The user moved on (a typed question): the answer in flight is cut off at once, recorded as heard. */
  stop(): void;
  /** Transcribes again what was said in `runId`, whose transcription failed; false when its audio is no longer kept. */
  retryTranscription(runId: string): boolean;
  /** The user was heard over the assistant by a detector outside the runtime (the renderer's VAD). */
  interrupt(): void;
  /** The line went away: what is being said is cut off and recorded as heard (then close()). */
  hangUp(): void;
  playbackStarted(runId: string, chunkId: string): void;
  playbackProgress(runId: string, heardMs: number): void;
  playbackEnded(runId: string, chunkId: string): void;
  /** The output cannot play this run's audio (a page not allowed to make sound): the rest is shown as text. */
  playbackFailed(runId: string, reason: string): void;
  setMode(mode: TurnTaking): void;
  dispatch(event: VoiceEvent): void;
  phase(): VoicePhase;
  /** The user is being heard: the talk key is held, or hands-free speech has started and not ended. */
  hearing(): boolean;
  /** Resolves when no provider call, turn or audio push is in flight (timers may still be armed). */
  settled(): Promise<void>;
  /** Aborts every run, clears timers; later calls do nothing. */
  close(): Promise<void>;
}
