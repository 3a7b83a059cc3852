import type { Language } from '../checks.ts';
import { spell } from './spell-numbers.ts';
import { MONTH_NAMES, type CivilDate } from './world.ts';

// How quantities are written in each language: numbers (digits or words), unit names, durations,
// clock times and dates, each with the variants people use. A variant marked 'dev' or 'held-out'
// is only used in that part of the generated set, so the held-out part has forms tuning never saw.

export type Split = 'dev' | 'held-out';
export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => {
  if (items.length === 0) throw new Error('nothing to pick from');
  return items[Math.floor(random() * items.length)]!;
};
export const chance = (random: Random, p: number): boolean => random() < p;
export const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

const decimalSeparator = (language: Language) => (language === 'en' ? '.' : ',');

/** A number as typed: digits (with the language's decimal mark) or, for some whole numbers, words. */
export function writeNumber(value: number, language: Language, random: Random, mode: 'any' | 'digits' | 'words' = 'any'): string {
  if (!Number.isInteger(value)) {
    const fixed = Math.abs(value * 100 - Math.round(value * 100)) < 1e-9 && !Number.isInteger(value * 10) ? value.toFixed(2) : String(value);
    return fixed.replace('.', decimalSeparator(language));
  }
  const words = mode === 'words' || (mode === 'any' && value >= 0 && value <= 999 && chance(random, value <= 100 ? 0.3 : 0.15));
  if (!words || value < 0) return String(value);
  return spell(value, language, { reformed: language === 'fr' && chance(random, 0.2), britishAnd: chance(random, 0.5) });
}

/** A unit's names: the singular, the plural and the short forms people type. */
export interface UnitNames {
  one: string;
  many: string;
  short: string[];
  /** German after "in": "in Kilometern". */
  dative?: string;
  /** Said after a number but not alone as a target ("20 degrés" is Celsius; "en degrés" says nothing). */
  afterOnly?: string[];
}

const u = (one: string, many: string, short: string[] = [], dative?: string, afterOnly?: string[]): UnitNames => ({
  one,
  many,
  short,
  ...(dative ? { dative } : {}),
  ...(afterOnly ? { afterOnly } : {}),
});

export const UNITS: Record<Language, Record<string, UnitNames>> = {
  en: {
    mile: u('mile', 'miles', ['mi']),
    km: u('kilometer', 'kilometers', ['km', 'kilometres', 'kms']),
    lb: u('pound', 'pounds', ['lbs', 'lb']),
    kg: u('kilogram', 'kilograms', ['kg', 'kilos', 'kgs']),
    inch: u('inch', 'inches', []),
    cm: u('centimeter', 'centimeters', ['cm', 'centimetres']),
    foot: u('foot', 'feet', ['ft']),
    m: u('meter', 'meters', ['m', 'metres']),
    gallon: u('gallon', 'gallons', ['gal']),
    liter: u('liter', 'liters', ['litres', 'l']),
    ounce: u('ounce', 'ounces', ['oz']),
    gram: u('gram', 'grams', ['g', 'grammes']),
    fahrenheit: u('degree fahrenheit', 'degrees fahrenheit', ['fahrenheit', '°F', 'F']),
    celsius: u('degree celsius', 'degrees celsius', ['celsius', '°C', 'C', 'centigrade']),
  },
  fr: {
    mile: u('mile', 'miles', ['mi']),
    km: u('kilomètre', 'kilomètres', ['km', 'kms']),
    lb: u('livre', 'livres', ['lb', 'lbs']),
    kg: u('kilo', 'kilos', ['kg', 'kilogrammes']),
    inch: u('pouce', 'pouces', []),
    cm: u('centimètre', 'centimètres', ['cm']),
    foot: u('pied', 'pieds', []),
    m: u('mètre', 'mètres', ['m']),
    gallon: u('gallon', 'gallons', []),
    liter: u('litre', 'litres', ['l']),
    ounce: u('once', 'onces', ['oz']),
    gram: u('gramme', 'grammes', ['g', 'gr']),
    fahrenheit: u('degré Fahrenheit', 'degrés Fahrenheit', ['Fahrenheit', '°F', 'F']),
    celsius: u('degré Celsius', 'degrés Celsius', ['Celsius', '°C', 'C'], undefined, ['degrés']),
  },
  de: {
    mile: u('Meile', 'Meilen', ['mi']),
    km: u('Kilometer', 'Kilometer', ['km'], 'Kilometern'),
    lb: u('Pfund', 'Pfund', ['lb', 'lbs']),
    kg: u('Kilo', 'Kilo', ['kg', 'Kilogramm']),
    inch: u('Zoll', 'Zoll', []),
    cm: u('Zentimeter', 'Zentimeter', ['cm'], 'Zentimetern'),
    foot: u('Fuß', 'Fuß', []),
    m: u('Meter', 'Meter', ['m'], 'Metern'),
    gallon: u('Gallone', 'Gallonen', []),
    liter: u('Liter', 'Liter', ['l'], 'Litern'),
    ounce: u('Unze', 'Unzen', ['oz']),
    gram: u('Gramm', 'Gramm', ['g']),
    fahrenheit: u('Grad Fahrenheit', 'Grad Fahrenheit', ['Fahrenheit', '°F', 'F']),
    celsius: u('Grad Celsius', 'Grad Celsius', ['Celsius', '°C', 'C'], undefined, ['Grad']),
  },
  es: {
    mile: u('milla', 'millas', ['mi']),
    km: u('kilómetro', 'kilómetros', ['km', 'kms']),
    lb: u('libra', 'libras', ['lb', 'lbs']),
    kg: u('kilo', 'kilos', ['kg', 'kilogramos']),
    inch: u('pulgada', 'pulgadas', []),
    cm: u('centímetro', 'centímetros', ['cm']),
    foot: u('pie', 'pies', []),
    m: u('metro', 'metros', ['m']),
    gallon: u('galón', 'galones', []),
    liter: u('litro', 'litros', ['l']),
    ounce: u('onza', 'onzas', ['oz']),
    gram: u('gramo', 'gramos', ['g', 'gr']),
    fahrenheit: u('grado Fahrenheit', 'grados Fahrenheit', ['Fahrenheit', '°F', 'F']),
    celsius: u('grado Celsius', 'grados Celsius', ['Celsius', '°C', 'C', 'grados centígrados', 'centígrados'], undefined, ['grados']),
  },
};

