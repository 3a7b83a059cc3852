import type { ApiKeyStatus, AppStatus, LogEvent, SessionSummary, TraceSummary, TurnChunk, ReminderEvent, ReminderView, SessionTurn, SpeechModelView, CallView } from '../../shared/contract.ts';
import type { RequestParams, RequestResult } from '../../shared/contract.ts';
import { fail, ok, type Result } from '../../shared/result.ts';
import { checkSettingsPatch, defaultSettings, type Settings, type SettingsPatch } from '../../shared/settings.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import type { AudioOut, AudioStop, VoiceEventPayload } from '../../shared/voice.ts';
import type { AssistantClient, ConnectionListener, ConnectionState } from '../client/connection.ts';
import { sampleSession, sampleStatus } from './fixtures.ts';
import { sampleTrace } from './trace-fixtures.ts';

type Reply<T> = Result<T> | Promise<Result<T>>;
type AskResult = RequestResult<'ask'>;

/** An in-memory AssistantClient whose connection, replies and pushed events the test drives. */
export function createFakeClient() {
  const connection = new Set<ConnectionListener>();
  const logListeners = new Set<(event: LogEvent) => void>();
  const statusListeners = new Set<(status: AppStatus) => void>();
  const chunkListeners = new Set<(chunk: TurnChunk) => void>();
  const traceListeners = new Set<(trace: TurnTrace) => void>();
  const voiceListeners = new Set<(event: VoiceEventPayload) => void>();
  const audioOutListeners = new Set<(event: AudioOut) => void>();
  const audioStopListeners = new Set<(event: AudioStop) => void>();
  const talkShortcutListeners = new Set<(event: { at: number }) => void>();
  const reminderListeners = new Set<(event: ReminderEvent) => void>();
  const speechModelListeners = new Set<(event: SpeechModelView) => void>();
  const callListeners = new Set<(event: CallView) => void>();
  let calledCalls: CallView[] = [];
  const calls: string[] = [];
  /** Every request with its params, in the order made. */
  const requests: { method: string; params: unknown }[] = [];
  /** What the fake host would report about the OpenAI key; like main, it never keeps the key. */
  let apiKey: ApiKeyStatus = { provider: 'openai', set: false, hint: null, source: null, storage: 'file', storageProblem: null, origin: 'https://api.openai.com', savedFor: [] };
  const replies = {
    getStatus: (): Reply<AppStatus> => ok(sampleStatus()),
    getSettings: (): Reply<Settings> => ok(defaultSettings()),
    saveSettingsFields: (input: Record<string, unknown>): Reply<{ settings: Settings; fieldErrors: { field: string; message: string }[] }> => {
      const { patch, errors } = checkSettingsPatch(input);
      return ok({ settings: { ...defaultSettings(), assistant: { ...defaultSettings().assistant, ...patch.assistant } }, fieldErrors: errors });
    },
    updateSettings: (patch: SettingsPatch): Reply<Settings> =>
      ok({ ...defaultSettings(), assistant: { ...defaultSettings().assistant, ...patch.assistant } }),
    listSessions: (): Reply<SessionSummary[]> => ok([sampleSession({ id: 'older', startedAt: 1 })]),
    startSession: (): Reply<SessionSummary> => ok(sampleSession({ id: 'mine', startedAt: 2 })),
    resumeSession: (params: RequestParams<'resumeSession'>): Reply<SessionSummary> => ok(sampleSession({ id: params.sessionId, startedAt: 2 })),
    ask: (params: RequestParams<'ask'>): Reply<AskResult> => {
      const trace = sampleTrace({ sessionId: params.sessionId, query: params.text });
      return ok({ turnId: trace.id, answer: trace.answer, trace });
    },
    listTraces: (_params: RequestParams<'listTraces'>): Reply<TraceSummary[]> => ok([]),
    getTrace: (params: RequestParams<'getTrace'>): Reply<TurnTrace> =>
      ok(sampleTrace({ id: params.id })),
    getApiKeyStatus: (): Reply<ApiKeyStatus> => ok(apiKey),
    setApiKey: (params: RequestParams<'setApiKey'>): Reply<ApiKeyStatus> => {
      apiKey = { ...apiKey, set: true, hint: `…${params.key.trim().slice(-4)}`, source: 'stored' };
      return ok(apiKey);
    },
    clearApiKey: (): Reply<ApiKeyStatus> => {
      apiKey = { ...apiKey, set: false, hint: null, source: null };
      return ok(apiKey);
    },
    listReminders: (): Reply<{ pending: ReminderView[]; fired: ReminderEvent[] }> => ok({ pending: [], fired: [] }),
    listSpeechModels: (): Reply<SpeechModelView[]> => ok([]),
    speechModelAction: (_method: string, _params: { id: string }): Reply<{ accepted: true }> => ok({ accepted: true as const }),
    listSessionTurns: (_params: RequestParams<'listSessionTurns'>): Reply<SessionTurn[]> => ok([]),
    voiceRetry: (_params: RequestParams<'voiceRetry'>): Reply<{ accepted: true }> => ok({ accepted: true as const }),
    reminderAction: (params: RequestParams<'reminderAction'>): Reply<ReminderView> =>
      ok({ id: params.id, kind: 'timer', label: null, sessionId: 'mine', language: 'en', createdAt: 0, dueAt: 0, durationMs: 60_000, state: params.action === 'snooze' ? 'pending' : 'done', firedAt: null, endedBy: params.action === 'snooze' ? null : params.action === 'cancel' ? 'cancelled' : 'dismissed', snoozes: params.action === 'snooze' ? 1 : 0 }),
  };
  let state: ConnectionState = 'connecting';
  const answer = async <T>(name: string, params: unknown, reply: () => Reply<T>): Promise<Result<T>> => {
    calls.push(name);
    requests.push({ method: name, params });
    return reply();
  };
  const subscribe = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  const client: AssistantClient = {
    getStatus: () => answer('getStatus', undefined, replies.getStatus),
    getSettings: () => answer('getSettings', undefined, replies.getSettings),
    updateSettings: (patch) => answer('updateSettings', patch, () => replies.updateSettings(patch)),
    saveSettingsFields: (input) => answer('saveSettingsFields', input, () => replies.saveSettingsFields(input)),
    listSessions: () => answer('listSessions', undefined, replies.listSessions),
    startSession: () => answer('startSession', undefined, replies.startSession),
    resumeSession: (params) => answer('resumeSession', params, () => replies.resumeSession(params)),
    ask: (params) => answer('ask', params, () => replies.ask(params)),
    listTraces: (params) => answer('listTraces', params, () => replies.listTraces(params ?? { limit: 50 })),
    getTrace: (params) => answer('getTrace', params, () => replies.getTrace(params)),
    voiceSetMode: (params) => answer('voiceSetMode', params, () => ok({ accepted: true as const })),
    voiceAudio: (params) => answer('voiceAudio', params, () => ok({ accepted: true as const })),
    voiceTalk: (params) => answer('voiceTalk', params, () => ok({ accepted: true as const })),
    voiceInterrupt: (params) => answer('voiceInterrupt', params, () => ok({ accepted: true as const })),
    voiceRetry: (params) => answer('voiceRetry', params, () => replies.voiceRetry(params)),
    voicePlayback: (params) => answer('voicePlayback', params, () => ok({ accepted: true as const })),
    voiceSpeak: (params) => answer('voiceSpeak', params, () => ok({ accepted: true as const })),
    getApiKeyStatus: (params) => answer('getApiKeyStatus', params, () => replies.getApiKeyStatus()),
    setApiKey: (params) => answer('setApiKey', params, () => replies.setApiKey(params)),
    clearApiKey: (params) => answer('clearApiKey', params, () => replies.clearApiKey()),
    listReminders: () => answer('listReminders', undefined, replies.listReminders),
    listSessionTurns: (params) => answer('listSessionTurns', params, () => replies.listSessionTurns(params)),
    checkProviders: () => answer('checkProviders', undefined, () => ok(sampleStatus().providers)),
    listVoices: () => answer('listVoices', undefined, () => ok({ openai: ['alloy', 'nova'], espeak: [{ id: 'gmw/en-US', name: 'English (America)', languages: ['en-us', 'en'] }] })),
    reminderAction: (params) => answer('reminderAction', params, () => replies.reminderAction(params)),
    listSpeechModels: () => answer('listSpeechModels', undefined, replies.listSpeechModels),
    downloadSpeechModel: (params) => answer('downloadSpeechModel', params, () => replies.speechModelAction('downloadSpeechModel', params)),
    cancelSpeechModelDownload: (params) => answer('cancelSpeechModelDownload', params, () => replies.speechModelAction('cancelSpeechModelDownload', params)),
    deleteSpeechModel: (params) => answer('deleteSpeechModel', params, () => replies.speechModelAction('deleteSpeechModel', params)),
    onSpeechModel: (listener) => subscribe(speechModelListeners, listener),
    listCalls: () => answer('listCalls', undefined, () => ok(calledCalls)),
    hangUpCall: (params) => answer('hangUpCall', params, () => ok({ accepted: true as const })),
    onCall: (listener) => subscribe(callListeners, listener),
    onReminder: (listener) => subscribe(reminderListeners, listener),
    onVoice: (listener) => subscribe(voiceListeners, listener),
    onAudioOut: (listener) => subscribe(audioOutListeners, listener),
    onAudioStop: (listener) => subscribe(audioStopListeners, listener),
    onTalkShortcut: (listener) => subscribe(talkShortcutListeners, listener),
    onLog: (listener) => subscribe(logListeners, listener),
    onStatus: (listener) => subscribe(statusListeners, listener),
    onTurnChunk: (listener) => subscribe(chunkListeners, listener),
    onTrace: (listener) => subscribe(traceListeners, listener),
    onConnection(listener) {
      listener(state, null);
      return subscribe(connection, listener);
    },
  };

  return {
    client,
    calls,
    requests,
    replies,
    failWith: (message: string) => fail('unavailable', message),
    setConnection(next: ConnectionState) {
      state = next;
      for (const listener of connection) listener(next, null);
    },
    pushLog: (event: LogEvent) => logListeners.forEach((listener) => listener(event)),
    pushReminder: (event: ReminderEvent) => reminderListeners.forEach((listener) => listener(event)),
    pushSpeechModel: (event: SpeechModelView) => speechModelListeners.forEach((listener) => listener(event)),
    pushCall: (event: CallView) => callListeners.forEach((listener) => listener(event)),
    /** What listCalls answers. */
    setCalls: (list: CallView[]) => {
      calledCalls = list;
    },
    pushStatus: (status: AppStatus) => statusListeners.forEach((listener) => listener(status)),
    pushTurnChunk: (chunk: TurnChunk) => chunkListeners.forEach((listener) => listener(chunk)),
    pushTrace: (trace: TurnTrace) => traceListeners.forEach((listener) => listener(trace)),
    listenerCount: () =>
      connection.size + logListeners.size + statusListeners.size + chunkListeners.size + traceListeners.size,

    // ---- Voice (issue 5, playback and voice state): pushed voice events ----
    pushVoice: (event: VoiceEventPayload) => voiceListeners.forEach((listener) => listener(event)),
    pushAudioOut: (event: AudioOut) => audioOutListeners.forEach((listener) => listener(event)),
    pushAudioStop: (event: AudioStop) => audioStopListeners.forEach((listener) => listener(event)),
    voiceListenerCount: () => voiceListeners.size + audioOutListeners.size + audioStopListeners.size,
    /** The Electron global push-to-talk shortcut was pressed. */
    pushTalkShortcut: (event: { at: number }) => talkShortcutListeners.forEach((listener) => listener(event)),
    talkShortcutListenerCount: () => talkShortcutListeners.size,
  };
}

/** A reply the test resolves later, to look at the state while a request is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
