import { describe, expect, it } from 'vitest';
import { resolveFollowUp, resultOf } from './follow-ups.ts';

const after = (question: string, result: number | null = null) => ({ question, result });

describe('follow-ups', () => {
  it.each([
    ['and in London?', after('what time is it in tokyo'), 'what time is it in london'],
    ['what about New York', after('what time is it in tokyo'), 'what time is it in new york'],
    ['and what day is it there?', after('what time is it in sydney'), 'what day is it in sydney'],
    ['what about 20%?', after("what's 15% of 80", 12), "what's 20% of 80"],
    ['and 20?', after('convert 5 miles to km', 8.05), 'convert 20 miles to km'],
    ['and in ounces?', after('convert 20 kg to pounds', 44.09), 'convert 20 kg to ounces'],
    ['and of 75?', after('18% of 64.50', 11.61), '18% of 75'],
    ['now divide that by 4', after('what is 12 times 7', 84), 'divide 84 by 4'],
    ['times 3', after('what is 12 times 7', 84), '84 times 3'],
    ['multiply the result by 3', after('what is 12 times 7', 84), 'multiply 84 by 3'],
    ['and half of that?', after('what is 12 times 7', 84), 'half of 84'],
    ["what's 20% of that", after('what is 12 times 7', 84), "what's 20% of 84"],
    ['take 4 away from it', after('what is 12 times 7', 84), 'take 4 away from 84'],
    ['now subtract 28', after('what is 12 times 7', 84), '84 subtract 28'],
    ['and half?', after('what is 12 times 7', 84), '84 half'],
    ['and until new year?', after('how many days until christmas', 35), 'how many days until new year'],
    ['and in 3 weeks?', after('what day is it in 10 days'), 'what day is it in 3 weeks'],
    ['and tomorrow?', after('what is the date today'), 'what is the date tomorrow'],
    ['and tomorrow?', after('what day is it'), 'what day is it tomorrow'],
  ])('%s (after "%s")', (followUp, last, whole) => {
    expect(resolveFollowUp(followUp, last)).toBe(whole);
  });

  it('leaves a question of its own, or one with nothing before it, alone', () => {
    expect(resolveFollowUp('what time is it in Paris right now', after('what time is it in tokyo'))).toBeNull();
    expect(resolveFollowUp('and in London?', null)).toBeNull();
    expect(resolveFollowUp('hello', after('what is 2 plus 2', 4))).toBeNull();
    expect(resolveFollowUp('cancel it', after('what is 2 plus 2', 4))).toBeNull();
    expect(resolveFollowUp('what is 5 times 3', after('what is 2 plus 2', 4))).toBeNull();
  });

  it('reads the result of an answer in the way its language writes numbers', () => {
    expect(resultOf('12 times 7 is 84.', false)).toBe(84);
    expect(resultOf('Ça fait 9,6.', true)).toBe(9.6);
    expect(resultOf('Das ergibt 1.234,5.', true)).toBe(1234.5);
    expect(resultOf('No number here.', false)).toBeNull();
  });
});
