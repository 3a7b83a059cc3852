import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../testing/trace-fixtures.ts';
import { describeCache, formatScore, sortedCandidates } from './routing-format.ts';

describe('routing format', () => {
  it('sorts candidates best first, selected before unselected on a tie, then by name', () => {
    const sorted = sortedCandidates([
      ...sampleTrace().routing!.candidates,
      { agent: 'weather', embeddingScore: 0.62, classifierScore: null, score: 0.62, selected: false },
      { agent: 'atlas', embeddingScore: 0.62, classifierScore: null, score: 0.62, selected: false },
    ]);
    expect(sorted.map((c) => c.agent)).toEqual(['units', 'general', 'wikipedia', 'atlas', 'weather', 'clock']);
  });

  it('prints scores with two decimals and a dash for a missing score', () => {
    expect(formatScore(0.864)).toBe('0.86');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });

  it('describes the cache outcome', () => {
    const cache = sampleTrace().cache;
    expect(describeCache(cache)).toBe('miss (best similarity 0.41)');
    expect(describeCache({ ...cache, similarity: null })).toBe('miss (no entry to compare)');
    expect(describeCache({ ...cache, hit: true, similarity: 0.973 })).toBe('hit (similarity 0.97)');
    expect(describeCache({ ...cache, checked: false })).toBe('not checked');
  });
});
