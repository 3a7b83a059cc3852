import { createStore } from 'zustand/vanilla';
import type {
  AppStatus,
  LogEvent,
  ReminderEvent,
  RequestResult,
  SessionTurn,
  SessionSummary,
  TraceSummary,
  TurnChunk,
} from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import type { VoiceNoticeMessage } from '../../shared/voice.ts';
import type { TurnTaking } from './voice-state.ts';
import type { ConnectionProblem, ConnectionState } from '../client/connection.ts';
import {
  beginTurn,
  conversationFromHistory,
  emptyConversation,
  failTurn,
  finishTurn,
  latestAnsweredTurnId,
  receiveChunk,
  receiveTrace,
  type Conversation,
} from './conversation.ts';
import { applyVoiceNotice, initialVoiceView, type VoiceView } from './voice-state.ts';
import { linkVoiceTurns } from './voice-turns.ts';

export const MAX_LOG_ENTRIES = 200;
/** Full traces kept in memory for the panels; older ones are fetched again when picked. */
export const MAX_LOADED_TRACES = 100;

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
  /** This window's session's turns and the partial answers of those still running. */
  conversation: Conversation;
  /** Past turns as the host lists them, newest first (the trace picker), of `traceScope`. */
  traceSummaries: TraceSummary[];
  /** The picker lists this window's session or every session in the store. */
  traceScope: TraceScope;
  /** The last page listed was full: older turns may exist. */
  olderTracesExist: boolean;
  /** Full traces at hand, most recently received first, at most MAX_LOADED_TRACES. */
  loadedTraces: TurnTrace[];
  /** The turn the routing and trace panels show; null follows the latest answered turn. */
  selectedTraceId: string | null;
  /** Why the picked trace could not be fetched. */
  traceLoadError: { id: string; message: string } | null;
  /** The spoken conversation of this window's session (state/voice-state.ts). */
  voice: VoiceView;
  /** Timers, alarms and reminders that went off and are not dismissed yet, oldest first. */
  reminders: ReminderEvent[];
  /** This window's microphone is on (typed answers are then not spoken unless asked to). */
  microphoneOn: boolean;
};

export type TraceScope = 'session' | 'all';

export type AppStateActions = {
  setConnection(state: ConnectionState, problem: ConnectionProblem): void;
  receiveStatus(status: AppStatus): void;
  receiveSettings(settings: Settings): void;
  receiveSessions(sessions: SessionSummary[]): void;
  setCurrentSession(session: SessionSummary): void;
  /** This window now shows that session (a new one, or a past one reopened) with its stored messages. */
  showSession(session: SessionSummary, messages: readonly SessionTurn[]): void;
  appendLog(event: LogEvent): void;
  reportError(message: string): void;
  dismissError(): void;
  receiveReminder(event: ReminderEvent): void;
  setMicrophoneOn(on: boolean): void;
  removeReminder(id: string): void;
  /** Adds a question being sent; returns its local key. */
  beginTurn(question: string): string;
  finishTurn(key: string, reply: RequestResult<'ask'>): void;
  failTurn(key: string, message: string): void;
  /** Takes a turn out of the transcript (a failed transcription being tried again). */
  dropTurn(key: string): void;
  receiveChunk(chunk: TurnChunk): void;
  /** A pushed trace: kept and shown in the conversation when it is this session's. */
  receiveTrace(trace: TurnTrace): void;
  /** A fetched trace: kept for the panels. */
  storeTrace(trace: TurnTrace): void;
  /** The newest past turns (replacing the list); `more`: the page was full. */
  receiveTraceSummaries(summaries: TraceSummary[], more?: boolean): void;
  /** Older past turns, after those listed. */
  appendTraceSummaries(summaries: TraceSummary[], more: boolean): void;
  /** Empties the list for the new scope; the caller lists it. */
  setTraceScope(scope: TraceScope): void;
  selectTrace(id: string | null): void;
  setTraceLoadError(error: { id: string; message: string } | null): void;
  /** A `voice` notice of this window's session. */
  receiveVoiceNotice(notice: VoiceNoticeMessage): void;
  setVoiceMode(mode: TurnTaking): void;
  setTalking(talking: boolean): void;
  setVoicePlaying(playing: boolean): void;
  setPlaybackProblem(problem: string | null): void;
  recordBargeInStop(ms: number): void;
  dismissVoiceError(): void;
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
  conversation: emptyConversation(),
  traceSummaries: [],
  traceScope: 'session',
  olderTracesExist: false,
  loadedTraces: [],
  selectedTraceId: null,
  traceLoadError: null,
  voice: initialVoiceView(),
  reminders: [],
  microphoneOn: false,
});

