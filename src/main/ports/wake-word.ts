/** The wake phrase recognised in a stream, at `atMs` of stream time (ms since the last reset). */
export interface WakeDetection {
  score: number;
  atMs: number;
}

/** Listens for one wake phrase in 16 kHz mono PCM16 pushed in order, in chunks of any length. */
export interface WakeWordDetector {
  /** How the phrase is written, for the UI and to take it out of transcripts ("Hey Jarvis"). */
  readonly phraseLabel: string;
  /** Resolves with the detections these samples completed. */
  push(samples: Int16Array): Promise<WakeDetection[]>;
  reset(): void;
}
