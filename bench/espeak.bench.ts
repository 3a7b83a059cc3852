// What espeak-ng synthesis costs the host's main thread: the longest event-loop stall (measured by
// perf_hooks' event-loop delay monitor at 1 ms resolution) while 12 sentences are synthesized, on
// the worker thread the app uses and, for comparison, in-thread. Also the synthesis real-time
// factor (synthesis time / audio duration) on the worker.
// Run alone: node --disable-warning=ExperimentalWarning bench/espeak.bench.ts
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createInThreadEngine, createWorkerThreadEngine, type EspeakEngine } from '../src/main/adapters/embedded/espeak-engine.ts';
import { sized } from './support/scale.ts';

const VOICE = 'gmw/en-US';
const WORDS_PER_MINUTE = 175;
const SAMPLE_RATE = 22_050;
const SENTENCES = [
  'It is ten past four in Tokyo, and the weather is clear.',
  'Twelve times seven is eighty-four.',
  'The meeting moved to Thursday at three in the afternoon.',
  'Paris is about three hundred and forty kilometres from London.',
];
const ROUNDS = sized(3, 1);
const SPOKEN = sized(SENTENCES, SENTENCES.slice(0, 1));

async function measure(engine: EspeakEngine): Promise<{ maxStallMs: number; rtf: number }> {
  // Warm: the first calls load 24 MB of voice data and let WebAssembly tier up.
  for (const sentence of SPOKEN) await engine.synthesize(VOICE, WORDS_PER_MINUTE, sentence);
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  let samples = 0;
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const sentence of SPOKEN) {
      samples += (await engine.synthesize(VOICE, WORDS_PER_MINUTE, sentence)).length;
      // A turn of the event loop between sentences, as the voice runtime has.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const elapsedMs = performance.now() - started;
  monitor.disable();
  return { maxStallMs: monitor.max / 1e6, rtf: elapsedMs / ((samples / SAMPLE_RATE) * 1000) };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

export const figures = ['voice.espeak_main_thread_max_stall_ms', 'voice.espeak_main_thread_max_stall_ms_in_thread', 'voice.espeak_rtf'];

export async function run(): Promise<Record<string, unknown>> {
  const threaded = createWorkerThreadEngine();
  try {
    const onWorker = await measure(threaded);
    const inThread = await measure(createInThreadEngine());
    return {
      'voice.espeak_main_thread_max_stall_ms': round(onWorker.maxStallMs, 1),
      'voice.espeak_main_thread_max_stall_ms_in_thread': round(inThread.maxStallMs, 1),
      'voice.espeak_rtf': round(onWorker.rtf, 4),
    };
  } finally {
    await threaded.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
