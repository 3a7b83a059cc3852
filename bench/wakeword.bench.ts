// Wake-word cost in main: openWakeWord's three ONNX models (melspectrogram, speech embedding, the
// phrase's classifier) per 80 ms chunk, and the detector's real-time factor over espeak-ng speech
// pushed in 20 ms pieces as a microphone delivers it; with how many times "Hey Jarvis" was heard in
// it (said 10 times among 30 other sentences) and how often other speech set it off.
// Run alone: node --disable-warning=ExperimentalWarning bench/wakeword.bench.ts
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createWakeWordDetector } from '../src/main/adapters/wakeword/open-wake-word.ts';
import { concatAudio, silence, speak } from '../src/main/adapters/testing/speech-fixtures.ts';
import type { PcmAudio } from '../src/main/ports/audio.ts';
import { percentile, round } from './support/stats.ts';
import { sized } from './support/scale.ts';

const OTHER = [
  'What is the weather like in Paris tomorrow?',
  'Set a timer for ten minutes.',
  'How far is the moon from the earth?',
  'Harvest the jars before the frost.',
  'Hey, can you hear me?',
  'Play some jazz in the kitchen.',
];
const CHUNK = 1280;
const PUSH = 320;
/** Times the phrase is said, each followed by three other sentences. */
const ROUNDS = sized(10, 1);

export const figures = ['voice.wake_chunk_p50_ms', 'voice.wake_chunk_p99_ms', 'voice.wake_rtf', 'voice.wake_heard_of_10', 'voice.wake_false_triggers_in_30_sentences'];

export async function run(): Promise<Record<string, unknown>> {
  const phrase = await speak('Hey Jarvis');
  const others = await Promise.all(OTHER.map((text) => speak(text)));
  const parts: PcmAudio[] = [];
  /** Where each "Hey Jarvis" is, ms: a detection from its start to 800 ms after its end is it heard (the classifier fires up to ~600 ms after the last syllable). */
  const phrases: { fromMs: number; toMs: number }[] = [];
  let atMs = 0;
  const add = (clip: PcmAudio) => {
    parts.push(clip);
    atMs += (clip.samples.length / 16000) * 1000;
  };
  add(silence(500, 16000));
  for (let round = 0; round < ROUNDS; round++) {
    const fromMs = atMs;
    add(phrase);
    phrases.push({ fromMs, toMs: atMs + 800 });
    add(silence(1200, 16000));
    for (let index = 0; index < 3; index++) {
      add(others[(round * 3 + index) % others.length]!);
      add(silence(900, 16000));
    }
  }
  const audio = concatAudio(...parts);

  const detector = await createWakeWordDetector({ phrase: 'hey_jarvis', threshold: 0.5 });
  // Per chunk: each push of exactly one 80 ms chunk runs the three models once.
  const chunkMs: number[] = [];
  for (let offset = 0; offset + CHUNK <= audio.samples.length; offset += CHUNK) {
    const started = performance.now();
    await detector.push(audio.samples.subarray(offset, offset + CHUNK));
    chunkMs.push(performance.now() - started);
  }
  detector.reset();
  const started = performance.now();
  const detections: number[] = [];
  for (let offset = 0; offset < audio.samples.length; offset += PUSH) {
    for (const detection of await detector.push(audio.samples.subarray(offset, offset + PUSH))) detections.push(detection.atMs);
  }
  const elapsedMs = performance.now() - started;
  const audioMs = (audio.samples.length / 16000) * 1000;
  return {
    'voice.wake_chunk_p50_ms': round(percentile(chunkMs, 0.5), 3),
    'voice.wake_chunk_p99_ms': round(percentile(chunkMs, 0.99), 3),
    'voice.wake_rtf': round(elapsedMs / audioMs, 5),
    'voice.wake_heard_of_10': phrases.filter((spot) => detections.some((at) => at >= spot.fromMs && at <= spot.toMs)).length,
    'voice.wake_false_triggers_in_30_sentences': detections.filter((at) => !phrases.some((spot) => at >= spot.fromMs && at <= spot.toMs)).length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
