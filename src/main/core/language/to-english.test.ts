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
    expect(toEnglish('despiértame a las 7 de la tarde', 'es')).toBe('wake me up at 7 pm');
  });
});

describe('calculations read from their parts, in every form of their verbs', () => {
  it.each([
    ['fr', 'multipliez 13 par 14', 'multiply 13 by 14'],
    ['fr', 'tu peux multiplier 13 par 14 ?', 'multiply 13 by 14?'],
    ['fr', 'quel est le résultat de 13 fois 14', 'what is 13 times 14'],
    ['fr', 'enlève 49 à cent cinquante-six', 'subtract 49 from 156'],
    ['fr', "combien il reste si j'enlève 42 à 90", 'subtract 42 from 90'],
    ['fr', 'divise-le par 4', 'divide that by 4'],
    ['fr', 'les deux tiers de cent onze', '2 thirds 111'],
    ['fr', 'calcule 15 pour cent de 80', '15% of 80'],
    ['fr', 'combien de pourboire pour 15 % de 42', 'how much tip for 15% of 42'],
    ['de', 'kannst du 25 mit 19 multiplizieren', '25 with 19 multiply'],
    ['de', 'was ist das Ergebnis von 13 mal 14', 'what is 13 times 14'],
    ['de', 'zieh 6 davon ab', 'subtract 6 from that'],
    ['de', 'ziehe 26 von 43 ab', 'subtract 26 from 43'],
    ['de', 'die Hälfte davon', 'half of that'],
    ['de', 'erhöhe 50 um 10 Prozent', 'increase 50 by 10%'],
    ['de', 'wie viel Trinkgeld sind 15 % von 42', 'how much tip is 15% of 42'],
    ['es', 'multiplícalo por 3', 'multiply that times 3'],
    ['es', 'réstale 23 a 132', 'subtract 23 from 132'],
    ['es', 'cuánto queda si a 34 le quito 27', 'subtract 27 from 34'],
    ['es', 'las tres cuartas partes de ciento doce', '3 quarters of 112'],
    ['es', 'calcula el 15 por ciento de 80', 'what is 15% of 80'],
    ['es', 'divídelo entre 4', 'divide that by 4'],
  ] as const)('%s: %s', (language, text, english) => {
    expect(toEnglish(text, language)).toBe(english);
  });

  it('reads German typed without umlauts', () => {
    expect(toEnglish('fuenfundzwanzig mal zwoelf', 'de')).toBe('25 times 12');
    expect(toEnglish('wie spaet ist es in london', 'de')).toBe('what time is it in london');
    expect(toEnglish('die Haelfte von 84', 'de')).toBe('half of 84');
  });

  it('reads dates counted from another date and clock times in words', () => {
    expect(toEnglish('100 jours après le 1er janvier 2027', 'fr')).toBe('100 days after 1 january 2027');
    expect(toEnglish('100 Tage nach dem 1. Januar 2027', 'de')).toBe('100 days after 1 january 2027');
    expect(toEnglish('100 días después del 1 de enero de 2027', 'es')).toBe('100 days after 1 of january of 2027');
    expect(toEnglish('réveille-moi à 9 heures et demie du matin', 'fr')).toBe('set an alarm for half past 9 am');
    expect(toEnglish('weck mich um halb acht morgens', 'de')).toBe('set an alarm for half to 8 am');
    expect(toEnglish('despiértame a las ocho y media de la mañana', 'es')).toBe('wake me up at half past 8 am');
  });
});

describe('dates as people write them', () => {
  it.each([
    ['fr', 'le 3 janv. 2028', '3 january 2028'],
    ['fr', 'le 1er sept. 2027', '1 september 2027'],
    ['de', 'der 3. Dez. 2027', '3 december 2027'],
    ['de', 'der 03.12.2027', '03.12.2027'],
    ['es', 'el 3 de dic. de 2027', '3 of december of 2027'],
  ] as const)('%s: %s', (language, text, english) => {
    expect(toEnglish(text, language)).toBe(english);
  });
});
