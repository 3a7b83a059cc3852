import type { CacheTrace, RouteCandidate, RoutingTrace } from '../../../shared/trace.ts';

export const STRATEGY_LABEL: Record<RoutingTrace['strategy'], string> = {
  fast_path: 'Fast path',
  hybrid: 'Hybrid',
  embedding_only: 'Embedding only',
  fallback: 'Fallback',
};

export const STRATEGY_DESCRIPTION: Record<RoutingTrace['strategy'], string> = {
  fast_path: 'the embedding match was clear enough to skip the classifier',
  hybrid: 'embedding similarity combined with the LLM classifier',
  embedding_only: 'embedding similarity alone, without the classifier',
  fallback: 'no agent matched well enough, so the fallback agent answered',
};

/** Best first; ties keep the selected agents on top, then sort by name so the order is stable. */
export function sortedCandidates(candidates: RouteCandidate[]): RouteCandidate[] {
  return [...candidates].sort(
    (a, b) => b.score - a.score || Number(b.selected) - Number(a.selected) || a.agent.localeCompare(b.agent),
  );
}

/** Scores are 0..1; two decimals tell candidates apart without noise. */
export function formatScore(score: number | null): string {
  return score === null || !Number.isFinite(score) ? '—' : score.toFixed(2);
}

/** The cache outcome in words: `hit (similarity 0.97)`, `miss (best similarity 0.41)`. */
export function describeCache(cache: CacheTrace): string {
  if (!cache.checked) return 'not checked';
  if (cache.hit) return cache.similarity === null ? 'hit' : `hit (similarity ${formatScore(cache.similarity)})`;
  return cache.similarity === null ? 'miss (no entry to compare)' : `miss (best similarity ${formatScore(cache.similarity)})`;
}