/** A quantity's unit as written after its number: "5 miles", "1 mile", "5 mi", "72°F". */
export function unitAfter(value: number, names: UnitNames, random: Random): string {
  const short = [...names.short, ...(names.afterOnly ?? [])];
  if (short.length > 0 && chance(random, 0.3)) return pick(random, short);
  return value === 1 ? names.one : names.many;
}

/** A unit named on its own, as a target: "in kilometers", "in km", "in Kilometern". */
export function unitAlone(names: UnitNames, random: Random): string {
  const forms = [names.many, names.many, ...names.short, ...(names.dative ? [names.dative, names.dative] : [])];
  return pick(random, forms);
}

/** "72°F" is written without a space; other short forms take one. */
export const joinQuantity = (number: string, unit: string): string => (/^°/.test(unit) ? `${number}${unit}` : `${number} ${unit}`);

/** A span of time said in words or digits, with its length in seconds. */
export interface Duration {
  seconds: number;
  /** The phrase after a word like "for"/"de"/"für"/"de" (German accusative). */
  text: string;
  /** German after "in" (dative): "in einer Stunde"; the same as `text` elsewhere. */
  dative: string;
}

type DurationForm = { split: Split | 'both'; make: (language: Language, random: Random) => Duration | null };

const unitWords: Record<Language, { h: [string, string]; m: [string, string]; s: [string, string] }> = {
  en: { h: ['hour', 'hours'], m: ['minute', 'minutes'], s: ['second', 'seconds'] },
  fr: { h: ['heure', 'heures'], m: ['minute', 'minutes'], s: ['seconde', 'secondes'] },
  de: { h: ['Stunde', 'Stunden'], m: ['Minute', 'Minuten'], s: ['Sekunde', 'Sekunden'] },
  es: { h: ['hora', 'horas'], m: ['minuto', 'minutos'], s: ['segundo', 'segundos'] },
};

const plain = (text: string, seconds: number): Duration => ({ seconds, text, dative: text });

