// Audio utilities and the embedded espeak-ng TTS.
// - espeak.init_ms: a fresh Emscripten module + worker, loading its 24 MB of voice data (median of
//   several, each a new module instance; the first one in a process also compiles the code).
// - espeak.synth_*: per sentence, wall time to synthesize / duration of the audio made (real-time
//   factor), over a set of English sentences repeated.
// - resample.*: ms of CPU per second of audio, one-shot and streamed in 20 ms chunks
//   (48 kHz -> 16 kHz, the microphone path; 22,050 -> 48,000 Hz, espeak to a 48 kHz output).
// Run alone: node bench/audio.bench.ts
import { pathToFileURL } from 'node:url';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import { durationMs } from '../src/main/ports/audio.ts';
import { EspeakTextToSpeech } from '../src/main/adapters/embedded/espeak-tts.ts';
import { resamplePcm, StreamingResampler } from '../src/main/adapters/audio/resample.ts';
import { decodeWav, encodeWav } from '../src/main/adapters/audio/wav.ts';
import { decodeMuLaw, encodeMuLaw } from '../src/main/adapters/audio/mulaw.ts';
import { sized } from './support/scale.ts';

const INIT_RUNS = sized(5, 1);
const SYNTH_ROUNDS = sized(4, 1);
const RESAMPLE_RUNS = sized(20, 2);
const SENTENCES = [
  'Turn on the lights in the kitchen.',
  'What is the weather going to be like tomorrow morning?',
  'Remind me to call my mother at six.',
  'The quick brown fox jumps over the lazy dog.',
  'Set a timer for ten minutes.',
  'I found three restaurants near you that are open now.',
];

export const figures = [
  'espeak.init_first_ms',
  'espeak.init_p50_ms',
  'espeak.synth_sentence_p50_ms',
  'espeak.synth_sentence_p95_ms',
  'espeak.synth_realtime_factor_p50',
  'espeak.synth_realtime_factor_p95',
  'resample.oneshot_48k_to_16k_ms_per_s',
  'resample.oneshot_22k_to_48k_ms_per_s',
  'resample.stream_48k_to_16k_ms_per_s',
  'resample.stream_22k_to_48k_ms_per_s',
  'resample.stream_48k_to_16k_chunk_p99_ms',
  'wav.decode_ms_per_s',
  'mulaw.roundtrip_ms_per_s',
];

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const sentences = sized(SENTENCES, SENTENCES.slice(0, 2));

  const { default: createEspeakModule } = await import('@echogarden/espeak-ng-emscripten');
  const initTimes: number[] = [];
  for (let i = 0; i < INIT_RUNS; i++) {
    const started = performance.now();
    const module = await createEspeakModule();
    new module.eSpeakNGWorker();
    initTimes.push(performance.now() - started);
  }
  results['espeak.init_first_ms'] = round(initTimes[0] as number);
  results['espeak.init_p50_ms'] = round(percentile(initTimes, 0.5));

  const tts = new EspeakTextToSpeech();
  await tts.warmUp();
  const factors: number[] = [];
  const sentenceMs: number[] = [];
  let speech: PcmAudio | undefined;
  for (let round = 0; round < SYNTH_ROUNDS; round++) {
    for (const text of sentences) {
      const started = performance.now();
      for await (const chunk of tts.synthesize({ text })) {
        const elapsed = performance.now() - started;
        sentenceMs.push(elapsed);
        factors.push(elapsed / durationMs(chunk));
        speech ??= chunk;
      }
    }
  }
  results['espeak.synth_sentence_p50_ms'] = round(percentile(sentenceMs, 0.5));
  results['espeak.synth_sentence_p95_ms'] = round(percentile(sentenceMs, 0.95));
  results['espeak.synth_realtime_factor_p50'] = round(percentile(factors, 0.5));
  results['espeak.synth_realtime_factor_p95'] = round(percentile(factors, 0.95));

  const mic = tone(48000, 1);
  const tts22k = tone(22050, 1);
  results['resample.oneshot_48k_to_16k_ms_per_s'] = round(timePerRun(() => resamplePcm(mic, 16000)));
  results['resample.oneshot_22k_to_48k_ms_per_s'] = round(timePerRun(() => resamplePcm(tts22k, 48000)));
  results['resample.stream_48k_to_16k_ms_per_s'] = round(timePerRun(() => stream(mic, 16000)));
  results['resample.stream_22k_to_48k_ms_per_s'] = round(timePerRun(() => stream(tts22k, 48000)));
  const chunkTimes = chunkLatencies(mic, 16000);
  results['resample.stream_48k_to_16k_chunk_p99_ms'] = round(percentile(chunkTimes, 0.99));

  const wav = encodeWav(speech as PcmAudio);
  results['wav.decode_ms_per_s'] = round(timePerRun(() => decodeWav(wav)) / (durationMs(speech as PcmAudio) / 1000));
  const at8k = resamplePcm(speech as PcmAudio, 8000);
  results['mulaw.roundtrip_ms_per_s'] = round(
    timePerRun(() => decodeMuLaw(encodeMuLaw(at8k.samples))) / (durationMs(at8k) / 1000),
  );
  return results;
}

/** A 440 Hz tone over `seconds` (speech-like level). */
function tone(sampleRate: number, seconds: number): PcmAudio {
  const samples = new Int16Array(sampleRate * seconds);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  return { samples, sampleRate };
}

function stream(audio: PcmAudio, toRate: number): void {
  const resampler = new StreamingResampler(audio.sampleRate, toRate);
  const chunk = (audio.sampleRate * 20) / 1000;
  for (let offset = 0; offset < audio.samples.length; offset += chunk) resampler.push(audio.samples.subarray(offset, offset + chunk));
  resampler.flush();
}

function chunkLatencies(audio: PcmAudio, toRate: number): number[] {
  const times: number[] = [];
  for (let run = 0; run < RESAMPLE_RUNS; run++) {
    const resampler = new StreamingResampler(audio.sampleRate, toRate);
    const chunk = (audio.sampleRate * 20) / 1000;
    for (let offset = 0; offset < audio.samples.length; offset += chunk) {
      const started = performance.now();
      resampler.push(audio.samples.subarray(offset, offset + chunk));
      times.push(performance.now() - started);
    }
  }
  return times;
}

/** Median ms of `work` over RESAMPLE_RUNS runs (after one warm-up). */
function timePerRun(work: () => unknown): number {
  work();
  const times: number[] = [];
  for (let i = 0; i < RESAMPLE_RUNS; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return percentile(times, 0.5);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
