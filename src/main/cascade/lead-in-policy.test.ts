import { describe, expect, it } from 'vitest';
import { createLeadInPolicy, normaliseSentence, splitSentences } from './lead-in-policy.ts';

describe('lead-in policy', () => {
  it('speaks the first sentence of a confident partial and drops it from the final', () => {
    const policy = createLeadInPolicy({ enabled: true, minConfidence: 0.8 });
    expect(policy.onPartial('calculator', '12 times 7 is 84. That is a product of two numbers.', 0.95)).toEqual({
      text: '12 times 7 is 84. ',
      final: false,
      agent: 'calculator',
    });
    // A second partial never adds a second lead-in.
    expect(policy.onPartial('general', 'Eighty-four.', 0.99)).toBeNull();
    expect(policy.onFinal('12 Times 7 is 84! It is also 7 times 12.')).toEqual({ text: 'It is also 7 times 12.', final: true, agent: null });
  });

  it('keeps the final whole when it does not repeat the lead-in', () => {
    const policy = createLeadInPolicy({ enabled: true, minConfidence: 0.8 });
    policy.onPartial('clock', "It's 3:55 AM.", 0.9);
    expect(policy.onFinal('The time in Lisbon is 4:55 AM. Anything else?').text).toBe('The time in Lisbon is 4:55 AM. Anything else?');
  });

  it('says nothing early below the confidence bar, when off, or after the final', () => {
    const low = createLeadInPolicy({ enabled: true, minConfidence: 0.8 });
    expect(low.onPartial('general', 'Perhaps 84.', 0.5)).toBeNull();
    expect(low.onFinal('It is 84.').text).toBe('It is 84.');

    const off = createLeadInPolicy({ enabled: false, minConfidence: 0 });
    expect(off.onPartial('calculator', '84.', 1)).toBeNull();

    const late = createLeadInPolicy({ enabled: true, minConfidence: 0 });
    late.onFinal('Done.');
    expect(late.onPartial('calculator', '84.', 1)).toBeNull();
  });

  it('leaves nothing to say when the final is only the lead-in', () => {
    const policy = createLeadInPolicy({ enabled: true, minConfidence: 0.5 });
    policy.onPartial('calculator', '12 times 7 is 84.', 0.95);
    expect(policy.onFinal('12 times 7 is 84.').text).toBe('');
  });

  it('splits sentences without breaking numbers, and normalises case and punctuation', () => {
    expect(splitSentences('It is 3.5 degrees. Wear a coat!')).toEqual(['It is 3.5 degrees.', 'Wear a coat!']);
    expect(normaliseSentence('  Twelve, times  SEVEN is 84! ')).toBe('twelve times seven is 84');
  });
});
