import { describe, expect, it } from 'vitest';
import { normalizeQuery } from './normalize-query.ts';

describe('normalizeQuery', () => {
  it('ignores case, spacing, quotes and sentence punctuation', () => {
    expect(normalizeQuery('  What is the   Capital of FRANCE?! ')).toBe('what is the capital of france');
    expect(normalizeQuery('"Hello," she said… «bonjour»')).toBe('hello she said bonjour');
    expect(normalizeQuery('yes,no')).toBe('yes no');
    expect(normalizeQuery('\tline\none\r\n')).toBe('line one');
  });

  it('folds compatibility forms (NFKC): full-width letters, ligatures, non-breaking spaces', () => {
    expect(normalizeQuery('ＷＨＡＴ\u00a0ｉｓ ﬁve')).toBe('what is five');
    expect(normalizeQuery('Cafe\u0301')).toBe(normalizeQuery('Café'));
  });

  it('keeps what changes the question: operators, brackets and separators between digits', () => {
    expect(normalizeQuery('What is 2-3?')).not.toBe(normalizeQuery('What is 2*3?'));
    expect(normalizeQuery('(2+3)*4')).toBe('(2+3)*4');
    expect(normalizeQuery('Convert 3.5 km.')).toBe('convert 3.5 km');
    expect(normalizeQuery('1,5 + 10:30')).toBe('1,5 + 10:30');
    expect(normalizeQuery('15')).not.toBe(normalizeQuery('1.5'));
  });

  it('reduces a query of only punctuation to the empty string', () => {
    expect(normalizeQuery(' ?!... ')).toBe('');
  });
});
