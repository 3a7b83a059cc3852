import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ApiKeyProvider, AppStatus, CallView, EventPayload, LogEvent, ProviderStatus } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { ProviderFault } from '../../shared/provider-fault.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import { originOf } from '../adapters/openai/openai-errors.ts';
import type { EventName } from '../../shared/contract-names.ts';
import { DEFAULT_SILERO_VAD_OPTIONS } from '../adapters/embedded/silero-vad.ts';
import { createRootLogger, sessionLogger } from '../adapters/logging/logger.ts';
import { createRefusalLog, type RefusalLog } from '../adapters/logging/refusal-log.ts';
import { defaultVoiceReducerOptions } from '../core/voice-loop/voice-options.ts';
import { openHostDatabase } from '../adapters/sqlite/host-database.ts';
import { ensurePrivateDir } from '../adapters/sqlite/private-files.ts';
import { SqliteMemoryStore } from '../adapters/sqlite/sqlite-memory-store.ts';
import { SqliteTimerBook } from '../adapters/sqlite/sqlite-timer-book.ts';
import { announcementOf } from '../core/timers/announcement.ts';
import { DEFAULT_SNOOZE_MS } from '../core/experts/specialists/timers-agent.ts';
import { localeFor } from '../core/language/language.ts';
import { createReminderScheduler, observedBook } from './reminder-scheduler.ts';
import { createProviderProbes } from './provider-probes.ts';
import { sharedEspeak } from './voice-providers.ts';
import { probeOpenAi } from '../adapters/openai/openai-probe.ts';
import { isOpenAiCloud } from './openai-endpoint.ts';
import type { Reminder } from '../ports/timer-book.ts';
import { SqliteSessionStore } from '../adapters/sqlite/sqlite-session-store.ts';
import { createConversationService } from '../conversation/conversation-service.ts';
import type { Clock } from '../ports/clock.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import type { HostKind, SessionStore } from '../ports/session-store.ts';
import { AppError } from '../core/errors.ts';
import { checkSettingsPatch } from '../../shared/settings.ts';
import { createApiKeys, environmentWithKeys, PROVIDER_ORIGINS, SIP_SECRET_ORIGIN, TWILIO_API_ORIGIN } from './api-keys.ts';
import { createSipEndpoint, type SipEndpoint } from './sip-endpoint.ts';
import { createDispatch, type CallContext, type Dispatch } from './dispatch.ts';
import { describeProviders } from './provider-status.ts';
import { createMoeService, type MoeService } from './moe-service.ts';
import { createSettingsService, type SettingsService } from './settings-service.ts';
import { callTools } from './call-tools.ts';
import { createPhoneCalls, type CallRecord, type PhoneCalls } from './phone-calls.ts';
import { createTwilioBridge, type TwilioBridge } from '../adapters/telephony/twilio/twilio-bridge.ts';
import { createTwilioRest } from '../adapters/telephony/twilio/twilio-rest.ts';
import { createVoiceSessions, pcm16FromWire } from './voice-sessions.ts';
import { createSpeechModels } from './speech-models.ts';

export interface AssistantHostOptions {
  kind: HostKind;
  appName: string;
  appVersion: string;
  /** Where the store, the user's settings.yaml and the logs live. */
  dataDir: string;
  /** Shipped defaults (the repository's or the package's config/ folder). */
  configDir: string;
  versions: { electron: string | null; chrome: string | null };
  clock: Clock;
  env: Record<string, string | undefined>;
  /** Where provider API keys saved in Settings are kept; a saved key wins over OPENAI_API_KEY. */
  secrets: SecretStore;
  /** Echo warnings and errors to stderr (headless host and CLI). */
  logToStderr: boolean;
  /** How often live status is pushed to subscribers, ms. */
  statusIntervalMs?: number;
  /** A SIP call with no RTP from its caller this long is taken as dropped (ms; default 30 s). */
  sipSilentLineMs?: number;
  /** For the bench: how late each outbound SIP frame went out, ms. */
  onSipFrameLateness?(lateMs: number): void;
  /** Timers (reminders going off); default: the host's setTimeout. Tests pass fake time with `clock`. */
  setTimer?: (fn: () => void, ms: number) => () => void;
}

