import { describe, expect, it } from 'vitest';
import { evaluateChecked } from './safe-math.ts';
import { readOperation } from './calculation-words.ts';
import { readPercent } from './percent-words.ts';

const valueOf = (reading: { expression: string } | null) => (reading ? Number(evaluateChecked(reading.expression)) : null);

describe('a calculation read from its parts, in any order', () => {
  it.each([
    ['multiply 13 by 14', 182],
    ['13 with 14 multiply', 182],
    ['the product of 13 and 14', 182],
    ['can you multiply 13 and 14', 182],
    ['times 13 by 14', 182],
    ['subtract 5 from 12', 7],
    ['from 12 subtract 5', 7],
    ['take 5 away from 12', 7],
    ['12 less 5', 7],
    ['the difference between 12 and 5', 7],
    ['divide 84 by 4', 21],
    ['84 by 4 divide', 21],
    ['how many times does 4 go into 84', 21],
    ['what do you get if you divide 84 by 4', 21],
    ['add 5 to 12', 17],
    ['what do 15 and 55 add up to', 70],
    ['the result of 13 times 14', 182],
    ['3 times as much as 40', 120],
  ])('%s', (text, value) => {
    expect(valueOf(readOperation(text))).toBeCloseTo(value, 9);
  });

  it.each([
    ['half of 84', 42],
    ['half 84', 42],
    ['84 halved', 42],
    ['a third of 90', 30],
    ['1 third of 90', 30],
    ['2 thirds of 90', 60],
    ['2/3 of 90', 60],
    ['3 quarters of 80', 60],
    ['a fourth of 80', 20],
    ['double 21', 42],
    ['21 doubled', 42],
    ['twice 35', 70],
    ['twice as much as 35', 70],
    ['triple of 12', 36],
    ['the square of 12', 144],
    ['sqrt of 144', 12],
  ])('a fraction or a multiple: %s', (text, value) => {
    expect(valueOf(readOperation(text))).toBeCloseTo(value, 9);
  });

  it('says nothing when a word is not part of a calculation, or the parts do not make one', () => {
    for (const text of ['multiply the bills by 2', 'half of my salary', 'add 5', 'divide 3 by 4 by 5', 'what time is it in 3 hours', 'double it']) {
      expect(readOperation(text)).toBeNull();
    }
  });
});

describe('percentages read from their parts', () => {
  it.each([
    ['15% of 80', 12],
    ['calculate 15 percent of 80', 12],
    ['how much tip is 15% of 42', 6.3],
    ['how much should i tip on 42 at 15%', 6.3],
    ['tip of 15% on 42', 6.3],
    ['15 percent tip on a 42 bill', 6.3],
    ['add 5% to 40', 42],
    ['40 with 5% added', 42],
    ['take 20% off 80', 64],
    ['80 with a 20% discount', 64],
    ['80 reduced by 20 percent', 64],
    ['what percentage of 50 is 15', 30],
    ['15 is what percent of 50', 30],
    ['15 out of 50 as a percentage', 30],
    ['15/50 as a percent', 30],
  ])('%s', (text, value) => {
    expect(valueOf(readPercent(text))).toBeCloseTo(value, 9);
  });

  it('gives a tip its base, so the answer can say the total', () => {
    expect(readPercent('how much tip is 15% of 42')).toMatchObject({ tip: { base: 42 }, spoken: 'a 15% tip on 42' });
  });

  it('says nothing for a percentage that is not a calculation', () => {
    for (const text of ['15% of the people', 'battery at 15%', 'what is 15% of 80 and 90']) expect(readPercent(text)).toBeNull();
  });
});
