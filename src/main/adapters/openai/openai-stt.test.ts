import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { PcmAudio } from '../../ports/audio.ts';
import {
  startFakeOpenAiServer,
  tone,
  type FakeOpenAiServer,
  type TranscriptionReply,
  type TranscriptionRequest,
} from '../testing/fake-openai-server.ts';
import { createOpenAiStt, type OpenAiSttOptions } from './openai-stt.ts';

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.close());

const received: TranscriptionRequest[] = [];
afterEach(() => {
  received.length = 0;
});

async function sttReplying(reply: TranscriptionReply, options: Partial<OpenAiSttOptions> = {}) {
  server = await startFakeOpenAiServer({
    transcription: (request) => {
      received.push(request);
      return reply;
    },
  });
  return createOpenAiStt({ apiKey: 'sk-test', baseURL: server.baseURL, model: 'whisper-test', timeoutMs: 5000, maxRetries: 0, ...options });
}

/** Half a second at 16 kHz. */
const utterance = (): PcmAudio => ({ samples: tone(220, 0.5, 16_000), sampleRate: 16_000 });

describe('OpenAI transcription against the fake server', () => {
  it('uploads the utterance as a WAV with model and language, and returns the text', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: ' What time is it? ' });
    const audio = utterance();
    const transcript = await stt.transcribe({ audio, language: 'en-US' });

    expect(transcript).toEqual({ text: 'What time is it?', language: 'en' });
    expect(received).toHaveLength(1);
    const sent = received[0]!;
    expect(sent).toMatchObject({ model: 'whisper-test', language: 'en', responseFormat: 'json', fileType: 'audio/wav' });
    expect(sent.fileName).toMatch(/\.wav$/);
    expect(sent.audio.sampleRate).toBe(16_000);
    expect(sent.audio.samples.length).toBe(8000);
    expect(Array.from(sent.audio.samples)).toEqual(Array.from(audio.samples));
    expect(server!.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(server!.requests[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('sends audio at its own rate and omits the language when none is given', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: 'hello' });
    const audio: PcmAudio = { samples: tone(300, 0.25, 48_000), sampleRate: 48_000 };
    expect(await stt.transcribe({ audio })).toEqual({ text: 'hello', language: null });
    expect(received[0]!.language).toBeNull();
    expect(received[0]!.audio.sampleRate).toBe(48_000);
    expect(received[0]!.audio.samples.length).toBe(12_000);
  });

  it('reports the detected language from verbose_json, Whisper naming it in English', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: 'Wie spät ist es?', language: 'german' }, { responseFormat: 'verbose_json' });
    expect(await stt.transcribe({ audio: utterance(), language: 'en' })).toEqual({ text: 'Wie spät ist es?', language: 'de' });
    expect(received[0]!.responseFormat).toBe('verbose_json');
  });

  it('returns an empty transcript as empty text, and does not call the server for empty audio', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: '  ' });
    expect(await stt.transcribe({ audio: utterance() })).toEqual({ text: '', language: null });
    expect(await stt.transcribe({ audio: { samples: new Int16Array(0), sampleRate: 16_000 }, language: 'fr' })).toEqual({ text: '', language: 'fr' });
    expect(server!.requests).toHaveLength(1);
  });

  it('refuses audio with an impossible sample rate before any request', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: 'x' });
    const error = await stt.transcribe({ audio: { samples: new Int16Array(100), sampleRate: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(server!.requests).toHaveLength(0);
  });

  it('turns HTTP errors into AppError saying whether a retry helps', async () => {
    const busy = await sttReplying({ kind: 'error', status: 503, message: 'overloaded' });
    const error = await busy.transcribe({ audio: utterance() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    await server!.close();

    const tooShort = await sttReplying({ kind: 'error', status: 400, message: 'Audio file is too short', type: 'invalid_request_error' });
    const refusal = await tooShort.transcribe({ audio: utterance() }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'bad_request', retryable: false });
    expect((refusal as Error).message).toMatch(/too short/);
  });

  it('rejects garbage bodies with a clear AppError', async () => {
    const noText = await sttReplying({ kind: 'raw', body: '{"transcript": 42}' });
    const error = await noText.transcribe({ audio: utterance() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as Error).message).toMatch(/no transcript text/);
    await server!.close();

    const notJson = await sttReplying({ kind: 'raw', body: '<html>502 Bad Gateway</html>' });
    const broken = await notJson.transcribe({ audio: utterance() }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(AppError);
    expect(broken).toMatchObject({ code: 'unavailable', retryable: true });
  });

  it('times out on a server that hangs', async () => {
    const stt = await sttReplying({ kind: 'hang' }, { timeoutMs: 300 });
    const error = await stt.transcribe({ audio: utterance() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('aborts the upload when the signal fires, and the server sees the connection close', async () => {
    const stt = await sttReplying({ kind: 'hang' });
    const controller = new AbortController();
    const pending = stt.transcribe({ audio: utterance(), signal: controller.signal });
    await expect.poll(() => server!.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/cancelled/) });
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
    expect(server!.abortedRequests[0]!.path).toBe('/v1/audio/transcriptions');
  });

  it('does not send anything when the signal is already aborted', async () => {
    const stt = await sttReplying({ kind: 'transcript', text: 'x' });
    const controller = new AbortController();
    controller.abort();
    await expect(stt.transcribe({ audio: utterance(), signal: controller.signal })).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    expect(server!.requests).toHaveLength(0);
  });
});
