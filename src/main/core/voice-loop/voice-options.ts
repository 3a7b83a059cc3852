import { defaultChunkerOptions, type ChunkerOptions } from './sentence-chunker.ts';

export interface VoiceReducerOptions {
  /**
   * Speech during a run must last this long before the run is cancelled; until then playback is
   * only stopped (paused). 0 cancels at speech_started.
   */
  bargeInMinSpeechMs: number;
  /** A whole utterance shorter than this is noise and starts no turn. */
  minUtteranceMs: number;
  /** Waiting for a transcript. */
  sttTimeoutMs: number;
  /** Waiting for the orchestrator's next text (first chunk or any later one). */
  turnTimeoutMs: number;
  /** Waiting for a tool result. */
  toolTimeoutMs: number;
  /** Waiting for TTS audio or playback progress, on top of the audio still queued. */
  audioTimeoutMs: number;
  /** Speaking rate used to place the heard position inside a segment whose audio is still arriving. */
  estimatedMsPerChar: number;
  /** Spoken when the turn fails before any answer text; empty string: the error is text-only. */
  apologyText: string;
  chunker: ChunkerOptions;
}

export const defaultVoiceReducerOptions: VoiceReducerOptions = {
  bargeInMinSpeechMs: 250,
  minUtteranceMs: 120,
  sttTimeoutMs: 10_000,
  turnTimeoutMs: 15_000,
  toolTimeoutMs: 20_000,
  audioTimeoutMs: 8_000,
  // ~15 characters per second, an ordinary English speaking rate.
  estimatedMsPerChar: 65,
  apologyText: 'Sorry, something went wrong.',
  chunker: defaultChunkerOptions,
};
