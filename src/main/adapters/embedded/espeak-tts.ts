import type { PcmAudio } from '../../ports/audio.ts';
import type { SynthesizeRequest, TextToSpeech } from '../../ports/tts.ts';
import { AppError } from '../../core/errors.ts';
import { hasWordChar, sentencesOf } from '../../core/text/sentences.ts';
import type { EspeakVoiceEntry } from '@echogarden/espeak-ng-emscripten';
import { createEspeakEngine, type EspeakEngine } from './espeak-engine.ts';

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

/**
 * One engine per process: espeak loads 24 MB of voice data once (110-350 ms measured here), on a
 * worker thread so synthesis never blocks the host (espeak-engine.ts).
 */
let engine: EspeakEngine | undefined;
const sharedEngine = (): EspeakEngine => (engine ??= createEspeakEngine());
/** Once per process, like the engine. */
let warmedUp: Promise<void> | undefined;

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

  /** Where synthesis runs: a worker thread, or the main thread where none can start. */
  get where(): EspeakEngine['where'] {
    return sharedEngine().where;
  }

  async listVoices(): Promise<EspeakVoice[]> {
    if (!this.voices) {
      try {
        this.voices = (await sharedEngine().voices()).map(toVoice);
      } catch (error) {
        throw new AppError('unavailable', `espeak-ng failed to load: ${(error as Error).message}`, { cause: error });
      }
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
    const wordsPerMinute = Math.round(
      Math.min(MAX_WORDS_PER_MINUTE, Math.max(MIN_WORDS_PER_MINUTE, DEFAULT_WORDS_PER_MINUTE * speed)),
    );
    for (const sentence of sentencesOf(request.text).filter(hasWordChar)) {
      throwIfAborted(signal);
      const samples = await synthesizeSentence(voice.id, wordsPerMinute, sentence, request.sampleRate);
      throwIfAborted(signal);
      if (samples.length > 0) yield { samples, sampleRate: request.sampleRate ?? ESPEAK_SAMPLE_RATE };
    }
  }
}

async function synthesizeSentence(voiceId: string, wordsPerMinute: number, sentence: string, sampleRate: number | undefined): Promise<Int16Array> {
  try {
    return await sharedEngine().synthesize(voiceId, wordsPerMinute, sentence, sampleRate);
  } catch (error) {
    throw new AppError('internal', `espeak-ng failed: ${(error as Error).message}`, { cause: error });
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('unavailable', 'speech synthesis was cancelled', { cause: signal.reason });
}