export function createAppStore(now: () => number = Date.now) {
  let nextLogId = 1;
  let nextTurnKey = 1;
  const newTurnKey = () => `local-${nextTurnKey++}`;
  return createStore<AppState & AppStateActions>()((set, get) => ({
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
    showSession: (session, messages) =>
      set((state) => ({
        currentSessionId: session.id,
        sessions: newestFirst([session, ...state.sessions.filter((s) => s.id !== session.id)]),
        conversation: conversationFromHistory(messages),
        selectedTraceId: null,
      })),
    setCurrentSession: (session) =>
      set((state) => ({
        currentSessionId: session.id,
        sessions: newestFirst([session, ...state.sessions.filter((s) => s.id !== session.id)]),
      })),
    appendLog: (event) =>
      set((state) => ({ log: [{ ...event, id: nextLogId++ }, ...state.log].slice(0, MAX_LOG_ENTRIES) })),
    reportError: (lastError) => set({ lastError }),
    dismissError: () => set({ lastError: null }),
    receiveReminder: (event) => set((state) => ({ reminders: [...state.reminders.filter((shown) => shown.reminder.id !== event.reminder.id), event] })),
    setMicrophoneOn: (microphoneOn) => set({ microphoneOn }),
    removeReminder: (id) => set((state) => ({ reminders: state.reminders.filter((shown) => shown.reminder.id !== id) })),
    beginTurn(question) {
      const key = newTurnKey();
      // A new question brings the panels back to following the latest turn.
      set((state) => ({ conversation: beginTurn(state.conversation, key, question), selectedTraceId: null }));
      return key;
    },
    finishTurn: (key, reply) =>
      set((state) => ({
        conversation: finishTurn(state.conversation, key, reply),
        loadedTraces: keepTrace(state.loadedTraces, reply.trace),
      })),
    failTurn: (key, message) => set((state) => ({ conversation: failTurn(state.conversation, key, message) })),
    dropTurn: (key) => set((state) => ({ conversation: { ...state.conversation, turns: state.conversation.turns.filter((turn) => turn.key !== key) } })),
    receiveChunk: (chunk) =>
      set((state) => ({
        conversation: receiveChunk(
          state.conversation,
          chunk,
          state.currentSessionId,
          newTurnKey,
          state.voice.runs.find((run) => run.runId === chunk.voiceRunId)?.turnKey ?? null,
        ),
      })),
    receiveTrace(trace) {
      if (trace.sessionId !== get().currentSessionId) return;
      set((state) => ({
        conversation: receiveTrace(state.conversation, trace, state.currentSessionId, newTurnKey),
        loadedTraces: keepTrace(state.loadedTraces, trace),
      }));
    },
    storeTrace: (trace) => set((state) => ({ loadedTraces: keepTrace(state.loadedTraces, trace) })),
    receiveTraceSummaries: (traceSummaries, more = false) =>
      set({ traceSummaries: [...traceSummaries].sort((a, b) => b.startedAt - a.startedAt), olderTracesExist: more }),
    appendTraceSummaries: (older, more) =>
      set((state) => {
        const known = new Set(state.traceSummaries.map((summary) => summary.id));
        return { traceSummaries: [...state.traceSummaries, ...older.filter((summary) => !known.has(summary.id))], olderTracesExist: more };
      }),
    setTraceScope: (traceScope) =>
      set((state) => (state.traceScope === traceScope ? state : { traceScope, traceSummaries: [], olderTracesExist: false })),
    selectTrace: (selectedTraceId) => set({ selectedTraceId, traceLoadError: null }),
    setTraceLoadError: (traceLoadError) => set({ traceLoadError }),
    receiveVoiceNotice: (notice) =>
      set((state) => {
        const linked = linkVoiceTurns(applyVoiceNotice(state.voice, notice), state.conversation, newTurnKey);
        // A new spoken question, like a typed one, brings the panels back to the latest turn.
        return { voice: linked.view, conversation: linked.conversation, ...(linked.opened ? { selectedTraceId: null } : {}) };
      }),
    setVoiceMode: (mode) => set((state) => ({ voice: { ...state.voice, mode } })),
    setTalking: (talking) => set((state) => ({ voice: { ...state.voice, talking } })),
    setVoicePlaying: (playing) =>
      set((state) => (state.voice.playing === playing ? state : { voice: { ...state.voice, playing } })),
    setPlaybackProblem: (playbackProblem) =>
      set((state) => (state.voice.playbackProblem === playbackProblem ? state : { voice: { ...state.voice, playbackProblem } })),
    recordBargeInStop: (lastBargeInStopMs) => set((state) => ({ voice: { ...state.voice, lastBargeInStopMs } })),
    dismissVoiceError: () => set((state) => ({ voice: { ...state.voice, error: null } })),
  }));
}

function keepTrace(traces: TurnTrace[], trace: TurnTrace): TurnTrace[] {
  return [trace, ...traces.filter((t) => t.id !== trace.id)].slice(0, MAX_LOADED_TRACES);
}

/** The id the routing and trace panels show: the picked one, else the latest answered turn's. */
export function shownTraceId(state: AppState): string | null {
  return state.selectedTraceId ?? latestAnsweredTurnId(state.conversation) ?? state.traceSummaries[0]?.id ?? null;
}

export function findTrace(state: AppState, id: string | null): TurnTrace | null {
  return id === null ? null : (state.loadedTraces.find((trace) => trace.id === id) ?? null);
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
