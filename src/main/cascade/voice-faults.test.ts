import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clampToInt16 } from '../adapters/audio/pcm.ts';
import { resamplePcm } from '../adapters/audio/resample.ts';
import { createSileroVad } from '../adapters/embedded/silero-vad.ts';
import { createOpenAiStt } from '../adapters/openai/openai-stt.ts';
import { createOpenAiTts } from '../adapters/openai/openai-tts.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type SpeechReply, type TranscriptionReply } from '../adapters/testing/fake-openai-server.ts';
import { silence, speak, withSilence } from '../adapters/testing/speech-fixtures.ts';
import { createManualTime, type ManualTime } from '../core/testing/manual-time.ts';
import type { PcmAudio } from '../ports/audio.ts';
import type { TextToSpeech } from '../ports/tts.ts';
import { FixedLatencyOrchestrator, FixedLatencyStt, FixedLatencyTts, RequestLog } from './testing/fixed-latency-providers.ts';
import { createVoiceHarness, type VoiceHarness } from './testing/voice-harness.ts';

// Bad audio and failing providers: each ends in a clear notice and a runtime that answers the next
// question, never a stuck "transcribing", "thinking" or "speaking".

const ANSWER = 'Twelve times seven is eighty-four. Anything else?';
let question: PcmAudio;
let server: FakeOpenAiServer | undefined;
let harness: VoiceHarness | undefined;

beforeAll(async () => {
  question = withSilence(await speak('what is twelve times seven'), { beforeMs: 300, afterMs: 900 }).audio;
});

