import * as waveResamplerModule from 'wave-resampler';
import type { PcmAudio } from '../../ports/audio.ts';
import { AppError } from '../../core/errors.ts';
import { assertSupportedSampleRate, clampToInt16 } from './pcm.ts';

// wave-resampler is CommonJS: Node exposes it only as `default`; a bundler reading its ESM entry
// gives named exports.
const waveResampler =
  (waveResamplerModule as unknown as { default?: typeof waveResamplerModule }).default ?? waveResamplerModule;

/**
 * Cubic interpolation with wave-resampler's zero-phase (forward + backward) Butterworth low-pass,
 * which removes what the lower rate cannot hold: good for speech, and cheaper than its sinc mode.
 * Going up (a phone line's 8 kHz to 16 kHz) nothing needs removing, and the filter was most of the
 * cost (measured: about three quarters of the main thread's resampling at 20 calls).
 */
const RESAMPLE_OPTIONS = { method: 'cubic', LPF: true, LPFType: 'IIR' } as const;
const UPSAMPLE_OPTIONS = { method: 'cubic', LPF: false } as const;

interface RateRatio {
  fromRate: number;
  toRate: number;
  /** fromRate / toRate = inputUnit / outputUnit in lowest terms (44100 -> 16000: 441 / 160). */
  inputUnit: number;
  outputUnit: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Files arrive at any rate (11,025, 32,000 ...); the pipeline only produces its own rates. */
function rateRatio(fromRate: number, toRate: number): RateRatio {
  if (!Number.isInteger(fromRate) || fromRate < 1000 || fromRate > 384_000) {
    throw new AppError('bad_request', `cannot resample from ${fromRate} Hz: expected a whole number of Hz from 1,000 to 384,000`);
  }
  assertSupportedSampleRate(toRate);
  const divisor = gcd(fromRate, toRate);
  return { fromRate, toRate, inputUnit: fromRate / divisor, outputUnit: toRate / divisor };
}

/**
 * Resamples `window` (length inputUnit * k + 1) to exactly outputUnit * k samples, output j
 * landing on input position j * inputUnit / outputUnit exactly.
 *
 * wave-resampler maps output t to input t * (n - 1) / m (n in, m out), a slight stretch that would
 * misalign consecutive windows, and takes only the ratio of the two rates it is given (for its
 * output length and its filter's cutoff). So it is given stand-in rates n and m + 0.5: the output
 * length floor(m + 0.5) = m is safe from float error, the mapping is exact, and the cutoff moves by
 * less than 1 / (2m).
 */
function resampleAligned(window: Float64Array, ratio: RateRatio): ArrayLike<number> {
  const k = (window.length - 1) / ratio.inputUnit;
  const outputLength = ratio.outputUnit * k;
  // The library filters its input in place when downsampling: the window is always our own copy.
  const options = ratio.toRate > ratio.fromRate ? UPSAMPLE_OPTIONS : RESAMPLE_OPTIONS;
  const out = waveResampler.resample(window, window.length, outputLength + 0.5, { ...options });
  if (out.length !== outputLength) throw new Error(`resampler made ${out.length} samples, expected ${outputLength}`);
  return out;
}

function toPcm16(values: ArrayLike<number>, start: number, count: number): Int16Array {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = clampToInt16((values[start + i] as number | undefined) ?? 0);
  return out;
}

/** round(n * toRate / fromRate): how many samples n input samples become. */
export const resampledLength = (inputLength: number, fromRate: number, toRate: number): number =>
  Math.round((inputLength * toRate) / fromRate);

/** One-shot: the whole clip at once (silence is assumed before and after it). */
export function resamplePcm(audio: PcmAudio, toRate: number): PcmAudio {
  const ratio = rateRatio(audio.sampleRate, toRate);
  if (audio.sampleRate === toRate) return { samples: audio.samples.slice(), sampleRate: toRate };
  const outputLength = resampledLength(audio.samples.length, audio.sampleRate, toRate);
  if (outputLength === 0) return { samples: new Int16Array(0), sampleRate: toRate };
  const window = new Float64Array(ratio.inputUnit * Math.ceil(audio.samples.length / ratio.inputUnit) + 1);
  window.set(audio.samples);
  return { samples: toPcm16(resampleAligned(window, ratio), 0, outputLength), sampleRate: toRate };
}

/**
 * Streaming resampler: chunks of any size in, audio out in blocks of about 10 ms of input.
 *
 * Resampling chunks independently would make the filter ring at every chunk edge (each call
 * assumes silence around its input): a click per chunk. Instead each block is resampled inside a
 * window with one block (about 10 ms) of real input on each side and only the block's own output
 * is kept, on the same sample grid as a one-shot resample (tests find them within 1 LSB). The
 * price: up to two blocks of latency (about 20 ms) and about 3.5x the work of a one-shot resample
 * (bench: 54 vs 15 ms of CPU per second of 48 kHz audio).
 */
export class StreamingResampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly ratio: RateRatio;
  /** Input samples per block and per context side: a whole number of rate units. */
  private readonly block: number;
  /** Input kept, starting at global input index `bufferStart` (a multiple of inputUnit). */
  private buffer = new Int16Array(0);
  private bufferStart = 0;
  /** Global input index of the first sample not yet resampled (a multiple of `block`). */
  private next = 0;
  private inputTotal = 0;