/**
 * Who a pushed event is for: every client (status, log), one client (its voice and audio), or the
 * clients that have that session open (its answers and traces). Nobody else receives it.
 */
export type Audience = { to: 'everyone' } | { to: 'client'; clientId: string } | { to: 'session'; sessionId: string | null };
export const EVERYONE: Audience = { to: 'everyone' };

/** `isFor(clientId)`: whether the listener's client may receive this event. */
export type HostEventListener = <N extends EventName>(event: N, payload: EventPayload<N>, isFor: (clientId: string) => boolean) => void;
export type HostEmit = <N extends EventName>(event: N, payload: EventPayload<N>, audience: Audience) => void;

export interface AssistantHost {
  readonly logger: Logger;
  /** Refused requests (no token, no signature, a stranger): logged once per kind and interval, with a count. */
  readonly refusals: RefusalLog;
  /** Resolves once the log file is open and the lines of the start are in it. */
  readonly logReady: Promise<void>;
  readonly store: SessionStore;
  readonly settings: SettingsService;
  readonly moe: MoeService;
  /** Phone calls (Twilio Media Streams, SIP): each one a voice session. */
  readonly phone: PhoneCalls;
  /** /twilio/voice and /twilio/media, served by whichever HTTP server the host runs behind. */
  readonly twilio: TwilioBridge;
  /** The SIP endpoint (Settings › Phone › SIP). */
  readonly sip: SipEndpoint;
  dispatch: Dispatch;
  status(): AppStatus;
  /** Pushed events; each listener checks `isFor` with its client's id. */
  subscribe(listener: HostEventListener): () => void;
  /** Ends the sessions this client started (its window closed or its socket dropped). */
  clientGone(clientId: string): void;
  close(): void;
}

/** The voices of OpenAI's speech models (the API has no request that lists them). */
const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'] as const;

/** Gone off this much after it was due: it came due while the app was closed. */
const LATE_MS = 60_000;