const DURATION_FORMS: DurationForm[] = [
  // "10 minutes", "twenty minutes"
  {
    split: 'both',
    make: (language, random) => {
      const n = pick(random, [2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40, 45, 50]);
      return plain(`${writeNumber(n, language, random)} ${unitWords[language].m[1]}`, n * 60);
    },
  },
  // "2 hours"
  {
    split: 'both',
    make: (language, random) => {
      const n = between(random, 2, 5);
      return plain(`${writeNumber(n, language, random)} ${unitWords[language].h[1]}`, n * 3600);
    },
  },
  // "an hour"
  {
    split: 'both',
    make: (language) =>
      ({
        en: plain('an hour', 3600),
        fr: plain('une heure', 3600),
        de: { seconds: 3600, text: 'eine Stunde', dative: 'einer Stunde' },
        es: plain('una hora', 3600),
      })[language],
  },
  // "half an hour"
  {
    split: 'both',
    make: (language) =>
      ({
        en: plain('half an hour', 1800),
        fr: plain('une demi-heure', 1800),
        de: { seconds: 1800, text: 'eine halbe Stunde', dative: 'einer halben Stunde' },
        es: plain('media hora', 1800),
      })[language],
  },
  // "90 seconds", "45 sec"
  {
    split: 'dev',
    make: (language, random) => {
      const n = pick(random, [30, 40, 45, 90]);
      return plain(`${n} ${unitWords[language].s[1]}`, n);
    },
  },
  // "5 min", "10 mins"
  {
    split: 'dev',
    make: (language, random) => {
      const n = pick(random, [5, 10, 15, 20, 25, 35]);
      return plain(`${n} ${language === 'en' ? pick(random, ['min', 'mins']) : 'min'}`, n * 60);
    },
  },
  // "2 and a half hours", "three quarters of an hour"
  {
    split: 'dev',
    make: (language, random) => {
      if (chance(random, 0.5)) {
        const n = between(random, 2, 3);
        const said = writeNumber(n, language, random);
        return {
          en: plain(`${said} and a half hours`, n * 3600 + 1800),
          fr: plain(`${said} heures et demie`, n * 3600 + 1800),
          de: plain(`${n === 2 ? 'zweieinhalb' : 'dreieinhalb'} Stunden`, n * 3600 + 1800),
          es: plain(`${said} horas y media`, n * 3600 + 1800),
        }[language];
      }
      return {
        en: plain('three quarters of an hour', 2700),
        fr: plain("trois quarts d'heure", 2700),
        de: { seconds: 2700, text: 'eine Dreiviertelstunde', dative: 'einer Dreiviertelstunde' },
        es: plain('tres cuartos de hora', 2700),
      }[language];
    },
  },
  // "an hour and a half"
  {
    split: 'held-out',
    make: (language, random) =>
      ({
        en: plain(pick(random, ['an hour and a half', 'one and a half hours', '1.5 hours']), 5400),
        fr: plain(pick(random, ['une heure et demie', '1h30', 'une heure trente']), 5400),
        de: pick(random, [
          { seconds: 5400, text: 'eineinhalb Stunden', dative: 'eineinhalb Stunden' },
          { seconds: 5400, text: 'anderthalb Stunden', dative: 'anderthalb Stunden' },
          { seconds: 5400, text: '1,5 Stunden', dative: '1,5 Stunden' },
        ]),
        es: plain(pick(random, ['hora y media', 'una hora y media', '90 minutos']), 5400),
      })[language],
  },
  // "1 hour 20 minutes", "2 minutes and 30 seconds"
  {
    split: 'held-out',
    make: (language, random) => {
      const words = unitWords[language];
      const and = { en: 'and', fr: 'et', de: 'und', es: 'y' }[language];
      if (chance(random, 0.5)) {
        const m = pick(random, [10, 15, 20, 40, 45]);
        return plain(`1 ${words.h[0]} ${chance(random, 0.5) ? `${and} ` : ''}${m} ${words.m[1]}`, 3600 + m * 60);
      }
      const m = between(random, 2, 4);
      return plain(`${m} ${words.m[1]} ${and} 30 ${words.s[1]}`, m * 60 + 30);
    },
  },
  // "a minute", "a quarter of an hour"
  {
    split: 'held-out',
    make: (language, random) =>
      chance(random, 0.5)
        ? { en: plain('a minute', 60), fr: plain('une minute', 60), de: { seconds: 60, text: 'eine Minute', dative: 'einer Minute' }, es: plain('un minuto', 60) }[language]
        : {
            en: plain('a quarter of an hour', 900),
            fr: plain("un quart d'heure", 900),
            de: { seconds: 900, text: 'eine Viertelstunde', dative: 'einer Viertelstunde' },
            es: plain('un cuarto de hora', 900),
          }[language],
  },
];

export function duration(language: Language, split: Split, random: Random): Duration {
  const forms = DURATION_FORMS.filter((form) => form.split === 'both' || form.split === split);
  for (;;) {
    const made = pick(random, forms).make(language, random);
    if (made) return made;
  }
}

/** The numbers an answer states for a duration: "1 hour and 30 minutes" -> [1, 30]. */
export function durationNumbers(seconds: number): number[] {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return [hours, minutes, rest].filter((value) => value > 0);
}

