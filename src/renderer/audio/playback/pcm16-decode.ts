/** Base64 of PCM16 little-endian mono -> samples in [-1, 1). An odd trailing byte is dropped. */
export function decodePcm16Base64(base64: string): Float32Array<ArrayBuffer> {
  const binary = atob(base64);
  const samples = new Float32Array(Math.floor(binary.length / 2));
  for (let i = 0; i < samples.length; i++) {
    const unsigned = binary.charCodeAt(2 * i) | (binary.charCodeAt(2 * i + 1) << 8);
    samples[i] = (unsigned >= 0x8000 ? unsigned - 0x10000 : unsigned) / 0x8000;
  }
  return samples;
}

/** Duration of `sampleCount` samples at `sampleRate`, s. */
export const durationS = (sampleCount: number, sampleRate: number): number => sampleCount / sampleRate;
