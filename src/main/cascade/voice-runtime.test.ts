import pino from 'pino';
import { AppError } from '../core/errors.ts';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnContext } from '../core/moe/orchestrator-types.ts';
import { normaliseSentence } from '../core/text/sentences.ts';
import type { TranscribeRequest } from '../ports/stt.ts';
import {
  fakeTrace,
  FixedLatencyOrchestrator,
  FixedLatencyStt,
  FixedLatencyTts,
  RecordingOutput,
  RequestLog,
  ScriptedVad,
} from './testing/fixed-latency-providers.ts';
import { createVoiceHarness, type VoiceHarness } from './testing/voice-harness.ts';
import { createVoiceRuntime, unsaid } from './voice-runtime.ts';
import type { VoiceTurnChunk } from './voice-runtime-types.ts';

// The runtime against in-process providers with short real latencies: what it asks of each
// provider, what reaches the output, and what a cancel reaches. No timing is asserted.

const ONE_SECOND = new Int16Array(16000).fill(1500);
const FRAME = new Int16Array(512);

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.runtime.close();
  harness = undefined;
});

async function speakTurn(vad: ScriptedVad, h: VoiceHarness, samples = ONE_SECOND): Promise<void> {
  vad.next({ type: 'speech_started', atMs: 0 });
  await h.runtime.pushAudio(FRAME);
  // Hands-free: heard from the VAD's start of speech to its end.
  expect(h.runtime.hearing()).toBe(true);
  vad.next({ type: 'speech_ended', atMs: 1000, startedAtMs: 0, audio: samples, sampleRate: 16000 });
  await h.runtime.pushAudio(FRAME);
  expect(h.runtime.hearing()).toBe(false);
}

describe('voice runtime: a failed transcription', () => {
  it('says it failed (with the audio kept), and a retry sends the same audio again and answers', async () => {
    const vad = new ScriptedVad();
    const transcribed: TranscribeRequest[] = [];
    let down = true;
    const orchestrator = new FixedLatencyOrchestrator({ firstChunkMs: 2, answer: () => 'Eighty-four.' });
    harness = createVoiceHarness({
      orchestrator,
      stt: new FixedLatencyStt({
        latencyMs: 2,
        text: (request) => {
          transcribed.push(request);
          if (down) throw new AppError('unavailable', 'openai transcription: the server at http://127.0.0.1:9 does not answer', { retryable: true });
          return 'what is twelve times seven';
        },
      }),
      tts: new FixedLatencyTts({ firstChunkMs: 2, chunkMs: 100, chunks: 1 }),
      vad,
      mode: 'hands_free',
    });
    await speakTurn(vad, harness);
    await harness.until(() => harness!.notices.some((notice) => notice.kind === 'transcription_failed'), 'the failure said');
    const failed = harness.notices.find((notice) => notice.kind === 'transcription_failed')!;
    expect(failed).toMatchObject({ kind: 'transcription_failed', reason: 'failed', message: expect.stringContaining('does not answer') });
    expect(harness.notices.filter((notice) => notice.kind === 'error')).toEqual([]);

    down = false;
    expect(harness.runtime.retryTranscription(failed.kind === 'transcription_failed' ? failed.runId : '')).toBe(true);
    await harness.until(() => harness!.output.played.length === 1, 'the answer played');
    expect(transcribed).toHaveLength(2);
    expect(transcribed[1]!.audio.samples).toEqual(ONE_SECOND);
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['what is twelve times seven']);
    // Used once: the audio is not kept after its words are known.
    expect(harness.runtime.retryTranscription(failed.kind === 'transcription_failed' ? failed.runId : '')).toBe(false);
  });
});

