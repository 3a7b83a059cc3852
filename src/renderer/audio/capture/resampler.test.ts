import { describe, expect, it } from 'vitest';
import { createResampler, TARGET_SAMPLE_RATE } from './resampler.ts';

function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(sampleRate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

/** Runs `input` through in render quanta of `block` samples, as the worklet does. */
function resampleAll(inputRate: number, input: Float32Array, block = 128): Float32Array {
  const resampler = createResampler(inputRate);
  const output = new Float32Array(resampler.maxOutputFor(block));
  const all: number[] = [];
  for (let offset = 0; offset < input.length; offset += block) {
    const produced = resampler.process(input.subarray(offset, offset + block), output);
    for (let i = 0; i < produced; i++) all.push(output[i] as number);
  }
  return Float32Array.from(all);
}

/** Mean power of the middle of a signal (away from the filter's start-up). */
function power(signal: Float32Array): number {
  const from = Math.floor(signal.length * 0.2);
  const to = Math.floor(signal.length * 0.8);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (signal[i] as number) ** 2;
  return sum / (to - from);
}

const db = (ratio: number) => 10 * Math.log10(ratio);

describe('createResampler', () => {
  for (const inputRate of [48000, 44100]) {
    describe(`${inputRate} Hz -> 16 kHz`, () => {
      it('keeps the output rate: one second in, one second out', () => {
        const out = resampleAll(inputRate, sine(440, inputRate, 1));
        // The filter holds back half its length (a few ms) until more input arrives.
        expect(out.length).toBeLessThanOrEqual(TARGET_SAMPLE_RATE);
        expect(out.length).toBeGreaterThan(TARGET_SAMPLE_RATE - 80);
      });

      for (const frequency of [200, 1000, 3000, 6000]) {
        it(`passes an in-band ${frequency} Hz sine with its energy`, () => {
          const input = sine(frequency, inputRate, 0.5);
          const out = resampleAll(inputRate, input);
          expect(Math.abs(db(power(out) / power(input)))).toBeLessThan(0.1);
        });
      }

      for (const frequency of [8500, 10000, 15000, 20000]) {
        it(`removes an out-of-band ${frequency} Hz sine instead of folding it back`, () => {
          const input = sine(frequency, inputRate, 0.5);
          const out = resampleAll(inputRate, input);
          expect(db(power(out) / power(input))).toBeLessThan(-60);
        });
      }

      it('puts a 1 kHz tone at 1 kHz in the output (no pitch shift)', () => {
        const out = resampleAll(inputRate, sine(1000, inputRate, 0.5));
        // Zero crossings per second of a 1 kHz sine: 2000.
        let crossings = 0;
        const from = 1600;
        const to = out.length - 1600;
        for (let i = from + 1; i < to; i++) if (Math.sign(out[i] as number) !== Math.sign(out[i - 1] as number)) crossings++;
        const perSecond = crossings / ((to - from - 1) / TARGET_SAMPLE_RATE);
        expect(perSecond).toBeGreaterThan(1990);
        expect(perSecond).toBeLessThan(2010);
      });
    });
  }

  it('gives the same samples whatever the block sizes', () => {
    const input = sine(700, 44100, 0.2);
    const whole = resampleAll(44100, input, input.length);
    const small = resampleAll(44100, input, 37);
    expect(small.length).toBe(whole.length);
    for (let i = 0; i < whole.length; i++) expect(small[i]).toBeCloseTo(whole[i] as number, 6);
  });

  it('keeps a constant constant (unity gain at DC)', () => {
    const out = resampleAll(48000, new Float32Array(4800).fill(0.25));
    for (let i = 200; i < out.length; i++) expect(out[i]).toBeCloseTo(0.25, 4);
  });

  it('passes 16 kHz input through unchanged', () => {
    const input = sine(1234, 16000, 0.1);
    const out = resampleAll(16000, input);
    // Output n sits at input n; only the filter's look-ahead (the tail) is still held back.
    expect(out.length).toBeGreaterThan(input.length - 100);
    for (let i = 100; i < out.length; i++) expect(out[i]).toBeCloseTo(input[i] as number, 3);
  });

  it('refuses rates that are not positive integers', () => {
    expect(() => createResampler(0)).toThrow(/positive integers/);
    expect(() => createResampler(44100.5)).toThrow(/positive integers/);
  });
});
