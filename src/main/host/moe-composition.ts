import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { ConfigError } from '../../shared/contract.ts';
import type { Settings } from '../../shared/settings.ts';
import { loadAgentsConfig } from '../adapters/config/experts-config.ts';
import { createAgents, type AgentDeps, type AgentSetup } from './experts.ts';
import { loadLayeredFiles } from '../adapters/config/config-files.ts';
import { createPQueueProviderLimiter } from '../adapters/limits/p-queue-provider-limiter.ts';
import { createOpenAiChatModel } from '../adapters/openai/openai-chat-model.ts';
import type { Agent } from '../core/moe/agent.ts';
import { createAggregatorFromConfig } from '../core/moe/aggregation/weighted-aggregator.ts';
import { createSemanticCache } from '../core/moe/cache/semantic-cache.ts';
import { createDagExecutor } from '../core/moe/execution/dag-executor.ts';
import { MoeConfigSchema, type MoeConfig } from '../core/moe/moe-config.ts';
import { createOrchestrator } from '../core/moe/orchestrator.ts';
import type { CacheTier, Orchestrator } from '../core/moe/orchestrator-types.ts';
import { ClassifierRouter } from '../core/moe/routing/classifier-router.ts';
import { EmbeddingRouter } from '../core/moe/routing/embedding-router.ts';
import { HybridRouter } from '../core/moe/routing/hybrid-router.ts';
import { LexicalEmbedder } from '../core/moe/routing/lexical-embedder.ts';
import type { CacheStore } from '../ports/cache-store.ts';
import type { ChatModel } from '../ports/chat-model.ts';
import type { Clock } from '../ports/clock.ts';
import type { TraceSink } from '../ports/trace-sink.ts';
import { isOpenAiCloud } from './openai-endpoint.ts';

export type MoeVariant = 'default' | 'realtime_voice';

/**
 * config/moe_orchestrator.yaml, then (for voice) config/moe_realtime_voice.yaml over it, then the
 * user's copies of each in the data directory. Broken fields fall back with a located error.
 */
export function loadMoeConfig(configDir: string, dataDir: string, variant: MoeVariant): { value: MoeConfig; errors: ConfigError[] } {
  const files = ['moe_orchestrator.yaml', ...(variant === 'realtime_voice' ? ['moe_realtime_voice.yaml'] : [])];
  const paths = files.flatMap((file) => [join(configDir, file), join(dataDir, file)]);
  const { value, errors, warnings } = loadLayeredFiles(MoeConfigSchema, paths);
  return { value, errors: [...errors, ...warnings] };
}

/** The settings' thresholds over the YAML's: a null threshold keeps the file's value. */
export function withThresholds(config: MoeConfig, thresholds: Settings['thresholds']): MoeConfig {
  const { cacheSimilarity, routerMinConfidence } = thresholds;
  return {
    ...config,
    cache: cacheSimilarity === null ? config.cache : { ...config.cache, similarityThreshold: cacheSimilarity },
    router: routerMinConfidence === null ? config.router : { ...config.router, minConfidence: routerMinConfidence },
  };
}

export function loadSpecialists(configDir: string, dataDir: string, chatModel: ChatModel | null, timers?: AgentDeps['timers']): { setup: AgentSetup; errors: ConfigError[] } {
  const { value, errors, warnings } = loadAgentsConfig([join(configDir, 'agents.yaml'), join(dataDir, 'agents.yaml')]);
  return { setup: createAgents(value, { chatModel, ...(timers ? { timers } : {}) }), errors: [...errors, ...warnings] };
}

/** A chat model when a key is set or the base URL is a local server (which needs none); else null. */
export function chatModelFromSettings(settings: Settings, apiKey: string | undefined, model?: string): ChatModel | null {
  const { baseURL, chatModel } = settings.providers.openai;
  const isCloud = isOpenAiCloud(baseURL);
  if (!apiKey?.trim() && isCloud) return null;
  return createOpenAiChatModel({ apiKey: apiKey?.trim() || 'not-needed-for-local-servers', baseURL, model: model ?? chatModel });
}

export interface MoeDependencies {
  clock: Clock;
  chatModel: ChatModel | null;
  cacheStore: CacheStore | null;
  tracer: TraceSink;
  logger: Logger;
}

/** The embedder the cache compares queries with: unfitted, so stored vectors never go stale. */
export const cacheEmbedder = () => new LexicalEmbedder({ dimensions: 512 });
export const CACHE_DIMENSIONS = 512;

