import type { PcmAudio } from './audio.ts';

export interface SynthesizeRequest {
  text: string;
  /** Provider voice name; adapters pick one per language when absent. */
  voice?: string;
  language?: string;
  /** Multiplier on the voice's natural rate. */
  speed?: number;
  /** The rate the audio is wanted at (a phone line's 8 kHz); a provider that can make it off the main thread does, others send their own. */
  sampleRate?: number;
  signal?: AbortSignal;
}

/**
 * Text to speech, streamed: audio chunks as they are made (all at one sample rate). Aborting the
 * signal stops synthesis and the stream ends by rejecting. Failures reject with AppError.
 */
export interface TextToSpeech {
  readonly provider: string;
  synthesize(request: SynthesizeRequest): AsyncIterable<PcmAudio>;
  /** Loads what the first request would otherwise wait for (a local engine); never rejects. */
  warmUp?(): Promise<void>;
}
