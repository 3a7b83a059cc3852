/** What a voice-activity detector reports while audio streams through it. Times in ms of stream time. */
export type VadEvent =
  | { type: 'speech_started'; atMs: number }
  | { type: 'speech_ended'; atMs: number; startedAtMs: number; audio: Int16Array; sampleRate: number };

/**
 * Streaming VAD over 16 kHz mono PCM16 frames of any length (it buffers into its own frame size).
 * Hysteresis and minimum durations live in the adapter's options.
 */
export interface VoiceActivityDetector {
  readonly sampleRate: 16000;
  /** Feed audio; returns the events the new audio completed, in order. */
  push(samples: Int16Array): Promise<VadEvent[]>;
  /** Forget everything (new stream). */
  reset(): void;
}