export function createAssistantHost(options: AssistantHostOptions): AssistantHost {
  const { clock } = options;
  const startedAt = clock.now();
  const listeners = new Set<HostEventListener>();
  const sessions = createSessionAttachments();
  /** The last status pushed, the uptime aside: the interval pushes only one that differs from it. */
  let lastStatus: string | null = null;
  const emit: HostEmit = (event, payload, audience) => {
    if (event === 'status') lastStatus = statusWithoutUptime(payload as AppStatus);
    const isFor = audienceCheck(audience, sessions);
    for (const listener of listeners) listener(event, payload, isFor);
  };

  // Private (0700) when the app creates it; a folder the user chose is left as it is.
  ensurePrivateDir(options.dataDir);
  const { logger, ready: logReady } = createRootLogger({
    level: 'info',
    file: join(options.dataDir, 'logs', 'assistant.log'),
    stderr: options.logToStderr,
    // A session's lines go to the windows that have it open, a connection's to that connection
    // (to everyone they were a write per socket per turn or per connection, and another's
    // business); the others to everyone.
    onEvent: (event: LogEvent, { clientId }) =>
      emit('log', event, event.sessionId !== null ? { to: 'session', sessionId: event.sessionId } : clientId !== null ? { to: 'client', clientId } : EVERYONE),
  });
  const settings = createSettingsService(
    { defaultsFile: join(options.configDir, 'app.yaml'), userFile: join(options.dataDir, 'settings.yaml') },
    clock,
    logger,
  );
  logger.level = settings.current().logging.level;
  const refusals = createRefusalLog(logger, { setTimer: options.setTimer ?? unrefTimer });
  for (const warning of options.secrets.openWarnings) logger.warn({ code: warning.code, path: options.secrets.path }, warning.message);
  const apiKeys = createApiKeys(options.secrets, options.env);
  // The services read OPENAI_API_KEY from this view on every (re)build: the key for the base URL's origin.
  const baseURL = () => settings.current().providers.openai.baseURL;
  /** Where a provider's saved key goes: OpenAI's to the base URL in Settings, the others to their fixed origin. */
  const keyOriginOf = (provider: ApiKeyProvider) => (provider === 'openai' ? baseURL() : PROVIDER_ORIGINS[provider]);
  const providerEnv = environmentWithKeys(options.env, apiKeys, baseURL);

  const storePath = join(options.dataDir, 'assistant.sqlite');
  // One exclusive connection for the session, trace and cache stores: no memory-mapped -shm file,
  // a damaged file set aside and its history recovered, failed writes shown in Status.
  const database = openHostDatabase(storePath, { now: () => clock.now(), log: logger });
  const store = new SqliteSessionStore(database.db, storePath, { onStorageError: database.health.report, writes: database.writes });
  database.health.onChange(() => emit('status', status(), EVERYONE));
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  });
  // Timers, alarms and reminders: kept in the store, going off on the host's clock.
  const timerStore = new SqliteTimerBook(database.db, { onStorageError: database.health.report });
  const timerBook = observedBook(timerStore, () => reminders.wake());
  const moe = createMoeService(settings.current(), {
    timers: { book: timerBook, newId: randomUUID },
    configDir: options.configDir,
    dataDir: options.dataDir,
    storePath,
    database,
    clock,
    logger,
    sessions: store,
    env: providerEnv,
    onTrace: (trace) => emit('trace', trace, { to: 'session', sessionId: trace.sessionId }),
  });
  const conversation = createConversationService(settings.current(), {
    configDir: options.configDir,
    dataDir: options.dataDir,
    moe,
    sessions: store,
    memories: new SqliteMemoryStore(database.db, {
      onStorageError: database.health.report,
      writes: database.writes,
      onUnreadable: (sessionId, reason) => logger.warn({ code: 'memory_unreadable', sessionId, reason }, 'stored session memory is unreadable; the session starts over'),
    }),
    clock,
    setTimer,
    logger,
    defer: (task) => void setImmediate(task),
    onChunk: (chunk) => emit('turnChunk', chunk, { to: 'session', sessionId: chunk.sessionId }),
    onTrace: (trace) => {
      emit('trace', trace, { to: 'session', sessionId: trace.sessionId });
      // What the turn met at the model's server is what Status says (the reply said the same).
      const call = providerCallOf(trace, originOf(baseURL()));
      if (call) probes.reportCall(call.address, call.fault);
    },
    // Created below; a tool only runs during a call, long after.
    tools: callTools(() => phone),
  });
  const probes = createProviderProbes({
    clock,
    logger,
    target: () => {
      const key = apiKeys.keyFor('openai', baseURL());
      if (!key && isOpenAiCloud(baseURL())) return null;
      return { baseURL: baseURL(), apiKey: key?.key ?? 'not-needed-for-local-servers' };
    },
    probe: (target) => probeOpenAi(target),
    onChange: () => emit('status', status(), EVERYONE),
  });
  function providerStatus(): ProviderStatus[] {
    const described = describeProviders(settings.current(), apiKeys.status('openai', baseURL()), apiKeys.keyFor('openai', baseURL()), store.path, options.secrets);
    const check = probes.openai();
    const withCheck = described.map((provider) =>
      provider.id === 'openai' && provider.configured
        ? { ...provider, reachable: check?.reachable ?? null, checkedAt: check?.checkedAt ?? null, problem: check?.error ?? null, models: check?.models ?? [] }
        : provider,
    );
    return [...withCheck, localSttStatus(), twilioStatus(), sip.status(), ...moe.agentStatus()];
  }
  /** Whether talking works with no provider: the speech model chosen in Settings, downloaded. */
  const callView = (record: CallRecord): CallView => ({ ...record, activeAgent: record.state === 'ended' ? null : (conversation.memory(record.sessionId).activeAgent ?? null) });

  /** What Twilio can reach, and where: said in Status as "what is listening where". */
  function twilioStatus(): ProviderStatus {
    const { enabled, publicUrl, port } = settings.current().phone.twilio;
    const token = apiKeys.keyFor('twilio', TWILIO_API_ORIGIN);
    const where = port === null ? (options.kind === 'headless' ? "this host's port" : `127.0.0.1:8766`) : `127.0.0.1:${port}`;
    const missing = [!publicUrl && 'the public URL', !token && 'the auth token'].filter(Boolean).join(' and ');
    return {
      id: 'twilio',
      kind: 'phone',
      configured: enabled && missing === '',
      detail: !enabled
        ? 'off (Settings › Phone)'
        : missing
          ? `on, but ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set: calls are refused`
          : `webhook POST ${publicUrl.replace(/\/+$/, '')}/twilio/voice, media ${publicUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}/twilio/media, listening on ${where}; ${phone.list().filter((call) => call.state !== 'ended').length} calls now`,
    };
  }

  function localSttStatus(): ProviderStatus {
    const chosen = settings.current().voice.localSpeechModel;
    const model = chosen ? speechModels.list().find((entry) => entry.id === chosen) : undefined;
    const ready = model?.state === 'ready';
    return {
      id: 'local-stt',
      kind: 'stt',
      configured: ready,
      detail: !chosen
        ? 'no speech model chosen (Settings › Speech models)'
        : ready
          ? `${model!.label}, on this computer (sherpa-onnx)`
          : `${model?.label ?? chosen} is chosen but not downloaded (Settings › Speech models)`,
    };
  }
  /** The orchestrators first: the conversation's engine uses the chat model they were built with. */
  const rebuild = (next: Settings) => {
    moe.reconfigure(next);
    conversation.reconfigure(next);
    void probes.check();
  };
  setTimer(() => void probes.check(), 0);
  // Speech models to download and run here (no key, no server); ASSISTANT_SPEECH_MODELS_URL points at a mirror.
  const speechModels = createSpeechModels({
    dataDir: options.dataDir,
    ...(options.env.ASSISTANT_SPEECH_MODELS_URL ? { baseUrl: options.env.ASSISTANT_SPEECH_MODELS_URL } : {}),
    logger,
    onChange: (view) => emit('speechModel', view, EVERYONE),
    onInstalledChange: () => {
      voice.settingsChanged();
      emit('status', status(), EVERYONE);
    },
  });
  const voice = createVoiceSessions({
    moe,
    conversation,
    sessions: store,
    clock,
    logger,
    env: providerEnv,
    settings: () => settings.current(),
    emit,
    owns: (clientId, sessionId) => sessions.isOpen(clientId, sessionId),
    localSttFor: (modelId) => speechModels.sttFor(modelId),
  });
  const phone = createPhoneCalls({
    moe,
    conversation,
    sessions: store,
    hostKind: options.kind,
    clock,
    logger,
    env: providerEnv,
    settings: () => settings.current(),
    emit,
    localSttFor: (modelId) => speechModels.sttFor(modelId),
    setTimer,
    onChange: (record) => emit('call', callView(record), EVERYONE),
    transferNumbers: () => settings.current().phone.twilio.transferNumbers.split(',').map((number) => number.trim()).filter(Boolean),
    twilioRest: () => {
      const { accountSid } = settings.current().phone.twilio;
      const token = apiKeys.keyFor('twilio', TWILIO_API_ORIGIN)?.key;
      return accountSid && token ? createTwilioRest({ accountSid, authToken: token, ...(options.env.TWILIO_API_BASE_URL ? { apiBaseUrl: options.env.TWILIO_API_BASE_URL } : {}) }) : null;
    },
  });
  const twilio = createTwilioBridge({
    publicUrl: () => {
      const { enabled, publicUrl } = settings.current().phone.twilio;
      return enabled && publicUrl ? publicUrl.replace(/\/+$/, '') : null;
    },
    authToken: () => apiKeys.keyFor('twilio', TWILIO_API_ORIGIN)?.key ?? null,
    logger: logger.child({ component: 'twilio' }),
    refusals,
    now: () => clock.now(),
    setTimer,
    startCall: (start, media) => phone.startTwilioCall(start, media),
  });
  const sip = createSipEndpoint({
    settings: () => settings.current().phone.sip,
    password: () => apiKeys.keyFor('sip', SIP_SECRET_ORIGIN)?.key ?? null,
    phone,
    now: () => clock.now(),
    setTimer,
    logger: logger.child({ component: 'sip' }),
    refusals,
    onChange: () => emit('status', status(), EVERYONE),
    ...(options.sipSilentLineMs !== undefined ? { silentLineMs: options.sipSilentLineMs } : {}),
    ...(options.onSipFrameLateness ? { onFrameLateness: options.onSipFrameLateness } : {}),
  });
  sip.follow();
  const reminders = createReminderScheduler({
    book: timerStore,
    clock,
    setTimer,
    logger,
    onFire: (reminder, late) => {
      const { title, text } = announce(reminder, late);
      // To the windows that have its conversation open; when none has, to every window.
      const audience: Audience = reminder.sessionId && sessions.clientsOf(reminder.sessionId)?.size ? { to: 'session', sessionId: reminder.sessionId } : EVERYONE;
      emit('reminder', { reminder, title, text, late }, audience);
      void voice.announce(audience.to === 'session' ? reminder.sessionId : null, text, audience.to === 'session' ? [...(sessions.clientsOf(reminder.sessionId!) ?? [])] : []);
    },
  });
  // After the composition root has subscribed (the app's notifications): what came due while closed.
  setTimer(() => reminders.start(), 0);
  function announce(reminder: Reminder, late: boolean) {
    return announcementOf(reminder, late, { now: clock.now(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, locale: localeFor(reminder.language, settings.current().assistant.language) });
  }

  // A key saved by an earlier version had no origin: it stays with the base URL it was used with.
  void apiKeys.bindUnbound('openai', baseURL()).then(
    (origin) => {
      if (!origin) return;
      logger.info({ code: 'api_key_bound', provider: 'openai', origin }, `the saved OpenAI key is now sent only to ${origin}`);
      rebuild(settings.current());
      voice.settingsChanged();
    },
    (error: unknown) => logger.warn({ code: 'api_key_bind_failed', provider: 'openai', err: error }, 'the saved OpenAI key could not be bound to its address'),
  );
  const accepted = { accepted: true } as const;
  let voiceSettings = voiceRelevant(settings.current());
  settings.onChange((next) => {
    logger.level = next.logging.level;
    rebuild(next);
    // A theme or log level change leaves live voice sessions alone.
    if (voiceRelevant(next) !== voiceSettings) voice.settingsChanged();
    voiceSettings = voiceRelevant(next);
    sip.follow();
    emit('status', status(), EVERYONE);
  });
  /** Rebuilds the orchestrator and, between turns, the voice sessions with the new key. */
  function keyChanged(provider: string, change: 'saved' | 'removed'): void {
    logger.info({ code: `api_key_${change}`, provider, storage: options.secrets.kind }, `${provider} API key ${change}`);
    rebuild(settings.current());
    voice.settingsChanged();
    if (provider === 'sip') sip.follow();
    emit('status', status(), EVERYONE);
  }
  function status(): AppStatus {
    return {
      appName: settings.current().assistant.name,
      host: options.kind,
      versions: {
        app: options.appVersion,
        node: process.versions.node,
        v8: process.versions.v8,
        sqlite: store.sqliteVersion,
        electron: options.versions.electron,
        chrome: options.versions.chrome,
      },
      providers: providerStatus(),
      storePath: store.path,
      dataDir: options.dataDir,
      startedAt,
      uptimeMs: Math.max(0, clock.now() - startedAt),
      configErrors: [...settings.errors(), ...moe.configErrors(), ...conversation.configErrors()],
      conversation: conversation.status(),
      storage: database.health.status(),
      thresholdDefaults: {
        ...moe.yamlThresholds(),
        vadSpeech: DEFAULT_SILERO_VAD_OPTIONS.positiveThreshold,
        bargeInMinSpeechMs: defaultVoiceReducerOptions.bargeInMinSpeechMs,
      },
    };
  }

  const dispatch = createDispatch(
    {
      getStatus: () => status(),
      getSettings: () => settings.current(),
      updateSettings: (patch) => settings.update(patch),
      saveSettingsFields: (input) => {
        const { patch, errors } = checkSettingsPatch(input);
        const saved = Object.keys(patch).length > 0 ? settings.update(patch) : settings.current();
        for (const error of errors) logger.warn({ code: 'settings_field_refused', field: error.field, reason: error.message }, `setting ${error.field} not saved: ${error.message}`);
        return { settings: saved, fieldErrors: errors };
      },
      listSessions: (query) => store.listSessions(query),
      startSession: (_params, context: CallContext) => {
        const session = store.createSession({ id: randomUUID(), host: options.kind, startedAt: clock.now() });
        sessions.open(context.clientId, session.id);
        sessionLogger(logger, session.id).info({ code: 'session_started', host: options.kind }, 'session started');
        return session;
      },
      resumeSession: ({ sessionId }, context: CallContext) => {
        const session = store.getSession(sessionId);
        if (!session) throw new AppError('not_found', `no session ${sessionId}`);
        if (session.endedAt !== null) store.reopenSession(sessionId);
        sessions.open(context.clientId, sessionId);
        sessionLogger(logger, sessionId).info({ code: 'session_resumed' }, 'session resumed');
        return { ...session, endedAt: null };
      },
      ask: ({ sessionId, text }, { clientId }) => {
        // Answers and traces go to the clients that have the session open: asking into one that
        // is not open here would send them elsewhere.
        if (!sessions.isOpen(clientId, sessionId)) {
          throw new AppError('not_found', `session ${sessionId} is not open in this window; start or resume it first`);
        }
        // A new question cuts off the answer still being spoken, here and not only in the page:
        // audio still being synthesized would otherwise play before the new answer.
        voice.newQuestion(sessionId);
        return conversation.ask(sessionId, text);
      },
      listTraces: (query) => moe.listTraces(query),
      getTrace: ({ id }) => moe.getTrace(id),
      voiceSetMode: async ({ sessionId, mode }, { clientId }) => (await voice.setMode(clientId, sessionId, mode), accepted),
      voiceAudio: async ({ sessionId, pcm16 }, { clientId }) => (await voice.audio(clientId, sessionId, pcm16FromWire(pcm16)), accepted),
      voiceTalk: async ({ sessionId, action }, { clientId }) => (await voice.talk(clientId, sessionId, action), accepted),
      voiceInterrupt: async ({ sessionId }, { clientId }) => (await voice.interrupt(clientId, sessionId), accepted),
      voiceRetry: async ({ sessionId, runId }, { clientId }) => (await voice.retry(clientId, sessionId, runId), accepted),
      voicePlayback: async (report, { clientId }) => (await voice.playback(clientId, report), accepted),
      voiceSpeak: async ({ sessionId, text }, { clientId }) => (await voice.speak(clientId, sessionId, text), accepted),
      getApiKeyStatus: ({ provider }) => apiKeys.status(provider, keyOriginOf(provider)),
      setApiKey: async ({ provider, key }) => {
        const saved = await apiKeys.set(provider, keyOriginOf(provider), key);
        keyChanged(provider, 'saved');
        return saved;
      },
      listVoices: async () => ({
        openai: [...OPENAI_VOICES],
        espeak: (await sharedEspeak().listVoices()).map((voice) => ({ id: voice.id, name: voice.name, languages: voice.languages.map((language) => language.tag) })),
      }),
      checkProviders: async () => {
        await probes.check();
        return providerStatus();
      },
      listSessionTurns: ({ sessionId }, { clientId }) => {
        if (!sessions.isOpen(clientId, sessionId)) throw new AppError('not_found', `session ${sessionId} is not open in this window; resume it first`);
        return store.listTurns(sessionId).map(({ id, runId, role, text, startedAt, interrupted }) => ({ id, runId, role, text, startedAt, interrupted }));
      },
      listReminders: () => ({
        pending: timerBook.list(['pending']),
        fired: timerBook.list(['fired']).map((reminder) => ({ reminder, ...announce(reminder, reminder.firedAt !== null && reminder.firedAt - reminder.dueAt > LATE_MS), late: reminder.firedAt !== null && reminder.firedAt - reminder.dueAt > LATE_MS })),
      }),
      reminderAction: ({ id, action }) => {
        const reminder = timerBook.get(id);
        if (!reminder) throw new AppError('not_found', `no timer, alarm or reminder ${id}`);
        if (action === 'cancel' && reminder.state !== 'pending') throw new AppError('bad_request', `that ${reminder.kind} is not pending (it is ${reminder.state})`);
        if (action !== 'cancel' && reminder.state !== 'fired') throw new AppError('bad_request', `that ${reminder.kind} has not gone off`);
        const next =
          action === 'snooze'
            ? timerBook.update(id, { state: 'pending', dueAt: clock.now() + DEFAULT_SNOOZE_MS, firedAt: null, snoozes: reminder.snoozes + 1 })
            : timerBook.update(id, { state: 'done', endedBy: action === 'cancel' ? 'cancelled' : 'dismissed' });
        logger.info({ code: `reminder_${action}`, id, kind: reminder.kind }, `${reminder.kind} ${action}`);
        return next!;
      },
      clearApiKey: async ({ provider }) => {
        const cleared = await apiKeys.clear(provider, keyOriginOf(provider));
        keyChanged(provider, 'removed');
        return cleared;
      },
      listSpeechModels: () => speechModels.list(),
      downloadSpeechModel: ({ id }) => (speechModels.download(id), accepted),
      cancelSpeechModelDownload: ({ id }) => (speechModels.cancel(id), accepted),
      deleteSpeechModel: async ({ id }) => (await speechModels.remove(id), accepted),
      listCalls: () => phone.list().map(callView).sort((a, b) => Number(a.state === 'ended') - Number(b.state === 'ended') || b.startedAt - a.startedAt),
      hangUpCall: ({ id }) => {
        if (!phone.hangUp(id)) throw new AppError('not_found', `no call ${id} going on`);
        return accepted;
      },
    },
    logger,
    refusals,
  );

  // What changes the status without saying so reaches the pages within an interval; the page
  // counts the uptime on by itself, so an unchanged status is not sent again (to every socket).
  // Unless injected, this timer does not keep the process alive.
  const statusTimer = options.setTimer ?? ((fn: () => void, ms: number) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return () => clearTimeout(handle);
  });
  let stopStatusTimer = statusTimer(function pushChangedStatus() {
    if (listeners.size > 0) {
      const current = status();
      if (statusWithoutUptime(current) !== lastStatus) emit('status', current, EVERYONE);
    }
    stopStatusTimer = statusTimer(pushChangedStatus, options.statusIntervalMs ?? 2000);
  }, options.statusIntervalMs ?? 2000);

  logger.info({ code: 'host_started', host: options.kind, dataDir: options.dataDir }, `${options.kind} host started`);

  return {
    logger,
    refusals,
    logReady,
    store,
    settings,
    moe,
    phone,
    twilio,
    sip,
    dispatch,
    status,
    subscribe(listener) {
      listeners.add(listener);
      // The status as it is now, since the interval sends it again only when it changes.
      listener('status', status(), () => true);
      return () => listeners.delete(listener);
    },
    clientGone(clientId) {
      void voice.clientGone(clientId);
      // A session another window still has open goes on.
      for (const sessionId of sessions.closeClient(clientId)) {
        // A throwaway session (asked from the command line) may be gone already.
        if (!store.getSession(sessionId)) continue;
        store.endSession(sessionId, clock.now());
        sessionLogger(logger, sessionId).info({ code: 'session_ended' }, 'session ended');
      }
    },
    close() {
      // What the last turns wrote, before anything closes the connection.
      database.writes.flush();
      reminders.stop();
      speechModels.close();
      stopStatusTimer();
      for (const clientId of sessions.clients()) this.clientGone(clientId);
      listeners.clear();
      void voice.close();
      twilio.close();
      void sip.close();
      void phone.close();
      moe.close();
      store.close();
      database.close();
      refusals.flush();
      logger.flush();
    },
  };
}

