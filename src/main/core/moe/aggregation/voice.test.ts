import { describe, expect, it } from 'vitest';
import { estimateSpeakingTimeMs, spokenWordsInNumber, toSpeakable } from './voice.ts';

describe('toSpeakable', () => {
  it('removes markup, links and citations', () => {
    expect(toSpeakable('## Result\n**The tower** is in _Paris_ [1] (source: wiki). Read [the docs](https://x.org) or www.y.com.')).toBe(
      'Result. The tower is in Paris. Read the docs or.',
    );
  });

  it('turns a list of short items into one sentence', () => {
    expect(toSpeakable('You need:\n- flour\n- eggs\n- milk')).toBe('You need flour, eggs and milk.');
    expect(toSpeakable('Steps:\n1. Open the lid.\n2. Pour the water.')).toBe('Steps. Open the lid. Pour the water.');
  });

  it('uses contractions except at the end of a clause', () => {
    expect(toSpeakable('It is open and we are here. Do not worry, it cannot rain. Yes, it is.')).toBe(
      "It's open and we're here. Don't worry, it can't rain. Yes, it is.",
    );
  });

  it('splits long sentences at clause boundaries', () => {
    const long =
      'The museum opens at nine in the morning on weekdays and at ten on weekends; the last entry is one hour before closing, and tickets can be bought at the door.';
    const spoken = toSpeakable(long, { maxWordsPerSentence: 14 });
    expect(spoken).toBe(
      'The museum opens at nine in the morning on weekdays and at ten on weekends. The last entry is one hour before closing. And tickets can be bought at the door.',
    );
  });

  it('keeps numbers speakable', () => {
    expect(toSpeakable('It costs $25 and is 30% off; water boils at 100 °C; ~5 km. Due 2025-03-03.')).toBe(
      "It costs 25 dollars and is 30 percent off. Water boils at 100 degrees Celsius. About 5 kilometres. Due March 3, 2025.",
    );
  });
});

describe('estimateSpeakingTimeMs', () => {
  it('counts words at the given rate, numerals as spoken', () => {
    expect(estimateSpeakingTimeMs('one two three four five six seven eight', 160)).toBe(3000);
    expect(estimateSpeakingTimeMs('Hello there. Bye now.', 120)).toBe(2000 + 300);
    expect(estimateSpeakingTimeMs('', 160)).toBe(0);
  });

  it('speaks numerals as their words', () => {
    expect(spokenWordsInNumber('8,849')).toBe(6);
    expect(spokenWordsInNumber('1969')).toBe(3);
    expect(spokenWordsInNumber('2005')).toBe(3);
    expect(spokenWordsInNumber('3.14')).toBe(4);
    expect(spokenWordsInNumber('100')).toBe(2);
    expect(spokenWordsInNumber('7')).toBe(1);
  });
});