/** The orchestrator with every tier as configured: hybrid router, DAG executor, weighted synthesis, SQLite cache. */
export function createDefault(specialists: AgentSetup, config: MoeConfig, deps: MoeDependencies): Orchestrator {
  const { router: routerConfig, execution } = config;
  const embedding = new EmbeddingRouter([], { fallbackAgent: routerConfig.fallbackAgent });
  const classifier =
    deps.chatModel && routerConfig.classifier.enabled
      ? new ClassifierRouter(deps.chatModel, [], { model: routerConfig.classifier.model, fallbackAgent: routerConfig.fallbackAgent })
      : null;
  const router = new HybridRouter(embedding, classifier, {
    k: routerConfig.k,
    minConfidence: routerConfig.minConfidence,
    fastPathThreshold: routerConfig.fastPathThreshold,
    embeddingWeight: routerConfig.embeddingWeight,
    classifierWeight: routerConfig.classifierWeight,
    fallbackAgent: routerConfig.fallbackAgent,
    classifierSignal: (signal) => {
      const timeout = AbortSignal.timeout(routerConfig.classifier.timeoutMs);
      return signal ? AbortSignal.any([signal, timeout]) : timeout;
    },
  });
  const executor = createDagExecutor({
    clock: deps.clock,
    limiter: createPQueueProviderLimiter({
      maxTotalConcurrency: execution.maxConcurrency,
      default: execution.defaultProviderLimit,
      providers: execution.providers,
    }),
  });
  let cache: CacheTier | null = null;
  if (config.cache.enabled && deps.cacheStore) {
    cache = createSemanticCache({
      embedder: cacheEmbedder(),
      store: deps.cacheStore,
      config: { similarityThreshold: config.cache.similarityThreshold, ttlMs: config.cache.ttlMs, qualityBar: config.cache.qualityBar },
    });
  }
  const orchestrator = createOrchestrator(
    {
      cache,
      router,
      executor,
      aggregator: createAggregatorFromConfig(config, deps.chatModel),
      tracer: deps.tracer,
      clock: deps.clock,
      newId: randomUUID,
      // After the answer's final chunk has gone out: the cache write and the trace sinks.
      defer: (task) => void setImmediate(() => void task()),
    },
    {
      k: routerConfig.k,
      minConfidence: routerConfig.minConfidence,
      agentTimeoutMs: execution.agentTimeoutMs,
      queryDeadlineMs: execution.queryDeadlineMs,
      maxQueryChars: config.query.maxChars,
      voiceOptimize: config.voice.optimize,
      agentWeights: specialists.weights,
      unavailable: specialists.unavailable.map((agent) => capitalise(agent.reason) + '.'),
      modelConfigured: deps.chatModel !== null,
      ...(deps.chatModel?.address !== undefined ? { modelAddress: deps.chatModel.address } : {}),
      modelProviders: deps.chatModel ? [deps.chatModel.provider] : [],
      leadIn: config.voice.leadIn,
    },
    specialists.agents.map((agent) => withOwnTimeout(agent, specialists.timeoutsMs[agent.name])),
  );
  // Train the router now rather than on the user's first question.
  embedding.build();
  return orchestrator;
}

/** The same tiers with the realtime-voice configuration (fewer agents, tighter deadlines, spoken style). */
export function createForRealtimeVoice(specialists: AgentSetup, voiceConfig: MoeConfig, deps: MoeDependencies): Orchestrator {
  return createDefault(specialists, { ...voiceConfig, voice: { ...voiceConfig.voice, optimize: true } }, deps);
}

/**
 * An agent's own timeout from agents.yaml, inside the executor's per-query limits. Its timer ends
 * with the run (AbortSignal.timeout would fire long after every run, for every agent of every turn).
 */
function withOwnTimeout(agent: Agent, timeoutMs: number | undefined): Agent {
  if (!timeoutMs) return agent;
  return {
    ...agent,
    async execute(query, context, signal) {
      const controller = new AbortController();
      const follow = () => controller.abort(signal.reason);
      if (signal.aborted) follow();
      else signal.addEventListener('abort', follow, { once: true });
      const timer = setTimeout(() => controller.abort(new DOMException(`${agent.name} took more than ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      timer.unref();
      try {
        return await agent.execute(query, context, controller.signal);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', follow);
      }
    },
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
