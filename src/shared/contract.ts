import { z } from 'zod';
import { resultSchema, type Result } from './result.ts';
import { SettingsPatchSchema, SettingsSchema } from './settings.ts';
import type { EventName, RequestName } from './contract-names.ts';
import { TurnTraceSchema } from './trace.ts';
import {
  AudioOutSchema,
  AudioStopSchema,
  PlaybackReportSchema,
  TurnTakingSchema,
  VoiceAudioParamsSchema,
  VoiceEventSchema,
} from './voice.ts';

// The one description of everything that crosses between renderer and main, whichever host
// carries it (Electron IPC or the headless host's WebSocket). Main parses every argument and
// every result against these schemas.

export const ConfigErrorSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  /** Dotted path of the offending field, or null for a syntax error. */
  field: z.string().nullable(),
  message: z.string(),
});
export type ConfigError = z.infer<typeof ConfigErrorSchema>;

export const ProviderStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['llm', 'stt', 'tts', 'embeddings', 'vad', 'realtime', 'store', 'agent', 'phone']),
  configured: z.boolean(),
  /** What is missing or what it points at, in words a user understands. */
  detail: z.string(),
  /** For a server: whether it answered when last checked (null: not checked yet), when, and why not. */
  reachable: z.boolean().nullable().optional(),
  checkedAt: z.number().nullable().optional(),
  problem: z.string().nullable().optional(),
  /** The models the server listed. */
  models: z.array(z.string()).optional(),
});
export type ProviderStatus = z.infer<typeof ProviderStatusSchema>;

/** Something that went wrong with the database file: found at start, or met while serving. */
export const StorageProblemSchema = z.object({
  /**
   * corrupt, truncated: found at start, the file set aside and what could be read of it recovered
   * (corrupt also when met while serving); write_failed, read_failed: the disk or file refused
   * while serving (full, I/O error, read-only).
   */
  kind: z.enum(['corrupt', 'truncated', 'write_failed', 'read_failed']),
  /** One sentence naming the file and the reason. */
  message: z.string(),
  /** Where the damaged file was moved (never deleted), or null. */
  quarantinedAs: z.string().nullable(),
  /** What was copied from the damaged file into the fresh one; null when nothing was attempted. */
  recovered: z.object({ sessions: z.number().int(), turns: z.number().int(), traces: z.number().int() }).nullable(),
  /** When it first happened, ms since the epoch, and how often since. */
  at: z.number(),
  count: z.number().int().positive(),
});
export type StorageProblem = z.infer<typeof StorageProblemSchema>;

/** The scenario in play and what else there is to choose from. */
export const ConversationStatusSchema = z.object({
  scenario: z.string(),
  scenarios: z.array(z.object({ name: z.string(), title: z.string(), description: z.string() })),
  /** The scenario's agents, as the UI names them. */
  agents: z.array(z.object({ name: z.string(), title: z.string() })),
  startAgent: z.string(),
});
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const AppStatusSchema = z.object({
  appName: z.string(),
  host: z.enum(['electron', 'headless']),
  versions: z.object({
    app: z.string(),
    node: z.string(),
    v8: z.string(),
    sqlite: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
  providers: z.array(ProviderStatusSchema),
  storePath: z.string(),
  dataDir: z.string(),
  startedAt: z.number(),
  uptimeMs: z.number().nonnegative(),
  configErrors: z.array(ConfigErrorSchema),
  conversation: ConversationStatusSchema,
  /** The database file and what went wrong with it since start (oldest first). */
  storage: z.object({ path: z.string(), problems: z.array(StorageProblemSchema) }),
  /** What an empty threshold in Settings means now: the YAML's values and the built-in ones. */
  thresholdDefaults: z.object({
    cacheSimilarity: z.number(),
    routerMinConfidence: z.number(),
    vadSpeech: z.number(),
    bargeInMinSpeechMs: z.number(),
  }),
});
export type AppStatus = z.infer<typeof AppStatusSchema>;

export const SessionSummarySchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  host: z.enum(['electron', 'headless']),
  /** Exchanges: one per question, whatever became of its answer. */
  turnCount: z.number().int().nonnegative(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const ListSessionsParamsSchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    beforeStartedAt: z.number().optional(),
  })
  .prefault({});

export const LogEventSchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
  time: z.number(),
  sessionId: z.string().nullable(),
  runId: z.string().nullable(),
  code: z.string().nullable(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/** Longer questions are refused by the orchestrator with a clear message, not by the transport. */
export const MAX_QUERY_CHARS = 4000;

export const AskParamsSchema = z.object({
  sessionId: z.string().min(1).max(64),
  /** What the user typed or said; empty or over MAX_QUERY_CHARS is answered with an explanation. */
  text: z.string().max(64 * 1024),
});

export const AskResultSchema = z.object({
  turnId: z.string(),
  answer: z.string(),
  trace: TurnTraceSchema,
});

export const TraceSummarySchema = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  query: z.string(),
  answer: z.string(),
  startedAt: z.number(),
  totalMs: z.number(),
  cacheHit: z.boolean(),
  agents: z.array(z.string()),
});
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

