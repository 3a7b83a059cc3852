// Silero VAD cost on the main side: onnxruntime-node inference per 32 ms frame (512 samples plus
// 64 of context at 16 kHz), and the whole detector's real-time factor (inference, framing,
// hysteresis and edge refinement) over the same audio pushed in 20 ms chunks as a microphone
// would deliver it. Audio: espeak-ng sentences separated by 0.3-1.5 s of silence, about 100 s
// (3,100 frames), of which roughly half is speech.
// Run alone: node --disable-warning=ExperimentalWarning bench/vad.bench.ts
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import { createSileroVad } from '../src/main/adapters/embedded/silero-vad.ts';
import { loadSileroSession, SileroFrameModel, sileroModelPath } from '../src/main/adapters/embedded/vad/silero-model.ts';
import { concatAudio, silence, speak, withSilence } from '../src/main/adapters/testing/speech-fixtures.ts';
import { sized } from './support/scale.ts';

const SENTENCES = [
  'Hello, what is the weather like in Paris tomorrow?',
  'Set a timer for ten minutes.',
  'How far is the moon from the earth?',
  'First, open the window. Then, close the door. Finally, turn off the lights.',
  'Who won the match yesterday evening?',
  'Please call my sister.',
];
const TARGET_MS = sized(100_000, 4_000);
const FRAME = 512;
const WARMUP_FRAMES = sized(200, 10);
const PUSH_SAMPLES = 320;

async function benchAudio(): Promise<PcmAudio> {
  const clips = await Promise.all(SENTENCES.map(async (text, index) => withSilence(await speak(text), { afterMs: 300 + index * 240 }).audio));
  const parts: PcmAudio[] = [silence(500, 16000)];
  let total = 500;
  for (let index = 0; total < TARGET_MS; index++) {
    const clip = clips[index % clips.length] as PcmAudio;
    parts.push(clip);
    total += (clip.samples.length / 16000) * 1000;
  }
  return concatAudio(...parts);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const round = (value: number, digits: number) => Number(value.toFixed(digits));

export const figures = ['voice.vad_frame_p50_us', 'voice.vad_frame_p99_us', 'voice.vad_rtf', 'voice.vad_bench_frames', 'voice.vad_bench_segments'];

export async function run(): Promise<Record<string, unknown>> {
  const audio = await benchAudio();
  const frameCount = Math.floor(audio.samples.length / FRAME);

  const model = new SileroFrameModel(await loadSileroSession(sileroModelPath('v5')));
  for (let frame = 0; frame < WARMUP_FRAMES; frame++) await model.probability(audio.samples.subarray(frame * FRAME, (frame + 1) * FRAME));
  model.reset();
  const frameUs: number[] = [];
  for (let frame = 0; frame < frameCount; frame++) {
    const samples = audio.samples.subarray(frame * FRAME, (frame + 1) * FRAME);
    const started = performance.now();
    await model.probability(samples);
    frameUs.push((performance.now() - started) * 1000);
  }
  frameUs.sort((a, b) => a - b);

  const vad = await createSileroVad();
  const started = performance.now();
  let segments = 0;
  for (let offset = 0; offset < audio.samples.length; offset += PUSH_SAMPLES) {
    for (const event of await vad.push(audio.samples.subarray(offset, offset + PUSH_SAMPLES))) if (event.type === 'speech_ended') segments++;
  }
  for (const event of await vad.flush()) if (event.type === 'speech_ended') segments++;
  const elapsedMs = performance.now() - started;
  const audioMs = (audio.samples.length / 16000) * 1000;

  return {
    'voice.vad_frame_p50_us': round(percentile(frameUs, 50), 1),
    'voice.vad_frame_p99_us': round(percentile(frameUs, 99), 1),
    'voice.vad_rtf': round(elapsedMs / audioMs, 5),
    'voice.vad_bench_frames': frameCount,
    'voice.vad_bench_segments': segments,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
