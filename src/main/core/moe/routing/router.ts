import type { RouteCandidate, RoutingTrace } from '../../../../shared/trace.ts';
import type { AgentProfile } from '../agent.ts';

export interface RouteRequest {
  query: string;
  /** At most this many agents are selected. */
  k: number;
  /** 0..1: an agent is selected only when its score reaches this. */
  minConfidence: number;
  /** Only these agents may be scored and chosen (a conversational agent's experts); all when absent. */
  only?: readonly string[];
  signal?: AbortSignal;
}

export const allowedNames = (request: Pick<RouteRequest, 'only'>, names: readonly string[]): string[] =>
  request.only ? names.filter((name) => request.only!.includes(name)) : [...names];

/** The scored agents a request allows. */
export const allowedBy = <T extends { agent: string }>(request: Pick<RouteRequest, 'only'>, scored: readonly T[]): T[] =>
  request.only ? scored.filter((item) => request.only!.includes(item.agent)) : [...scored];

export interface RouteDecision {
  strategy: RoutingTrace['strategy'];
  /** Best first. */
  candidates: RouteCandidate[];
  selected: string[];
  explanation: string;
  /** What went wrong on the way (e.g. the classifier failed); the decision still stands. */
  error: string | null;
}

/** Tier 1: which specialists answer a query. Agents can come and go while the app runs. */
export interface Router {
  route(request: RouteRequest): Promise<RouteDecision>;
  /** A readable account of the last decision. */
  explain(): string;
  register(agent: AgentProfile): void;
  remove(name: string): void;
  agents(): AgentProfile[];
}

export interface ScoredAgent {
  agent: string;
  embeddingScore: number;
  classifierScore: number | null;
  /** 0..1, what the threshold is compared with. */
  score: number;
}

/** The best `k` agents whose score reaches `minConfidence`, best first. */
export function selectTop(scored: readonly ScoredAgent[], k: number, minConfidence: number): string[] {
  return [...scored]
    .sort(byScore)
    .filter((entry) => entry.score >= minConfidence)
    .slice(0, Math.max(0, Math.floor(k)))
    .map((entry) => entry.agent);
}

export function byScore(a: ScoredAgent, b: ScoredAgent): number {
  return b.score - a.score || a.agent.localeCompare(b.agent);
}

/** The trace's view: the best `limit` candidates, plus any selected agent ranked lower. */
export function toCandidates(scored: readonly ScoredAgent[], selected: readonly string[], limit: number): RouteCandidate[] {
  const ranked = [...scored].sort(byScore);
  const shown = ranked.filter((entry, index) => index < limit || selected.includes(entry.agent));
  return shown.map((entry) => ({
    agent: entry.agent,
    embeddingScore: round(entry.embeddingScore),
    classifierScore: entry.classifierScore === null ? null : round(entry.classifierScore),
    score: round(entry.score),
    selected: selected.includes(entry.agent),
  }));
}

/** The fallback agent, when it is one of the known agents. */
export function fallbackSelection(fallbackAgent: string | null, known: readonly string[]): string[] {
  return fallbackAgent !== null && known.includes(fallbackAgent) ? [fallbackAgent] : [];
}

export function describeFallback(fallbackAgent: string | null, selected: readonly string[], minConfidence: number, best: ScoredAgent | undefined): string {
  const bestText = best ? `the best score was ${format(best.score)} (${best.agent})` : 'there are no agents';
  const reason = `No agent reached the minimum confidence ${format(minConfidence)}: ${bestText}`;
  if (selected.length > 0) return `${reason}, so the fallback agent ${selected[0]} answers.`;
  if (fallbackAgent === null) return `${reason}, and no fallback agent is configured.`;
  return `${reason}, and the fallback agent ${fallbackAgent} is not registered.`;
}

export function describeScores(scored: readonly ScoredAgent[], limit = 5): string {
  return [...scored]
    .sort(byScore)
    .slice(0, limit)
    .map((entry) => {
      const parts = entry.classifierScore === null ? '' : ` = embedding ${format(entry.embeddingScore)}, classifier ${format(entry.classifierScore)}`;
      return `${entry.agent} ${format(entry.score)}${parts}`;
    })
    .join('; ');
}

export const format = (value: number): string => value.toFixed(2);

// Four decimals are plenty for a trace and keep stored JSON short.
const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/** Rejects at once when the caller has already given up. */
export function abortedError(signal: AbortSignal | undefined): string | null {
  if (!signal?.aborted) return null;
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError' ? 'timed out' : 'was cancelled';
}
