import { describe, expect, it } from 'vitest';
import { splitQuestion } from './decompose.ts';

describe('splitting a question in several parts', () => {
  it.each([
    ['how many days until christmas and what time is it in tokyo', ['how many days until christmas', 'what time is it in tokyo']],
    ["what's 12 times 12 and 5 miles in km", ["what's 12 times 12", '5 miles in km']],
    ["what time is it in new york, and what's 15% of 200?", ['what time is it in new york', "what's 15% of 200"]],
    ['what is the square root of 81, also what is 2 to the power of 8', ['what is the square root of 81', 'what is 2 to the power of 8']],
  ])('%s', (text, parts) => {
    expect(splitQuestion(text)).toEqual(parts);
  });

  it('keeps one question whole even with "and" in it', () => {
    for (const text of ['add 7 and 8', 'how many days between 1 march and 15 march', "what's the time in london and paris", 'set a timer for 10 minutes and call it pasta', 'in 25 min, remind me to buy bread', 'at 6:30 am, remind me to water the plants', 'how many days from may 16, 2027 to august 30 2027']) {
      expect(splitQuestion(text)).toEqual([text]);
    }
  });
});
