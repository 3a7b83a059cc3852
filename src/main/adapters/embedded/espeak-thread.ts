import { parentPort } from 'node:worker_threads';
import type { ESpeakNGWorker } from '@echogarden/espeak-ng-emscripten';
import { loadEspeak, runEspeakRequest, type EspeakReply, type EspeakRequest } from './espeak-calls.ts';

// The worker thread espeak-ng runs on (see espeak-engine.ts): requests answered in order.

let espeak: Promise<ESpeakNGWorker> | undefined;

function loaded(): Promise<ESpeakNGWorker> {
  espeak ??= loadEspeak().catch((error: unknown) => {
    // The next request tries again.
    espeak = undefined;
    throw error;
  });
  return espeak;
}

parentPort?.on('message', async (request: EspeakRequest) => {
  let reply: EspeakReply;
  try {
    reply = runEspeakRequest(await loaded(), request);
  } catch (error) {
    reply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  // The samples move to the main thread rather than being copied.
  parentPort?.postMessage(reply, 'samples' in reply ? [reply.samples.buffer as ArrayBuffer] : []);
});
