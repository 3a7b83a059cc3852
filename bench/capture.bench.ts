// The microphone worklet's work per 128-sample render quantum: 44.1/48 kHz -> 16 kHz resampling
// and PCM16 framing. The audio thread has 2.67 ms (48 kHz) / 2.9 ms (44.1 kHz) per quantum.
import { createFrameAssembler, FRAME_SAMPLES } from '../src/renderer/audio/capture/pcm-frames.ts';
import { createResampler } from '../src/renderer/audio/capture/resampler.ts';
import { sized } from './support/scale.ts';

const QUANTUM = 128;
const SECONDS = sized(10, 1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function measure(inputRate: number): { p50: number; p99: number; msPerSecond: number } {
  const resampler = createResampler(inputRate);
  const output = new Float32Array(resampler.maxOutputFor(QUANTUM));
  let frames = 0;
  const assembler = createFrameAssembler(FRAME_SAMPLES, () => frames++);
  const input = new Float32Array(QUANTUM);
  const quanta = Math.floor((inputRate * SECONDS) / QUANTUM);
  const times: number[] = [];
  let phase = 0;
  for (let q = 0; q < quanta; q++) {
    for (let i = 0; i < QUANTUM; i++) input[i] = 0.3 * Math.sin((phase += (2 * Math.PI * 440) / inputRate));
    const started = performance.now();
    assembler.push(output, resampler.process(input, output));
    times.push(performance.now() - started);
  }
  if (frames < SECONDS * 49) throw new Error(`only ${frames} frames out of ${SECONDS} s`);
  const total = times.reduce((sum, t) => sum + t, 0);
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), msPerSecond: total / SECONDS };
}

export const figures = ['48k', '44k1'].flatMap((key) => [
  `capture.resample_${key}_quantum_p50_ms`,
  `capture.resample_${key}_quantum_p99_ms`,
  `capture.resample_${key}_ms_per_audio_s`,
]);

export async function run(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  for (const rate of [48000, 44100]) {
    measure(rate); // warm-up: JIT
    const { p50, p99, msPerSecond } = measure(rate);
    const key = rate === 48000 ? '48k' : '44k1';
    figures[`capture.resample_${key}_quantum_p50_ms`] = Number(p50.toFixed(4));
    figures[`capture.resample_${key}_quantum_p99_ms`] = Number(p99.toFixed(4));
    figures[`capture.resample_${key}_ms_per_audio_s`] = Number(msPerSecond.toFixed(2));
  }
  return figures;
}
