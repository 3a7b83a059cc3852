import type { TurnTrace } from '../../../shared/trace.ts';
import type { Language } from '../language/language.ts';
import type { Agent } from './agent.ts';
import type { SemanticCache } from './cache/semantic-cache.ts';
import type { Aggregator } from './aggregation/aggregator.ts';
import type { Executor } from './execution/executor.ts';
import type { Router } from './routing/router.ts';
import type { Clock } from '../../ports/clock.ts';
import type { TraceSink } from '../../ports/trace-sink.ts';

export interface TurnContext {
  sessionId: string | null;
  voiceMode: boolean;
  timeZone: string;
  locale: string;
  /** Earlier turns of this session, oldest first. */
  conversation?: readonly { role: 'user' | 'assistant'; text: string }[];
  /** Only these experts may answer (the active conversational agent's); all when absent. */
  experts?: readonly string[];
  /** The language to answer in (default: the locale's, or English). */
  language?: Language;
  /** The user's own words, when the query is their English reading (see core/language/to-english.ts). */
  utterance?: string;
  /** This question is one part of a larger one (not split again, not recorded on its own). */
  part?: boolean;
  /**
   * The caller records the turn's trace itself (the conversation engine: one trace per turn, whatever
   * readings of the words it tried); the orchestrator's own sinks are left alone.
   */
  recordedByCaller?: boolean;
  signal?: AbortSignal;
}

/**
 * A turn as it streams: each specialist's whole answer (`partial`, for the routing panel), the
 * answer's text as it goes out (`delta`: a lone specialist's tokens, the lead-in, the synthesis
 * sentence by sentence), then one `final` whose text starts with every delta joined and adds what
 * was not streamed. Its trace is complete except the cache outcome; `settled` resolves to the
 * trace once the deferred writes (cache, trace sinks) are done.
 */
export type TurnChunkOut =
  | { type: 'partial'; turnId: string; agent: string; text: string; confidence: number }
  | { type: 'delta'; turnId: string; text: string }
  | { type: 'final'; turnId: string; text: string; trace: TurnTrace; settled: Promise<TurnTrace> };

export interface LeadInOptions {
  /** Spoken turns say the first sentence of the first confident answer before the synthesis. */
  enabled: boolean;
  /** An answer at or above this confidence may be spoken early. */
  minConfidence: number;
}

/** Tier 0 as the orchestrator uses it (the semantic cache). */
export type CacheTier = Pick<SemanticCache, 'lookup' | 'store'>;

export interface OrchestratorTiers {
  cache: CacheTier | null;
  router: Router;
  executor: Executor;
  aggregator: Aggregator;
  tracer: TraceSink;
  clock: Clock;
  /** Unique ids for turns; injected because the core draws no randomness. */
  newId: () => string;
  /** Runs a task after the final chunk has gone out (the host: setImmediate); must not be awaited. */
  defer: (task: () => Promise<void>) => void;
}

export interface OrchestratorOptions {
  k: number;
  minConfidence: number;
  agentTimeoutMs: number;
  queryDeadlineMs: number;
  maxQueryChars: number;
  /** Every answer spoken-style, whatever the turn says (the realtime-voice configuration). */
  voiceOptimize: boolean;
  /** Agent priors for weighting, by name (default 1). */
  agentWeights: Record<string, number>;
  /** Capabilities that are off and why, said plainly when nothing can answer. */
  unavailable: string[];
  /** Whether a language model is configured (what an honest "I can't answer" says); default: none unavailable. */
  modelConfigured?: boolean;
  /** The language model's server (origin), named when it does not answer in time. */
  modelAddress?: string;
  /** The providers that are the language model. */
  modelProviders?: string[];
  leadIn: LeadInOptions;
}

export interface Orchestrator {
  process(query: string, context: TurnContext): Promise<{ text: string; trace: TurnTrace }>;
  processStream(query: string, context: TurnContext): AsyncIterable<TurnChunkOut>;
  registerAgent(agent: Agent): void;
  removeAgent(name: string): void;
  agents(): Agent[];
}
