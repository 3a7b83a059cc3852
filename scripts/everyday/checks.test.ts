import { describe, expect, it } from 'vitest';
import { hasDate, hasNumber, hasTime, judge, type EverydayQuestion } from './checks.ts';

describe('everyday answer checks', () => {
  it('read numbers as each language writes them', () => {
    expect(hasNumber('12 times 7 is 84.', 'en', 84)).toBe(true);
    expect(hasNumber('That is 1,234.5 in all.', 'en', 1234.5)).toBe(true);
    expect(hasNumber('Ça fait 9,6.', 'fr', 9.6)).toBe(true);
    expect(hasNumber('Das ergibt 1.234,5.', 'de', 1234.5)).toBe(true);
    expect(hasNumber('Son −17,78 °C.', 'es', -17.78)).toBe(true); // a typographic minus
    expect(hasNumber('Son -17,78 °C.', 'es', -17.78)).toBe(true);
    expect(hasNumber('It is 85.', 'en', 84)).toBe(false);
  });

  it('read times in 24- and 12-hour forms, and dates with a month name in any of the languages', () => {
    expect(hasTime("In Tokyo, it's 11:04 PM on Friday.", '23:04')).toBe(true);
    expect(hasTime('À Tokyo, il est 23:04.', '23:04')).toBe(true);
    expect(hasTime('Alarm set for 7 AM.', '07:00')).toBe(true);
    expect(hasTime('It is 10:04 PM.', '23:04')).toBe(false);
    expect(hasDate('That is Friday, December 11, 2026.', '2026-12-11', false)).toBe(true);
    expect(hasDate('Das ist Freitag, 11. Dezember 2026.', '2026-12-11', false)).toBe(true);
    expect(hasDate('C’est un vendredi.', '2026-12-11', true)).toBe(true);
    expect(hasDate('Friday, December 12.', '2026-12-11', false)).toBe(false);
  });

  it('judge the reply a question without a skill must give', () => {
    const question: EverydayQuestion = { id: 'x', lang: 'en', category: 'unsupported', q: 'who wrote hamlet', expect: { reply: 'needs_model' } };
    expect(judge(question, { text: 'It needs a model.', unanswered: 'needs_model' }).ok).toBe(true);
    expect(judge(question, { text: 'It needs the network.', unanswered: 'needs_network' }).failed).toEqual(['reply needs_model (said needs_network)']);
    const answered: EverydayQuestion = { id: 'y', lang: 'en', category: 'arithmetic', q: '2+2', expect: { numbers: [4] } };
    expect(judge(answered, { text: 'I cannot answer 4 that.', unanswered: 'needs_model' }).ok).toBe(false);
  });
});
