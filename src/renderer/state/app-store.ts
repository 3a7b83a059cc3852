import { createStore } from 'zustand/vanilla';
import type { AppStatus, LogEvent, SessionSummary } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { ConnectionProblem, ConnectionState } from '../client/connection.ts';

export const MAX_LOG_ENTRIES = 200;

/** A pushed log event with a local id that stays stable for list keys. */
export type LogEntry = LogEvent & { id: number };

export type AppState = {
  connection: ConnectionState;
  connectionProblem: ConnectionProblem;
  status: AppStatus | null;
  /** Local clock reading when `status` arrived; uptime counts on from there. */
  statusReceivedAt: number | null;
  settings: Settings | null;
  /** Newest first. */
  sessions: SessionSummary[];
  currentSessionId: string | null;
  /** Newest first, at most MAX_LOG_ENTRIES. */
  log: LogEntry[];
  lastError: string | null;
};

export type AppStateActions = {
  setConnection(state: ConnectionState, problem: ConnectionProblem): void;
  receiveStatus(status: AppStatus): void;
  receiveSettings(settings: Settings): void;
  receiveSessions(sessions: SessionSummary[]): void;
  setCurrentSession(session: SessionSummary): void;
  appendLog(event: LogEvent): void;
  reportError(message: string): void;
  dismissError(): void;
};

export type AppStore = ReturnType<typeof createAppStore>;

export const initialAppState = (): AppState => ({
  connection: 'connecting',
  connectionProblem: null,
  status: null,
  statusReceivedAt: null,
  settings: null,
  sessions: [],
  currentSessionId: null,
  log: [],
  lastError: null,
});

export function createAppStore(now: () => number = Date.now) {
  let nextLogId = 1;
  return createStore<AppState & AppStateActions>()((set) => ({
    ...initialAppState(),
    setConnection: (connection, connectionProblem) => set({ connection, connectionProblem }),
    receiveStatus: (status) => set({ status, statusReceivedAt: now() }),
    receiveSettings: (settings) => set({ settings }),
    receiveSessions: (sessions) =>
      set((state) => {
        // The host may not list this window's session yet (or past the page limit); keep showing it.
        const current = state.sessions.find((s) => s.id === state.currentSessionId);
        const missing = current && !sessions.some((s) => s.id === current.id);
        return { sessions: newestFirst(missing ? [current, ...sessions] : sessions) };
      }),
    setCurrentSession: (session) =>
      set((state) => ({
        currentSessionId: session.id,
        sessions: newestFirst([session, ...state.sessions.filter((s) => s.id !== session.id)]),
      })),
    appendLog: (event) =>
      set((state) => ({ log: [{ ...event, id: nextLogId++ }, ...state.log].slice(0, MAX_LOG_ENTRIES) })),
    reportError: (lastError) => set({ lastError }),
    dismissError: () => set({ lastError: null }),
  }));
}

const newestFirst = (sessions: SessionSummary[]) => [...sessions].sort((a, b) => b.startedAt - a.startedAt);

/** Uptime now, counted locally from the last status the host pushed or returned. */
export function uptimeAt(status: AppStatus, receivedAt: number, now: number): number {
  return status.uptimeMs + Math.max(0, now - receivedAt);
}

/** `1 h 02 min 05 s`, `3 min 07 s`, `9 s`. */
export function formatUptime(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}