describe('voice runtime', () => {
  it('runs a spoken turn: utterance to STT, transcript to the orchestrator, answer to TTS and the output, with metrics', async () => {
    const vad = new ScriptedVad();
    const transcribed: TranscribeRequest[] = [];
    const orchestrator = new FixedLatencyOrchestrator({ firstChunkMs: 5, answer: () => 'Twelve times seven is eighty-four.' });
    const tts = new FixedLatencyTts({ firstChunkMs: 3, chunkMs: 300, chunks: 2 });
    harness = createVoiceHarness({
      orchestrator,
      stt: new FixedLatencyStt({ latencyMs: 3, text: (request) => (transcribed.push(request), 'what is twelve times seven') }),
      tts,
      vad,
      mode: 'hands_free',
      turnContext: { sessionId: 's1', timeZone: 'Europe/Lisbon', locale: 'en' },
    });
    await speakTurn(vad, harness);
    await harness.until(() => harness!.output.played.length === 2, 'both chunks played');
    await harness.untilQuiet();

    expect(transcribed).toHaveLength(1);
    expect(transcribed[0]!.audio).toEqual({ samples: ONE_SECOND, sampleRate: 16000 });
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['what is twelve times seven']);
    const context: TurnContext = orchestrator.queries[0]!.context;
    expect(context).toMatchObject({ sessionId: 's1', voiceMode: true, timeZone: 'Europe/Lisbon', locale: 'en' });
    // The run's signal: released (aborted) once the run is over.
    expect(context.signal).toBeInstanceOf(AbortSignal);
    expect(normaliseSentence(tts.texts.join(' '))).toBe('twelve times seven is eighty four');
    expect(harness.output.playedMs()).toBe(600);
    expect(harness.notices).toContainEqual(expect.objectContaining({ kind: 'user_transcript', text: 'what is twelve times seven', final: true }));
    expect(harness.spokenText()).toContain('eighty-four');
    expect(harness.phases()).toEqual(expect.arrayContaining(['transcribing', 'thinking', 'speaking']));

    expect(harness.metrics).toHaveLength(1);
    const [metrics] = harness.metrics;
    expect(metrics).toMatchObject({ fromSpeech: true, interrupted: false });
    const steps = [
      metrics!.sttStartMs,
      metrics!.sttFinalMs,
      metrics!.turnStartMs,
      metrics!.firstTurnChunkMs,
      metrics!.ttsStartMs,
      metrics!.firstTtsAudioMs,
      metrics!.firstAudioSentMs,
    ];
    expect(steps.every((ms) => ms !== null && ms >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a! - b!)).toEqual(steps);
    expect(metrics!.voiceToVoiceMs).toBe(metrics!.firstAudioPlayedMs);
    // The harness reports each chunk played to its end at once; the last end is kept.
    expect(metrics!.lastAudioEndedMs).toBeGreaterThanOrEqual(metrics!.firstAudioPlayedMs!);
    expect(metrics!.providers.map((timing) => `${timing.kind}:${timing.provider}`)).toEqual(['stt:fake-stt', 'turn:orchestrator', 'tts:fake-tts']);
  });

  it('push-to-talk sends exactly the audio captured while the key was held', async () => {
    const transcribed: TranscribeRequest[] = [];
    harness = createVoiceHarness({
      orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 1, answer: () => 'Yes.' }),
      stt: new FixedLatencyStt({ latencyMs: 1, text: (request) => (transcribed.push(request), 'are you there') }),
      tts: new FixedLatencyTts({ firstChunkMs: 1 }),
      mode: 'push_to_talk',
    });
    await harness.runtime.pushAudio(new Int16Array(800).fill(7)); // before the key: ignored
    expect(harness.runtime.hearing()).toBe(false);
    harness.runtime.talkPressed();
    expect(harness.runtime.hearing()).toBe(true);
    const held = Array.from({ length: 30 }, (_, index) => new Int16Array(512).fill(index + 100));
    for (const frame of held) await harness.runtime.pushAudio(frame);
    harness.runtime.talkReleased();
    expect(harness.runtime.hearing()).toBe(false);
    await harness.until(() => harness!.output.played.length === 1, 'the answer played');
    expect(transcribed).toHaveLength(1);
    expect(transcribed[0]!.audio.samples.length).toBe(30 * 512);
    expect(transcribed[0]!.audio.samples[0]).toBe(100);
    expect(transcribed[0]!.audio.samples[30 * 512 - 1]).toBe(129);
  });

  it('speaks streamed text as it comes and then only what the final adds', async () => {
    const tts = new FixedLatencyTts({ firstChunkMs: 1 });
    const chunks: VoiceTurnChunk[] = [];
    const orchestrator = new FixedLatencyOrchestrator({
      firstChunkMs: 1,
      partials: [['calculator', '12 times 7 is 84.', 0.95]],
      deltas: () => ['12 times 7 is 84. ', 'Seven twelves', ' make eighty-four.'],
      deltaGapMs: 30,
      answer: () => 'unused: the deltas are the answer',
    });
    harness = createVoiceHarness({ orchestrator, stt: new FixedLatencyStt({ latencyMs: 1, text: () => '' }), tts, mode: 'hands_free', onTurnChunk: (_runId, chunk) => chunks.push(chunk) });
    harness.runtime.typed('what is twelve times seven');
    await harness.until(() => tts.texts.length >= 1, 'the first sentence synthesized');
    // Spoken while the rest (30 ms away) is still being generated; the partial is not spoken.
    expect(tts.texts).toEqual(['12 times 7 is 84.']);
    expect(chunks.some((chunk) => chunk.type === 'final')).toBe(false);
    await harness.untilQuiet();
    expect(tts.texts).toEqual(['12 times 7 is 84.', 'Seven twelves make eighty-four.']);
    expect(chunks.map((chunk) => chunk.type)).toEqual(['partial', 'delta', 'delta', 'delta', 'final']);
  });

  it('speaks the whole final when nothing streamed, and never an agent partial', async () => {
    const tts = new FixedLatencyTts({ firstChunkMs: 1 });
    const orchestrator = new FixedLatencyOrchestrator({
      firstChunkMs: 1,
      partials: [['calculator', 'Eighty-four.', 0.95]],
      answer: () => 'It is eighty-four.',
    });
    harness = createVoiceHarness({ orchestrator, stt: new FixedLatencyStt({ latencyMs: 1, text: () => '' }), tts, mode: 'hands_free' });
    harness.runtime.typed('what is twelve times seven');
    await harness.until(() => harness!.output.played.length === 1, 'the answer played');
    await harness.untilQuiet();
    expect(tts.texts.join(' ')).toBe('It is eighty-four.');
  });

  it('a final that does not continue the streamed text adds nothing to what is spoken', () => {
    const warnings: string[] = [];
    expect(unsaid('One. Two.', 'One. ', (reason) => warnings.push(reason))).toBe('Two.');
    expect(unsaid('Whole answer.', '', (reason) => warnings.push(reason))).toBe('Whole answer.');
    expect(warnings).toEqual([]);
    expect(unsaid('Something else.', 'One. ', (reason) => warnings.push(reason))).toBe('');
    expect(warnings).toHaveLength(1);
  });

  it('barge-in during playback stops playback, aborts every request in flight and plays nothing more of that run', async () => {
    const vad = new ScriptedVad();
    const log = new RequestLog();
    const tts = new FixedLatencyTts({ firstChunkMs: 1, chunkMs: 500, chunks: 3, nextChunkMs: 50, log });
    harness = createVoiceHarness({
      orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 1, answer: () => 'A long answer. With a second sentence. And a third one.', log }),
      stt: new FixedLatencyStt({ latencyMs: 1, text: () => 'tell me a story', log }),
      tts,
      vad,
      mode: 'hands_free',
      manualPlayback: true,
      reducerOptions: { bargeInMinSpeechMs: 0 },
    });
    await speakTurn(vad, harness);
    await harness.until(() => harness!.output.played.length >= 1, 'the first chunk played');
    const first = harness.output.played[0]!;
    harness.runtime.playbackStarted(first.runId, first.chunkId);
    const live = log.live();
    expect(live.map((request) => request.kind)).toContain('tts');

    vad.next({ type: 'speech_started', atMs: 2000 });
    await harness.runtime.pushAudio(FRAME);
    expect(harness.output.stopped.map((stop) => stop.runId)).toContain(first.runId);
    expect(live.every((request) => request.abortedAt !== null)).toBe(true);

    const playedBefore = harness.output.played.length;
    const syntheses = tts.texts.length;
    // Every request of the run has ended (aborted), so nothing of it can still arrive.
    await harness.runtime.settled();
    expect(log.live()).toEqual([]);
    expect(harness.output.played.slice(playedBefore).filter((entry) => entry.runId === first.runId)).toEqual([]);
    expect(tts.texts).toHaveLength(syntheses); // no later segment of the cancelled run is synthesized
    expect(harness.notices).toContainEqual(expect.objectContaining({ kind: 'interrupted', runId: first.runId }));
  });

  it('speech shorter than the barge-in minimum pauses playback, then resumes the chunk where it was heard to', async () => {
    const vad = new ScriptedVad();
    const log = new RequestLog();
    harness = createVoiceHarness({
      orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 1, answer: () => 'One long sentence that plays for a while.', log }),
      stt: new FixedLatencyStt({ latencyMs: 1, text: () => 'talk to me', log }),
      tts: new FixedLatencyTts({ firstChunkMs: 1, chunkMs: 1000, log }),
      vad,
      mode: 'hands_free',
      manualPlayback: true,
      reducerOptions: { bargeInMinSpeechMs: 250, minUtteranceMs: 120 },
    });
    await speakTurn(vad, harness);
    await harness.until(() => harness!.output.played.length === 1, 'the chunk played');
    const first = harness.output.played[0]!;
    harness.runtime.playbackStarted(first.runId, first.chunkId);
    harness.runtime.playbackProgress(first.runId, 400);

    vad.next({ type: 'speech_started', atMs: 3000 });
    await harness.runtime.pushAudio(FRAME);
    expect(harness.output.stopped.map((stop) => stop.runId)).toEqual([first.runId]);
    vad.next({ type: 'speech_ended', atMs: 3080, startedAtMs: 3000, audio: new Int16Array(1280), sampleRate: 16000 });
    await harness.runtime.pushAudio(FRAME);

    await harness.until(() => harness!.output.played.length === 2, 'the chunk resumed');
    const resumed = harness.output.played[1]!;
    expect(resumed).toMatchObject({ runId: first.runId, chunkId: first.chunkId });
    expect(resumed.audio.samples.length).toBe(16000 - 400 * 16); // the 600 ms not yet heard
    expect(log.requests.every((request) => request.abortedAt === null)).toBe(true);
    expect(harness.notices.some((notice) => notice.kind === 'interrupted')).toBe(false);
  });

  it('keeps speaking across a tool call: text before it plays while the tool runs, the rest follows in the same run', async () => {
    const tts = new FixedLatencyTts({ firstChunkMs: 1 });
    let finishTool!: () => void;
    const toolDone = new Promise<void>((resolve) => (finishTool = resolve));
    const orchestrator = {
      async *processStream(query: string): AsyncGenerator<VoiceTurnChunk> {
        yield { type: 'delta', turnId: 't', text: 'Let me add those up. ' };
        yield { type: 'tool_call', turnId: 't', callId: 'call-1', name: 'add', arguments: '{"a":2,"b":3}' };
        await toolDone;
        yield { type: 'tool_result', turnId: 't', callId: 'call-1', name: 'add', ok: true, output: '5', durationMs: 4 };
        yield { type: 'delta', turnId: 't', text: 'The sum is 5.' };
        const text = 'Let me add those up. The sum is 5.';
        yield { type: 'final', turnId: 't', text, trace: fakeTrace(query, text) };
      },
    };
    harness = createVoiceHarness({ orchestrator, stt: new FixedLatencyStt({ latencyMs: 1, text: () => '' }), tts, mode: 'hands_free' });
    harness.runtime.typed('add two and three');
    await harness.until(() => harness!.output.played.length === 1, 'the words before the tool played');
    expect(harness.runtime.phase()).not.toBe('listening');
    finishTool();
    await harness.until(() => harness!.output.played.length === 2, 'the rest played');
    await harness.untilQuiet();
    expect(tts.texts).toEqual(['Let me add those up.', 'The sum is 5.']);
    expect(new Set(harness.output.played.map((entry) => entry.runId)).size).toBe(1);
  });

  it('barge-in while a tool runs cancels the turn: its signal aborts and nothing of it is spoken after', async () => {
    const vad = new ScriptedVad();
    const tts = new FixedLatencyTts({ firstChunkMs: 1 });
    let turnSignal: AbortSignal | undefined;
    const orchestrator = {
      async *processStream(query: string, context: TurnContext): AsyncGenerator<VoiceTurnChunk> {
        turnSignal = context.signal;
        yield { type: 'delta', turnId: 't', text: 'Checking. ' };
        yield { type: 'tool_call', turnId: 't', callId: 'call-1', name: 'slow_lookup', arguments: '{}' };
        await new Promise<void>((resolve) => context.signal!.addEventListener('abort', () => resolve(), { once: true }));
        yield { type: 'delta', turnId: 't', text: 'Too late.' };
        yield { type: 'final', turnId: 't', text: 'Checking. Too late.', trace: fakeTrace(query, 'Checking. Too late.') };
      },
    };
    harness = createVoiceHarness({
      orchestrator,
      stt: new FixedLatencyStt({ latencyMs: 1, text: () => 'never mind' }),
      tts,
      vad,
      mode: 'hands_free',
      manualPlayback: true,
      reducerOptions: { bargeInMinSpeechMs: 0 },
    });
    harness.runtime.typed('look something up');
    await harness.until(() => harness!.output.played.length === 1, 'the words before the tool played');
    const first = harness.output.played[0]!;
    harness.runtime.playbackStarted(first.runId, first.chunkId);
    harness.runtime.playbackEnded(first.runId, first.chunkId);

    vad.next({ type: 'speech_started', atMs: 2000 });
    await harness.runtime.pushAudio(FRAME);
    await harness.until(() => turnSignal?.aborted === true, 'the turn to be cancelled');
    await harness.runtime.settled();
    expect(tts.texts).toEqual(['Checking.']);
    expect(harness.notices).toContainEqual(expect.objectContaining({ kind: 'interrupted', runId: first.runId }));
  });

  it('a listener that throws loses no command: the answer still plays', async () => {
    const output = new RecordingOutput();
    const runtime = createVoiceRuntime({
      orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 1, answer: () => 'Still here.' }),
      stt: new FixedLatencyStt({ latencyMs: 1, text: () => '' }),
      tts: new FixedLatencyTts({ firstChunkMs: 1 }),
      clock: { now: () => Date.now() },
      logger: pino({ level: 'silent' }),
      mode: 'hands_free',
      output,
      onNotice: () => {
        throw new Error('listener bug');
      },
    });
    runtime.typed('are you there');
    for (let attempt = 0; attempt < 1000 && output.played.length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(output.played).toHaveLength(1);
    await runtime.close();
  });

  it('close aborts what is in flight and ignores later input', async () => {
    const log = new RequestLog();
    harness = createVoiceHarness({
      orchestrator: new FixedLatencyOrchestrator({ firstChunkMs: 60_000, answer: () => 'never', log }),
      stt: new FixedLatencyStt({ latencyMs: 1, text: () => '' }),
      tts: new FixedLatencyTts({ firstChunkMs: 1 }),
      mode: 'hands_free',
    });
    harness.runtime.typed('a slow question');
    await harness.until(() => log.requests.length === 1, 'the turn started');
    await harness.runtime.close();
    expect(log.requests[0]!.abortedAt).not.toBeNull();
    harness.runtime.typed('after close');
    await harness.runtime.settled();
    expect(log.requests).toHaveLength(1);
  });
});
