import { AppError } from '../../errors.ts';
import type { AgentProfile } from '../agent.ts';
import { LexicalAgentScorer, type LexicalScorerOptions } from './lexical-agent-scorer.ts';
import {
  abortedError,
  describeFallback,
  describeScores,
  fallbackSelection,
  format,
  selectTop,
  allowedBy,
  allowedNames,
  toCandidates,
  type RouteDecision,
  type RouteRequest,
  type Router,
  type ScoredAgent,
} from './router.ts';

export interface EmbeddingRouterOptions {
  /** Answers when no agent reaches the minimum confidence; null selects nobody then. */
  fallbackAgent: string | null;
  /** How many candidates a decision lists (selected agents are always listed). */
  traceCandidates: number;
  scorer: Partial<LexicalScorerOptions>;
}

/**
 * Minimum confidence chosen on CLINC150 val with 150 intent agents (scripts/eval-routing.ts
 * --sweep): the highest threshold, in steps of 0.05, whose in-scope accuracy stays at 90% with at
 * least half a point to spare, because val is also where it is measured (0.15: 90.9% in scope,
 * 79% of out-of-scope rejected; 0.2 keeps only 90.4%). Fewer agents give higher scores, so a
 * small registry can afford a higher bar (10 domains: 0.5).
 */
export const RECOMMENDED_MIN_CONFIDENCE = 0.15;

export const DEFAULT_EMBEDDING_ROUTER_OPTIONS: EmbeddingRouterOptions = { fallbackAgent: null, traceCandidates: 5, scorer: {} };

/**
 * Routes by the embedded lexical model: every agent is scored from its example utterances,
 * description and capabilities; the top k above the threshold are selected, else the fallback.
 * Registering and removing agents is cheap; the model is retrained on the next query.
 */
export class EmbeddingRouter implements Router {
  readonly options: EmbeddingRouterOptions;
  private readonly profiles = new Map<string, AgentProfile>();
  private readonly scorer: LexicalAgentScorer;
  private lastExplanation = 'No query has been routed yet.';

  constructor(agents: readonly AgentProfile[] = [], options: Partial<EmbeddingRouterOptions> = {}) {
    this.options = { ...DEFAULT_EMBEDDING_ROUTER_OPTIONS, ...options };
    this.scorer = new LexicalAgentScorer(this.options.scorer);
    for (const agent of agents) this.register(agent);
  }

  register(agent: AgentProfile): void {
    this.profiles.set(agent.name, agent);
    this.scorer.register(agent);
  }

  remove(name: string): void {
    this.profiles.delete(name);
    this.scorer.remove(name);
  }

  agents(): AgentProfile[] {
    return [...this.profiles.values()];
  }

  /** False after a change to the agents until the next query (or `build`) retrains the model. */
  get isTrained(): boolean {
    return this.scorer.isBuilt;
  }

  /** Trains the model now rather than on the first query. */
  build(): void {
    this.scorer.build();
  }

  /** Every agent's score for `query`, best first (synchronous: no I/O). */
  scoreAgents(query: string): ScoredAgent[] {
    return this.scorer.score(query).map(({ agent, score }) => ({ agent, embeddingScore: score, classifierScore: null, score }));
  }

  async route(request: RouteRequest): Promise<RouteDecision> {
    const aborted = abortedError(request.signal);
    if (aborted) throw new AppError('unavailable', `routing ${aborted}`, { retryable: true });
    const decision = this.decide(request);
    this.lastExplanation = `Query ${JSON.stringify(request.query)}: ${decision.explanation}`;
    return decision;
  }

  explain(): string {
    return this.lastExplanation;
  }

  private decide(request: RouteRequest): RouteDecision {
    const scored = allowedBy(request, this.scoreAgents(request.query));
    const selected = selectTop(scored, request.k, request.minConfidence);
    const rules = `top ${request.k} at or above the minimum confidence ${format(request.minConfidence)}`;
    if (selected.length > 0) {
      return {
        strategy: 'embedding_only',
        candidates: toCandidates(scored, selected, this.options.traceCandidates),
        selected,
        explanation: `Embedding scores, ${rules}: selected ${selected.join(', ')}. Scores: ${describeScores(scored)}.`,
        error: null,
      };
    }
    const fallback = fallbackSelection(this.options.fallbackAgent, allowedNames(request, [...this.profiles.keys()]));
    return {
      strategy: 'fallback',
      candidates: toCandidates(scored, fallback, this.options.traceCandidates),
      selected: fallback,
      explanation: describeFallback(this.options.fallbackAgent, fallback, request.minConfidence, scored[0]),
      error: null,
    };
  }
}
