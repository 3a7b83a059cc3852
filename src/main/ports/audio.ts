/** Mono 16-bit PCM at a stated rate. The unit audio moves in between adapters. */
export interface PcmAudio {
  samples: Int16Array;
  /** Hz: 8000, 16000, 22050, 24000, 44100 or 48000. */
  sampleRate: number;
}

export const durationMs = (audio: PcmAudio) => (audio.samples.length / audio.sampleRate) * 1000;
