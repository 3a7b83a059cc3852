import type { PcmAudio } from '../../ports/audio.ts';
import type { SynthesizeRequest, TextToSpeech } from '../../ports/tts.ts';
import { AppError, isAppError } from '../../core/errors.ts';
import type { ESpeakNGWorker, EspeakVoiceEntry } from '@echogarden/espeak-ng-emscripten';

/** espeak-ng always synthesizes at this rate (Hz). */
export const ESPEAK_SAMPLE_RATE = 22050;
/** espeak-ng's natural rate, which `speed` multiplies; it accepts 80..450. */
const DEFAULT_WORDS_PER_MINUTE = 175;
const MIN_WORDS_PER_MINUTE = 80;
const MAX_WORDS_PER_MINUTE = 450;

export interface EspeakVoice {
  /** espeak identifier, e.g. 'gmw/en-US'; what `SynthesizeRequest.voice` takes. */
  id: string;
  name: string;
  /** Lower-case language tags the voice speaks; lower priority = better match for that tag. */
  languages: { tag: string; priority: number }[];
}

/** Where espeak's choice for a bare language is not the one users of an assistant expect. */
const PREFERRED_TAGS: Record<string, string> = { en: 'en-us', zh: 'cmn', no: 'nb' };

let workerPromise: Promise<ESpeakNGWorker> | undefined;
/** Once per process, like the worker. */
let warmedUp: Promise<void> | undefined;

/**
 * One worker per process, made on first use (110-350 ms measured here; it loads 24 MB of voice
 * data). The Emscripten module is single-threaded, so calls into it never overlap.
 */
function loadWorker(): Promise<ESpeakNGWorker> {
  workerPromise ??= (async () => {
    try {
      const { default: createEspeakModule } = await import('@echogarden/espeak-ng-emscripten');
      const module = await createEspeakModule();
      return new module.eSpeakNGWorker();
    } catch (error) {
      workerPromise = undefined;
      throw new AppError('unavailable', `espeak-ng failed to load: ${(error as Error).message}`, { cause: error });
    }
  })();
  return workerPromise;
}

/** Sentences (locale-aware, via Intl.Segmenter), trimmed, empty ones dropped. */
export function splitSentences(text: string, language = 'en'): string[] {
  const segmenter = new Intl.Segmenter(Intl.Segmenter.supportedLocalesOf(language).length > 0 ? language : 'en', {
    granularity: 'sentence',
  });
  return [...segmenter.segment(text)].map((part) => part.segment.trim()).filter((part) => /[\p{L}\p{N}]/u.test(part));
}

export function pickVoice(voices: readonly EspeakVoice[], language: string): EspeakVoice | undefined {
  const tag = language.toLowerCase().replace(/_/g, '-');
  const primary = tag.split('-')[0] ?? tag;
  const candidates = [PREFERRED_TAGS[tag], tag, PREFERRED_TAGS[primary], primary];
  for (const candidate of candidates) {
    if (!candidate) continue;
    let best: { voice: EspeakVoice; priority: number } | undefined;
    for (const voice of voices) {
      const match = voice.languages.find((language) => language.tag === candidate);
      if (match && (!best || match.priority < best.priority)) best = { voice, priority: match.priority };
    }
    if (best) return best.voice;
  }
  return undefined;
}

function toVoice(entry: EspeakVoiceEntry): EspeakVoice {
  const languages = entry.languages.map((language) => ({ tag: language.name.toLowerCase(), priority: language.priority }));
  return { id: entry.identifier, name: entry.name, languages };
}

export interface EspeakTextToSpeechOptions {
  /** BCP 47 tag used when a request names neither voice nor language. */
  defaultLanguage?: string;
}

/** Offline TTS over espeak-ng compiled to WebAssembly: robotic but instant and always there. */
export class EspeakTextToSpeech implements TextToSpeech {
  readonly provider = 'espeak-ng';
  readonly sampleRate = ESPEAK_SAMPLE_RATE;
  private readonly defaultLanguage: string;
  private voices: EspeakVoice[] | undefined;

