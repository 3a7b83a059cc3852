import { Worker } from 'node:worker_threads';
import type { ESpeakNGWorker, EspeakVoiceEntry } from '@echogarden/espeak-ng-emscripten';
import { loadEspeak, runEspeakRequest, type EspeakCall, type EspeakReply } from './espeak-calls.ts';

// Where espeak-ng runs. Synthesis is one synchronous call per sentence (about 10% of the audio's
// duration on these machines: ~190 ms for a two-second sentence), so on the host's main thread it
// would stall every socket, IPC message and audio frame meanwhile. A worker thread keeps the
// main thread free; where the worker cannot start, the same calls run in-thread.

export interface EspeakEngine {
  readonly where: 'worker thread' | 'main thread';
  voices(): Promise<EspeakVoiceEntry[]>;
  /** The sentence at `wordsPerMinute` in the voice `voiceId`, 16-bit at `sampleRate` (default espeak's 22,050 Hz). */
  synthesize(voiceId: string, wordsPerMinute: number, sentence: string, sampleRate?: number): Promise<Int16Array>;
}

/** The thread itself failed (it could not start, or it died), as opposed to espeak refusing a call. */
export class EspeakThreadError extends Error {
  override readonly name = 'EspeakThreadError';
}

/**
 * The worker thread, or in-thread for good once the thread has failed without ever answering
 * (a build without the worker's file, a runtime without worker threads).
 */
export function createEspeakEngine(threaded: EspeakEngine & { close(): Promise<void> } = createWorkerThreadEngine()): EspeakEngine {
  let inThread: EspeakEngine | null = null;
  let threadAnswered = false;
  async function use<T>(call: (engine: EspeakEngine) => Promise<T>): Promise<T> {
    if (inThread) return call(inThread);
    try {
      const result = await call(threaded);
      threadAnswered = true;
      return result;
    } catch (error) {
      if (threadAnswered || !(error instanceof EspeakThreadError)) throw error;
      inThread ??= createInThreadEngine();
      void threaded.close();
      return call(inThread);
    }
  }
  return {
    get where() {
      return inThread ? inThread.where : threaded.where;
    },
    voices: () => use((engine) => engine.voices()),
    synthesize: (voiceId, wordsPerMinute, sentence, sampleRate) => use((engine) => engine.synthesize(voiceId, wordsPerMinute, sentence, sampleRate)),
  };
}

/** In this thread: what the worker thread does, for where it cannot start. */
export function createInThreadEngine(): EspeakEngine {
  let loaded: Promise<ESpeakNGWorker> | undefined;
  const espeak = () => {
    loaded ??= loadEspeak().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
  let nextId = 1;
  const run = async (request: EspeakCall) => runEspeakRequest(await espeak(), { ...request, id: nextId++ });
  return {
    where: 'main thread',
    async voices() {
      const reply = await run({ kind: 'voices' });
      return 'voices' in reply ? reply.voices : [];
    },
    async synthesize(voiceId, wordsPerMinute, sentence, sampleRate) {
      const reply = await run({ kind: 'synthesize', voiceId, wordsPerMinute, sentence, ...(sampleRate ? { sampleRate } : {}) });
      return 'samples' in reply ? reply.samples : new Int16Array(0);
    },
  };
}

/**
 * The worker's file beside this one: the .ts source when run from source, the built .js in the
 * app (electron.vite.config.ts builds it as its own entry next to index.js, which holds this code).
 */
export function espeakThreadUrl(moduleUrl: string = import.meta.url): URL {
  return new URL(moduleUrl.endsWith('.ts') ? './espeak-thread.ts' : './espeak-thread.js', moduleUrl);
}

/** On a worker thread, started on first use. If the thread dies, its pending calls reject and the next call starts another. */
export function createWorkerThreadEngine(url: URL = espeakThreadUrl()): EspeakEngine & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (reply: EspeakReply) => void; reject: (error: Error) => void }>();

  function thread(): Worker {
    if (worker) return worker;
    const started = new Worker(url);
    // Idle, it must not keep the process alive; busy, the pending calls do.
    started.unref();
    started.on('message', (reply: EspeakReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      call.resolve(reply);
    });
    const fail = (cause: Error) => {
      const error = new EspeakThreadError(cause.message, { cause });
      if (worker === started) worker = null;
      for (const call of pending.values()) call.reject(error);
      pending.clear();
    };
    started.on('error', fail);
    started.on('exit', (code) => fail(new Error(`the espeak-ng thread exited (code ${code})`)));
    worker = started;
    return started;
  }

  function call(request: EspeakCall): Promise<EspeakReply> {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      let target: Worker;
      try {
        target = thread();
      } catch (error) {
        reject(new EspeakThreadError((error as Error).message, { cause: error }));
        return;
      }
      pending.set(id, { resolve, reject });
      target.ref();
      target.postMessage({ ...request, id });
    });
  }

  const unwrap = (reply: EspeakReply): EspeakReply => {
    if (!reply.ok) throw new Error(reply.message);
    return reply;
  };

  return {
    where: 'worker thread',
    async voices() {
      const reply = unwrap(await call({ kind: 'voices' }));
      return 'voices' in reply ? reply.voices : [];
    },
    async synthesize(voiceId, wordsPerMinute, sentence, sampleRate) {
      const reply = unwrap(await call({ kind: 'synthesize', voiceId, wordsPerMinute, sentence, ...(sampleRate ? { sampleRate } : {}) }));
      return 'samples' in reply ? reply.samples : new Int16Array(0);
    },
    async close() {
      const current = worker;
      worker = null;
      await current?.terminate();
    },
  };
}
