import type { ESpeakNGWorker, EspeakVoiceEntry } from '@echogarden/espeak-ng-emscripten';
import { resamplePcm } from '../audio/resample.ts';

// The calls into espeak-ng, the same on the worker thread and in-thread (espeak-engine.ts).

export type EspeakCall =
  | { kind: 'voices' }
  /** `sampleRate`: resampled to it here (off the main thread on the worker); default espeak's own 22,050 Hz. */
  | { kind: 'synthesize'; voiceId: string; wordsPerMinute: number; sentence: string; sampleRate?: number };

export type EspeakRequest = EspeakCall & { id: number };

export type EspeakReply =
  | { id: number; ok: true; voices: EspeakVoiceEntry[] }
  | { id: number; ok: true; samples: Int16Array }
  | { id: number; ok: false; message: string };

/** Runs one request on a loaded espeak worker object; shared by both engines. Throws on failure. */
export function runEspeakRequest(espeak: ESpeakNGWorker, request: EspeakRequest): EspeakReply {
  if (request.kind === 'voices') return { id: request.id, ok: true, voices: espeak.list_voices() };
  // Voice and rate are set for every sentence: other streams share the engine between sentences.
  const status = espeak.set_voice(request.voiceId);
  if (status !== 0) throw new Error(`espeak-ng refused voice '${request.voiceId}' (status ${status})`);
  espeak.set_rate(request.wordsPerMinute);
  const parts: Int16Array[] = [];
  let length = 0;
  espeak.synthesize(request.sentence, (samples) => {
    // Copied: the callback's view points into the WebAssembly heap, reused by the next call.
    parts.push(samples.slice());
    length += samples.length;
    return false;
  });
  const samples = new Int16Array(length);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  if (request.sampleRate && request.sampleRate !== ESPEAK_RATE) return { id: request.id, ok: true, samples: resamplePcm({ samples, sampleRate: ESPEAK_RATE }, request.sampleRate).samples };
  return { id: request.id, ok: true, samples };
}

/** espeak-ng always synthesizes at this rate (Hz). */
const ESPEAK_RATE = 22050;

export async function loadEspeak(): Promise<ESpeakNGWorker> {
  const { default: createEspeakModule } = await import('@echogarden/espeak-ng-emscripten');
  const module = await createEspeakModule();
  return new module.eSpeakNGWorker();
}
