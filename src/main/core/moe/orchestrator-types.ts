import type { TurnTrace } from '../../../shared/trace.ts';
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
  signal?: AbortSignal;
}

export type TurnChunkOut =
  | { type: 'partial'; turnId: string; agent: string; text: string; confidence: number }
  | { type: 'final'; turnId: string; text: string; trace: TurnTrace };

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
}

export interface Orchestrator {
  process(query: string, context: TurnContext): Promise<{ text: string; trace: TurnTrace }>;
  processStream(query: string, context: TurnContext): AsyncIterable<TurnChunkOut>;
  registerAgent(agent: Agent): void;
  removeAgent(name: string): void;
  agents(): Agent[];
}
