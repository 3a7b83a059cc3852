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
import { createVoiceRuntime, type VoiceRuntime } from '../src/main/cascade/voice-runtime.ts';

// The runtime's own share of voice latency, with in-process providers of fixed latency (real
// timers). First-audio gap: end of speech (the VAD's event) to the first audio reaching the
// output, minus the providers' latencies on the critical path (STT + orchestrator's first chunk +
// TTS's first chunk). Barge-in: the VAD's speech_started while the answer plays, to playback
// stopped and every provider request then in flight aborted.

const STT_MS = 30;
const FIRST_CHUNK_MS = 40;
const TTS_FIRST_CHUNK_MS = 25;
const CRITICAL_PATH_MS = STT_MS + FIRST_CHUNK_MS + TTS_FIRST_CHUNK_MS;
const TURNS = 200;
const BARGE_INS = 200;
const WARMUP = 10;

/** One second of 16 kHz "speech": the fakes ignore the samples, the reducer sees the duration. */
const UTTERANCE = new Int16Array(16000).fill(2000);
const FRAME = new Int16Array(512);

const silentLogger = pino({ level: 'silent' });
const clock = { now: () => performance.now() };

export async function run(): Promise<Record<string, unknown>> {
  const gaps = await firstAudioGaps();
  const bargeIns = await bargeInTimes();
  return {
    'voice.first_audio_gap_p50_ms': round(percentile(gaps, 0.5)),
    'voice.first_audio_gap_p99_ms': round(percentile(gaps, 0.99)),
    'voice.first_audio_critical_path_ms': CRITICAL_PATH_MS,
    'voice.barge_in_p50_ms': round(percentile(bargeIns, 0.5)),
    'voice.barge_in_p99_ms': round(percentile(bargeIns, 0.99)),
  };
}

async function firstAudioGaps(): Promise<number[]> {
  const vad = new ScriptedVad();
  const output = new RecordingOutput();
  let runtime: VoiceRuntime | null = null;
  // Playback is instant: each chunk is reported started and ended as soon as it is handed over.
  output.onPlay = (runId, chunkId) =>
    queueMicrotask(() => {
      runtime?.playbackStarted(runId, chunkId);
      runtime?.playbackEnded(runId, chunkId);
    });
  runtime = createVoiceRuntime({
    orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: FIRST_CHUNK_MS, answer: () => 'Twelve times seven is eighty-four.' }),
    stt: new FixedLatencyStt({ latencyMs: STT_MS, text: () => 'what is twelve times seven' }),
    tts: new FixedLatencyTts({ firstChunkMs: TTS_FIRST_CHUNK_MS, chunkMs: 200, chunks: 2 }),
    vad,
    clock,
    logger: silentLogger,
    mode: 'hands_free',
    output,
    onNotice: () => undefined,
  });

  const gaps: number[] = [];
  for (let turn = 0; turn < WARMUP + TURNS; turn += 1) {
    const playedBefore = output.played.length;
    const firstPlay = nextPlay(output, playedBefore);
    vad.next({ type: 'speech_started', atMs: 0 });
    await runtime.pushAudio(FRAME);
    vad.next({ type: 'speech_ended', atMs: 1000, startedAtMs: 0, audio: UTTERANCE, sampleRate: 16000 });
    await runtime.pushAudio(FRAME);
    const endOfSpeech = vad.lastEmittedAt;
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

const round = (value: number) => Math.round(value * 1000) / 1000;