/** The list entry of a stored turn. */
export const summariseTrace = (trace: z.output<typeof TurnTraceSchema>): TraceSummary => ({
  id: trace.id,
  sessionId: trace.sessionId,
  query: trace.query,
  answer: trace.answer,
  startedAt: trace.startedAt,
  totalMs: trace.totalMs,
  cacheHit: trace.cache.hit,
  agents: trace.agents.map((run) => run.agent),
});

export const ListTracesParamsSchema = z
  .object({
    sessionId: z.string().optional(),
    limit: z.number().int().min(1).max(500).default(50),
    /** The next page: traces older than this trace id. */
    before: z.string().min(1).max(64).optional(),
  })
  .prefault({});

/** A piece of an answer as it forms: one per agent as each finishes, then the synthesis (`final`). */
export const TurnChunkSchema = z.object({
  turnId: z.string(),
  sessionId: z.string().nullable(),
  agent: z.string().nullable(),
  text: z.string(),
  confidence: z.number().nullable(),
  final: z.boolean(),
  /** The voice run whose spoken question this turn answers; absent for a typed question. */
  voiceRunId: z.string().optional(),
});
export type TurnChunk = z.infer<typeof TurnChunkSchema>;

/** openai: the provider's API key; twilio: the account's auth token (it signs Twilio's webhooks); sip: the SIP user's password (digest). */
export const ApiKeyProviderSchema = z.enum(['openai', 'twilio', 'sip']);
export type ApiKeyProvider = z.infer<typeof ApiKeyProviderSchema>;

/** Trimmed; a key has no whitespace inside, so one with any is a paste gone wrong. Messages never quote the key. */
export const ApiKeyTextSchema = z
  .string()
  .trim()
  .min(1, 'the API key is empty')
  .max(512, 'an API key is at most 512 characters')
  .regex(/^\S+$/, 'an API key has no spaces or line breaks inside');

/** Whether a provider has a key, never the key: main keeps it and shows only its last characters. */
export const ApiKeyStatusSchema = z.object({
  provider: ApiKeyProviderSchema,
  set: z.boolean(),
  /** The last four characters, e.g. `sk-…abcd` (none for a short key); null when no key is set. */
  hint: z.string().max(16).nullable(),
  /** Where the key in use comes from: saved in Settings (wins) or the OPENAI_API_KEY environment variable. */
  source: z.enum(['stored', 'environment']).nullable(),
  /** `os-keychain`: encrypted by the OS (desktop app); `file`: a file only the user can read (headless host). */
  storage: z.enum(['os-keychain', 'file']),
  /** Why a key cannot be saved here (e.g. no OS keyring), in words a user can act on; null when it can. */
  storageProblem: z.string().nullable(),
  /**
   * The origin of the base URL in Settings: a key is sent only to the origin it was saved for, so
   * changing the base URL to another server never hands it the key.
   */
  origin: z.string().nullable(),
  /** Other origins a key is saved for (never the keys). */
  savedFor: z.array(z.string()),
});
export type ApiKeyStatus = z.infer<typeof ApiKeyStatusSchema>;

const SessionIdSchema = z.string().min(1).max(64);
const Done = z.object({ accepted: z.literal(true) });

const EmptyParams = z.undefined().or(z.strictObject({})).transform(() => undefined);

/** One stored message of a session: a question or what was heard of its answer. */
export const SessionTurnSchema = z.object({
  id: z.string(),
  /** The exchange (a trace's id for typed and spoken turns) it belongs to. */
  runId: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  startedAt: z.number(),
  interrupted: z.boolean(),
});
export type SessionTurn = z.infer<typeof SessionTurnSchema>;

