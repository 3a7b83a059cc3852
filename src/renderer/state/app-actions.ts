import { showPageNotification } from '../features/reminders/page-notification.ts';
import type { RequestResult, SessionSummary, SpeechModelView } from '../../shared/contract.ts';
import { fail, type Result } from '../../shared/result.ts';
import type { Settings, SettingsFieldError, SettingsPatch } from '../../shared/settings.ts';
import type { AssistantClient } from '../client/connection.ts';
import type { AppStore, TraceScope } from './app-store.ts';
import { createVoiceActions, type VoiceActionOptions, type VoiceActions } from './voice-actions.ts';

export type AppActions = VoiceActions & {
  /** Subscribes to the host and loads everything once connected; returns the teardown. */
  start(): () => void;
  /** The voices to pick from; null (and an error shown) when the host could not list them. */
  listVoices(): Promise<RequestResult<'listVoices'> | null>;
  /** Says a sample sentence in this window's voice, as the saved settings make it. */
  previewVoice(): Promise<void>;
  /** The speech models to download and run locally; null (and an error shown) when the host could not list them. */
  listSpeechModels(): Promise<SpeechModelView[] | null>;
  /** Starts, cancels or deletes a model's download; null when the host took it, else why not. */
  speechModelAction(id: string, action: 'download' | 'cancel' | 'delete'): Promise<string | null>;
  /** A speech model's state as it changes (download progress, done, failed, deleted). */
  onSpeechModel(listener: (view: SpeechModelView) => void): () => void;
  /** Asks the host to check its providers now; the status shows the outcome. */
  checkProviders(): Promise<void>;
  /** A new conversation in this window (the current one stays in the store). */
  newConversation(): Promise<void>;
  /** Reopens a past session in this window, with what was said in it, to read it and go on. */
  openPastSession(sessionId: string): Promise<void>;
  /** Dismisses or snoozes a timer, alarm or reminder that went off. */
  actOnReminder(id: string, action: 'dismiss' | 'snooze'): Promise<void>;
  refreshSessions(): Promise<void>;
  /** Stores the new settings on success; the caller shows a failure next to its form. */
  saveSettings(patch: SettingsPatch): Promise<Result<{ settings: Settings; fieldErrors: SettingsFieldError[] }>>;
  /** Sends a typed question of this window's session; the turn shows its own failure. */
  ask(text: string): Promise<Result<RequestResult<'ask'>>>;
  /** Reloads the newest past turns of the picker's scope, as many as it lists now. */
  refreshTraces(): Promise<void>;
  /** Lists the next page of older past turns. */
  loadOlderTraces(): Promise<void>;
  /** This session's past turns or every session's. */
  setTraceScope(scope: TraceScope): Promise<void>;
  /** Shows a turn in the routing and trace panels (null: the latest), fetching its trace if needed. */
  showTrace(id: string | null): Promise<void>;
  /** Fetches a trace that is not at hand; a failure is kept for the trace panel. */
  loadTrace(id: string): Promise<void>;
};

const PREVIEW_TEXT = {
  en: 'Hello! This is how I sound.',
  fr: 'Bonjour ! Voici ma voix.',
  de: 'Hallo! So klinge ich.',
  es: '¡Hola! Así suena mi voz.',
} as const;
const languageOf = (tag: string | undefined): keyof typeof PREVIEW_TEXT => {
  const primary = (tag ?? 'en').toLowerCase().split('-')[0];
  return primary === 'fr' || primary === 'de' || primary === 'es' ? primary : 'en';
};

/** How many past turns the picker lists at first, and adds with each "older" page. */
export const TRACE_PICKER_LIMIT = 50;
/** The contract's largest page: a refresh keeps at most this many of the listed turns. */
const MAX_TRACE_PAGE = 500;

/** Which session this window shows, kept across reloads of the page (not shared with other windows). */
export interface WindowSessionMemory {
  get(): string | null;
  set(sessionId: string): void;
}

const SESSION_KEY = 'assistant.sessionId';

/** The tab's sessionStorage: one per window, kept across reloads; nothing where there is none. */
export const browserWindowSession = (): WindowSessionMemory => ({
  get: () => {
    try {
      return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(SESSION_KEY);
    } catch {
      return null;
    }
  },
  set: (sessionId) => {
    try {
      if (typeof sessionStorage !== 'undefined') sessionStorage.setItem(SESSION_KEY, sessionId);
    } catch {
      // Storage refused (private mode): the next reload starts a new conversation.
    }
  },
});

