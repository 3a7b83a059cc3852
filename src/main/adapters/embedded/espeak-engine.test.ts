import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { createEspeakEngine, createInThreadEngine, createWorkerThreadEngine, EspeakThreadError } from './espeak-engine.ts';

const SENTENCE = 'Twelve times seven is eighty-four.';
let temp: ReturnType<typeof makeTempDir> | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  temp?.remove();
  temp = undefined;
});

function workerEngine(url?: URL) {
  const engine = createWorkerThreadEngine(url);
  closers.push(() => engine.close());
  return engine;
}

/** A worker script that exits as soon as it is asked anything. */
function dyingWorker(): URL {
  temp = makeTempDir('espeak-engine');
  const file = join(temp.path, 'dies.mjs');
  writeFileSync(file, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
  return pathToFileURL(file);
}

describe('espeak engines', () => {
  it('speak the same samples on the worker thread as in this thread', async () => {
    const threaded = workerEngine();
    const local = createInThreadEngine();
    const voices = await threaded.voices();
    expect(voices.map((voice) => voice.identifier)).toContain('gmw/en-US');
    expect((await local.voices()).length).toBe(voices.length);
    const [fromThread, fromHere] = [await threaded.synthesize('gmw/en-US', 175, SENTENCE), await local.synthesize('gmw/en-US', 175, SENTENCE)];
    expect(fromThread.length).toBeGreaterThan(22_050); // over a second of speech
    expect(Buffer.from(fromThread.buffer).equals(Buffer.from(fromHere.buffer))).toBe(true);
    expect(threaded.where).toBe('worker thread');
  });

  it('pass on what espeak refuses as an error of the call, and keep working', async () => {
    const threaded = workerEngine();
    await expect(threaded.synthesize('no/such-voice', 175, SENTENCE)).rejects.toThrow(/refused voice 'no\/such-voice'/);
    expect((await threaded.synthesize('gmw/en-US', 175, 'Yes.')).length).toBeGreaterThan(0);
  });

  it('reject the pending calls of a thread that dies, as a thread failure', async () => {
    const threaded = workerEngine(dyingWorker());
    await expect(threaded.voices()).rejects.toThrow(EspeakThreadError);
    await expect(threaded.voices()).rejects.toThrow(/exited \(code 3\)/);
  });

  it('move to this thread for good when the worker never answered', async () => {
    const missing = workerEngine(new URL('./no-such-espeak-thread.js', import.meta.url));
    const engine = createEspeakEngine(missing);
    expect((await engine.synthesize('gmw/en-US', 175, 'Yes.')).length).toBeGreaterThan(0);
    expect(engine.where).toBe('main thread');

    const dying = createEspeakEngine(workerEngine(dyingWorker()));
    expect((await dying.voices()).length).toBeGreaterThan(50);
    expect(dying.where).toBe('main thread');
  });
});