/** A timer, alarm or reminder (see src/main/ports/timer-book.ts). */
export const ReminderSchema = z.object({
  id: z.string(),
  kind: z.enum(['timer', 'alarm', 'reminder']),
  label: z.string().nullable(),
  sessionId: z.string().nullable(),
  language: z.string(),
  createdAt: z.number(),
  dueAt: z.number(),
  durationMs: z.number().nullable(),
  state: z.enum(['pending', 'fired', 'done']),
  firedAt: z.number().nullable(),
  endedBy: z.enum(['dismissed', 'cancelled']).nullable(),
  snoozes: z.number().int(),
});
export type ReminderView = z.infer<typeof ReminderSchema>;

/** One went off: what to show (title, text) and say; `late` when it came due while the app was closed. */
export const ReminderEventSchema = z.object({ reminder: ReminderSchema, title: z.string(), text: z.string(), late: z.boolean() });
export type ReminderEvent = z.infer<typeof ReminderEventSchema>;

/** A speech-to-text model to download and run locally (no key, no server), and where its download is. */
/** A phone call, going on or ended: each one is a session of its own (open it to read it). */
export const CallSchema = z.object({
  id: z.string(),
  carrier: z.enum(['twilio', 'sip']),
  caller: z.string().nullable(),
  carrierCallId: z.string(),
  sessionId: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  state: z.enum(['ringing', 'in_progress', 'ended']),
  endedBy: z.enum(['caller', 'assistant', 'disconnected']).nullable(),
  /** The conversational agent answering now (the scenario's, after handoffs). */
  activeAgent: z.string().nullable(),
});
export type CallView = z.infer<typeof CallSchema>;

export const SpeechModelViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** ISO 639-1 codes; a multilingual model detects the language of each utterance. */
  languages: z.array(z.string()),
  multilingual: z.boolean(),
  /** About this many bytes to download (the exact size is known once the download starts). */
  sizeBytes: z.number().nonnegative(),
  /** not-downloaded may have bytes already (a download to resume); failed says why in `error`. */
  state: z.enum(['not-downloaded', 'downloading', 'ready', 'failed']),
  downloadedBytes: z.number().nonnegative(),
  totalBytes: z.number().nonnegative(),
  error: z.string().nullable(),
});
export type SpeechModelView = z.infer<typeof SpeechModelViewSchema>;

const SpeechModelIdParams = z.object({ id: z.string().min(1).max(64) });