export function createAppActions(
  client: AssistantClient,
  store: AppStore,
  options: { voice?: VoiceActionOptions; windowSession?: WindowSessionMemory } = {},
): AppActions {
  const windowSession = options.windowSession ?? browserWindowSession();
  const app = () => store.getState();
  const { subscribeVoice, ...voice } = createVoiceActions(client, store, options.voice);

  async function load<T>(what: string, reply: Promise<Result<T>>, use: (value: T) => void): Promise<void> {
    const result = await reply;
    if (result.ok) use(result.value);
    // A refused token has its own banner; one per failed request would only repeat it.
    else if (result.error.code !== 'unauthorized') app().reportError(`Could not load ${what}: ${result.error.message}`);
  }

  const loadStatus = () => load('the status', client.getStatus(), (s) => app().receiveStatus(s));
  const loadSettings = () => load('the settings', client.getSettings(), (s) => app().receiveSettings(s));
  // A finished turn changes its session's turn count: refreshed on every trace event.
  const refreshSessions = coalesced(() => load('the sessions', client.listSessions(), (s) => app().receiveSessions(s)));

  let openingSession = false;
  /**
   * This window's session on this connection. The host forgets who had a session open when the
   * link drops, so after a reconnect the window resumes its own; a session the host no longer has
   * is replaced by a new one.
   */
  async function openSession(): Promise<void> {
    if (openingSession) return;
    openingSession = true;
    try {
      const shown = app().currentSessionId;
      // After a reconnect, this window's session; after a reload, the one this window showed.
      const current = shown ?? windowSession.get();
      if (current !== null) {
        const resumed = await client.resumeSession({ sessionId: current });
        if (resumed.ok && shown === null) await showStored(resumed.value);
        if (resumed.ok || resumed.error.code !== 'not_found') {
          if (!resumed.ok && resumed.error.code !== 'unauthorized') app().reportError(`Could not resume the session: ${resumed.error.message}`);
          return;
        }
      }
      await startNew();
    } finally {
      openingSession = false;
    }
  }

  async function startNew(): Promise<void> {
    await load('a new session', client.startSession(), (session) => {
      app().showSession(session, []);
      windowSession.set(session.id);
    });
  }

  /** Shows a session this window has just opened, with its stored messages. */
  async function showStored(session: SessionSummary): Promise<void> {
    const messages = await client.listSessionTurns({ sessionId: session.id });
    if (!messages.ok) app().reportError(`Could not load what was said in that session: ${messages.error.message}`);
    app().showSession(session, messages.ok ? messages.value : []);
    windowSession.set(session.id);
  }

  /** The listTraces filter of the picker's scope; null while this window has no session. */
  function traceFilter(scope: TraceScope): { sessionId?: string } | null {
    if (scope === 'all') return {};
    const sessionId = app().currentSessionId;
    return sessionId === null ? null : { sessionId };
  }

  const refreshTraces = coalesced(async () => {
    const scope = app().traceScope;
    const filter = traceFilter(scope);
    if (filter === null) return;
    const limit = Math.min(MAX_TRACE_PAGE, Math.max(TRACE_PICKER_LIMIT, app().traceSummaries.length));
    await load('the past turns', client.listTraces({ ...filter, limit }), (list) => {
      // A reply for a scope the user has since left is stale.
      if (app().traceScope === scope) app().receiveTraceSummaries(list.filter(inScope(filter)), list.length === limit);
    });
  });

  async function loadOlderTraces(): Promise<void> {
    const scope = app().traceScope;
    const filter = traceFilter(scope);
    const oldest = app().traceSummaries.at(-1);
    if (filter === null || oldest === undefined) return;
    await load('older turns', client.listTraces({ ...filter, limit: TRACE_PICKER_LIMIT, before: oldest.id }), (list) => {
      if (app().traceScope === scope) app().appendTraceSummaries(list.filter(inScope(filter)), list.length === TRACE_PICKER_LIMIT);
    });
  }

  const traceLoads = new Map<string, Promise<void>>();
  function loadTrace(id: string): Promise<void> {
    const running = traceLoads.get(id);
    if (running) return running;
    const loading = (async () => {
      try {
        const result = await client.getTrace({ id });
        if (result.ok) app().storeTrace(result.value);
        else app().setTraceLoadError({ id, message: result.error.message });
      } finally {
        traceLoads.delete(id);
      }
    })();
    traceLoads.set(id, loading);
    return loading;
  }

  // Runs on every (re)connection: catches up on what changed while the link was down, and starts
  // or resumes this window's session.
  async function loadAll(): Promise<void> {
    await Promise.all([loadStatus(), loadSettings(), openSession(), loadReminders()]);
    await Promise.all([refreshSessions(), refreshTraces()]);
  }

  /** What went off while this window was away (or the app was closed), as banners. */
  const loadReminders = () => load('the timers', client.listReminders(), ({ fired }) => fired.forEach((event) => app().receiveReminder(event)));

  /** Dismisses or snoozes one that went off: its banner goes once the host has done it. */
  async function actOnReminder(id: string, action: 'dismiss' | 'snooze'): Promise<void> {
    const result = await client.reminderAction({ id, action });
    if (result.ok) app().removeReminder(id);
    else app().reportError(`Could not ${action} it: ${result.error.message}`);
  }

  return {
    ...voice,
    actOnReminder,
    async listVoices() {
      const result = await client.listVoices();
      if (result.ok) return result.value;
      app().reportError(`Could not list the voices: ${result.error.message}`);
      return null;
    },
    async listSpeechModels() {
      const result = await client.listSpeechModels();
      if (result.ok) return result.value;
      app().reportError(`Could not list the speech models: ${result.error.message}`);
      return null;
    },
    async speechModelAction(id, action) {
      const request = action === 'download' ? client.downloadSpeechModel : action === 'cancel' ? client.cancelSpeechModelDownload : client.deleteSpeechModel;
      const result = await request({ id });
      return result.ok ? null : result.error.message;
    },
    onSpeechModel: (listener) => client.onSpeechModel(listener),
    async previewVoice() {
      const sessionId = app().currentSessionId;
      if (sessionId === null) return;
      const spoken = await client.voiceSpeak({ sessionId, text: PREVIEW_TEXT[languageOf(app().settings?.assistant.language)] });
      if (!spoken.ok) app().reportError(`Could not preview the voice: ${spoken.error.message}`);
    },
    async checkProviders() {
      const result = await client.checkProviders();
      if (!result.ok) app().reportError(`Could not check the providers: ${result.error.message}`);
      else await loadStatus();
    },
    async newConversation() {
      await startNew();
      await Promise.all([refreshSessions(), refreshTraces()]);
    },
    async openPastSession(sessionId) {
      const resumed = await client.resumeSession({ sessionId });
      if (!resumed.ok) {
        app().reportError(`Could not open that session: ${resumed.error.message}`);
        return;
      }
      await showStored(resumed.value);
      await Promise.all([refreshSessions(), refreshTraces()]);
    },
    start() {
      const unsubscribers = [
        client.onStatus((status) => app().receiveStatus(status)),
        client.onLog((entry) => app().appendLog(entry)),
        client.onTurnChunk((chunk) => app().receiveChunk(chunk)),
        client.onReminder((event) => {
          app().receiveReminder(event);
          showPageNotification(event);
        }),
        client.onTrace((trace) => {
          app().receiveTrace(trace);
          void refreshTraces();
          void refreshSessions();
        }),
        client.onConnection((state, problem) => {
          app().setConnection(state, problem);
          if (state === 'open') void loadAll();
        }),
        subscribeVoice(),
      ];
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
      };
    },
    refreshSessions,
    async saveSettings(patch) {
      // Field by field: the valid ones are saved even when another is wrong.
      const result = await client.saveSettingsFields(patch as Record<string, unknown>);
      if (result.ok) app().receiveSettings(result.value.settings);
      return result;
    },
    async ask(text) {
      // A new question cuts off the answer still being spoken (the host stops its run on `ask`).
      voice.silenceForNewQuestion();
      const key = app().beginTurn(text);
      const sessionId = app().currentSessionId;
      const result =
        sessionId === null
          ? fail('unavailable', 'Not connected to the assistant yet: try again in a moment.')
          : await client.ask({ sessionId, text });
      if (result.ok) {
        app().finishTurn(key, result.value);
        void refreshTraces();
        const speak = app().settings?.voice.speakTypedAnswers ?? 'auto';
        if (sessionId !== null && (speak === 'always' || (speak === 'auto' && !app().microphoneOn))) {
          void client.voiceSpeak({ sessionId, text: result.value.answer }).then((spoken) => {
            if (!spoken.ok && spoken.error.code !== 'unauthorized') app().receiveVoiceNotice({ kind: 'error', runId: null, message: `Could not speak the answer: ${spoken.error.message}` });
          });
        }
      } else {
        app().failTurn(key, result.error.message);
      }
      return result;
    },
    refreshTraces,
    loadOlderTraces,
    async setTraceScope(scope) {
      app().setTraceScope(scope);
      await refreshTraces();
    },
    async showTrace(id) {
      app().selectTrace(id);
      if (id !== null && !app().loadedTraces.some((trace) => trace.id === id)) await loadTrace(id);
    },
    loadTrace,
  };
}

const inScope =
  (filter: { sessionId?: string }) =>
  (summary: { sessionId: string | null }): boolean =>
    filter.sessionId === undefined || summary.sessionId === filter.sessionId;

/**
 * A refresh asked for while one runs happens once more after it, so a burst of events costs two
 * requests and the last reply is always the newest state.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
