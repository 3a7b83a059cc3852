import { createOpenAiClient } from './openai-client.ts';
import { AppError } from '../../core/errors.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import type { SynthesizeRequest, TextToSpeech } from '../../ports/tts.ts';
import { toAppError } from './openai-errors.ts';

/** OpenAI's 'pcm' response format: raw 16-bit little-endian mono at this rate (Hz). */
export const OPENAI_PCM_SAMPLE_RATE = 24_000;

/**
 * One voice for every language, or one per language keyed by BCP 47 tag or its primary subtag
 * ("pt-br", "pt"), with `default` for the rest.
 */
export type OpenAiVoiceChoice = string | ({ default: string } & Record<string, string>);

export interface OpenAiTtsOptions {
  apiKey: string;
  /** Any OpenAI-compatible speech server (Kokoro-FastAPI, LocalAI ...) that can send 'pcm'. */
  baseURL: string;
  /** e.g. gpt-4o-mini-tts, tts-1. */
  model: string;
  voice: OpenAiVoiceChoice;
  /** Ms until the response headers, and then the longest silence allowed between two body chunks. */
  timeoutMs?: number;
  /** The SDK's own retries (before any audio arrives); a voice turn cannot wait long, so few. */
  maxRetries?: number;
  provider?: string;
  /** Style instructions (gpt-4o-mini-tts only). */
  instructions?: string;
  /** Rate of the server's 'pcm'; OpenAI's is 24 kHz, some local servers differ. */
  sampleRate?: number;
}

/**
 * The TextToSpeech port over the official `openai` SDK's audio speech, asking for raw PCM and
 * yielding it as the bytes arrive, so the caller's first chunk is the provider's first byte.
 * Stopping the iteration or aborting the signal aborts the HTTP request.
 */
export function createOpenAiTts(options: OpenAiTtsOptions): TextToSpeech {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = createOpenAiClient(options, timeoutMs);
  const provider = options.provider ?? 'openai';
  const sampleRate = options.sampleRate ?? OPENAI_PCM_SAMPLE_RATE;
  const what = `${provider} speech`;

  return {
    provider,
    async *synthesize(request: SynthesizeRequest): AsyncGenerator<PcmAudio> {
      const input = request.text.trim();
      if (!input) return;
      if (request.signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`);

      // Ours to abort: on a stalled body, or when the consumer stops early.
      const local = new AbortController();
      const signal = request.signal ? AbortSignal.any([request.signal, local.signal]) : local.signal;
      let response: Response;
      try {
        response = await client.audio.speech.create(
          {
            model: options.model,
            input,
            voice: request.voice ?? voiceFor(options.voice, request.language),
            response_format: 'pcm',
            ...(request.speed !== undefined ? { speed: request.speed } : {}),
            ...(options.instructions ? { instructions: options.instructions } : {}),
          },
          { signal },
        );
      } catch (error) {
        throw toAppError(error, what, options.baseURL);
      }

      let finished = false;
      let timedOut = false;
      try {
        const contentType = response.headers.get('content-type') ?? '';
        if (/json|^text\//i.test(contentType)) {
          throw new AppError('unavailable', `${what} returned ${contentType} instead of audio`, { retryable: true });
        }
        if (!response.body) throw new AppError('unavailable', `${what} returned no body`, { retryable: true });
        const reader = response.body.getReader();
        const decoder = createPcm16Decoder();
        while (true) {
          const timer = setTimeout(() => {
            timedOut = true;
            local.abort();
          }, timeoutMs);
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } finally {
            clearTimeout(timer);
          }
          if (read.done) break;
          const samples = decoder.push(read.value);
          if (samples.length > 0) yield { samples, sampleRate };
        }
        finished = true;
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (timedOut) throw new AppError('unavailable', `${what} timed out mid-stream`, { retryable: true, cause: error });
        if (request.signal?.aborted) throw new AppError('unavailable', `${what} was cancelled`, { cause: error });
        throw new AppError('unavailable', `${what} broke off mid-stream (${(error as Error)?.message ?? String(error)})`, {
          retryable: true,
          cause: error,
        });
      } finally {
        // Failed, or the consumer stopped iterating: close the connection rather than drain it.
        if (!finished) local.abort();
      }
    },
  };
}

function voiceFor(choice: OpenAiVoiceChoice, language: string | undefined): string {
  if (typeof choice === 'string') return choice;
  if (!language) return choice.default;
  const tag = language.trim().toLowerCase().replaceAll('_', '-');
  return choice[tag] ?? choice[tag.split('-')[0]!] ?? choice.default;
}

/**
 * Little-endian 16-bit samples from bytes arriving in arbitrary pieces: a sample split across two
 * pieces is carried over. A lone byte at the very end (a truncated sample) is dropped.
 */
export function createPcm16Decoder(): { push(bytes: Uint8Array): Int16Array } {
  let carry: number | null = null;
  return {
    push(bytes) {
      const total = bytes.length + (carry === null ? 0 : 1);
      const samples = new Int16Array(total >> 1);
      // Int16Array stores each 0..65535 value modulo 2^16, which is two's complement.
      let byteIndex = 0;
      let sampleIndex = 0;
      if (carry !== null && samples.length > 0) {
        samples[sampleIndex++] = ((bytes[byteIndex++] as number) << 8) | carry;
        carry = null;
      }
      for (; sampleIndex < samples.length; sampleIndex++, byteIndex += 2) {
        samples[sampleIndex] = ((bytes[byteIndex + 1] as number) << 8) | (bytes[byteIndex] as number);
      }
      if (byteIndex < bytes.length) carry = bytes[byteIndex] as number;
      return samples;
    },
  };
}