export const requests = {
  getStatus: { params: EmptyParams, result: AppStatusSchema },
  getSettings: { params: EmptyParams, result: SettingsSchema },
  updateSettings: { params: SettingsPatchSchema, result: SettingsSchema },
  /** The settings form's save: every valid field is saved; each wrong one comes back with why. */
  saveSettingsFields: {
    params: z.record(z.string(), z.unknown()).refine((value) => JSON.stringify(value).length <= 64 * 1024, 'a settings patch is at most 64 KB'),
    result: z.object({ settings: SettingsSchema, fieldErrors: z.array(z.object({ field: z.string(), message: z.string() })) }),
  },
  listSessions: { params: ListSessionsParamsSchema, result: z.array(SessionSummarySchema) },
  startSession: { params: EmptyParams, result: SessionSummarySchema },
  /** Opens a past session (or this window's, after a reconnect) in this window: its answers and traces come here. */
  resumeSession: { params: z.object({ sessionId: SessionIdSchema }), result: SessionSummarySchema },
  ask: { params: AskParamsSchema, result: AskResultSchema },
  listTraces: { params: ListTracesParamsSchema, result: z.array(TraceSummarySchema) },
  getTrace: { params: z.object({ id: z.string().min(1).max(64) }), result: TurnTraceSchema },
  voiceSetMode: { params: z.object({ sessionId: SessionIdSchema, mode: TurnTakingSchema }), result: Done },
  voiceAudio: { params: VoiceAudioParamsSchema, result: Done },
  voiceTalk: { params: z.object({ sessionId: SessionIdSchema, action: z.enum(['press', 'release']) }), result: Done },
  /** The renderer heard the user over the assistant and already stopped playback. */
  voiceInterrupt: { params: z.object({ sessionId: SessionIdSchema }), result: Done },
  /** Transcribes again what was said in a run whose transcription failed (its audio is kept for a while). */
  voiceRetry: { params: z.object({ sessionId: SessionIdSchema, runId: z.string().min(1).max(64) }), result: Done },
  voicePlayback: { params: PlaybackReportSchema, result: Done },
  /** Says a typed answer in this window's voice (interruptible like any spoken answer). */
  voiceSpeak: { params: z.object({ sessionId: SessionIdSchema, text: z.string().trim().min(1).max(4000) }), result: Done },
  getApiKeyStatus: { params: z.object({ provider: ApiKeyProviderSchema }), result: ApiKeyStatusSchema },
  /** Saves the key in main's secret store; the reply and everything after carry only its hint. */
  setApiKey: { params: z.object({ provider: ApiKeyProviderSchema, key: ApiKeyTextSchema }), result: ApiKeyStatusSchema },
  clearApiKey: { params: z.object({ provider: ApiKeyProviderSchema }), result: ApiKeyStatusSchema },
  /** The voices there are to pick from: OpenAI's (by name) and the embedded espeak-ng's (with their languages). */
  listVoices: {
    params: EmptyParams,
    result: z.object({ openai: z.array(z.string()), espeak: z.array(z.object({ id: z.string(), name: z.string(), languages: z.array(z.string()) })) }),
  },
  /** Checks the providers now (does the server answer? which models?) and returns them as Status shows them. */
  checkProviders: { params: EmptyParams, result: z.array(ProviderStatusSchema) },
  /** The stored messages of a session this window has open, oldest first: to read it again and go on. */
  listSessionTurns: { params: z.object({ sessionId: SessionIdSchema }), result: z.array(SessionTurnSchema) },
  /** Timers, alarms and reminders not yet over, oldest first: those to come, and those that went off (with what they say) and wait for a dismiss. */
  listReminders: { params: EmptyParams, result: z.object({ pending: z.array(ReminderSchema), fired: z.array(ReminderEventSchema) }) },
  /** Dismiss or snooze one that went off, or cancel one still pending. */
  reminderAction: { params: z.object({ id: z.string().min(1).max(64), action: z.enum(['dismiss', 'snooze', 'cancel']) }), result: ReminderSchema },
  /** The speech-to-text models there are to download, with what is on disk of each. */
  listSpeechModels: { params: EmptyParams, result: z.array(SpeechModelViewSchema) },
  /** Starts (or resumes) a model's download; progress and the outcome arrive as `speechModel` events. */
  downloadSpeechModel: { params: SpeechModelIdParams, result: Done },
  /** Stops a download; what was downloaded is kept for a resume. */
  cancelSpeechModelDownload: { params: SpeechModelIdParams, result: Done },
  /** Removes a model's files (a download in progress is stopped first). */
  deleteSpeechModel: { params: SpeechModelIdParams, result: Done },
  /** Calls going on, then the ones that ended (newest first). */
  listCalls: { params: EmptyParams, result: z.array(CallSchema) },
  hangUpCall: { params: z.object({ id: z.string().min(1).max(64) }), result: Done },
} as const satisfies Record<RequestName, { params: z.ZodType; result: z.ZodType }>;

export const events = {
  log: LogEventSchema,
  status: AppStatusSchema,
  turnChunk: TurnChunkSchema,
  trace: TurnTraceSchema,
  voice: VoiceEventSchema,
  audioOut: AudioOutSchema,
  audioStop: AudioStopSchema,
  /**
   * The desktop app's global push-to-talk shortcut was pressed (Electron only, sent to the main
   * window). The OS reports no key-up, so the renderer toggles talking on each press. `at`: ms
   * since the epoch, main's clock.
   */
  talkShortcut: z.object({ at: z.number() }),
  reminder: ReminderEventSchema,
  /** A speech model's download moved on, finished or failed; or the model was deleted. To every window. */
  speechModel: SpeechModelViewSchema,
  /** A call started, changed or ended. */
  call: CallSchema,
} as const satisfies Record<EventName, z.ZodType>;

// Both name lists must match the schema maps exactly; this fails to compile otherwise.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const requestNamesMatch: Exact<keyof typeof requests, RequestName> = true;
export const eventNamesMatch: Exact<keyof typeof events, EventName> = true;

export type RequestParams<N extends RequestName> = z.input<(typeof requests)[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<(typeof requests)[N]['params']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

export const replySchemaFor = <N extends RequestName>(name: N) => resultSchema(requests[name].result);

type ParamsArg<N extends RequestName> =
  undefined extends RequestParams<N> ? [params?: RequestParams<N>] : [params: RequestParams<N>];

/** What the renderer sees as `window.assistant`, implemented by the preload and the WebSocket client alike. */
export type AssistantApi = {
  [N in RequestName]: (...args: ParamsArg<N>) => Promise<Result<RequestResult<N>>>;
} & {
  [N in EventName as `on${Capitalize<N>}`]: (listener: (payload: EventPayload<N>) => void) => () => void;
};

export { eventListenerName } from './contract-names.ts';