/** A timer that does not keep the process alive (a refusal count waiting for its interval to end). */
function unrefTimer(fn: () => void, ms: number): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Which clients have which sessions open. A session may be open in several windows. */
function createSessionAttachments() {
  const byClient = new Map<string, Set<string>>();
  const bySession = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(value);
    map.set(key, set);
  };
  return {
    open(clientId: string, sessionId: string): void {
      add(byClient, clientId, sessionId);
      add(bySession, sessionId, clientId);
    },
    isOpen: (clientId: string, sessionId: string): boolean => byClient.get(clientId)?.has(sessionId) ?? false,
    clientsOf: (sessionId: string): ReadonlySet<string> | undefined => bySession.get(sessionId),
    clients: (): string[] => [...byClient.keys()],
    /** Forgets the client; returns the sessions no client has open any more. */
    closeClient(clientId: string): string[] {
      const orphaned: string[] = [];
      for (const sessionId of byClient.get(clientId) ?? []) {
        const clients = bySession.get(sessionId);
        clients?.delete(clientId);
        if (!clients || clients.size === 0) {
          bySession.delete(sessionId);
          orphaned.push(sessionId);
        }
      }
      byClient.delete(clientId);
      return orphaned;
    },
  };
}

function audienceCheck(audience: Audience, sessions: ReturnType<typeof createSessionAttachments>): (clientId: string) => boolean {
  if (audience.to === 'everyone') return () => true;
  if (audience.to === 'client') return (clientId) => clientId === audience.clientId;
  const clients = audience.sessionId === null ? undefined : sessions.clientsOf(audience.sessionId);
  return (clientId) => clients?.has(clientId) ?? false;
}

/** The model server's outcome in a turn: a fault it met, or an answer from it; null when it was not asked. */
function providerCallOf(trace: TurnTrace, modelAddress: string): { address: string; fault: ProviderFault | null } | null {
  const fault = trace.unanswered?.fault ?? trace.agents.find((agent) => agent.fault)?.fault ?? null;
  if (fault) return { address: fault.address, fault };
  const answeredByModel = trace.agents.some((agent) => agent.provider === 'openai' && agent.status === 'success') || (trace.conversation?.engine === 'llm' && !trace.unanswered);
  return answeredByModel ? { address: modelAddress, fault: null } : null;
}

const statusWithoutUptime = (status: AppStatus): string => JSON.stringify({ ...status, uptimeMs: 0 });

/** What a voice session is built from, as one comparable string. */
function voiceRelevant(current: Settings): string {
  const { assistant, voice, providers, thresholds } = current;
  return JSON.stringify({ assistant, voice, providers, thresholds });
}
