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
    expect(saved.ok).toBe(true);
    expect(store.getState().settings?.assistant.name).toBe('Ada');

    fake.replies.updateSettings = () => fake.failWith('refused');
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
