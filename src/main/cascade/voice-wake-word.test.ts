import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSileroVad } from '../adapters/embedded/silero-vad.ts';
import { concatAudio, silence, speak } from '../adapters/testing/speech-fixtures.ts';
import { createWakeWordDetector } from '../adapters/wakeword/open-wake-word.ts';
import type { PcmAudio } from '../ports/audio.ts';
import type { TranscribeRequest } from '../ports/stt.ts';
import { FixedLatencyOrchestrator, FixedLatencyStt, FixedLatencyTts } from './testing/fixed-latency-providers.ts';
import { createVoiceHarness, type VoiceHarness } from './testing/voice-harness.ts';

// Wake-word mode end to end on real audio: espeak-ng speech -> the real Silero VAD and the real
// openWakeWord models -> only speech addressed with "Hey Jarvis" is transcribed, and the phrase is
// not part of the question. The recogniser is scripted (no speech model runs here): it returns what
// a recogniser writes for each utterance, in order.

let oneBreath: PcmAudio;
let withoutPhrase: PcmAudio;
let phraseThenPause: PcmAudio;
let phraseThenQuickQuestion: PcmAudio;

beforeAll(async () => {
  const pause = (ms: number) => silence(ms, 16000);
  oneBreath = concatAudio(pause(500), await speak('Hey Jarvis, what is twelve times seven?', { speed: 0.9 }), pause(1500));
  withoutPhrase = concatAudio(pause(500), await speak('What is twelve times seven?'), pause(1500));
  phraseThenPause = concatAudio(pause(500), await speak('Hey Jarvis.'), pause(2000), await speak('What time is it?'), pause(1500));
  phraseThenQuickQuestion = concatAudio(pause(500), await speak('Hey Jarvis.'), pause(700), await speak('What time is it?'), pause(1500));
});

let harness: VoiceHarness | undefined;
afterEach(async () => {
  await harness?.runtime.close();
  harness = undefined;
});

async function wakeWordHarness(transcripts: string[]) {
  const heard: TranscribeRequest[] = [];
  const orchestrator = new FixedLatencyOrchestrator({ firstChunkMs: 0, answer: (query) => `You asked: ${query}` });
  harness = createVoiceHarness({
    orchestrator,
    stt: new FixedLatencyStt({
      latencyMs: 0,
      text: (request) => {
        heard.push(request);
        return transcripts[heard.length - 1] ?? '';
      },
    }),
    tts: new FixedLatencyTts({ firstChunkMs: 0, chunkMs: 100, chunks: 1 }),
    vad: await createSileroVad(),
    wake: await createWakeWordDetector({ phrase: 'hey_jarvis', threshold: 0.5 }),
    mode: 'wake_word',
  });
  return { heard, orchestrator, harness };
}

const noticesOf = (h: VoiceHarness, kind: string) => h.notices.filter((notice) => notice.kind === kind);

describe('wake-word turn-taking with real audio', () => {
  it('answers a question that starts with the phrase, without the phrase', async () => {
    const { heard, orchestrator, harness: h } = await wakeWordHarness(['Hey Jarvis, what is twelve times seven?']);
    await h.pushSpeech(oneBreath);
    await h.until(() => orchestrator.queries.length === 1, 'the question to be asked');
    await h.untilQuiet();
    expect(heard).toHaveLength(1);
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['What is twelve times seven?']);
    expect(noticesOf(h, 'wake_heard')).toEqual([{ kind: 'wake_heard', phrase: 'Hey Jarvis' }]);
  });

  it('does not hear speech without the phrase: nothing is transcribed or asked', async () => {
    const { heard, orchestrator, harness: h } = await wakeWordHarness(['What is twelve times seven?']);
    await h.pushSpeech(withoutPhrase);
    await h.runtime.settled();
    expect(heard).toEqual([]);
    expect(orchestrator.queries).toEqual([]);
    expect(noticesOf(h, 'wake_heard')).toEqual([]);
  });

  it('after the phrase alone, the next thing said is the question', async () => {
    const { heard, orchestrator, harness: h } = await wakeWordHarness(['Hey Jarvis.', 'What time is it?']);
    await h.pushSpeech(phraseThenPause);
    await h.until(() => orchestrator.queries.length === 1, 'the question to be asked');
    await h.untilQuiet();
    expect(heard).toHaveLength(2);
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['What time is it?']);
  });

  it('hears the question that starts before the recogniser has written the phrase alone', async () => {
    // A slow recogniser (1.5 s): the question starts 0.7 s after "Hey Jarvis." ended, before its
    // transcript comes back. The new speech cancels that transcription, as any speech does.
    const orchestrator = new FixedLatencyOrchestrator({ firstChunkMs: 0, answer: (query) => `You asked: ${query}` });
    const slow = new FixedLatencyStt({ latencyMs: 1500, text: () => '' });
    const started: string[] = [];
    harness = createVoiceHarness({
      orchestrator,
      // Answers by the order the calls began in (the first one is cancelled before it answers).
      stt: {
        provider: 'slow-stt',
        async transcribe(request) {
          const transcript = ['Hey Jarvis.', 'What time is it?'][started.push('call') - 1] ?? '';
          await slow.transcribe(request);
          return { text: transcript, language: 'en' };
        },
      },
      tts: new FixedLatencyTts({ firstChunkMs: 0, chunkMs: 100, chunks: 1 }),
      vad: await createSileroVad(),
      wake: await createWakeWordDetector({ phrase: 'hey_jarvis', threshold: 0.5 }),
      mode: 'wake_word',
    });
    await harness.pushSpeech(phraseThenQuickQuestion);
    await harness.until(() => orchestrator.queries.length === 1, 'the question to be asked', 400_000);
    expect(started).toHaveLength(2);
    expect(orchestrator.queries.map((query) => query.query)).toEqual(['What time is it?']);
  });
});
