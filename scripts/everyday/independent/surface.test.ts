import { describe, expect, it } from 'vitest';
import { durationNumbers, writeClock, writeDate } from './clock-words.ts';
import { createRng } from './random.ts';
import { contract, fill, finish, withoutAccents } from './surface.ts';

describe('how the independent set writes its questions', () => {
  it('draws the same numbers from the same seed, and others from another', () => {
    const a = createRng('seed');
    const b = createRng('seed');
    expect([a.next(), a.int(1, 6), a.next()]).toEqual([b.next(), b.int(1, 6), b.next()]);
    expect(createRng('other').next()).not.toBe(createRng('seed').next());
  });

  it('makes the contractions of French and Spanish, and only after a space', () => {
    expect(contract('fr', "il reste combien de jours jusqu'à le nouvel an")).toBe("il reste combien de jours jusqu'au nouvel an");
    expect(contract('fr', 'rappelle-moi de appeler mamie')).toBe("rappelle-moi d'appeler mamie");
    expect(contract('fr', 'combien de heures dans 3 jours')).toBe("combien d'heures dans 3 jours");
    expect(contract('fr', 'quelle heure est-il à Le Caire')).toBe('quelle heure est-il au Caire');
    expect(contract('fr', 'il y a combien de fois 9 dans onze cents, de onze')).toBe('il y a combien de fois 9 dans onze cents, de onze');
    expect(contract('es', 'cuánto le queda a el arroz')).toBe('cuánto le queda al arroz');
    expect(contract('es', 'cuánto sería el 90 por ciento')).toBe('cuánto sería el 90 por ciento');
  });

  it('types without accents as a keyboard without them does', () => {
    expect(withoutAccents('es', '¿cuántos días faltan para el año nuevo?', false)).toBe('cuantos dias faltan para el año nuevo?');
    expect(withoutAccents('fr', 'ça fait combien à Pékin', false)).toBe('ca fait combien a Pekin');
    expect(withoutAccents('de', 'wie groß ist die Zeitverschiebung für Köln', true)).toBe('wie gross ist die Zeitverschiebung fuer Koeln');
    expect(withoutAccents('de', 'Hälfte', false)).toBe('Halfte');
  });

  it('keeps a decimal comma when it leaves out the commas between words', () => {
    for (let seed = 0; seed < 200; seed++) {
      const ctx = { lang: 'fr' as const, rng: createRng(`comma/${seed}`) };
      const text = finish(ctx, 'combien font {a} fois {b} ?', fill(ctx, 'combien font {a:d} fois {b:d} ?', { a: 26.75, b: 63 }));
      expect(text).toMatch(/26,75 fois 63/);
    }
  });

  it('says spans of time as an answer would show them', () => {
    expect(durationNumbers(45)).toEqual([45]);
    expect(durationNumbers(25 * 60)).toEqual([25]);
    expect(durationNumbers(2 * 3600)).toEqual([2]);
    expect(durationNumbers(90 * 60)).toEqual([1, 30]);
  });

  it('writes dates and clock times as each language does', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 100; seed++) {
      const ctx = { lang: 'de' as const, rng: createRng(`date/${seed}`) };
      seen.add(writeDate(ctx, { year: 2027, month: 3, day: 1 }, true));
    }
    expect([...seen].sort()).toEqual(['01.03.2027', '1. März 2027', '1.3.2027']);
    const afternoon = new Set<string>();
    for (let seed = 0; seed < 200; seed++) afternoon.add(writeClock({ lang: 'en', rng: createRng(`clock/${seed}`) }, 18, 30, 'explicit'));
    // An afternoon alarm always says so: never a bare "6:30" or "half past six".
    for (const form of afternoon) expect(form).toMatch(/pm|p\.m\.|18:30|evening/i);
  });
});
