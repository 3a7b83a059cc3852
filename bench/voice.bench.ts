import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { percentile } from '../src/main/core/moe/routing/routing-evaluation.ts';
import {
  FixedLatencyOrchestrator,
  FixedLatencyStt,
  FixedLatencyTts,
  RecordingOutput,
  RequestLog,
  ScriptedVad,
} from '../src/main/cascade/testing/fixed-latency-providers.ts';
import { createVoiceRuntime, type VoiceRuntime, type VoiceRuntimeOptions } from '../src/main/cascade/voice-runtime.ts';
import type { VoiceTurnMetrics } from '../src/main/cascade/voice-metrics.ts';
import { createOpenAiChatModel } from '../src/main/adapters/openai/openai-chat-model.ts';
import { createOpenAiStt } from '../src/main/adapters/openai/openai-stt.ts';
import { startFakeOpenAiServer } from '../src/main/adapters/testing/fake-openai-server.ts';
import { takeSpeakableChunks } from '../src/main/core/voice-loop/sentence-chunker.ts';
import { createDefault, loadMoeConfig, loadSpecialists } from '../src/main/host/moe-composition.ts';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../src/main/testing/test-host.ts';
import { sized } from './support/scale.ts';

// The runtime's own share of voice latency, with in-process providers of fixed latency (real
// timers). First-audio gap: end of speech (the VAD's event) to the first audio reaching the
// output, minus the providers' latencies on the critical path (STT + orchestrator's first chunk +
// TTS's first chunk). Barge-in: the VAD's speech_started while the answer plays, to playback
// stopped and every provider request then in flight aborted.
//
// Streaming first-audio gap: the real pipeline a spoken question to the general (LLM) expert takes:
// the OpenAI STT and chat adapters against the fake OpenAI server, which streams the reply one
// word every STREAM_TOKEN_MS, the orchestrator as the app composes it, the voice runtime, and a TTS
// that answers at once. Gap: end of speech to the first audio reaching the output, minus the STT
// latency (as the runtime measured it) and minus the model's time to its first speakable chunk
// (the chat request reaching the server to the server writing the word after which the chunker
// can cut the first chunk). What is left is ours: routing, HTTP and SSE parsing, the agent, the
// orchestrator, the reducer and the chunker.

const STT_MS = 30;
const FIRST_CHUNK_MS = 40;
const TTS_FIRST_CHUNK_MS = 25;
const CRITICAL_PATH_MS = STT_MS + FIRST_CHUNK_MS + TTS_FIRST_CHUNK_MS;
const TURNS = sized(200, 3);
const BARGE_INS = sized(200, 3);
const WARMUP = sized(10, 1);

/** One second of 16 kHz "speech": the fakes ignore the samples, the reducer sees the duration. */
const UTTERANCE = new Int16Array(16000).fill(2000);
const FRAME = new Int16Array(512);

const silentLogger = pino({ level: 'silent' });
const clock = { now: () => performance.now() };

export const figures = [
  'voice.streaming_first_audio_gap_p50_ms',
  'voice.streaming_first_audio_gap_p99_ms',
  'voice.streaming_token_interval_ms',
  'voice.first_audio_gap_p50_ms',
  'voice.first_audio_gap_p99_ms',
  'voice.first_audio_critical_path_ms',
  'voice.barge_in_p50_ms',
  'voice.barge_in_p99_ms',
];

export async function run(): Promise<Record<string, unknown>> {
  const gaps = await firstAudioGaps();
  const bargeIns = await bargeInTimes();
  const streaming = await streamingFirstAudioGaps();
  return {
    'voice.streaming_first_audio_gap_p50_ms': round(percentile(streaming, 0.5)),
    'voice.streaming_first_audio_gap_p99_ms': round(percentile(streaming, 0.99)),
    'voice.streaming_token_interval_ms': STREAM_TOKEN_MS,
    'voice.first_audio_gap_p50_ms': round(percentile(gaps, 0.5)),
    'voice.first_audio_gap_p99_ms': round(percentile(gaps, 0.99)),
    'voice.first_audio_critical_path_ms': CRITICAL_PATH_MS,
    'voice.barge_in_p50_ms': round(percentile(bargeIns, 0.5)),
    'voice.barge_in_p99_ms': round(percentile(bargeIns, 0.99)),
  };
}