afterEach(async () => {
  await harness?.runtime.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

interface SetupOptions {
  transcription?: () => TranscriptionReply;
  speech?: () => SpeechReply;
  tts?: TextToSpeech;
  sttTimeoutMs?: number;
  reducerOptions?: Parameters<typeof createVoiceHarness>[0]['reducerOptions'];
  /** Fake time for the runtime's clock and the reducer's timers. */
  time?: ManualTime;
}

async function setup(options: SetupOptions = {}) {
  server = await startFakeOpenAiServer({
    transcription: options.transcription ?? (() => ({ kind: 'transcript', text: 'What is twelve times seven?' })),
    ...(options.speech ? { speech: options.speech } : {}),
  });
  const orchestrator = new FixedLatencyOrchestrator({ firstChunkMs: 1, answer: () => ANSWER });
  const h = createVoiceHarness({
    orchestrator,
    stt: createOpenAiStt({ apiKey: 'k', baseURL: server.baseURL, model: 'whisper-1', maxRetries: 0, ...(options.sttTimeoutMs ? { timeoutMs: options.sttTimeoutMs } : {}) }),
    tts: options.tts ?? createOpenAiTts({ apiKey: 'k', baseURL: server.baseURL, model: 'tts-1', voice: 'alloy', maxRetries: 0 }),
    vad: await createSileroVad(),
    mode: 'hands_free',
    ...(options.reducerOptions ? { reducerOptions: options.reducerOptions } : {}),
    ...(options.time ? { clock: options.time.clock, setTimer: options.time.setTimer } : {}),
  });
  harness = h;
  return { h, orchestrator, server };
}

const transcriptionRequests = () => server!.requests.filter((request) => request.path === '/v1/audio/transcriptions');
/** Errors as the window shows them: a failed transcription is one too (an entry with Retry). */
const errors = (h: VoiceHarness) =>
  h.notices.filter((notice) => notice.kind === 'error' || notice.kind === 'transcription_failed').map((notice) => (notice.kind === 'transcription_failed' ? { kind: 'error' as const, runId: notice.runId, message: notice.message } : notice));

/** The runtime still works: a clean question is answered with audio. */
async function answersNextQuestion(h: VoiceHarness): Promise<void> {
  const played = h.output.played.length;
  await h.pushSpeech(question);
  await h.until(() => h.output.played.length > played, 'the next question to be answered');
  await h.untilQuiet();
}

describe('bad audio', () => {
  it('empty and silent audio start nothing', async () => {
    const { h, orchestrator } = await setup();
    for (let index = 0; index < 5; index += 1) await h.runtime.pushAudio(new Int16Array(0));
    await h.pushSpeech(silence(2000, 16000));
    await h.runtime.settled();
    expect(transcriptionRequests()).toEqual([]);
    expect(orchestrator.queries).toEqual([]);
    expect(h.runtime.phase()).toBe('listening');
    await answersNextQuestion(h);
    expect(orchestrator.queries).toHaveLength(1);
  });

  it('clipped speech is still heard and answered', async () => {
    const { h, orchestrator } = await setup();
    const clipped = { ...question, samples: question.samples.map((sample) => clampToInt16(sample * 20)) };
    expect(clipped.samples.filter((sample) => Math.abs(sample) === 32767).length).toBeGreaterThan(1000);
    await h.pushSpeech(clipped);
    await h.until(() => h.output.played.length > 0, 'the answer');
    await h.untilQuiet();
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['What is twelve times seven?']);
  });

  it('audio at the wrong rate and frames of odd, tiny and truncated sizes leave the runtime usable', async () => {
    const { h } = await setup();
    // 48 kHz speech sent as if it were 16 kHz: three times too slow and deep.
    const wrongRate = resamplePcm(question, 48000);
    await h.pushSpeech({ samples: wrongRate.samples, sampleRate: 16000 });
    // Then the question in frames of 1, 333 and 1000 samples, cut off mid-word with no silence.
    const cut = question.samples.subarray(0, Math.floor(question.samples.length * 0.45));
    const sizes = [1, 333, 1000];
    for (let offset = 0, index = 0; offset < cut.length; index += 1) {
      const size = sizes[index % sizes.length]!;
      await h.runtime.pushAudio(cut.subarray(offset, offset + size));
      offset += size;
    }
    await h.pushSpeech(silence(1500, 16000));
    await h.untilQuiet();
    // Whatever was heard was transcribed and answered, or dropped; nothing is left half done.
    expect(h.runtime.phase()).toBe('listening');
    expect(errors(h)).toEqual([]);
    await answersNextQuestion(h);
  });
});

describe('failing providers', () => {
  it('a transcript with no words starts no turn', async () => {
    const { h, orchestrator } = await setup({ transcription: () => ({ kind: 'transcript', text: ' ' }) });
    await h.pushSpeech(question);
    await h.until(() => transcriptionRequests().length === 1, 'the transcription request');
    await h.untilQuiet();
    expect(orchestrator.queries).toEqual([]);
    expect(h.output.played).toEqual([]);
  });

  it('an STT error is reported and the next question is answered', async () => {
    let failing = true;
    const { h, orchestrator } = await setup({
      transcription: () => (failing ? { kind: 'error', status: 500, message: 'transcriber down' } : { kind: 'transcript', text: 'What is twelve times seven?' }),
    });
    await h.pushSpeech(question);
    await h.until(() => errors(h).length > 0, 'an error notice');
    await h.untilQuiet();
    expect(orchestrator.queries).toEqual([]);
    failing = false;
    await answersNextQuestion(h);
    expect(orchestrator.queries).toHaveLength(1);
  });

  it('TTS breaking mid-sentence still shows the whole answer as text', async () => {
    let speechCalls = 0;
    const { h } = await setup({
      speech: () => {
        speechCalls += 1;
        return { kind: 'audio', samples: new Int16Array(24_000).fill(2000), chunkBytes: 4800, stopAfterChunks: { count: 2, then: 'break' } };
      },
    });
    await h.pushSpeech(question);
    await h.until(() => errors(h).length > 0, 'the TTS error');
    await h.untilQuiet();
    expect(speechCalls).toBeGreaterThanOrEqual(1);
    const shown = h.notices.flatMap((notice) => (notice.kind === 'assistant_text' ? [notice.text] : [])).join(' ');
    expect(shown).toContain('Twelve times seven is eighty-four.');
    expect(shown).toContain('Anything else?');
  });

  it('an STT request that hangs is cancelled by the reducer timer, and the server sees it closed', async () => {
    let hang = true;
    const time = createManualTime(Date.now());
    const { h } = await setup({
      transcription: () => (hang ? { kind: 'hang' } : { kind: 'transcript', text: 'What is twelve times seven?' }),
      reducerOptions: { sttTimeoutMs: 300 },
      time,
    });
    await h.pushSpeech(question);
    await h.until(() => transcriptionRequests().length > 0, 'the transcription request');
    time.advance(299);
    expect(errors(h)).toEqual([]);
    time.advance(1);
    await h.until(() => errors(h).length > 0, 'the timeout');
    await h.untilQuiet();
    await h.until(() => server!.abortedRequests.some((request) => request.path === '/v1/audio/transcriptions'), 'the request closed');
    hang = false;
    await answersNextQuestion(h);
  });

  it('an orchestrator or a TTS that never answers ends in a usable state with the text shown', async () => {
    for (const hung of ['turn', 'tts'] as const) {
      const log = new RequestLog();
      const time = createManualTime(Date.now());
      const h = createVoiceHarness({
        orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: hung === 'turn' ? 3_600_000 : 1, answer: () => ANSWER, log }),
        stt: new FixedLatencyStt({ latencyMs: 1, text: () => 'what is twelve times seven' }),
        tts: new FixedLatencyTts({ firstChunkMs: hung === 'tts' ? 3_600_000 : 1, log }),
        mode: 'hands_free',
        // A typed run's first guard timer uses the STT budget, so all three are short.
        reducerOptions: { sttTimeoutMs: 200, turnTimeoutMs: 200, audioTimeoutMs: 200 },
        clock: time.clock,
        setTimer: time.setTimer,
      });
      h.runtime.typed('what is twelve times seven');
      await h.until(() => log.requests.some((request) => request.kind === hung), `the ${hung} request`);
      time.advance(199);
      expect(errors(h)).toEqual([]);
      time.advance(1);
      await h.until(() => errors(h).length > 0, `the ${hung} timeout`);
      await h.untilQuiet();
      expect(h.runtime.phase()).toBe('listening');
      expect(log.requests.filter((request) => request.kind === hung).every((request) => request.abortedAt !== null)).toBe(true);
      if (hung === 'tts') {
        const shown = h.notices.flatMap((notice) => (notice.kind === 'assistant_text' ? [notice.text] : [])).join(' ');
        expect(shown).toContain('eighty-four');
      }
      await h.runtime.close();
    }
  });
});
