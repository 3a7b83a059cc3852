import { toFile } from 'openai';
import { createOpenAiClient } from './openai-client.ts';
import { AppError } from '../../core/errors.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import type { SpeechToText, TranscribeRequest, Transcript } from '../../ports/stt.ts';
import { toAppError } from './openai-errors.ts';
import { encodeWav } from '../audio/wav.ts';


export interface OpenAiSttOptions {
  apiKey: string;
  /** Any OpenAI-compatible transcription server (faster-whisper-server, LocalAI ...) works here. */
  baseURL: string;
  /** e.g. whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe. */
  model: string;
  /** Per request, ms; covers the upload and the reply. */
  timeoutMs?: number;
  /** The SDK's own retries; a voice turn cannot wait long, so few. */
  maxRetries?: number;
  provider?: string;
  /**
   * 'verbose_json' also reports the detected language (whisper-1 and most local servers);
   * the gpt-4o transcribe models accept only 'json'.
   */
  responseFormat?: 'json' | 'verbose_json';
}

/** The SpeechToText port over the official `openai` SDK's audio transcriptions, uploading a WAV. */
export function createOpenAiStt(options: OpenAiSttOptions): SpeechToText {
  const client = createOpenAiClient(options, 15_000);
  const provider = options.provider ?? 'openai';
  const responseFormat = options.responseFormat ?? 'json';
  const what = `${provider} transcription`;

  return {
    provider,
    async transcribe(request: TranscribeRequest): Promise<Transcript> {
      const { audio } = request;
      if (!Number.isInteger(audio.sampleRate) || audio.sampleRate <= 0) {
        throw new AppError('bad_request', `${what}: invalid sample rate ${audio.sampleRate}`);
      }
      const hint = request.language ? primaryLanguage(request.language) : null;
      // Nothing was said: no request; the reducer treats a transcript without words as noise.
      if (audio.samples.length === 0) return { text: '', language: hint };
      if (request.signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`);

      let result: unknown;
      try {
        const file = await toFile(encodeWav(audio), 'utterance.wav', { type: 'audio/wav' });
        result = await client.audio.transcriptions.create(
          { file, model: options.model, response_format: responseFormat, ...(hint ? { language: hint } : {}) },
          { signal: request.signal },
        );
      } catch (error) {
        if (error instanceof SyntaxError) {
          throw new AppError('unavailable', `${what} returned a body that is not JSON`, { retryable: true, cause: error });
        }
        throw toAppError(error, what, options.baseURL);
      }
      const text = (result as { text?: unknown } | null)?.text;
      if (typeof text !== 'string') throw new AppError('unavailable', `${what} returned no transcript text`, { retryable: true });
      const reported = (result as { language?: unknown }).language;
      const language = typeof reported === 'string' ? (languageCode(reported) ?? hint) : hint;
      return { text: text.trim(), language };
    },
  };
}

/** "en-US" -> "en": the API takes ISO 639-1. */
const primaryLanguage = (tag: string) => tag.trim().split(/[-_]/)[0]!.toLowerCase();

let codesByName: Map<string, string> | null = null;

/** "english" (Whisper's verbose_json names languages) or "en" -> "en"; null when unknown. */
function languageCode(reported: string): string | null {
  const value = reported.trim().toLowerCase();
  if (!codesByName) {
    codesByName = new Map();
    const names = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
    for (let first = 97; first <= 122; first++) {
      for (let second = 97; second <= 122; second++) {
        const code = String.fromCharCode(first, second);
        const name = names.of(code);
        if (name) codesByName.set(name.toLowerCase(), code);
      }
    }
  }
  return codesByName.get(value) ?? (/^[a-z]{2,3}([-_][a-z0-9]+)*$/.test(value) ? primaryLanguage(value) : null);
}