async function firstAudioGaps(): Promise<number[]> {
  const { vad, output, runtime } = hearingRuntime({
    orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: FIRST_CHUNK_MS, answer: () => 'Twelve times seven is eighty-four.' }),
    stt: new FixedLatencyStt({ latencyMs: STT_MS, text: () => 'what is twelve times seven' }),
    tts: new FixedLatencyTts({ firstChunkMs: TTS_FIRST_CHUNK_MS, chunkMs: 200, chunks: 2 }),
  });

  const gaps: number[] = [];
  for (let turn = 0; turn < WARMUP + TURNS; turn += 1) {
    const firstPlay = nextPlay(output, output.played.length);
    const endOfSpeech = await utter(vad, runtime);
    const playedAt = await firstPlay;
    if (turn >= WARMUP) gaps.push(playedAt - endOfSpeech - CRITICAL_PATH_MS);
    await untilQuiet(runtime);
  }
  await runtime.close();
  return gaps.sort((a, b) => a - b);
}

async function bargeInTimes(): Promise<number[]> {
  const vad = new ScriptedVad();
  const output = new RecordingOutput();
  const log = new RequestLog();
  // The answer's second chunk never comes in time: its TTS request is in flight when the user speaks.
  const runtime = createVoiceRuntime({
    orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 2, answer: () => 'First sentence here. And a second sentence after it.', log }),
    stt: new FixedLatencyStt({ latencyMs: 2, text: () => 'tell me something', log }),
    tts: new FixedLatencyTts({ firstChunkMs: 2, chunkMs: 500, chunks: 3, nextChunkMs: 60_000, log }),
    vad,
    clock,
    logger: silentLogger,
    mode: 'hands_free',
    // Cancel at speech_started (no noise check): what is measured is the cancel reaching everything.
    reducerOptions: { bargeInMinSpeechMs: 0 },
    output,
    onNotice: () => undefined,
  });

  const times: number[] = [];
  vad.next({ type: 'speech_started', atMs: 0 });
  await runtime.pushAudio(FRAME);
  for (let bargeIn = 0; bargeIn < WARMUP + BARGE_INS; bargeIn += 1) {
    const firstPlay = nextPlay(output, output.played.length);
    vad.next({ type: 'speech_ended', atMs: 1000, startedAtMs: 0, audio: UTTERANCE, sampleRate: 16000 });
    await runtime.pushAudio(FRAME);
    await firstPlay;
    const live = log.live();
    const stopsBefore = output.stopped.length;
    vad.next({ type: 'speech_started', atMs: 0 });
    await runtime.pushAudio(FRAME);
    const startedAt = vad.lastEmittedAt;
    const stop = output.stopped[stopsBefore];
    const aborts = live.map((request) => request.abortedAt);
    if (!stop || aborts.some((at) => at === null)) {
      throw new Error(`barge-in ${bargeIn}: playback stopped ${stop !== undefined}, ${aborts.filter((at) => at === null).length} of ${live.length} requests still live`);
    }
    if (bargeIn >= WARMUP) times.push(Math.max(stop.at, ...(aborts as number[])) - startedAt);
  }
  await runtime.close();
  return times.sort((a, b) => a - b);
}

/** A hands-free runtime on a scripted VAD whose playback is instant: each chunk is reported started and ended as soon as it is handed over. */
function hearingRuntime(providers: Pick<VoiceRuntimeOptions, 'orchestrator' | 'stt' | 'tts' | 'onMetrics'>): { vad: ScriptedVad; output: RecordingOutput; runtime: VoiceRuntime } {
  const vad = new ScriptedVad();
  const output = new RecordingOutput();
  const runtime = createVoiceRuntime({ ...providers, vad, clock, logger: silentLogger, mode: 'hands_free', output, onNotice: () => undefined });
  output.onPlay = (runId, chunkId) =>
    queueMicrotask(() => {
      runtime.playbackStarted(runId, chunkId);
      runtime.playbackEnded(runId, chunkId);
    });
  return { vad, output, runtime };
}

