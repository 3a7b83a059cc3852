import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { sampleLog, sampleSession, sampleStatus } from '../testing/fixtures.ts';
import { MAX_LOG_ENTRIES, createAppStore, formatUptime, uptimeAt } from './app-store.ts';

describe('createAppStore', () => {
  it('keeps the newest log entries first, at most 200, with stable ids', () => {
    const store = createAppStore();
    for (let i = 0; i < MAX_LOG_ENTRIES + 5; i++) store.getState().appendLog(sampleLog({ message: `m${i}` }));

    const { log } = store.getState();
    expect(log).toHaveLength(MAX_LOG_ENTRIES);
    expect(log[0]?.message).toBe(`m${MAX_LOG_ENTRIES + 4}`);
    expect(log.at(-1)?.message).toBe('m5');
    expect(new Set(log.map((entry) => entry.id)).size).toBe(MAX_LOG_ENTRIES);
  });

  it('anchors uptime at the local time the status arrived', () => {
    let now = 1_000;
    const store = createAppStore(() => now);
    store.getState().receiveStatus(sampleStatus({ uptimeMs: 60_000 }));
    now = 4_000;

    const { status, statusReceivedAt } = store.getState();
    expect(statusReceivedAt).toBe(1_000);
    expect(uptimeAt(status!, statusReceivedAt!, now)).toBe(63_000);
  });

  it('lists sessions newest first and keeps the current one in the list', () => {
    const store = createAppStore();
    store.getState().receiveSessions([
      sampleSession({ id: 'old', startedAt: 1 }),
      sampleSession({ id: 'new', startedAt: 3 }),
    ]);
    store.getState().setCurrentSession(sampleSession({ id: 'mine', startedAt: 2 }));

    expect(store.getState().sessions.map((s) => s.id)).toEqual(['new', 'mine', 'old']);
    expect(store.getState().currentSessionId).toBe('mine');
  });

  it('records and dismisses the last error, and the connection state', () => {
    const store = createAppStore();
    store.getState().reportError('Could not load the status: down');
    store.getState().setConnection('closed', 'unauthorized');
    store.getState().receiveSettings(defaultSettings());
    expect(store.getState()).toMatchObject({
      lastError: 'Could not load the status: down',
      connection: 'closed',
      connectionProblem: 'unauthorized',
      settings: defaultSettings(),
    });

    store.getState().dismissError();
    expect(store.getState().lastError).toBeNull();
  });
});

describe('uptimeAt', () => {
  it('never counts backwards when the local clock reads earlier than the anchor', () => {
    expect(uptimeAt(sampleStatus({ uptimeMs: 5_000 }), 2_000, 1_000)).toBe(5_000);
  });
});

describe('formatUptime', () => {
  it.each([
    [0, '0 s'],
    [9_999, '9 s'],
    [187_000, '3 min 07 s'],
    [3_725_000, '1 h 02 min 05 s'],
    [90_000_000, '25 h 00 min 00 s'],
  ])('%i ms -> %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});
