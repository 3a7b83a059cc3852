import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseQuestions } from '../checks.ts';
import { generateSplit, serialise } from '../generate-sets.ts';
import { spell } from './spell-numbers.ts';
import { addDays, clockAt, convert, iso, TODAY } from './world.ts';

const GENERATED = fileURLToPath(new URL('../../../data/everyday/generated/', import.meta.url));

describe('the generator of everyday questions', () => {
  it('spells numbers the way each language writes them', () => {
    expect(['en', 'fr', 'de', 'es'].map((language) => spell(21, language as 'en'))).toEqual(['twenty-one', 'vingt et un', 'einundzwanzig', 'veintiuno']);
    expect(spell(105, 'en', { britishAnd: true })).toBe('one hundred and five');
    expect([71, 80, 91, 200, 280, 1999].map((value) => spell(value, 'fr'))).toEqual(['soixante et onze', 'quatre-vingts', 'quatre-vingt-onze', 'deux cents', 'deux cent quatre-vingts', 'mille neuf cent quatre-vingt-dix-neuf']);
    expect(spell(221, 'fr', { reformed: true })).toBe('deux-cent-vingt-et-un');
    expect([1, 101, 256, 1000, 3030].map((value) => spell(value, 'de'))).toEqual(['eins', 'einhunderteins', 'zweihundertsechsundfünfzig', 'eintausend', 'dreitausenddreißig']);
    expect([16, 100, 115, 500, 731, 2001].map((value) => spell(value, 'es'))).toEqual(['dieciséis', 'cien', 'ciento quince', 'quinientos', 'setecientos treinta y uno', 'dos mil uno']);
  });

  it('computes expected values from its own facts', () => {
    expect(clockAt(540)).toBe('23:04');
    expect(clockAt(-480)).toBe('06:04');
    expect(clockAt(660)).toBe('01:04');
    expect(iso(addDays({ year: 2027, month: 1, day: 1 }, 100))).toBe('2027-04-11');
    expect(iso(addDays(TODAY, 10))).toBe('2026-11-30');
    expect(convert(72, 'fahrenheit', 'celsius')).toBeCloseTo(22.222, 3);
    expect(convert(10, 'mile', 'km')).toBeCloseTo(16.09344, 5);
  });

  it('writes 500 questions or more per language, in a dev and a held-out part, the same every run', () => {
    for (const split of ['dev', 'held-out'] as const) {
      const questions = generateSplit(split);
      expect(generateSplit(split)).toEqual(questions);
      expect(new Set(questions.map((question) => question.id)).size).toBe(questions.length);
      for (const language of ['en', 'fr', 'de', 'es']) expect(questions.filter((question) => question.lang === language).length).toBeGreaterThanOrEqual(250);
      const sessions = new Map<string, number>();
      for (const question of questions) if (question.session) sessions.set(question.session, (sessions.get(question.session) ?? 0) + 1);
      expect([...sessions.values()].every((count) => count === 2)).toBe(true);
      expect(questions.every((question) => Object.keys(question.expect).length > 0 && !/[{}]/.test(question.q))).toBe(true);
    }
  });

  it('matches the committed sets (run `npm run -s generate:everyday` after changing a template)', () => {
    for (const split of ['dev', 'held-out'] as const) {
      const file = `${GENERATED}${split}.jsonl`;
      const committed = readFileSync(file, 'utf8');
      expect(committed).toBe(serialise(generateSplit(split)));
      expect(parseQuestions(committed, file).length).toBeGreaterThan(1000);
    }
  });

  it('computes nothing with the assistant: no import from the app but the seeded random generator', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const files = [...readdirSync(here).map((name) => `${here}${name}`), ...readdirSync(`${here}templates`).map((name) => `${here}templates/${name}`), fileURLToPath(new URL('../generate-sets.ts', import.meta.url))];
    for (const file of files.filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      expect(imports.filter((path) => path.includes('src/') && !path.endsWith('core/seeded-random.ts')), file).toEqual([]);
    }
  });
});
