import type { AgentDeps } from './experts.ts';
import type { Logger } from 'pino';
import type { ConfigError, ProviderStatus, TraceSummary } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import type { HostDatabase } from '../adapters/sqlite/host-database.ts';
import { openCacheStore, SqliteCacheStore } from '../adapters/sqlite/sqlite-cache-store.ts';
import { openTraceStore, SqliteTraceStore, type TraceStoreOptions } from '../adapters/sqlite/sqlite-trace-store.ts';
import { createOtelTraceSink, type OtelTraceSink } from '../adapters/tracing/otel-exporter.ts';
import { createTraceSinks } from '../adapters/tracing/trace-sinks.ts';
import type { ListTracesQuery } from '../ports/trace-sink.ts';
import { AppError } from '../core/errors.ts';
import type { Orchestrator } from '../core/moe/orchestrator-types.ts';
import type { ChatModel } from '../ports/chat-model.ts';
import type { Clock } from '../ports/clock.ts';
import type { SessionStore } from '../ports/session-store.ts';
import {
  CACHE_DIMENSIONS,
  chatModelFromSettings,
  createDefault,
  createForRealtimeVoice,
  loadMoeConfig,
  withThresholds,
  loadSpecialists,
} from './moe-composition.ts';

export interface MoeServiceOptions {
  configDir: string;
  dataDir: string;
  storePath: string;
  /** The host's one connection to the store (shared with the session store); without it, each store opens storePath. */
  database?: HostDatabase;
  clock: Clock;
  logger: Logger;
  sessions: SessionStore;
  env: Record<string, string | undefined>;
  onTrace: (trace: TurnTrace) => void;
  /** The host's timers, alarms and reminders, for the timers expert. */
  timers?: AgentDeps['timers'];
}

export interface MoeService {
  /** The orchestrator for typed turns, as last built. */
  orchestrator(): Orchestrator;
  /** The chat model the settings and key make available, or null (offline). */
  chatModel(): ChatModel | null;
  /** Stores a turn's trace (again, with what the conversation added); does not push it. */
  recordTrace(trace: TurnTrace): void;
  listTraces(query: ListTracesQuery): TraceSummary[];
  getTrace(id: string): TurnTrace;
  configErrors(): ConfigError[];
  /** The orchestrator's thresholds in its YAML, before Settings override them. */
  yamlThresholds(): { cacheSimilarity: number; routerMinConfidence: number };
  /** Each specialist: ready, or off and why (e.g. the general agent without a key). */
  agentStatus(): ProviderStatus[];
  /** The orchestrator configured for spoken turns (moe_realtime_voice.yaml over the default). */
  voiceOrchestrator(): Orchestrator;
  /** Stores the trace again with what was learnt after the turn (voice timings), and pushes it. */
  amendTrace(id: string, amend: (trace: TurnTrace) => TurnTrace): void;
  /** Rebuilds the orchestrator for new provider settings; the cache and traces stay. */
  reconfigure(settings: Settings): void;
  close(): void;
}