  constructor(fromRate: number, toRate: number) {
    this.ratio = rateRatio(fromRate, toRate);
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.block = this.ratio.inputUnit * Math.max(1, Math.ceil(fromRate / 100 / this.ratio.inputUnit));
  }

  /** Worst-case delay between a sample going in and its resampled value coming out, in ms. */
  get latencyMs(): number {
    return this.fromRate === this.toRate ? 0 : ((2 * this.block) / this.fromRate) * 1000;
  }

  push(chunk: Int16Array): Int16Array {
    if (this.fromRate === this.toRate) return chunk.slice();
    this.inputTotal += chunk.length;
    const grown = new Int16Array(this.buffer.length + chunk.length);
    grown.set(this.buffer);
    grown.set(chunk, this.buffer.length);
    this.buffer = grown;
    const parts: Int16Array[] = [];
    while (this.inputTotal - this.next >= 2 * this.block) parts.push(this.emit(this.outputsPerBlock()));
    return joinInt16(parts);
  }

  /** Emits everything left, assuming silence after it; the resampler then starts afresh. */
  flush(): Int16Array {
    if (this.fromRate === this.toRate) return new Int16Array(0);
    const parts: Int16Array[] = [];
    while (this.inputTotal - this.next >= this.block) parts.push(this.emit(this.outputsPerBlock()));
    const expectedTotal = resampledLength(this.inputTotal, this.fromRate, this.toRate);
    const emitted = (this.next * this.ratio.outputUnit) / this.ratio.inputUnit;
    if (expectedTotal > emitted) parts.push(this.emit(expectedTotal - emitted));
    this.buffer = new Int16Array(0);
    this.bufferStart = 0;
    this.next = 0;
    this.inputTotal = 0;
    return joinInt16(parts);
  }

  private outputsPerBlock(): number {
    return (this.block * this.ratio.outputUnit) / this.ratio.inputUnit;
  }

  /** Resamples from `next` on, `outputCount` samples, with up to `block` context on each side. */
  private emit(outputCount: number): Int16Array {
    const { inputUnit, outputUnit } = this.ratio;
    const windowStart = Math.max(this.bufferStart, this.next - this.block);
    const inputSpan = inputUnit * Math.ceil(outputCount / outputUnit);
    const window = new Float64Array(this.next - windowStart + inputSpan + this.block + 1);
    const from = windowStart - this.bufferStart;
    window.set(this.buffer.subarray(from, Math.min(this.buffer.length, from + window.length)));
    const resampled = resampleAligned(window, this.ratio);
    const out = toPcm16(resampled, ((this.next - windowStart) * outputUnit) / inputUnit, outputCount);
    this.next += this.block;
    // Keep one block before `next` as the left context of the next window.
    const keepFrom = Math.max(0, this.next - this.block);
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
    return out;
  }
}

function joinInt16(parts: readonly Int16Array[]): Int16Array {
  if (parts.length === 1) return parts[0] as Int16Array;
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
