import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result.ts';
import { sampleLog, sampleSession, sampleStatus } from '../testing/fixtures.ts';
import { sampleTrace } from '../testing/trace-fixtures.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { coalesced, createAppActions } from './app-actions.ts';
import { createAppStore } from './app-store.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const fake = createFakeClient();
  const store = createAppStore();
  const actions = createAppActions(fake.client, store);
  const stop = actions.start();
  return { fake, store, actions, stop };
}

describe('createAppActions', () => {
  it('loads status, settings and a new session once connected, then lists sessions', async () => {
    const { fake, store } = setup();
    expect(fake.calls).toEqual([]);

    fake.setConnection('open');
    await settle();

    expect(fake.calls.slice(0, 4).sort()).toEqual(['getSettings', 'getStatus', 'listReminders', 'startSession']);
    expect(fake.calls.slice(4)).toEqual(['listSessions', 'listTraces']);
    expect(fake.requests.at(-1)).toEqual({ method: 'listTraces', params: { sessionId: 'mine', limit: 50 } });
    const state = store.getState();
    expect(state.connection).toBe('open');
    expect(state.status).not.toBeNull();
    expect(state.settings?.assistant.name).toBe('Assistant');
    expect(state.currentSessionId).toBe('mine');
    expect(state.sessions.map((s) => s.id)).toEqual(['mine', 'older']);
  });

  it('catches up after a reconnect and resumes its session instead of starting another', async () => {
    const { fake } = setup();
    fake.setConnection('open');
    await settle();
    fake.calls.length = 0;

    fake.setConnection('closed');
    fake.setConnection('connecting');
    fake.setConnection('open');
    await settle();

    expect(fake.calls.sort()).toEqual(['getSettings', 'getStatus', 'listReminders', 'listSessions', 'listTraces', 'resumeSession']);
  });

  it('refreshes the sessions after each finished turn, so the turn counts stay current', async () => {
    const { fake, store } = setup();
    fake.setConnection('open');
    await settle();
    fake.replies.listSessions = () => ({ ok: true, value: [sampleSession({ id: 'mine', startedAt: 2, turnCount: 2 })] });
    fake.calls.length = 0;

    fake.pushTrace(sampleTrace({ sessionId: 'mine' }));
    await settle();

    expect(fake.calls.filter((call) => call === 'listSessions')).toHaveLength(1);
    expect(store.getState().sessions.find((s) => s.id === 'mine')?.turnCount).toBe(2);
  });

  it('puts pushed log and status events into the store', () => {
    const { fake, store } = setup();
    fake.pushLog(sampleLog({ message: 'pushed' }));
    fake.pushStatus(sampleStatus({ uptimeMs: 77 }));

    expect(store.getState().log[0]?.message).toBe('pushed');
    expect(store.getState().status?.uptimeMs).toBe(77);
  });

  it('reports a failed load as the last error', async () => {
    const { fake, store } = setup();
    fake.replies.getStatus = () => fake.failWith('host is restarting');
    fake.setConnection('open');
    await settle();

    expect(store.getState().lastError).toBe('Could not load the status: host is restarting');
  });

  it('starts the session on a later connection when the first attempt failed', async () => {
    const { fake, store } = setup();
    fake.replies.startSession = () => fake.failWith('dropped');
    fake.setConnection('open');
    await settle();
    expect(store.getState().currentSessionId).toBeNull();

    fake.replies.startSession = createFakeClient().replies.startSession;
    fake.setConnection('closed');
    fake.setConnection('open');
    await settle();

    expect(store.getState().currentSessionId).toBe('mine');
    expect(fake.calls.filter((call) => call === 'startSession')).toHaveLength(2);
  });

  it('resumes its own session after a reconnect, and starts a new one when the host lost it', async () => {
    const { fake, store } = setup();
    fake.setConnection('open');
    await settle();
    expect(store.getState().currentSessionId).toBe('mine');

    fake.setConnection('closed');
    fake.setConnection('open');
    await settle();
    expect(fake.requests.filter((r) => r.method === 'resumeSession')).toEqual([{ method: 'resumeSession', params: { sessionId: 'mine' } }]);
    expect(fake.calls.filter((call) => call === 'startSession')).toHaveLength(1);

    fake.replies.resumeSession = () => fail('not_found', 'no session mine');
    fake.replies.startSession = () => ok(sampleSession({ id: 'fresh', startedAt: 3 }));
    fake.setConnection('closed');
    fake.setConnection('open');
    await settle();
    expect(store.getState().currentSessionId).toBe('fresh');
  });

  it('leaves a refused token to the connection banner instead of reporting each request', async () => {
    const { fake, store } = setup();
    fake.replies.getStatus = () => ({ ok: false, error: { code: 'unauthorized', message: 'bad token' } });
    fake.setConnection('open');
    await settle();

    expect(store.getState().lastError).toBeNull();
  });

  it('stores saved settings and leaves a refused save to the caller', async () => {
    const { fake, store, actions } = setup();
    const saved = await actions.saveSettings({ assistant: { name: 'Ada' } });
    expect(saved).toMatchObject({ ok: true, value: { fieldErrors: [] } });
    expect(store.getState().settings?.assistant.name).toBe('Ada');

    fake.replies.saveSettingsFields = () => fake.failWith('refused');
    const refused = await actions.saveSettings({ assistant: { name: 'Bob' } });
    expect(refused).toEqual({ ok: false, error: { code: 'unavailable', message: 'refused' } });
    expect(store.getState().settings?.assistant.name).toBe('Ada');
    expect(store.getState().lastError).toBeNull();
  });

  it('unsubscribes everything on stop', () => {
    const { fake, stop } = setup();
    expect(fake.listenerCount()).toBe(5);
    stop();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('coalesced', () => {
  it('runs once more after a burst of calls made while it runs, never twice at once', async () => {
    let running = 0;
    let runs = 0;
    let release: () => void = () => {};
    const refresh = coalesced(async () => {
      running += 1;
      expect(running).toBe(1);
      runs += 1;
      await new Promise<void>((resolve) => (release = resolve));
      running -= 1;
    });
    const first = refresh();
    void refresh();
    void refresh();
    release();
    await settle();
    release();
    await first;
    expect(runs).toBe(2);
    void refresh();
    release();
    await settle();
    expect(runs).toBe(3);
  });
});

describe('sessions per window', () => {
  const memory = (initial: string | null = null) => {
    let value = initial;
    return { get: () => value, set: (id: string) => void (value = id), value: () => value };
  };
  const stored = [
    { id: 'q1', runId: 'r1', role: 'user' as const, text: 'what is 2 plus 2', startedAt: 1, interrupted: false },
    { id: 'a1', runId: 'r1', role: 'assistant' as const, text: '2 plus 2 is 4.', startedAt: 1, interrupted: false },
    { id: 'q2', runId: 'r2', role: 'user' as const, text: 'tell me a story', startedAt: 2, interrupted: false },
    { id: 'a2', runId: 'r2', role: 'assistant' as const, text: 'Once upon a', startedAt: 2, interrupted: true },
  ];

  it('a reload resumes the session this window showed, with what was said in it, instead of starting one', async () => {
    const fake = createFakeClient();
    fake.replies.listSessionTurns = () => ok(stored);
    const store = createAppStore();
    const windowSession = memory('older');
    createAppActions(fake.client, store, { windowSession }).start();
    fake.setConnection('open');
    await settle();
    expect(fake.calls).not.toContain('startSession');
    expect(fake.requests.find((request) => request.method === 'resumeSession')?.params).toEqual({ sessionId: 'older' });
    expect(store.getState().currentSessionId).toBe('older');
    expect(store.getState().conversation.turns.map((turn) => [turn.question, turn.answer, turn.status])).toEqual([
      ['what is 2 plus 2', '2 plus 2 is 4.', 'answered'],
      ['tell me a story', 'Once upon a …', 'answered'],
    ]);
  });

  it('starts a new conversation on request, and reopens a past one to go on in it', async () => {
    const fake = createFakeClient();
    const store = createAppStore();
    const windowSession = memory();
    const actions = createAppActions(fake.client, store, { windowSession });
    actions.start();
    fake.setConnection('open');
    await settle();
    expect(windowSession.value()).toBe('mine');

    fake.replies.startSession = () => ok(sampleSession({ id: 'fresh', startedAt: 3 }));
    await actions.newConversation();
    expect(store.getState().currentSessionId).toBe('fresh');
    expect(windowSession.value()).toBe('fresh');
    expect(store.getState().conversation.turns).toEqual([]);

    fake.replies.listSessionTurns = () => ok(stored.slice(0, 2));
    await actions.openPastSession('older');
    expect(store.getState().currentSessionId).toBe('older');
    expect(windowSession.value()).toBe('older');
    expect(store.getState().conversation.turns.map((turn) => turn.answer)).toEqual(['2 plus 2 is 4.']);

    fake.replies.resumeSession = () => fail('not_found', 'no session gone');
    await actions.openPastSession('gone');
    expect(store.getState().lastError).toBe('Could not open that session: no session gone');
    expect(store.getState().currentSessionId).toBe('older');
  });
});

describe('typed answers spoken', () => {
  it('speaks a typed answer while the microphone is off, not while it is on, and never when set so', async () => {
    const { fake, store, actions } = setup();
    fake.setConnection('open');
    await settle();
    await actions.ask('what is 2 plus 2');
    expect(fake.requests.filter((request) => request.method === 'voiceSpeak')).toEqual([{ method: 'voiceSpeak', params: { sessionId: 'mine', text: expect.any(String) } }]);

    store.getState().setMicrophoneOn(true);
    await actions.ask('and 3 plus 3');
    expect(fake.requests.filter((request) => request.method === 'voiceSpeak')).toHaveLength(1);

    const settings = store.getState().settings!;
    store.getState().receiveSettings({ ...settings, voice: { ...settings.voice, speakTypedAnswers: 'always' } });
    await actions.ask('and 4 plus 4');
    expect(fake.requests.filter((request) => request.method === 'voiceSpeak')).toHaveLength(2);
    store.getState().receiveSettings({ ...settings, voice: { ...settings.voice, speakTypedAnswers: 'never' } });
    store.getState().setMicrophoneOn(false);
    await actions.ask('and 5 plus 5');
    expect(fake.requests.filter((request) => request.method === 'voiceSpeak')).toHaveLength(2);
  });
});

describe('voices', () => {
  it('lists the voices to pick from and previews the voice in the assistant language', async () => {
    const { fake, store, actions } = setup();
    fake.setConnection('open');
    await settle();
    expect(await actions.listVoices()).toMatchObject({ openai: ['alloy', 'nova'] });
    const settings = store.getState().settings!;
    store.getState().receiveSettings({ ...settings, assistant: { ...settings.assistant, language: 'fr-CA' } });
    await actions.previewVoice();
    expect(fake.requests.at(-1)).toEqual({ method: 'voiceSpeak', params: { sessionId: 'mine', text: 'Bonjour ! Voici ma voix.' } });
  });
});
