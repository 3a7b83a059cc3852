import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppStatus, EventPayload, LogEvent } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { EventName } from '../../shared/contract-names.ts';
import { DEFAULT_SILERO_VAD_OPTIONS } from '../adapters/local/silero-vad.ts';
import { createRootLogger, sessionLogger } from '../adapters/logging/logger.ts';
import { defaultVoiceReducerOptions } from '../core/voice/voice-options.ts';
import { openSessionStore } from '../adapters/sqlite/sqlite-session-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import type { HostKind, SessionStore } from '../ports/session-store.ts';
import { createApiKeys, environmentWithKeys } from './api-keys.ts';
import { createDispatch, type CallContext, type Dispatch } from './dispatch.ts';
import { describeProviders } from './provider-status.ts';
import { createMoeService, type MoeService } from './moe-service.ts';
import { createSettingsService, type SettingsService } from './settings-service.ts';
import { createVoiceService, pcm16FromWire } from './voice-service.ts';

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
}

/** `targetClientId` null: for every client; otherwise only for that client (its voice, its audio). */
export type HostEventListener = <N extends EventName>(event: N, payload: EventPayload<N>, targetClientId?: string | null) => void;

export interface AssistantHost {
  readonly logger: Logger;
  readonly store: SessionStore;
  readonly settings: SettingsService;
  readonly moe: MoeService;
  dispatch: Dispatch;
  status(): AppStatus;
  /** Pushed events (log, status) for every connected client. */
  subscribe(listener: HostEventListener): () => void;
  /** Ends the sessions this client started (its window closed or its socket dropped). */
  clientGone(clientId: string): void;
  close(): void;
}

export function createAssistantHost(options: AssistantHostOptions): AssistantHost {
  const { clock } = options;
  const startedAt = clock.now();
  const listeners = new Set<HostEventListener>();
  const emit: HostEventListener = (event, payload, targetClientId = null) => {
    for (const listener of listeners) listener(event, payload, targetClientId);
  };

  const logger = createRootLogger({
    level: 'info',
    file: join(options.dataDir, 'logs', 'assistant.log'),
    stderr: options.logToStderr,
    onEvent: (event: LogEvent) => emit('log', event),
  });
  const settings = createSettingsService(
    { defaultsFile: join(options.configDir, 'app.yaml'), userFile: join(options.dataDir, 'settings.yaml') },
    clock,
    logger,
  );
  logger.level = settings.current().logging.level;
  for (const warning of options.secrets.openWarnings) logger.warn({ code: warning.code, path: options.secrets.path }, warning.message);
  const apiKeys = createApiKeys(options.secrets, options.env);
  // The services read OPENAI_API_KEY from this view on every (re)build: the saved key, else the variable.
  const providerEnv = environmentWithKeys(options.env, apiKeys);
  const storePath = join(options.dataDir, 'assistant.sqlite');
  const store = openSessionStore(storePath);
  const moe = createMoeService(settings.current(), {
    configDir: options.configDir,
    dataDir: options.dataDir,
    storePath,
    clock,
    logger,
    sessions: store,
    env: providerEnv,
    onChunk: (chunk) => emit('turnChunk', chunk),
    onTrace: (trace) => emit('trace', trace),
  });
  const sessionsByClient = new Map<string, Set<string>>();
  const voice = createVoiceService({
    moe,
    sessions: store,
    clock,
    logger,
    env: providerEnv,
    settings: () => settings.current(),
    emit,
    owns: (clientId, sessionId) => sessionsByClient.get(clientId)?.has(sessionId) ?? false,
  });
  const accepted = { accepted: true } as const;
  let voiceSettings = voiceRelevant(settings.current());
  settings.onChange((next) => {
    logger.level = next.logging.level;
    moe.reconfigure(next);
    // A theme or log level change leaves live voice sessions alone.
    if (voiceRelevant(next) !== voiceSettings) voice.settingsChanged();
    voiceSettings = voiceRelevant(next);
    emit('status', status());
  });
  /** Rebuilds the orchestrator and, between turns, the voice sessions with the new key. */
  function keyChanged(provider: string, change: 'saved' | 'removed'): void {
    logger.info({ code: `api_key_${change}`, provider, storage: options.secrets.kind }, `${provider} API key ${change}`);
    moe.reconfigure(settings.current());
    voice.settingsChanged();
    emit('status', status());
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
      providers: [...describeProviders(settings.current(), apiKeys.inUse('openai'), store.path, options.secrets), ...moe.agentStatus()],
      storePath: store.path,
      dataDir: options.dataDir,
      startedAt,
      uptimeMs: Math.max(0, clock.now() - startedAt),
      configErrors: [...settings.errors(), ...moe.configErrors()],
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
      listSessions: (query) => store.listSessions(query),
      startSession: (_params, context: CallContext) => {
        const session = store.createSession({ id: randomUUID(), host: options.kind, startedAt: clock.now() });
        const owned = sessionsByClient.get(context.clientId) ?? new Set<string>();
        owned.add(session.id);
        sessionsByClient.set(context.clientId, owned);
        sessionLogger(logger, session.id).info({ code: 'session_started', host: options.kind }, 'session started');
        return session;
      },
      ask: ({ sessionId, text }) => moe.ask(sessionId, text),
      listTraces: (query) => moe.listTraces(query),
      getTrace: ({ id }) => moe.getTrace(id),
      voiceSetMode: async ({ sessionId, mode }, { clientId }) => (await voice.setMode(clientId, sessionId, mode), accepted),
      voiceAudio: async ({ sessionId, pcm16 }, { clientId }) => (await voice.audio(clientId, sessionId, pcm16FromWire(pcm16)), accepted),
      voiceTalk: async ({ sessionId, action }, { clientId }) => (await voice.talk(clientId, sessionId, action), accepted),
      voiceInterrupt: async ({ sessionId }, { clientId }) => (await voice.interrupt(clientId, sessionId), accepted),
      voicePlayback: async (report, { clientId }) => (await voice.playback(clientId, report), accepted),
      getApiKeyStatus: ({ provider }) => apiKeys.status(provider),
      setApiKey: async ({ provider, key }) => {
        const saved = await apiKeys.set(provider, key);
        keyChanged(provider, 'saved');
        return saved;
      },
      clearApiKey: async ({ provider }) => {
        const cleared = await apiKeys.clear(provider);
        keyChanged(provider, 'removed');
        return cleared;
      },
    },
    logger,
  );

  const statusTimer = setInterval(() => {
    if (listeners.size > 0) emit('status', status());
  }, options.statusIntervalMs ?? 2000);
  statusTimer.unref();

  logger.info({ code: 'host_started', host: options.kind, dataDir: options.dataDir }, `${options.kind} host started`);

  return {
    logger,
    store,
    settings,
    moe,
    dispatch,
    status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clientGone(clientId) {
      void voice.clientGone(clientId);
      for (const sessionId of sessionsByClient.get(clientId) ?? []) {
        store.endSession(sessionId, clock.now());
        sessionLogger(logger, sessionId).info({ code: 'session_ended' }, 'session ended');
      }
      sessionsByClient.delete(clientId);
    },
    close() {
      clearInterval(statusTimer);
      for (const clientId of [...sessionsByClient.keys()]) this.clientGone(clientId);
      listeners.clear();
      void voice.close();
      moe.close();
      store.close();
      logger.flush();
    },
  };
}

/** What a voice session is built from, as one comparable string. */
function voiceRelevant(current: Settings): string {
  const { assistant, voice, providers, thresholds } = current;
  return JSON.stringify({ assistant, voice, providers, thresholds });
}
