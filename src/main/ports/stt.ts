import type { PcmAudio } from './audio.ts';

export interface TranscribeRequest {
  audio: PcmAudio;
  /** BCP 47 hint, e.g. "en"; the provider may detect another. */
  language?: string;
  signal?: AbortSignal;
}

export interface Transcript {
  text: string;
  /** Detected or given language, when the provider says. */
  language: string | null;
}

/** Speech to text for one finished utterance. Failures reject with AppError (retryable says if a retry can help). */
export interface SpeechToText {
  readonly provider: string;
  transcribe(request: TranscribeRequest): Promise<Transcript>;
  /** Loads what the first request would otherwise wait for (a local model); never rejects. */
  warmUp?(): Promise<void>;
}
