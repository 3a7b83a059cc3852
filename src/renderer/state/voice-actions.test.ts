import { describe, expect, it } from 'vitest';
import type { VoiceNoticeMessage } from '../../shared/voice.ts';
import { fail } from '../../shared/result.ts';
import { createAudioPlayer } from '../audio/playback/audio-player.ts';
import { createFakeAudioContext, pcm16Base64 } from '../testing/fake-audio-context.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { sampleChunk, sampleTrace } from '../testing/trace-fixtures.ts';
import { statusWithSpeechModel, sampleStatus } from '../testing/fixtures.ts';
import { createAppActions } from './app-actions.ts';
import { createAppStore } from './app-store.ts';
import { MICROPHONE_OFF } from './voice-actions.ts';
import { INTERRUPTED_BEFORE_ANSWER, NOT_TRANSCRIBED } from './voice-turns.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup() {
  const fake = createFakeClient();
  const audio = createFakeAudioContext();
  const store = createAppStore();
  let clock = 0;
  const actions = createAppActions(fake.client, store, {
    voice: {
      now: () => clock,
      createPlayer: (events) =>
        createAudioPlayer({ events, createContext: () => audio.context, setTimer: audio.setTimer, clearTimer: audio.clearTimer }),
    },
  });
  const stop = actions.start();
  store.getState().setMicrophoneOn(true);
  fake.setConnection('open');
  await settle();
  store.getState().receiveStatus(statusWithSpeechModel());
  fake.requests.length = 0;
  const notice = (n: VoiceNoticeMessage, sessionId = 'mine') => fake.pushVoice({ sessionId, notice: n });
  const audioOut = (runId: string, chunkId: string, samples16k: number) =>
    fake.pushAudioOut({ sessionId: 'mine', runId, chunkId, sampleRate: 16_000, pcm16: pcm16Base64(samples16k) });
  const voiceRequests = () => fake.requests.filter((r) => r.method.startsWith('voice'));
  return { fake, audio, store, actions, stop, notice, audioOut, voiceRequests, setClock: (ms: number) => (clock = ms) };
}