/** One second of speech as the VAD reports it; resolves to the end of speech, ms on `clock`. */
async function utter(vad: ScriptedVad, runtime: VoiceRuntime): Promise<number> {
  vad.next({ type: 'speech_started', atMs: 0 });
  await runtime.pushAudio(FRAME);
  vad.next({ type: 'speech_ended', atMs: 1000, startedAtMs: 0, audio: UTTERANCE, sampleRate: 16000 });
  await runtime.pushAudio(FRAME);
  return vad.lastEmittedAt;
}

function nextPlay(output: RecordingOutput, index: number): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      const entry = output.played[index];
      if (entry) return resolve(entry.at);
      setImmediate(check);
    };
    check();
  });
}

/** Until nothing is in flight and the reducer is back to waiting for the user. */
async function untilQuiet(runtime: VoiceRuntime): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    await runtime.settled();
    if (runtime.phase() === 'listening' || runtime.phase() === 'idle') return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`the turn never ended (phase ${runtime.phase()})`);
}

const STREAM_TOKEN_MS = 15;
const STREAM_TURNS = sized(100, 3);
const STREAM_STT_MS = 20;
const STORY = 'Lighthouses guided ships for centuries, and each one had a keeper who watched the sea.';

async function streamingFirstAudioGaps(): Promise<number[]> {
  const marks = { chatAt: 0, firstSpeakableAt: 0 };
  const server = await startFakeOpenAiServer({
    transcription: () => ({ kind: 'transcript', text: 'tell me a story about a lighthouse', delayMs: STREAM_STT_MS }),
    chat: (body) => {
      // The router's classifier, if the fast path does not decide.
      if (body.response_format?.type === 'json_object') return { kind: 'text', content: JSON.stringify({ scores: { general: 0.9 } }) };
      marks.chatAt = performance.now();
      marks.firstSpeakableAt = 0;
      return {
        kind: 'text',
        content: STORY,
        chunkDelayMs: STREAM_TOKEN_MS,
        onPiece: (written) => {
          if (marks.firstSpeakableAt === 0 && takeSpeakableChunks(written, { first: true, final: false }).chunks.length > 0) marks.firstSpeakableAt = performance.now();
        },
      };
    },
  });
  const temp = makeTempDir('bench-streaming');
  try {
    const chatModel = createOpenAiChatModel({ apiKey: 'bench-key', baseURL: server.baseURL, model: 'gpt-4o-mini' });
    const { value: config } = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default');
    const { setup } = loadSpecialists(REPO_CONFIG_DIR, temp.path, chatModel);
    const orchestrator = createDefault(setup, config, { clock, chatModel, cacheStore: null, tracer: { record: () => undefined }, logger: silentLogger });
    const turnMetrics: VoiceTurnMetrics[] = [];
    const { vad, output, runtime } = hearingRuntime({
      orchestrator,
      stt: createOpenAiStt({ apiKey: 'bench-key', baseURL: server.baseURL, model: 'whisper-1' }),
      tts: new FixedLatencyTts({ firstChunkMs: 0, chunkMs: 200, chunks: 1 }),
      onMetrics: (_runId, figures) => turnMetrics.push(figures),
    });
    const gaps: number[] = [];
    for (let turn = 0; turn < WARMUP + STREAM_TURNS; turn += 1) {
      const firstPlay = nextPlay(output, output.played.length);
      const endOfSpeech = await utter(vad, runtime);
      const playedAt = await firstPlay;
      const modelFirstSpeakableMs = marks.firstSpeakableAt - marks.chatAt;
      await untilQuiet(runtime);
      const sttMs = turnMetrics.at(-1)?.providers.find((provider) => provider.kind === 'stt')?.ttfbMs;
      if (sttMs === undefined || marks.firstSpeakableAt === 0) throw new Error(`streaming turn ${turn}: no STT timing or no speakable chunk was streamed`);
      if (turn >= WARMUP) gaps.push(playedAt - endOfSpeech - sttMs - modelFirstSpeakableMs);
    }
    await runtime.close();
    return gaps.sort((a, b) => a - b);
  } finally {
    await server.close();
    temp.remove();
  }
}

const round = (value: number) => Math.round(value * 1000) / 1000;
