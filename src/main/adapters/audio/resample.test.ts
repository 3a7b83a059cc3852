import { describe, expect, it } from 'vitest';
import type { PcmAudio } from '../../ports/audio.ts';
import { rms, SUPPORTED_SAMPLE_RATES } from './pcm.ts';
import { resamplePcm, StreamingResampler } from './resample.ts';

function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 10_000): PcmAudio {
  const samples = new Int16Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));
  return { samples, sampleRate };
}

/** Frequency from the interval between the first and last upward zero crossings (sub-sample). */
function measuredFrequency(audio: PcmAudio): number {
  const s = audio.samples;
  const crossings: number[] = [];
  for (let i = 1; i < s.length; i++) {
    const a = s[i - 1] as number;
    const b = s[i] as number;
    if (a < 0 && b >= 0) crossings.push(i - 1 + -a / (b - a));
  }
  const first = crossings[0] as number;
  const last = crossings[crossings.length - 1] as number;
  return ((crossings.length - 1) / (last - first)) * audio.sampleRate;
}

/** The middle of the clip, away from the edges where the filter sees silence beyond the clip. */
const middle = (audio: PcmAudio): PcmAudio => {
  const edge = Math.round(audio.sampleRate * 0.05);
  return { samples: audio.samples.subarray(edge, audio.samples.length - edge), sampleRate: audio.sampleRate };
};

const pairs = SUPPORTED_SAMPLE_RATES.flatMap((from) => SUPPORTED_SAMPLE_RATES.filter((to) => to !== from).map((to) => [from, to] as const));

describe('resamplePcm', () => {
  it.each(pairs)('%i Hz -> %i Hz keeps a 440 Hz sine at its frequency and energy', (from, to) => {
    const input = sine(440, from, 0.5);
    const output = resamplePcm(input, to);
    expect(output.sampleRate).toBe(to);
    expect(Math.abs(output.samples.length - (input.samples.length * to) / from)).toBeLessThanOrEqual(1);
    expect(measuredFrequency(middle(output))).toBeCloseTo(440, 0);
    expect(rms(middle(output).samples) / rms(middle(input).samples)).toBeGreaterThan(0.98);
    expect(rms(middle(output).samples) / rms(middle(input).samples)).toBeLessThan(1.02);
  });

  it('removes a tone above the new Nyquist frequency instead of folding it back', () => {
    const output = resamplePcm(sine(6000, 48000, 0.5), 8000);
    expect(rms(middle(output).samples)).toBeLessThan(10_000 * Math.SQRT1_2 * 0.05);
  });

  it('reads any input rate but produces only the pipeline rates', () => {
    const odd = resamplePcm(sine(440, 11025, 0.5), 16000);
    expect(odd.sampleRate).toBe(16000);
    expect(Math.abs(odd.samples.length - 8000)).toBeLessThanOrEqual(1);
    expect(() => resamplePcm(sine(440, 16000, 0.1), 11025)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => resamplePcm({ samples: new Int16Array(10), sampleRate: 12.5 }, 16000)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('returns a copy at the same rate and rejects rates outside the pipeline', () => {
    const input = sine(440, 16000, 0.1);
    const same = resamplePcm(input, 16000);
    expect(same.samples).toEqual(input.samples);
    expect(same.samples).not.toBe(input.samples);
    expect(() => resamplePcm(input, 11025)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

/** Deterministic chunk sizes between 1 and 2,000 samples. */
function* chunkSizes(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (state % 2000);
  }
}

function streamInChunks(input: PcmAudio, to: number, seed: number): PcmAudio {
  const resampler = new StreamingResampler(input.sampleRate, to);
  const parts: Int16Array[] = [];
  const sizes = chunkSizes(seed);
  for (let offset = 0; offset < input.samples.length; ) {
    const size = sizes.next().value as number;
    parts.push(resampler.push(input.samples.subarray(offset, offset + size)));
    offset += size;
  }
  parts.push(resampler.flush());
  const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return { samples, sampleRate: to };
}

describe('StreamingResampler', () => {
  const streamed = [
    [48000, 16000],
    [44100, 16000],
    [22050, 16000],
    [24000, 48000],
    [16000, 22050],
    [8000, 16000],
    [16000, 8000],
  ] as const;

  it.each(streamed)('%i Hz -> %i Hz in random chunks matches a one-shot resample', (from, to) => {
    const input = sine(440, from, 1);
    const oneShot = resamplePcm(input, to);
    const output = streamInChunks(input, to, from + to);
    expect(output.samples.length).toBe(Math.round((input.samples.length * to) / from));
    expect(measuredFrequency(middle(output))).toBeCloseTo(440, 0);
    expect(rms(middle(output).samples) / rms(middle(input).samples)).toBeGreaterThan(0.98);
    // No clicks at block edges: every sample matches the one-shot result to within rounding.
    let worst = 0;
    const edge = Math.round(to * 0.05);
    for (let i = edge; i < output.samples.length - edge; i++) {
      worst = Math.max(worst, Math.abs((output.samples[i] as number) - (oneShot.samples[i] as number)));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('passes audio through when the rates match, and reports its look-ahead', () => {
    const same = new StreamingResampler(16000, 16000);
    const chunk = sine(440, 16000, 0.02).samples;
    expect(same.push(chunk)).toEqual(chunk);
    expect(same.flush()).toHaveLength(0);
    expect(new StreamingResampler(48000, 16000).latencyMs).toBeCloseTo(20, 0);
  });
});