describe('voice actions', () => {
  it('follows the phase and the transcripts of this session only', async () => {
    const { store, notice } = await setup();
    notice({ kind: 'phase', phase: 'listening', runId: null });
    notice({ kind: 'phase', phase: 'transcribing', runId: 'r1' });
    notice({ kind: 'user_transcript', runId: 'r1', text: 'what time', final: false });
    notice({ kind: 'phase', phase: 'speaking', runId: 'other' }, 'someone-else');

    let voice = store.getState().voice;
    expect(voice.phase).toBe('transcribing');
    expect(voice.runs).toEqual([expect.objectContaining({ runId: 'r1', userText: 'what time', userFinal: false, turnKey: null })]);
    expect(store.getState().conversation.turns).toEqual([]);

    notice({ kind: 'user_transcript', runId: 'r1', text: 'what time is it', final: true });
    voice = store.getState().voice;
    const [turn] = store.getState().conversation.turns;
    expect(turn).toMatchObject({ question: 'what time is it', status: 'asking', turnId: null });
    expect(voice.runs[0]!.turnKey).toBe(turn!.key);
  });

  it('plays audio, reports playback to the host, and shows text as it is spoken', async () => {
    const { fake, audio, store, notice, audioOut, voiceRequests } = await setup();
    notice({ kind: 'user_transcript', runId: 'r1', text: 'what time is it', final: true });
    notice({ kind: 'phase', phase: 'thinking', runId: 'r1' });
    audioOut('r1', 'a1', 8_000);
    audioOut('r1', 'a2', 8_000);
    expect(store.getState().voice.playing).toBe(true);
    expect(audio.sources.map((s) => s.startedAt)).toEqual([0.04, 0.54]);

    audio.at(0.04);
    audio.at(0.34);
    audio.at(0.54);
    expect(voiceRequests()).toEqual([
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a1', event: 'started', heardMs: 0 } },
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a1', event: 'progress', heardMs: 0 } },
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a1', event: 'progress', heardMs: 300 } },
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a1', event: 'ended', heardMs: 500 } },
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a2', event: 'started', heardMs: 500 } },
    ]);

    // The host shows each sentence when its audio has started.
    notice({ kind: 'phase', phase: 'speaking', runId: 'r1' });
    notice({ kind: 'assistant_text', runId: 'r1', text: 'It is ten past four.', spoken: true });
    audio.at(1.04);
    expect(store.getState().voice.playing).toBe(false);

    // As the host sends them: the final chunk names the voice run, then the trace.
    fake.pushTurnChunk(sampleChunk({ turnId: 't1', sessionId: 'mine', agent: null, text: 'It is ten past four.', final: true, voiceRunId: 'r1' }));
    fake.pushTrace(sampleTrace({ id: 't1', sessionId: 'mine', query: 'what time is it', answer: 'It is ten past four.' }));
    notice({ kind: 'phase', phase: 'idle', runId: null });
    expect(store.getState().conversation.turns).toHaveLength(1);
    const [turn] = store.getState().conversation.turns;
    expect(turn).toMatchObject({ status: 'answered', turnId: 't1', question: 'what time is it' });
    expect(store.getState().voice.runs[0]).toMatchObject({
      parts: [{ text: 'It is ten past four.', spoken: true }],
      over: true,
      heardText: null,
    });
  });

  it('barge-in: stops playback before telling the host, measures it, drops stale audio until the host stops', async () => {
    const { fake, audio, store, actions, notice, audioOut, voiceRequests, setClock } = await setup();
    notice({ kind: 'user_transcript', runId: 'r1', text: 'tell me a story', final: true });
    audioOut('r1', 'a1', 16_000);
    audioOut('r1', 'a2', 16_000);
    audio.at(0.04);
    audio.at(0.44);
    fake.requests.length = 0;

    setClock(1_012);
    expect(actions.isPlaying()).toBe(true);
    expect(actions.interruptPlayback(1_000)).toBe(true);

    expect(audio.sources.every((s) => s.stopped)).toBe(true);
    expect(actions.isPlaying()).toBe(false);
    expect(store.getState().voice.lastBargeInStopMs).toBe(12);
    expect(store.getState().voice.playing).toBe(false);
    expect(voiceRequests()).toEqual([
      { method: 'voicePlayback', params: { sessionId: 'mine', runId: 'r1', chunkId: 'a1', event: 'progress', heardMs: 400 } },
      { method: 'voiceInterrupt', params: { sessionId: 'mine' } },
    ]);

    // Audio the host sent before it heard of the interruption is dropped...
    audioOut('r1', 'a3', 16_000);
    expect(actions.isPlaying()).toBe(false);
    // ...and audio after its stop (a resume after a cough) plays again.
    fake.pushAudioStop({ sessionId: 'mine', runId: 'r1' });
    audioOut('r1', 'a2', 8_000);
    expect(actions.isPlaying()).toBe(true);
    expect(actions.interruptPlayback(0)).toBe(true);
    expect(actions.interruptPlayback(0)).toBe(false);
  });

  it('marks an answer cut by the user where it was cut', async () => {
    const { store, notice } = await setup();
    notice({ kind: 'user_transcript', runId: 'r1', text: 'tell me a story', final: true });
    notice({ kind: 'phase', phase: 'speaking', runId: 'r1' });
    notice({ kind: 'assistant_text', runId: 'r1', text: 'Once upon a time there was a fox.', spoken: true });
    notice({ kind: 'interrupted', runId: 'r1', heardText: 'Once upon a time' });
    notice({ kind: 'phase', phase: 'listening', runId: null });

    const run = store.getState().voice.runs[0]!;
    expect(run).toMatchObject({ heardText: 'Once upon a time', over: true });
    expect(store.getState().conversation.turns[0]).toMatchObject({ status: 'answered', answer: 'Once upon a time there was a fox.' });
  });

  it('settles a spoken question interrupted before any answer, and shows voice errors plainly', async () => {
    const { store, notice } = await setup();
    notice({ kind: 'user_transcript', runId: 'r1', text: 'what is', final: true });
    notice({ kind: 'phase', phase: 'thinking', runId: 'r1' });
    notice({ kind: 'interrupted', runId: 'r1', heardText: '' });
    expect(store.getState().conversation.turns[0]).toMatchObject({ status: 'failed', error: INTERRUPTED_BEFORE_ANSWER });

    notice({ kind: 'error', runId: 'r2', message: 'Speech recognition needs an OpenAI API key.' });
    expect(store.getState().voice.error).toBe('Speech recognition needs an OpenAI API key.');
    store.getState().dismissVoiceError();
    expect(store.getState().voice.error).toBeNull();
  });

  it('press and release talk; pressing silences the answer at once', async () => {
    const { fake, audio, store, actions, audioOut, voiceRequests } = await setup();
    audioOut('r1', 'a1', 16_000);
    await actions.talk('press');
    expect(audio.sources[0]!.stopped).toBe(true);
    expect(store.getState().voice.talking).toBe(true);
    await actions.talk('release');
    expect(store.getState().voice.talking).toBe(false);
    expect(voiceRequests().map((r) => r.params)).toEqual([
      { sessionId: 'mine', action: 'press' },
      { sessionId: 'mine', action: 'release' },
    ]);
    expect(fake.calls).not.toContain('voiceInterrupt');
  });

  it('sends the audio the microphone still holds before a release, never before a press', async () => {
    const { fake, actions } = await setup();
    const order: string[] = [];
    const detach = actions.attachMicrophone(() => order.push('flush'));
    fake.client.voiceTalk = async ({ action }) => (order.push(action), { ok: true, value: { accepted: true } });

    await actions.talk('press');
    await actions.talk('release');
    detach();
    await actions.talk('press');
    await actions.talk('release');

    expect(order).toEqual(['press', 'flush', 'release', 'press', 'release']);
  });

  it('says the microphone is off instead of listening to nothing, and sends no talk request', async () => {
    const { store, actions, voiceRequests } = await setup();
    store.getState().setMicrophoneOn(false);
    await actions.talk('press');
    await actions.talk('release');
    expect(store.getState().voice.talking).toBe(false);
    expect(store.getState().voice.error).toBe(MICROPHONE_OFF);
    expect(voiceRequests()).toEqual([]);
  });

  it('switches the mode for the session and saves it', async () => {
    const { fake, store, actions } = await setup();
    await actions.setVoiceMode('hands_free');
    expect(fake.requests).toEqual([
      { method: 'voiceSetMode', params: { sessionId: 'mine', mode: 'hands_free' } },
      { method: 'updateSettings', params: { voice: { mode: 'hands_free' } } },
    ]);
    expect(store.getState().voice.mode).toBe('hands_free');
  });

  it('shows a refused voice request as a voice error', async () => {
    const { fake, store, actions } = await setup();
    fake.client.voiceTalk = async () => fake.failWith('no session mine for this window');
    await actions.talk('press');
    expect(store.getState().voice.error).toBe('Could not start listening: no session mine for this window');
  });

  it('unsubscribes the voice events on stop', async () => {
    const { fake, stop } = await setup();
    expect(fake.voiceListenerCount()).toBe(3);
    stop();
    expect(fake.voiceListenerCount()).toBe(0);
  });

  it('with nothing that understands speech, pressing to talk sends nothing (the voice bar says why)', async () => {
    const { store, actions, voiceRequests } = await setup();
    store.getState().receiveStatus(sampleStatus());
    await actions.talk('press');
    expect(store.getState().voice.talking).toBe(false);
    expect(voiceRequests()).toEqual([]);
    expect(store.getState().voice.error).toBeNull();
  });

  it('a failed transcription stays in the transcript with its reason, and Retry sends the kept audio again', async () => {
    const { store, actions, notice, voiceRequests, fake } = await setup();
    notice({ kind: 'phase', phase: 'transcribing', runId: 'r1' });
    notice({ kind: 'transcription_failed', runId: 'r1', message: 'openai transcription: the server at http://127.0.0.1:9 does not answer', reason: 'failed' });
    notice({ kind: 'phase', phase: 'listening', runId: null });
    let [turn] = store.getState().conversation.turns;
    expect(turn).toMatchObject({ question: NOT_TRANSCRIBED, status: 'failed', error: expect.stringContaining('does not answer'), retryRunId: 'r1' });
    // In the transcript, not as an alert as well.
    expect(store.getState().voice.error).toBeNull();

    await actions.retryTranscription(turn!.key);
    expect(voiceRequests()).toEqual([expect.objectContaining({ method: 'voiceRetry', params: { sessionId: 'mine', runId: 'r1' } })]);
    expect(store.getState().conversation.turns).toEqual([]);

    // Tried again and failed again: a new entry with Retry; a recording no longer kept says so.
    notice({ kind: 'transcription_failed', runId: 'r2', message: 'timed out', reason: 'timed_out' });
    [turn] = store.getState().conversation.turns;
    fake.replies.voiceRetry = () => fail('not_found', 'that recording is no longer kept');
    await actions.retryTranscription(turn!.key);
    expect(store.getState().conversation.turns[0]).toMatchObject({ status: 'failed', error: 'that recording is no longer kept' });
  });
});