/** The orchestrators as the hosts use them: built from config and rebuilt for new settings; their traces and cache. */
export function createMoeService(settings: Settings, options: MoeServiceOptions): MoeService {
  const { logger, clock } = options;
  const { database } = options;
  const traceOptions: TraceStoreOptions = {
    onCorrupt: (corrupt) => logger.warn({ code: 'trace_corrupt', traceId: corrupt.id, reason: corrupt.error }, 'unreadable trace skipped'),
    ...(database ? { onStorageError: database.health.report, writes: database.writes } : {}),
  };
  const traceStore: SqliteTraceStore = database ? new SqliteTraceStore(database.db, traceOptions) : openTraceStore(options.storePath, traceOptions);
  // The store's size limit is read once; the rest of the config is re-read on every rebuild.
  const { maxEntries } = loadMoeConfig(options.configDir, options.dataDir, 'default').value.cache;
  const cacheOptions = { dimensions: CACHE_DIMENSIONS, maxEntries, ...(database ? { onStorageError: database.health.report, writes: database.writes } : {}) };
  const cacheStore: SqliteCacheStore = database ? new SqliteCacheStore(database.db, cacheOptions) : openCacheStore(options.storePath, cacheOptions);
  for (const discarded of cacheStore.openReport.discarded) {
    logger.warn({ code: 'cache_entry_discarded', entryId: discarded.id, reason: discarded.reason }, 'unusable cache entry removed');
  }

  let otel: OtelTraceSink | null = null;
  let chatModel: ChatModel | null = null;
  let orchestrator: Orchestrator;
  let voiceOrchestrator: Orchestrator;
  let errors: ConfigError[] = [];
  let agentStatus: ProviderStatus[] = [];
  let yamlThresholds = { cacheSimilarity: 0, routerMinConfidence: 0 };

  function build(current: Settings): void {
    const { value: config, errors: configErrors } = loadMoeConfig(options.configDir, options.dataDir, 'default');
    yamlThresholds = { cacheSimilarity: config.cache.similarityThreshold, routerMinConfidence: config.router.minConfidence };
    chatModel = chatModelFromSettings(current, options.env.OPENAI_API_KEY);
    const { setup, errors: agentErrors } = loadSpecialists(options.configDir, options.dataDir, chatModel, options.timers);
    errors = [...configErrors, ...agentErrors];
    for (const error of errors) logger.warn({ code: 'config_invalid', ...error }, `${error.file}:${error.line ?? '?'} ${error.field ?? ''}: ${error.message}`);
    agentStatus = [
      ...setup.agents.map((agent) => ({ id: agent.name, kind: 'agent' as const, configured: true, detail: `${agent.provider}: ${agent.description}` })),
      ...setup.unavailable.map((agent) => ({ id: agent.name, kind: 'agent' as const, configured: false, detail: agent.reason })),
    ];
    void otel?.shutdown();
    otel = createOtelTraceSink({ exporters: config.tracing.exporters });
    // The store is not a sink of the orchestrators: the conversation records each turn's trace
    // whole (agent, handoffs, tools) once it is settled. Stored here too, every trace was written
    // twice, and each reading of the words tried before the one answered left a trace of its own.
    const tracer = createTraceSinks(
      { onError: (failure) => logger.warn({ code: 'trace_sink_failed', sink: failure.sink, traceId: failure.traceId, err: failure.error }, 'a trace sink failed') },
      otel,
    );
    const deps = { clock, chatModel, cacheStore, tracer, logger };
    orchestrator = createDefault(setup, withThresholds(config, current.thresholds), deps);
    const voiceConfig = loadMoeConfig(options.configDir, options.dataDir, 'realtime_voice');
    errors.push(...voiceConfig.errors.filter((error) => error.file.endsWith('moe_realtime_voice.yaml')));
    voiceOrchestrator = createForRealtimeVoice(setup, withThresholds(voiceConfig.value, current.thresholds), deps);
    logger.info(
      { code: 'orchestrator_ready', agents: setup.agents.map((agent) => agent.name), llm: chatModel !== null },
      `orchestrator ready with ${setup.agents.length} agents`,
    );
  }
  build(settings);

  return {
    orchestrator: () => orchestrator,
    chatModel: () => chatModel,
    recordTrace(trace) {
      // The store at once (its failure is the caller's to report); the exporters as the MoE's own turns are.
      traceStore.record(trace);
      void Promise.resolve(otel?.record(trace)).catch((error: unknown) => logger.warn({ code: 'trace_sink_failed', sink: 'otel', traceId: trace.id, err: error }, 'a trace sink failed'));
    },
    listTraces: (query) => traceStore.list(query),
    getTrace(id) {
      const trace = traceStore.get(id);
      if (!trace) throw new AppError('not_found', `no readable trace ${id}`);
      return trace;
    },
    voiceOrchestrator: () => voiceOrchestrator,
    amendTrace(id, amend) {
      const trace = traceStore.get(id);
      if (!trace) return;
      const amended = amend(trace);
      traceStore.record(amended);
      options.onTrace(amended);
    },
    configErrors: () => errors,
    yamlThresholds: () => yamlThresholds,
    agentStatus: () => agentStatus,
    reconfigure(next) {
      settings = next;
      build(next);
    },
    close() {
      void otel?.shutdown();
      cacheStore.close();
      traceStore.close();
    },
  };
}
