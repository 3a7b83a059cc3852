import { AppError, isAppError } from '../../errors.ts';
import type { AgentProfile } from '../agent.ts';
import type { ClassifierRouter } from './classifier-router.ts';
import type { EmbeddingRouter } from './embedding-router.ts';
import {
  abortedError,
  byScore,
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

export interface HybridRouterOptions {
  /** Defaults for `routeQuery`; `route` takes them from the request. */
  k: number;
  minConfidence: number;
  /** An embedding score at or above this routes at once, without asking the classifier. */
  fastPathThreshold: number;
  embeddingWeight: number;
  classifierWeight: number;
  fallbackAgent: string | null;
  /** How many of the best embedding candidates the classifier is asked about. */
  classifierCandidates: number;
  traceCandidates: number;
  /**
   * Derives the signal the classifier call runs under, e.g. the caller's signal combined with
   * AbortSignal.timeout(classifier.timeoutMs) in the composition root (the core keeps no timers).
   */
  classifierSignal?: (signal: AbortSignal | undefined) => AbortSignal | undefined;
}

export const DEFAULT_HYBRID_ROUTER_OPTIONS: HybridRouterOptions = {
  k: 3,
  minConfidence: 0.3,
  fastPathThreshold: 0.85,
  embeddingWeight: 0.4,
  classifierWeight: 0.6,
  fallbackAgent: null,
  classifierCandidates: 5,
  traceCandidates: 5,
};

/**
 * Embedding first; a confident embedding match is the fast path. Otherwise the LLM classifier
 * scores the best few candidates and the two scores are blended by the configured weights. When
 * the classifier fails, the embedding scores decide and the error is recorded in the decision.
 */
export class HybridRouter implements Router {
  readonly options: HybridRouterOptions;
  private readonly embedding: EmbeddingRouter;
  /** Null when no LLM is configured: below the fast path, embedding scores decide. */
  private readonly classifier: ClassifierRouter | null;
  private lastExplanation = 'No query has been routed yet.';

  constructor(embedding: EmbeddingRouter, classifier: ClassifierRouter | null, options: Partial<HybridRouterOptions> = {}) {
    this.embedding = embedding;
    this.classifier = classifier;
    this.options = { ...DEFAULT_HYBRID_ROUTER_OPTIONS, ...options };
  }

  register(agent: AgentProfile): void {
    this.embedding.register(agent);
    this.classifier?.register(agent);
  }

  remove(name: string): void {
    this.embedding.remove(name);
    this.classifier?.remove(name);
  }

  agents(): AgentProfile[] {
    return this.embedding.agents();
  }

  /** Routes with the configured k and minimum confidence. */
  routeQuery(query: string, signal?: AbortSignal): Promise<RouteDecision> {
    return this.route({ query, k: this.options.k, minConfidence: this.options.minConfidence, ...(signal ? { signal } : {}) });
  }

  async route(request: RouteRequest): Promise<RouteDecision> {
    const aborted = abortedError(request.signal);
    if (aborted) throw new AppError('unavailable', `routing ${aborted}`, { retryable: true });
    const decision = await this.decide(request);
    this.lastExplanation = `Query ${JSON.stringify(request.query)}: ${decision.explanation}`;
    return decision;
  }

  explain(): string {
    return this.lastExplanation;
  }

  private async decide(request: RouteRequest): Promise<RouteDecision> {
    const { fastPathThreshold } = this.options;
    const embedded = allowedBy(request, this.embedding.scoreAgents(request.query));
    const best = embedded[0];
    const rules = `top ${request.k} at or above the minimum confidence ${format(request.minConfidence)}`;

    if (best && best.score >= fastPathThreshold) {
      const selected = selectTop(embedded, request.k, request.minConfidence);
      return this.decision('fast_path', embedded, selected, request, null,
        `Fast path: the best embedding score ${format(best.score)} (${best.agent}) reached the fast-path threshold ${format(fastPathThreshold)}, so the classifier was not asked; ${rules}: selected ${listOrNone(selected)}. Scores: ${describeScores(embedded)}.`);
    }

    const bestText = best ? `${format(best.score)} (${best.agent})` : 'none (no agents)';
    const below = `The best embedding score ${bestText} is below the fast-path threshold ${format(fastPathThreshold)}`;
    if (!this.classifier) {
      const selected = selectTop(embedded, request.k, request.minConfidence);
      return this.decision('embedding_only', embedded, selected, request, null,
        `${below}, and no classifier is configured; embedding scores alone, ${rules}: selected ${listOrNone(selected)}. Scores: ${describeScores(embedded)}.`);
    }
    const pool = embedded.slice(0, Math.max(1, this.options.classifierCandidates));
    let classified: Map<string, number>;
    try {
      const signal = this.options.classifierSignal ? this.options.classifierSignal(request.signal) : request.signal;
      classified = await this.classifier.scoreAgents(request.query, pool.map((entry) => entry.agent), signal);
    } catch (error) {
      const message = isAppError(error) ? error.message : `classifier failed: ${(error as Error)?.message ?? String(error)}`;
      const selected = selectTop(embedded, request.k, request.minConfidence);
      return this.decision('embedding_only', embedded, selected, request, message,
        `${below}, so the classifier was asked, but it failed (${message}); embedding scores alone, ${rules}: selected ${listOrNone(selected)}. Scores: ${describeScores(embedded)}.`);
    }

    const { embeddingWeight, classifierWeight } = this.options;
    const totalWeight = embeddingWeight + classifierWeight || 1;
    const combined: ScoredAgent[] = pool.map((entry) => {
      const classifierScore = classified.get(entry.agent) ?? 0;
      const score = (embeddingWeight * entry.embeddingScore + classifierWeight * classifierScore) / totalWeight;
      return { agent: entry.agent, embeddingScore: entry.embeddingScore, classifierScore, score };
    });
    const selected = selectTop(combined, request.k, request.minConfidence);
    return this.decision('hybrid', combined, selected, request, null,
      `${below}, so the classifier scored the top ${pool.length} candidates; score = ${format(embeddingWeight / totalWeight)} x embedding + ${format(classifierWeight / totalWeight)} x classifier; ${rules}: selected ${listOrNone(selected)}. Scores: ${describeScores(combined)}.`);
  }

  /** Builds the decision, turning "nobody selected" into the fallback (explained after `explanation`). */
  private decision(
    strategy: 'fast_path' | 'hybrid' | 'embedding_only',
    scored: ScoredAgent[],
    selected: string[],
    request: RouteRequest,
    error: string | null,
    explanation: string,
  ): RouteDecision {
    const limit = this.options.traceCandidates;
    if (selected.length > 0) return { strategy, candidates: toCandidates(scored, selected, limit), selected, explanation, error };
    const fallback = fallbackSelection(this.options.fallbackAgent, allowedNames(request, this.agents().map((agent) => agent.name)));
    return {
      strategy: 'fallback',
      candidates: toCandidates(scored, fallback, limit),
      selected: fallback,
      explanation: `${explanation} ${describeFallback(this.options.fallbackAgent, fallback, request.minConfidence, [...scored].sort(byScore)[0])}`,
      error,
    };
  }
}

const listOrNone = (names: readonly string[]): string => (names.length > 0 ? names.join(', ') : 'none');