  constructor(options: EspeakTextToSpeechOptions = {}) {
    this.defaultLanguage = options.defaultLanguage ?? 'en';
  }

  /**
   * Loads espeak and speaks one word into nothing, so the first answer does not wait for the
   * load and the first synthesis (about 260 + 130 ms measured here). A failure is left for the
   * first real request to report.
   */
  warmUp(): Promise<void> {
    warmedUp ??= (async () => {
      try {
        for await (const _chunk of this.stream({ text: 'Ready.', language: this.defaultLanguage })) {
          // discarded
        }
      } catch {
        // The first request loads again and says why.
        warmedUp = undefined;
      }
    })();
    return warmedUp;
  }

  async listVoices(): Promise<EspeakVoice[]> {
    if (!this.voices) {
      const worker = await loadWorker();
      this.voices = worker.list_voices().map(toVoice);
    }
    return this.voices;
  }

  /** The espeak voice a request would use. */
  async resolveVoice(request: Pick<SynthesizeRequest, 'voice' | 'language'>): Promise<EspeakVoice> {
    const voices = await this.listVoices();
    if (request.voice) {
      const wanted = request.voice.toLowerCase();
      const voice = voices.find((v) => v.id.toLowerCase() === wanted || v.name.toLowerCase() === wanted);
      if (!voice) throw new AppError('bad_request', `espeak-ng has no voice '${request.voice}'`);
      return voice;
    }
    const language = request.language ?? this.defaultLanguage;
    const voice = pickVoice(voices, language);
    if (!voice) throw new AppError('bad_request', `espeak-ng has no voice for language '${language}'`);
    return voice;
  }

  synthesize(request: SynthesizeRequest): AsyncIterable<PcmAudio> {
    return this.stream(request);
  }

  private async *stream(request: SynthesizeRequest): AsyncGenerator<PcmAudio> {
    const { signal } = request;
    throwIfAborted(signal);
    const speed = request.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0) throw new AppError('bad_request', `speed must be a positive number, got ${speed}`);
    const voice = await this.resolveVoice(request);
    const worker = await loadWorker();
    const wordsPerMinute = Math.round(
      Math.min(MAX_WORDS_PER_MINUTE, Math.max(MIN_WORDS_PER_MINUTE, DEFAULT_WORDS_PER_MINUTE * speed)),
    );
    for (const sentence of splitSentences(request.text, voice.languages[0]?.tag)) {
      throwIfAborted(signal);
      const samples = synthesizeSentence(worker, voice.id, wordsPerMinute, sentence);
      if (samples.length > 0) yield { samples, sampleRate: ESPEAK_SAMPLE_RATE };
    }
  }
}

/**
 * Synchronous: espeak blocks the thread for the sentence; measured here 2-3% of the audio's
 * duration once warm, 10-20% for the first sentences while WebAssembly tiers up.
 */
function synthesizeSentence(
  worker: ESpeakNGWorker,
  voiceId: string,
  wordsPerMinute: number,
  sentence: string,
): Int16Array {
  try {
    // Voice and rate are set for every sentence: other streams share the worker between sentences.
    const status = worker.set_voice(voiceId);
    if (status !== 0) throw new AppError('internal', `espeak-ng refused voice '${voiceId}' (status ${status})`);
    worker.set_rate(wordsPerMinute);
    const parts: Int16Array[] = [];
    let length = 0;
    // The signal cannot fire during this synchronous call, so the callback never stops it early.
    worker.synthesize(sentence, (samples) => {
      parts.push(samples);
      length += samples.length;
      return false;
    });
    const out = new Int16Array(length);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('internal', `espeak-ng failed: ${(error as Error).message}`, { cause: error });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('unavailable', 'speech synthesis was cancelled', { cause: signal.reason });
}
