import { describe, expect, it } from 'vitest';
import { datesAgree, extractDates } from './dates.ts';
import { extractNames } from './names.ts';
import { extractNumbers, numbersAgree, numbersComparable } from './numbers.ts';
import { profileQuestion } from './question.ts';
import { answerStance } from './stance.ts';
import { splitSentences } from '../../text/sentences.ts';

const number = (text: string) => extractNumbers(text, new Set())[0]!;
const date = (text: string) => extractDates(text, true).facts[0]!;

describe('numbers', () => {
  it('reads numerals, number words, scales, units and currencies', () => {
    expect(number('It is 8,849 metres tall.')).toMatchObject({ dimension: 'length', value: 8849, display: '8,849 metres' });
    expect(number('Most pianos have seventy-six keys.')).toMatchObject({ dimension: 'count', nouns: ['key'], value: 76, display: 'seventy-six keys' });
    expect(number('About 1.4 million people.')).toMatchObject({ value: 1_400_000, nouns: ['people'] });
    expect(number('It costs $40.')).toMatchObject({ dimension: 'currency:USD', value: 40, display: '$40' });
    expect(number('A dozen eggs.')).toMatchObject({ value: 12, nouns: ['egg'] });
    expect(number('It fell to -5 °C overnight.')).toMatchObject({ dimension: 'temperature', display: '-5 °C' });
    expect(numbersAgree(number('-5 °C'), number('5 °C'))).toBe(false);
    expect(numbersAgree(number('minus 40 °C'), number('-40 °F'))).toBe(true);
  });

  it('agrees within the precision written and converts units', () => {
    expect(numbersAgree(number('3.5 zloty'), number('3.50 zloty'))).toBe(true);
    expect(numbersAgree(number('100 °C'), number('212 °F'))).toBe(true);
    expect(numbersAgree(number('100 °C'), number('90 °C'))).toBe(false);
    expect(numbersAgree(number('about 110 km/h'), number('70 mph'))).toBe(true);
    expect(numbersAgree(number('7 to 9 hours'), number('8 hours'))).toBe(true);
    expect(numbersAgree(number('7 to 9 hours'), number('4 hours'))).toBe(false);
    expect(numbersAgree(number('more than 300 people'), number('350 people'))).toBe(true);
  });

  it('compares only the same kind of quantity', () => {
    expect(numbersComparable(number('8 legs'), number('6 legs'))).toBe(true);
    expect(numbersComparable(number('10 provinces'), number('3 territories'))).toBe(false);
    expect(numbersComparable(number('22 km'), number('2 moons'))).toBe(false);
  });

  it('skips numbers that are names, ordinals or named in the question', () => {
    expect(extractNumbers('Apollo 11 landed; it was the 3rd try.', new Set())).toEqual([]);
    expect(extractNumbers('It has 95 moons.', new Set(['95']))).toEqual([]);
    expect(extractNumbers('It is one of the largest.', new Set())).toEqual([]);
  });
});

describe('dates', () => {
  it('reads absolute dates in several formats, not relative ones', () => {
    for (const text of ['July 20, 1969', '20 July 1969', 'the 20th of July, 1969', '1969-07-20', '20/07/1969']) {
      expect(date(text).readings).toContainEqual({ year: 1969, yearTo: null, month: 7, day: 20 });
    }
    expect(extractDates('It is tomorrow, on Monday.', true).facts).toEqual([]);
    expect(extractDates('Production hit 1999 units.', false).facts).toEqual([]);
  });

  it('agrees when no stated part differs', () => {
    expect(datesAgree(date('in 1969'), date('July 20, 1969'))).toBe(true);
    expect(datesAgree(date('March 1889'), date('31 March 1889'))).toBe(true);
    expect(datesAgree(date('the 1960s'), date('in 1969'))).toBe(true);
    expect(datesAgree(date('July 20, 1969'), date('July 21, 1969'))).toBe(false);
  });
});

describe('names', () => {
  it('finds proper nouns, dropping sentence starters, question words and denied names', () => {
    const names = extractNames('Actually, Canberra, not Sydney, is the capital of Australia.', new Set(['australia']));
    expect(names.map((name) => [name.name, name.negated])).toEqual([
      ['Canberra', false],
      ['Sydney', true],
    ]);
    expect(extractNames('Leonardo da Vinci painted it.', new Set()).map((name) => name.name)).toEqual(['Leonardo da Vinci']);
    expect(extractNames('The iPhone is made by Apple.', new Set()).map((name) => name.name)).toEqual(['Apple']);
  });
});

describe('stance', () => {
  const stance = (question: string, answer: string) => answerStance(profileQuestion(question), splitSentences(answer).map((s) => s.text))?.stance ?? null;

  it('reads explicit answers and the polarity of the sentence that answers', () => {
    expect(stance('Can penguins fly?', 'No, they cannot.')).toBe('no');
    expect(stance('Can penguins fly?', 'Penguins cannot fly.')).toBe('no');
    expect(stance('Can penguins fly?', 'Sure. They fly underwater, in a way.')).toBe('yes');
    expect(stance('Is the shop open today?', 'The shop is closed today.')).toBe('no');
    expect(stance('Is it safe?', 'It is unsafe.')).toBe('no');
    expect(stance('Is the museum free?', 'Tickets cost $20.')).toBeNull();
  });
});

describe('profileQuestion', () => {
  it('tells which kind of fact a question asks for', () => {
    expect(profileQuestion('Is it raining?').kinds).toEqual(['yes_no']);
    expect(profileQuestion('When did it end?').kinds).toEqual(['date']);
    expect(profileQuestion('How far is the Moon?').kinds).toEqual(['number']);
    expect(profileQuestion('Who wrote Hamlet?').kinds).toEqual(['name']);
    expect(profileQuestion('What is the largest planet?').kinds).toEqual(['name', 'number', 'date']);
    expect(profileQuestion('Is it tea or coffee?').kinds).toEqual(['name', 'number', 'date']);
  });
});
