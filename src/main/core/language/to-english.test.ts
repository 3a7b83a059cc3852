import { describe, expect, it } from 'vitest';
import { readsAsForeign, toEnglish } from './to-english.ts';

describe('reading French, German and Spanish as the English the skills read', () => {
  it.each([
    ['fr', 'quelle heure est-il à Tokyo ?', 'what time is it in tokyo?'],
    ['fr', 'combien font dix-sept fois vingt-trois', 'what is 17 times 23'],
    ['fr', 'quatre-vingt-dix-neuf plus un', '99 plus 1'],
    ['fr', 'combien de jours avant Noël ?', 'how many days until christmas?'],
    ['fr', 'mets un minuteur de 10 minutes', 'set a timer for 10 minutes'],
    ['fr', 'augmente 50 de 10 %', 'increase 50 by 10%'],
    ['fr', 'la TVA à 20 % sur 50 euros', 'vat 20% on 50 euros'],
    ['fr', 'et à Londres ?', 'and in london?'],
    ['de', 'was ist siebzehn mal dreiundzwanzig', 'what is 17 times 23'],
    ['de', 'wie viele Tage bis Weihnachten', 'how many days until christmas'],
    ['de', 'teile das durch 4', 'divide that by 4'],
    ['de', 'was sind 18 % von 64,50', 'what is 18% of 64.50'],
    ['de', 'wie viel Prozent sind 12 von 48', 'what percent is 12 of 48'],
    ['de', 'schalte das Licht im Wohnzimmer ein', 'turn on that licht in wohnzimmer'],
    ['es', 'cuánto es diecisiete por veintitrés', 'what is 17 times 23'],
    ['es', 'treinta y dos más diez', '32 plus 10'],
    ['es', 'cuántos días faltan para navidad', 'how many days until christmas'],
    ['es', 'pon una alarma a las 7 de la mañana', 'set an alarm for 7 am'],
    ['es', 'aumenta 250 en un 8 %', 'increase 250 by 8%'],
  ] as const)('%s: %s', (language, text, english) => {
    expect(toEnglish(text, language)).toBe(english);
  });

  it('leaves English alone, and says when a reading changes the words', () => {
    expect(toEnglish('what time is it', 'en')).toBe('what time is it');
    expect(readsAsForeign('2 hoch 10', 'de')).toBe(true);
    expect(readsAsForeign('350 fahrenheit in celsius', 'de')).toBe(false);
  });
});

describe('times of day', () => {
  it('read "du soir", "abends", "de la tarde" as pm', () => {
    expect(toEnglish('réveille-moi à 7h du matin', 'fr')).toBe('set an alarm for 7:00 am');
    expect(toEnglish('weck mich um 7 Uhr abends', 'de')).toBe('set an alarm for 7:00 pm');
    expect(toEnglish('despiértame a las 7 de la tarde', 'es')).toBe('set an alarm for 7 pm');
  });
});