/** A clock time with its preposition ("at 6:30", "à 6h30", "um 6:30 Uhr", "a las 6:30"), bare
 * (after "for"/"pour"/"für"/"para": "6:30", "6h30", "6:30 Uhr", "las 6:30"), and its 24-hour reading. */
export interface ClockPhrase {
  at: string;
  bare: string;
  time: string;
}

const hhmm = (hour: number, minute: number) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

type ClockForm = { split: Split | 'both'; make: (language: Language, random: Random) => { bare: string; minutes: number } };

const CLOCK_FORMS: ClockForm[] = [
  // digits with minutes, 24-hour: "6:30", "18:45", "7h30", "7.30 Uhr"
  {
    split: 'both',
    make: (language, random) => {
      const hour = pick(random, [6, 7, 8, 9, 17, 18, 19, 20, 21]);
      const minute = pick(random, [15, 30, 45, 10, 20]);
      const mm = String(minute).padStart(2, '0');
      const bare = {
        en: `${hour}:${mm}`,
        fr: pick(random, [`${hour}h${mm}`, `${hour}:${mm}`, `${hour} h ${mm}`]),
        de: pick(random, [`${hour}:${mm}`, `${hour}:${mm} Uhr`, `${hour}.${mm} Uhr`]),
        es: `las ${hour}:${mm}`,
      }[language];
      return { bare, minutes: hour * 60 + minute };
    },
  },
  // a whole hour with its half of the day: "7am", "6 pm", "7 heures du matin", "7 Uhr morgens", "7 de la tarde"
  {
    split: 'both',
    make: (language, random) => {
      const pm = chance(random, 0.5);
      const hour = pm ? between(random, 5, 10) : between(random, 5, 11);
      const said = writeNumber(hour, language, random);
      const bare = {
        en: pm ? pick(random, [`${hour}pm`, `${hour} pm`, `${hour} p.m.`]) : pick(random, [`${hour}am`, `${hour} am`, `${hour} a.m.`]),
        fr: pm ? pick(random, [`${hour + 12}h`, `${said} heures du soir`]) : pick(random, [`${said} heures du matin`, `${hour}h du matin`]),
        de: pm ? pick(random, [`${hour} Uhr abends`, `${hour + 12} Uhr`]) : pick(random, [`${said} Uhr morgens`, `${hour} Uhr früh`]),
        es: pm ? `las ${said} de la tarde` : `las ${said} de la mañana`,
      }[language];
      return { bare, minutes: (pm ? hour + 12 : hour) * 60 };
    },
  },
  // half past: "half past six", "six heures et demie", "halb sieben morgens", "las seis y media"
  {
    split: 'dev',
    make: (language, random) => {
      const hour = between(random, 5, 9);
      const bare = {
        en: `half past ${writeNumber(hour, language, random)} in the morning`,
        fr: `${writeNumber(hour, language, random)} heures et demie du matin`,
        de: `halb ${writeNumber(hour + 1, language, random, 'words')} morgens`,
        es: `las ${writeNumber(hour, language, random, 'words')} y media de la mañana`,
      }[language];
      return { bare, minutes: hour * 60 + 30 };
    },
  },
  // a quarter to or past: "a quarter to eight", "huit heures moins le quart", "Viertel nach sieben", "las siete y cuarto"
  {
    split: 'held-out',
    make: (language, random) => {
      const hour = between(random, 5, 9);
      const past = chance(random, 0.5);
      const words = (n: number) => writeNumber(n, language, random, 'words');
      const bare = {
        en: past ? `quarter past ${words(hour)} am` : `a quarter to ${words(hour + 1)} am`,
        fr: past ? `${words(hour)} heures et quart du matin` : `${words(hour + 1)} heures moins le quart du matin`,
        de: past ? `Viertel nach ${words(hour)} morgens` : `Viertel vor ${words(hour + 1)} morgens`,
        es: past ? `las ${words(hour)} y cuarto de la mañana` : `las ${words(hour + 1)} menos cuarto de la mañana`,
      }[language];
      return { bare, minutes: hour * 60 + (past ? 15 : -15) + (past ? 0 : 60) };
    },
  },
  // noon
  {
    split: 'held-out',
    make: (language) => ({ bare: { en: 'noon', fr: 'midi', de: '12 Uhr mittags', es: 'el mediodía' }[language], minutes: 12 * 60 }),
  },
];

const withPreposition = (bare: string, language: Language): string =>
  ({ en: `at ${bare}`, fr: `à ${bare}`, de: `um ${bare}`, es: bare.startsWith('el ') ? `al ${bare.slice(3)}` : `a ${bare}` })[language];

