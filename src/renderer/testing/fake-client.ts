import type { AppStatus, LogEvent, SessionSummary } from '../../shared/contract.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { defaultSettings, type Settings, type SettingsPatch } from '../../shared/settings.ts';
import type { AssistantClient, ConnectionListener, ConnectionState } from '../client/connection.ts';
import { sampleSession, sampleStatus } from './fixtures.ts';

/** An in-memory AssistantClient whose connection and pushed events the test drives. */
export function createFakeClient() {
  const connection = new Set<ConnectionListener>();
  const logListeners = new Set<(event: LogEvent) => void>();
  const statusListeners = new Set<(status: AppStatus) => void>();
  const calls: string[] = [];
  const replies = {
    getStatus: (): Result<AppStatus> => ok(sampleStatus()),
    getSettings: (): Result<Settings> => ok(defaultSettings()),
    updateSettings: (patch: SettingsPatch): Result<Settings> =>
      ok({ ...defaultSettings(), assistant: { ...defaultSettings().assistant, ...patch.assistant } }),
    listSessions: (): Result<SessionSummary[]> => ok([sampleSession({ id: 'older', startedAt: 1 })]),
    startSession: (): Result<SessionSummary> => ok(sampleSession({ id: 'mine', startedAt: 2 })),
  };
  let state: ConnectionState = 'connecting';
  const answer = async <T>(name: string, reply: () => Result<T>) => {
    calls.push(name);
    return reply();
  };
  const subscribe = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  const client: AssistantClient = {
    getStatus: () => answer('getStatus', replies.getStatus),
    getSettings: () => answer('getSettings', replies.getSettings),
    updateSettings: (patch) => answer('updateSettings', () => replies.updateSettings(patch)),
    listSessions: () => answer('listSessions', replies.listSessions),
    startSession: () => answer('startSession', replies.startSession),
    onLog: (listener) => subscribe(logListeners, listener),
    onStatus: (listener) => subscribe(statusListeners, listener),
    onConnection(listener) {
      listener(state, null);
      return subscribe(connection, listener);
    },
  };

  return {
    client,
    calls,
    replies,
    failWith: (message: string) => fail('unavailable', message),
    setConnection(next: ConnectionState) {
      state = next;
      for (const listener of connection) listener(next, null);
    },
    pushLog: (event: LogEvent) => logListeners.forEach((listener) => listener(event)),
    pushStatus: (status: AppStatus) => statusListeners.forEach((listener) => listener(status)),
    listenerCount: () => connection.size + logListeners.size + statusListeners.size,
  };
}
