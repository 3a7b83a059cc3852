import type { Result } from '../../shared/result.ts';
import type { Settings, SettingsPatch } from '../../shared/settings.ts';
import type { AssistantClient } from '../client/connection.ts';
import type { AppStore } from './app-store.ts';

export type AppActions = {
  /** Subscribes to the host and loads everything once connected; returns the teardown. */
  start(): () => void;
  refreshSessions(): Promise<void>;
  /** Stores the new settings on success; the caller shows a failure next to its form. */
  saveSettings(patch: SettingsPatch): Promise<Result<Settings>>;
};

export function createAppActions(client: AssistantClient, store: AppStore): AppActions {
  const app = () => store.getState();

  async function load<T>(what: string, reply: Promise<Result<T>>, use: (value: T) => void): Promise<void> {
    const result = await reply;
    if (result.ok) use(result.value);
    // A refused token has its own banner; one per failed request would only repeat it.
    else if (result.error.code !== 'unauthorized') app().reportError(`Could not load ${what}: ${result.error.message}`);
  }

  const loadStatus = () => load('the status', client.getStatus(), (s) => app().receiveStatus(s));
  const loadSettings = () => load('the settings', client.getSettings(), (s) => app().receiveSettings(s));
  const refreshSessions = () => load('the sessions', client.listSessions(), (s) => app().receiveSessions(s));

  let startingSession = false;
  async function startSessionOnce(): Promise<void> {
    if (startingSession || app().currentSessionId !== null) return;
    startingSession = true;
    await load('a new session', client.startSession(), (s) => app().setCurrentSession(s));
    startingSession = false;
  }

  // Runs on every (re)connection: catches up on what changed while the link was down, and starts
  // this window's session if no earlier attempt succeeded.
  async function loadAll(): Promise<void> {
    await Promise.all([loadStatus(), loadSettings(), startSessionOnce()]);
    await refreshSessions();
  }

  return {
    start() {
      const unsubscribers = [
        client.onStatus((status) => app().receiveStatus(status)),
        client.onLog((entry) => app().appendLog(entry)),
        client.onConnection((state, problem) => {
          app().setConnection(state, problem);
          if (state === 'open') void loadAll();
        }),
      ];
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
    refreshSessions,
    async saveSettings(patch) {
      const result = await client.updateSettings(patch);
      if (result.ok) app().receiveSettings(result.value);
      return result;
    },
  };
}