export function clockTime(language: Language, split: Split, random: Random): ClockPhrase {
  const { bare, minutes } = pick(random, CLOCK_FORMS.filter((form) => form.split === 'both' || form.split === split)).make(language, random);
  return { at: withPreposition(bare, language), bare, time: hhmm(Math.floor(minutes / 60), minutes % 60) };
}

const SHORT_MONTHS = {
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  de: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
};

type DateForm = { split: Split | 'both'; make: (date: CivilDate, language: Language, random: Random) => string };

const DATE_FORMS: DateForm[] = [
  {
    split: 'both',
    make: (date, language, random) => {
      const month = MONTH_NAMES[language][date.month - 1]!;
      return {
        en: pick(random, [`${month} ${date.day} ${date.year}`, `${month} ${date.day}, ${date.year}`, `${date.day} ${month} ${date.year}`]),
        fr: `${date.day === 1 ? '1er' : date.day} ${month} ${date.year}`,
        de: `${date.day}. ${month} ${date.year}`,
        es: `${date.day} de ${month} de ${date.year}`,
      }[language];
    },
  },
  {
    split: 'dev',
    make: (date, language, random) => {
      const month = MONTH_NAMES[language][date.month - 1]!;
      const ordinal = date.day === 1 || date.day === 21 || date.day === 31 ? 'st' : date.day === 2 || date.day === 22 ? 'nd' : date.day === 3 || date.day === 23 ? 'rd' : 'th';
      return {
        en: pick(random, [`${month} ${date.day}${ordinal} ${date.year}`, `the ${date.day}${ordinal} of ${month} ${date.year}`]),
        fr: `${date.day === 1 ? 'premier' : writeNumber(date.day, 'fr', random, 'words')} ${month} ${date.year}`,
        de: `${date.day}.${date.month}.${date.year}`,
        es: `${date.day} de ${month} del ${date.year}`,
      }[language];
    },
  },
  {
    split: 'held-out',
    make: (date, language, random) => {
      const month = MONTH_NAMES[language][date.month - 1]!;
      return {
        en: pick(random, [`${month.slice(0, 3)} ${date.day} ${date.year}`, `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`]),
        fr: pick(random, [`${String(date.day).padStart(2, '0')}/${String(date.month).padStart(2, '0')}/${date.year}`, `${date.day} ${SHORT_MONTHS.fr[date.month - 1]} ${date.year}`]),
        de: pick(random, [`${String(date.day).padStart(2, '0')}.${String(date.month).padStart(2, '0')}.${date.year}`, `${date.day}. ${SHORT_MONTHS.de[date.month - 1]} ${date.year}`]),
        es: pick(random, [`${date.day}/${date.month}/${date.year}`, `${date.day} de ${month}, ${date.year}`]),
      }[language];
    },
  },
];

export function writeDate(date: CivilDate, language: Language, split: Split, random: Random): string {
  return pick(random, DATE_FORMS.filter((form) => form.split === 'both' || form.split === split)).make(date, language, random);
}

/** A span of days or weeks: "10 days", "a week", "3 Wochen" (dative: "in 3 Wochen", "vor 3 Tagen"). */
export interface Span {
  days: number;
  text: string;
  dative: string;
}

export function span(language: Language, random: Random, unit: 'day' | 'week' = chance(random, 0.6) ? 'day' : 'week'): Span {
  const n = unit === 'day' ? pick(random, [2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 15, 20, 30, 40, 45, 60, 90, 100]) : between(random, 1, 8);
  const names = {
    en: { day: ['day', 'days', 'days'], week: ['week', 'weeks', 'weeks'] },
    fr: { day: ['jour', 'jours', 'jours'], week: ['semaine', 'semaines', 'semaines'] },
    de: { day: ['Tag', 'Tage', 'Tagen'], week: ['Woche', 'Wochen', 'Wochen'] },
    es: { day: ['día', 'días', 'días'], week: ['semana', 'semanas', 'semanas'] },
  }[language][unit];
  if (n === 1) {
    const one = { en: ['a week', 'a week'], fr: ['une semaine', 'une semaine'], de: ['eine Woche', 'einer Woche'], es: ['una semana', 'una semana'] }[language];
    return { days: 7, text: one[0]!, dative: one[1]! };
  }
  const number = writeNumber(n, language, random);
  return { days: unit === 'day' ? n : n * 7, text: `${number} ${names[1]}`, dative: `${number} ${names[2]}` };
}
