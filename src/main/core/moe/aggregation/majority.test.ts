import { describe, expect, it } from 'vitest';
import { majorityVote, normalizeAnswer } from './majority.ts';

const same = (a: string, b: string) => normalizeAnswer(a) === normalizeAnswer(b);

describe('majorityVote', () => {
  it('picks the value most agents state, however it is written', () => {
    const result = majorityVote(
      [
        { agent: 'a', value: 'Canberra.', weight: 0.2, confidence: 0.5 },
        { agent: 'b', value: 'Sydney', weight: 0.5, confidence: 0.9 },
        { agent: 'c', value: 'canberra', weight: 0.3, confidence: 0.6 },
      ],
      same,
    )!;
    expect(result.winner.agents).toEqual(['c', 'a']);
    expect(result.groups.map((group) => group.agents.length)).toEqual([2, 1]);
    expect(result.total).toBe(3);
  });

  it('breaks a count tie by weight, then by confidence', () => {
    const byWeight = majorityVote(
      [
        { agent: 'a', value: 'yes', weight: 0.3, confidence: 0.9 },
        { agent: 'b', value: 'no', weight: 0.7, confidence: 0.5 },
      ],
      same,
    )!;
    expect(byWeight.winner.value).toBe('no');
    const byConfidence = majorityVote(
      [
        { agent: 'a', value: 'yes', weight: 0.5, confidence: 0.9 },
        { agent: 'b', value: 'no', weight: 0.5, confidence: 0.5 },
      ],
      same,
    )!;
    expect(byConfidence.winner.value).toBe('yes');
  });

  it('returns null without ballots and normalises answers', () => {
    expect(majorityVote([], same)).toBeNull();
    expect(normalizeAnswer('  The Danube! ')).toBe('danube');
    expect(normalizeAnswer('3.5 km.')).toBe('3.5 km');
  });
});
