import type { PcmAudio } from '../../ports/audio.ts';
import { AppError } from '../../core/errors.ts';

/** Rates the voice pipeline moves audio at (Hz). */
export const SUPPORTED_SAMPLE_RATES = [8000, 16000, 22050, 24000, 44100, 48000] as const;
export type SupportedSampleRate = (typeof SUPPORTED_SAMPLE_RATES)[number];

export const isSupportedSampleRate = (rate: number): rate is SupportedSampleRate =>
  (SUPPORTED_SAMPLE_RATES as readonly number[]).includes(rate);

export function assertSupportedSampleRate(rate: number): asserts rate is SupportedSampleRate {
  if (!isSupportedSampleRate(rate)) {
    throw new AppError('bad_request', `unsupported sample rate ${rate} Hz (supported: ${SUPPORTED_SAMPLE_RATES.join(', ')})`);
  }
}

/** Int16 -> [-1, 1). Divides by 32768 so that -32768 maps to exactly -1. */
export function pcm16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] as number) / 32768;
  return out;
}

/** [-1, 1] (or any real numbers scaled so) -> Int16, rounded and clipped. */
export function float32ToPcm16(samples: ArrayLike<number>): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = clampToInt16((samples[i] as number) * 32768);
  return out;
}

export function clampToInt16(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const rounded = Math.round(value);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}

/** Averages channels sample by sample; every channel must have the same length. */
export function downmixToMono(channels: readonly ArrayLike<number>[]): Float64Array {
  const first = channels[0];
  if (!first) return new Float64Array(0);
  const out = new Float64Array(first.length);
  for (const channel of channels) {
    if (channel.length !== first.length) throw new AppError('bad_request', 'channels differ in length');
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (channel[i] as number);
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / channels.length;
  return out;
}

/** Interleaved stereo Int16 (L R L R ...) -> mono Int16. */
export function stereoInterleavedToMono(interleaved: Int16Array): Int16Array {
  if (interleaved.length % 2 !== 0) throw new AppError('bad_request', 'interleaved stereo needs an even number of samples');
  const out = new Int16Array(interleaved.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = clampToInt16(((interleaved[2 * i] as number) + (interleaved[2 * i + 1] as number)) / 2);
  }
  return out;
}

/** Root mean square on the Int16 scale (0 .. 32768). */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] as number) ** 2;
  return Math.sqrt(sum / samples.length);
}

export function concatPcm(parts: readonly PcmAudio[]): PcmAudio {
  const first = parts[0];
  if (!first) throw new AppError('bad_request', 'nothing to concatenate');
  let length = 0;
  for (const part of parts) {
    if (part.sampleRate !== first.sampleRate) {
      throw new AppError('bad_request', `cannot concatenate ${part.sampleRate} Hz audio with ${first.sampleRate} Hz audio`);
    }
    length += part.samples.length;
  }
  const samples = new Int16Array(length);
  let offset = 0;
  for (const part of parts) {
    samples.set(part.samples, offset);
    offset += part.samples.length;
  }
  return { samples, sampleRate: first.sampleRate };
}
