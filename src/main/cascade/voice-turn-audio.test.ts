import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EspeakTextToSpeech } from '../adapters/embedded/espeak-tts.ts';
import { createSileroVad } from '../adapters/embedded/silero-vad.ts';
import { createOpenAiStt } from '../adapters/openai/openai-stt.ts';
import { createOpenAiTts } from '../adapters/openai/openai-tts.ts';
import { speak, withSilence, type AudioWithSpeech } from '../adapters/testing/speech-fixtures.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type TranscriptionRequest } from '../adapters/testing/fake-openai-server.ts';
import { createDefault, loadMoeConfig, loadSpecialists } from '../host/moe-composition.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../testing/test-host.ts';
import { durationMs } from '../ports/audio.ts';
import { createVoiceHarness, type VoiceHarness } from './testing/voice-harness.ts';
import type { VoiceOrchestrator, VoiceTurnChunk } from './voice-runtime-types.ts';

// Real audio in and out: espeak-ng speech -> Silero VAD -> the OpenAI STT adapter against the fake
// server -> the orchestrator with the shipped local specialists -> espeak-ng (or the OpenAI TTS
// adapter against the fake server) -> the audio handed to the output.

let question: AudioWithSpeech;
let interruption: AudioWithSpeech;
let orchestrator: VoiceOrchestrator;
let server: FakeOpenAiServer | undefined;
let harness: VoiceHarness | undefined;
let temp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  question = withSilence(await speak('what is twelve times seven'), { beforeMs: 300, afterMs: 900 });
  interruption = withSilence(await speak('stop, what time is it'), { beforeMs: 0, afterMs: 900 });
  temp = makeTempDir('voice-turn');
  const { value: config } = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default');
  const { setup } = loadSpecialists(REPO_CONFIG_DIR, temp.path, null);
  orchestrator = createDefault(setup, config, {
    clock: { now: () => Date.now() },
    chatModel: null,
    cacheStore: null,
    tracer: { record: () => undefined },
    logger: pino({ level: 'silent' }),
  });
});

afterAll(() => temp.remove());

afterEach(async () => {
  await harness?.runtime.close();
  await server?.close();
  harness = undefined;
  server = undefined;
});

const words = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

describe('a voice turn with real audio', () => {
  it('hears the question, transcribes it, answers with the local specialists and speaks an answer of fitting length', async () => {
    const transcriptions: TranscriptionRequest[] = [];
    const chunks: { runId: string; chunk: VoiceTurnChunk }[] = [];
    server = await startFakeOpenAiServer({
      transcription: (request) => {
        transcriptions.push(request);
        return { kind: 'transcript', text: 'What is twelve times seven?' };
      },
    });
    harness = createVoiceHarness({
      orchestrator,
      stt: createOpenAiStt({ apiKey: 'test-key', baseURL: server.baseURL, model: 'whisper-1' }),
      tts: new EspeakTextToSpeech(),
      vad: await createSileroVad(),
      mode: 'hands_free',
      onTurnChunk: (runId, chunk) => chunks.push({ runId, chunk }),
    });

    await harness.pushSpeech(question.audio);
    await harness.until(() => harness!.output.played.length > 0, 'the answer to play');
    await harness.untilQuiet();

    // One upload, of about the spoken question (the VAD pads 200 ms before and 100 ms after).
    expect(transcriptions).toHaveLength(1);
    const spokenMs = question.speechEndMs - question.speechStartMs;
    const uploadedMs = durationMs(transcriptions[0]!.audio);
    expect(uploadedMs).toBeGreaterThan(spokenMs - 150);
    expect(uploadedMs).toBeLessThan(spokenMs + 500);

    const answer = harness.spokenText();
    expect(answer).toMatch(/84/);
    const playedMs = harness.output.playedMs();
    const perWord = playedMs / words(answer);
    expect(perWord).toBeGreaterThan(150);
    expect(perWord).toBeLessThan(600);
    expect(harness.output.played.every((entry) => entry.audio.sampleRate === 22050)).toBe(true);

    // The orchestrator's chunks: the calculator's partial (for the UI), its first sentence spoken at
    // once (the lead-in), then the final, which adds nothing the lead-in said.
    expect(chunks.map(({ chunk }) => (chunk.type === 'partial' ? `partial:${chunk.agent}` : chunk.type))).toEqual(['partial:calculator', 'delta', 'final']);
    const final = chunks[2]!.chunk;
    expect(final.type === 'final' && final.trace.query).toBe('What is twelve times seven?');

    expect(harness.metrics).toHaveLength(1);
    const metrics = harness.metrics[0]!;
    expect(metrics.runId).toBe(chunks[0]!.runId);
    expect(metrics.fromSpeech).toBe(true);
    expect(metrics.voiceToVoiceMs).not.toBeNull();
    expect(metrics.providers.map((timing) => timing.provider)).toEqual(['openai', 'orchestrator', 'espeak-ng']);
  });

  it('a second utterance during playback stops playback and closes the speech request in flight', async () => {
    let speechRequests = 0;
    let releaseStalled: () => void = () => undefined;
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: 'What is twelve times seven?' }),
      // The answer's audio: the first chunk now, the rest never (until the test ends).
      speech: () => {
        speechRequests += 1;
        return {
          kind: 'audio',
          samples: new Int16Array(24_000 * 3).fill(3000),
          chunkBytes: 24_000 * 2 * 0.5,
          beforeChunk: (index) => (index === 0 ? undefined : new Promise<void>((resolve) => (releaseStalled = resolve))),
        };
      },
    });
    harness = createVoiceHarness({
      orchestrator,
      stt: createOpenAiStt({ apiKey: 'test-key', baseURL: server.baseURL, model: 'whisper-1' }),
      tts: createOpenAiTts({ apiKey: 'test-key', baseURL: server.baseURL, model: 'gpt-4o-mini-tts', voice: 'alloy' }),
      vad: await createSileroVad(),
      mode: 'hands_free',
      manualPlayback: true,
    });

    await harness.pushSpeech(question.audio);
    await harness.until(() => harness!.output.played.length > 0, 'the first audio to play');
    const first = harness.output.played[0]!;
    harness.runtime.playbackStarted(first.runId, first.chunkId);
    expect(server.abortedRequests).toEqual([]);

    await harness.pushSpeech(interruption.audio);
    expect(harness.output.stopped.map((stop) => stop.runId)).toContain(first.runId);
    await harness.until(() => server!.abortedRequests.some((request) => request.path === '/v1/audio/speech'), 'the server to see the speech request closed');
    expect(harness.notices).toContainEqual(expect.objectContaining({ kind: 'interrupted', runId: first.runId }));
    expect(speechRequests).toBeGreaterThanOrEqual(1);
    releaseStalled();
  });
});
