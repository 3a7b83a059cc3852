import { describe, expect, it } from 'vitest';
import { weighAnswers } from './weights.ts';

describe('weighAnswers', () => {
  it('normalises confidence x agent prior and drops unusable answers', () => {
    const result = weighAnswers(
      [
        { agent: 'a', text: 'Yes.', confidence: 0.8 },
        { agent: 'b', text: 'No.', confidence: 0.4, weight: 0.5 },
        { agent: 'low', text: 'Maybe.', confidence: 0.1 },
        { agent: 'empty', text: '   ', confidence: 0.9 },
        { agent: 'muted', text: 'Hm.', confidence: 0.9, weight: 0 },
      ],
      0.2,
    );
    expect(result.kept.map((answer) => [answer.agent, answer.weight])).toEqual([
      ['a', 0.8],
      ['b', 0.2],
    ]);
    expect(result.weights).toEqual({ a: 0.8, b: 0.2, low: 0, empty: 0, muted: 0 });
    expect(result.dropped.map((item) => item.reason)).toEqual(['confidence 0.10 below 0.2', 'empty answer', 'zero weight']);
  });

  it('uses the configured minimum', () => {
    expect(weighAnswers([{ agent: 'a', text: 'x', confidence: 0.5 }], 0.6).kept).toEqual([]);
    expect(weighAnswers([{ agent: 'a', text: 'x', confidence: 0.5 }], 0.5).kept).toHaveLength(1);
  });
});
