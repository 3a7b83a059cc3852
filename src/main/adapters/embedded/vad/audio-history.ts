export const SAMPLE_RATE = 16000;
/** Silero v5/v6 take 512 new samples (32 ms) per call at 16 kHz. */
export const FRAME_SAMPLES = 512;
/** Energy is measured in 8 ms blocks to place speech edges finer than a frame. */
export const BLOCK_SAMPLES = 128;
export const BLOCKS_PER_FRAME = FRAME_SAMPLES / BLOCK_SAMPLES;

/**
 * Recent audio of a stream, addressed by absolute sample index (stream time), with the RMS of each
 * 8 ms block. Frames are appended whole; old audio is dropped with trim().
 */
export class AudioHistory {
  private samples = new Int16Array(FRAME_SAMPLES * 64);
  private rms = new Float64Array(BLOCKS_PER_FRAME * 64);
  /** Stream sample index of samples[0]. */
  private base = 0;
  private length = 0;

  clear(): void {
    this.base = 0;
    this.length = 0;
  }

  get firstBlock(): number {
    return this.base / BLOCK_SAMPLES;
  }

  /** One past the last block held. */
  get endBlock(): number {
    return (this.base + this.length) / BLOCK_SAMPLES;
  }

  append(frame: Int16Array): void {
    if (this.length + frame.length > this.samples.length) this.grow(this.length + frame.length);
    this.samples.set(frame, this.length);
    for (let i = 0; i < frame.length / BLOCK_SAMPLES; i++) {
      let sum = 0;
      for (let j = i * BLOCK_SAMPLES; j < (i + 1) * BLOCK_SAMPLES; j++) sum += (frame[j] as number) ** 2;
      this.rms[(this.length + i * BLOCK_SAMPLES) / BLOCK_SAMPLES] = Math.sqrt(sum / BLOCK_SAMPLES);
    }
    this.length += frame.length;
  }

  /** RMS of a block (stream block index); 0 for blocks no longer or not yet held. */
  blockRms(block: number): number {
    const local = block - this.base / BLOCK_SAMPLES;
    return local >= 0 && local < this.length / BLOCK_SAMPLES ? (this.rms[local] as number) : 0;
  }

  frameRms(frame: number): number {
    let sum = 0;
    for (let i = 0; i < BLOCKS_PER_FRAME; i++) sum += this.blockRms(frame * BLOCKS_PER_FRAME + i) ** 2;
    return Math.sqrt(sum / BLOCKS_PER_FRAME);
  }

  /** Copy of the audio between two stream sample indexes, clipped to what is held. */
  slice(from: number, to: number): Int16Array {
    const start = Math.max(0, from - this.base);
    const end = Math.min(this.length, to - this.base);
    return end > start ? this.samples.slice(start, end) : new Int16Array(0);
  }

  /** Drops audio before a stream sample index (rounded down to a whole frame). */
  trim(from: number): void {
    const drop = Math.floor(Math.max(0, from - this.base) / FRAME_SAMPLES) * FRAME_SAMPLES;
    if (drop <= 0) return;
    const kept = Math.max(0, this.length - drop);
    this.samples.copyWithin(0, drop, drop + kept);
    this.rms.copyWithin(0, drop / BLOCK_SAMPLES, (drop + kept) / BLOCK_SAMPLES);
    this.base += Math.min(drop, this.length);
    this.length = kept;
  }

  private grow(needed: number): void {
    let size = this.samples.length;
    while (size < needed) size *= 2;
    const samples = new Int16Array(size);
    samples.set(this.samples.subarray(0, this.length));
    const rms = new Float64Array(size / BLOCK_SAMPLES);
    rms.set(this.rms.subarray(0, this.length / BLOCK_SAMPLES));
    this.samples = samples;
    this.rms = rms;
  }
}
