import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import { startFakeOpenAiServer, tone, type FakeOpenAiServer, type SpeechReply, type SpeechRequestBody } from '../testing/fake-openai-server.ts';
import { createOpenAiTts, createPcm16Decoder, OPENAI_PCM_SAMPLE_RATE, type OpenAiTtsOptions } from './openai-tts.ts';

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.close());

async function ttsReplying(reply: SpeechReply | ((body: SpeechRequestBody) => SpeechReply), options: Partial<OpenAiTtsOptions> = {}) {
  server = await startFakeOpenAiServer({ speech: (body) => (typeof reply === 'function' ? reply(body) : reply) });
  return createOpenAiTts({ apiKey: 'sk-test', baseURL: server.baseURL, model: 'tts-test', voice: 'alloy', timeoutMs: 5000, maxRetries: 0, ...options });
}

async function collect(stream: AsyncIterable<PcmAudio>): Promise<PcmAudio[]> {
  const chunks: PcmAudio[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const joined = (chunks: PcmAudio[]) => chunks.flatMap((chunk) => Array.from(chunk.samples));

/** Samples whose two bytes differ and cover the sign boundary and both extremes. */
function distinctiveSamples(count: number): Int16Array {
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = ((i * 7919) % 65536) - 32768;
  samples[0] = -32768;
  samples[1] = 32767;
  samples[2] = -1;
  samples[3] = 256;
  return samples;
}

/**
 * Lets the fake write chunk n only once the client has decoded the samples of chunks 0..n-1:
 * proves streaming (a buffering client would never get there) and makes the order deterministic.
 */
function lockstep(chunkBytes: number) {
  let receivedSamples = 0;
  const waiting: { samples: number; resolve: () => void }[] = [];
  return {
    beforeChunk: (index: number) =>
      new Promise<void>((resolve) => {
        const samples = Math.floor((index * chunkBytes) / 2);
        if (receivedSamples >= samples) resolve();
        else waiting.push({ samples, resolve });
      }),
    onChunk(chunk: PcmAudio) {
      receivedSamples += chunk.samples.length;
      for (const waiter of waiting.filter((w) => receivedSamples >= w.samples)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
  };
}

describe('OpenAI speech against the fake server', () => {
  it('streams 24 kHz PCM chunks in order as the server sends them, with every sample intact', async () => {
    const samples = tone(330, 0.5, OPENAI_PCM_SAMPLE_RATE);
    const gate = lockstep(4801);
    // 4801 bytes: every chunk boundary splits a sample.
    const tts = await ttsReplying({ kind: 'audio', samples, chunkBytes: 4801, beforeChunk: gate.beforeChunk });
    const chunks: PcmAudio[] = [];
    for await (const chunk of tts.synthesize({ text: 'Hello there.', speed: 1.25 })) {
      chunks.push(chunk);
      gate.onChunk(chunk);
    }
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    expect(chunks.every((chunk) => chunk.sampleRate === 24_000)).toBe(true);
    expect(joined(chunks).length).toBe(12_000);
    expect(joined(chunks)).toEqual(Array.from(samples));
    expect(server!.requests[0]!.body).toEqual({ model: 'tts-test', input: 'Hello there.', voice: 'alloy', response_format: 'pcm', speed: 1.25 });
  });

  it('carries a sample split across any chunk boundary, down to three bytes per chunk', async () => {
    const samples = distinctiveSamples(301);
    for (const chunkBytes of [3, 7]) {
      const gate = lockstep(chunkBytes);
      const tts = await ttsReplying({ kind: 'audio', samples, chunkBytes, beforeChunk: gate.beforeChunk });
      const chunks: PcmAudio[] = [];
      for await (const chunk of tts.synthesize({ text: 'x' })) {
        chunks.push(chunk);
        gate.onChunk(chunk);
      }
      expect(chunks.length).toBeGreaterThan(50);
      expect(joined(chunks)).toEqual(Array.from(samples));
      await server!.close();
    }
  });

  it('decodes little-endian samples from arbitrary byte splits and drops a trailing half sample', () => {
    const decoder = createPcm16Decoder();
    const bytes = [0x00, 0x80, 0xff, 0x7f, 0xff, 0xff, 0x01, 0x00, 0x34];
    const out = [decoder.push(new Uint8Array(bytes.slice(0, 1))), decoder.push(new Uint8Array(bytes.slice(1, 4))), decoder.push(new Uint8Array(0)), decoder.push(new Uint8Array(bytes.slice(4)))];
    expect(out.map((part) => Array.from(part))).toEqual([[], [-32768, 32767], [], [-1, 1]]);
  });

  it('picks the voice for the language, falling back to the default; an explicit voice wins', async () => {
    const voice = { default: 'alloy', fr: 'nova', 'pt-br': 'coral' };
    const tts = await ttsReplying({ kind: 'audio', samples: tone(200, 0.05, 24_000) }, { voice });
    await collect(tts.synthesize({ text: 'Bonjour', language: 'fr-CA' }));
    await collect(tts.synthesize({ text: 'Olá', language: 'pt-BR' }));
    await collect(tts.synthesize({ text: 'Hallo', language: 'de' }));
    await collect(tts.synthesize({ text: 'Hi' }));
    await collect(tts.synthesize({ text: 'Hi', language: 'fr', voice: 'echo' }));
    expect(server!.requests.map((request) => (request.body as SpeechRequestBody).voice)).toEqual(['nova', 'coral', 'alloy', 'alloy', 'echo']);
  });

  it('makes no request for text with nothing to say', async () => {
    const tts = await ttsReplying({ kind: 'audio', samples: tone(200, 0.05, 24_000) });
    expect(await collect(tts.synthesize({ text: '  \n' }))).toEqual([]);
    expect(server!.requests).toHaveLength(0);
  });

  it('aborting mid-stream rejects the stream and closes the connection', async () => {
    const tts = await ttsReplying({ kind: 'audio', samples: tone(200, 1, 24_000), chunkBytes: 4800, stopAfterChunks: { count: 2, then: 'stall' } });
    const controller = new AbortController();
    const chunks: PcmAudio[] = [];
    const error = await (async () => {
      for await (const chunk of tts.synthesize({ text: 'A long answer.', signal: controller.signal })) {
        chunks.push(chunk);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: false, message: expect.stringMatching(/cancelled/) });
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
    expect(server!.abortedRequests[0]!.path).toBe('/v1/audio/speech');
  });

  it('aborting before the headers arrive cancels the request and the server sees it', async () => {
    const tts = await ttsReplying({ kind: 'hang' });
    const controller = new AbortController();
    const pending = collect(tts.synthesize({ text: 'Hello', signal: controller.signal }));
    await expect.poll(() => server!.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
  });

  it('a consumer that stops iterating closes the connection', async () => {
    const tts = await ttsReplying({ kind: 'audio', samples: tone(200, 1, 24_000), chunkBytes: 4800, stopAfterChunks: { count: 1, then: 'stall' } });
    for await (const chunk of tts.synthesize({ text: 'Hello' })) {
      expect(chunk.samples.length).toBeGreaterThan(0);
      break;
    }
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
  });

  it('turns HTTP errors into AppError saying whether a retry helps', async () => {
    const refused = await ttsReplying({ kind: 'error', status: 401, message: 'bad key', type: 'invalid_request_error' });
    const refusal = await collect(refused.synthesize({ text: 'Hello' })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'bad_request', retryable: false, message: expect.stringMatching(/key was refused/) });
    await server!.close();

    const failing = await ttsReplying({ kind: 'error', status: 500, message: 'boom' });
    await expect(collect(failing.synthesize({ text: 'Hello' }))).rejects.toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('a connection that breaks mid-sentence yields what arrived, then a retryable AppError', async () => {
    const samples = tone(200, 1, 24_000);
    const gate = lockstep(4800);
    const tts = await ttsReplying({ kind: 'audio', samples, chunkBytes: 4800, beforeChunk: gate.beforeChunk, stopAfterChunks: { count: 2, then: 'break' } });
    const chunks: PcmAudio[] = [];
    const error = await (async () => {
      for await (const chunk of tts.synthesize({ text: 'Hello' })) {
        chunks.push(chunk);
        gate.onChunk(chunk);
      }
    })().catch((e: unknown) => e);
    expect(joined(chunks)).toEqual(Array.from(samples.subarray(0, 4800)));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, message: expect.stringMatching(/broke off/) });
  });

  it('times out when the server stalls before or during the audio', async () => {
    const hanging = await ttsReplying({ kind: 'hang' }, { timeoutMs: 300 });
    await expect(collect(hanging.synthesize({ text: 'Hello' }))).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/timed out/) });
    await server!.close();

    const stalling = await ttsReplying({ kind: 'audio', samples: tone(200, 1, 24_000), chunkBytes: 4800, stopAfterChunks: { count: 1, then: 'stall' } }, { timeoutMs: 300 });
    const chunks: PcmAudio[] = [];
    const error = await (async () => {
      for await (const chunk of stalling.synthesize({ text: 'Hello' })) chunks.push(chunk);
    })().catch((e: unknown) => e);
    expect(joined(chunks).length).toBe(2400);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, message: expect.stringMatching(/timed out mid-stream/) });
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
  });

  it('rejects a 200 that is JSON instead of audio', async () => {
    const tts = await ttsReplying({ kind: 'raw', body: '{"detail": "model not loaded"}' });
    const error = await collect(tts.synthesize({ text: 'Hello' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/instead of audio/) });
  });
});
