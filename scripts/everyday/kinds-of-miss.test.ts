import { describe, expect, it } from 'vitest';
import type { EverydayQuestion, Expectation, Language } from './checks.ts';
import { evaluateEveryday } from '../eval-everyday.ts';

// The kinds of question the offline assistant missed when someone else measured it (issue 20),
// asked through the same host and on the same fixed clock as `npm run -s eval:everyday`, in each
// of the four languages. Lines given as pairs are one conversation.

type Line = [Language, string, Expectation];

async function failuresOf(lines: (Line | [Line, Line])[]): Promise<string[]> {
  const questions: EverydayQuestion[] = lines.flatMap((entry, index) => {
    const pair = Array.isArray(entry[0]) ? (entry as [Line, Line]) : null;
    const asked = pair ?? [entry as Line];
    return asked.map(([lang, q, expect], turn) => ({ id: `k${index}-${turn}`, lang, category: 'kind', q, expect, ...(pair ? { session: `k${index}` } : {}) }));
  });
  const results = await evaluateEveryday(questions);
  return results.filter((result) => !result.verdict.ok).map((result) => `${result.question.lang} "${result.question.q}" -> "${result.answer.text}" (${result.verdict.failed.join(', ')})`);
}

describe('the kinds of everyday question that were missed', { timeout: 60_000 }, () => {
  it('reads an operation given as a verb, a noun or "the result of", in every language', async () => {
    expect(
      await failuresOf([
        ['en', 'multiply 13 by 14', { numbers: [182] }],
        ['en', 'what is the result of 13 times 14', { numbers: [182] }],
        ['en', 'calculate 15 percent of 80', { numbers: [12] }],
        ['fr', 'multipliez 13 par 14', { numbers: [182] }],
        ['fr', 'quel est le résultat de 13 fois 14', { numbers: [182] }],
        ['fr', 'calcule 15 pour cent de 80', { numbers: [12] }],
        ['de', 'multipliziere 13 mit 14', { numbers: [182] }],
        ['de', 'was ist das Ergebnis von 13 mal 14', { numbers: [182] }],
        ['de', 'berechne 15 Prozent von 80', { numbers: [12] }],
        ['es', 'multiplica 13 por 14', { numbers: [182] }],
        ['es', 'cuál es el resultado de 13 por 14', { numbers: [182] }],
        ['es', 'calcula el 15 por ciento de 80', { numbers: [12] }],
      ]),
    ).toEqual([]);
  });

  it('reads a fraction or a multiple of a number in words', async () => {
    expect(
      await failuresOf([
        ['en', 'half of 84', { numbers: [42] }],
        ['en', 'double 21', { numbers: [42] }],
        ['en', 'a third of 90', { numbers: [30] }],
        ['fr', 'la moitié de 84', { numbers: [42] }],
        ['fr', 'le double de 21', { numbers: [42] }],
        ['fr', 'un tiers de 90', { numbers: [30] }],
        ['de', 'die Hälfte von 84', { numbers: [42] }],
        ['de', 'das Doppelte von 21', { numbers: [42] }],
        ['de', 'ein Drittel von 90', { numbers: [30] }],
        ['es', 'la mitad de 84', { numbers: [42] }],
        ['es', 'el doble de 21', { numbers: [42] }],
        ['es', 'un tercio de 90', { numbers: [30] }],
      ]),
    ).toEqual([]);
  });

  it('reads a tip asked as "how much tip is"', async () => {
    expect(
      await failuresOf([
        ['en', 'how much tip is 15% of 42', { numbers: [6.3] }],
        ['fr', 'combien de pourboire pour 15 % de 42', { numbers: [6.3] }],
        ['de', 'wie viel Trinkgeld sind 15 % von 42', { numbers: [6.3] }],
        ['es', 'cuánta propina es el 15 % de 42', { numbers: [6.3] }],
      ]),
    ).toEqual([]);
  });

  it('sets a reminder "in an hour"', async () => {
    expect(
      await failuresOf([
        ['en', 'remind me to take out the bins in an hour', { numbers: [1], any: ['hour'], all: ['bins'] }],
        ['fr', 'rappelle-moi de sortir les poubelles dans une heure', { numbers: [1], any: ['heure'], all: ['poubelles'] }],
        ['de', 'erinnere mich in einer Stunde daran, den Müll rauszubringen', { numbers: [1], any: ['Stunde'], all: ['Müll'] }],
        ['es', 'recuérdame sacar la basura en una hora', { numbers: [1], any: ['hora'], all: ['basura'] }],
      ]),
    ).toEqual([]);
  });

  it('follows up on the last result named by a pronoun', async () => {
    expect(
      await failuresOf([
        [['en', 'what is 12 times 7', { numbers: [84] }], ['en', 'now divide it by 4', { numbers: [21] }]],
        [['en', 'what is 12 times 7', { numbers: [84] }], ['en', 'multiply the result by 3', { numbers: [252] }]],
        [['en', 'what is 12 times 7', { numbers: [84] }], ['en', 'and half of that?', { numbers: [42] }]],
        [['fr', 'combien font 12 fois 7', { numbers: [84] }], ['fr', 'multiplie le résultat par 3', { numbers: [252] }]],
        [['fr', 'combien font 12 fois 7', { numbers: [84] }], ['fr', 'et la moitié ?', { numbers: [42] }]],
        [['de', 'was ist 12 mal 7', { numbers: [84] }], ['de', 'nimm das mal 3', { numbers: [252] }]],
        [['de', 'was ist 12 mal 7', { numbers: [84] }], ['de', 'die Hälfte davon', { numbers: [42] }]],
        [['es', 'cuánto es 12 por 7', { numbers: [84] }], ['es', 'multiplícalo por 3', { numbers: [252] }]],
        [['es', 'cuánto es 12 por 7', { numbers: [84] }], ['es', 'la mitad de eso', { numbers: [42] }]],
      ]),
    ).toEqual([]);
  });

  it('computes a date from another date, not from today', async () => {
    expect(
      await failuresOf([
        ['en', '100 days after January 1 2027', { date: '2027-04-11' }],
        ['fr', '100 jours après le 1er janvier 2027', { date: '2027-04-11' }],
        ['de', '100 Tage nach dem 1. Januar 2027', { date: '2027-04-11' }],
        ['es', '100 días después del 1 de enero de 2027', { date: '2027-04-11' }],
      ]),
    ).toEqual([]);
  });
});
