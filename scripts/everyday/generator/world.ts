import type { Language } from '../checks.ts';

// The fixed world the generated questions are asked in (data/everyday/README.md): Friday
// 20 November 2026, 14:04 UTC, the user in Europe/Berlin. Every expected value is computed here
// from these facts, never by asking the assistant.

export const NOW_UTC = { year: 2026, month: 11, day: 20, hour: 14, minute: 4 };
/** The user's offset from UTC that day (Berlin, winter time). */
export const USER_OFFSET_MINUTES = 60;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export const TODAY: CivilDate = { year: 2026, month: 11, day: 20 };

const toUtc = (date: CivilDate) => Date.UTC(date.year, date.month - 1, date.day);
const fromUtc = (ms: number): CivilDate => {
  const date = new Date(ms);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

export const addDays = (date: CivilDate, days: number): CivilDate => fromUtc(toUtc(date) + days * 86_400_000);
export const daysBetween = (from: CivilDate, to: CivilDate): number => Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
export const weekdayOf = (date: CivilDate): number => new Date(toUtc(date)).getUTCDay();
export const iso = (date: CivilDate): string => `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

/** The wall clock at a UTC offset (minutes) on the fixed instant, as "HH:MM". */
export function clockAt(offsetMinutes: number): string {
  const total = (NOW_UTC.hour * 60 + NOW_UTC.minute + offsetMinutes + 24 * 60) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export const MONTH_NAMES: Record<Language, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};

export const WEEKDAY_NAMES: Record<Language, string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  de: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  es: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
};

/** A weekday in any of the four languages: an answer may name it in any of them. */
export const weekdayInAnyLanguage = (weekday: number): string[] => (['en', 'fr', 'de', 'es'] as const).map((language) => WEEKDAY_NAMES[language][weekday]!);

/** Places with their UTC offset on 20 November 2026 (minutes) and their names in each language. */
export interface City {
  offset: number;
  names: Record<Language, string[]>;
}

const city = (offset: number, en: string[], fr: string[], de: string[], es: string[]): City => ({ offset, names: { en, fr, de, es } });

export const CITIES: Record<string, City> = {
  tokyo: city(540, ['Tokyo'], ['Tokyo'], ['Tokio', 'Tokyo'], ['Tokio']),
  beijing: city(480, ['Beijing'], ['Pékin'], ['Peking'], ['Pekín']),
  mumbai: city(330, ['Mumbai'], ['Bombay', 'Mumbai'], ['Mumbai'], ['Bombay']),
  dubai: city(240, ['Dubai'], ['Dubaï'], ['Dubai'], ['Dubái']),
  moscow: city(180, ['Moscow'], ['Moscou'], ['Moskau'], ['Moscú']),
  paris: city(60, ['Paris'], ['Paris'], ['Paris'], ['París']),
  madrid: city(60, ['Madrid'], ['Madrid'], ['Madrid'], ['Madrid']),
  london: city(0, ['London'], ['Londres'], ['London'], ['Londres']),
  buenosAires: city(-180, ['Buenos Aires'], ['Buenos Aires'], ['Buenos Aires'], ['Buenos Aires']),
  newYork: city(-300, ['New York', 'NYC'], ['New York'], ['New York'], ['Nueva York']),
  montreal: city(-300, ['Montreal'], ['Montréal'], ['Montreal'], ['Montreal']),
  mexicoCity: city(-360, ['Mexico City'], ['Mexico'], ['Mexiko-Stadt'], ['Ciudad de México']),
  losAngeles: city(-480, ['Los Angeles', 'LA'], ['Los Angeles'], ['Los Angeles'], ['Los Ángeles']),
  sydney: city(660, ['Sydney'], ['Sydney'], ['Sydney'], ['Sídney']),
  rome: city(60, ['Rome'], ['Rome'], ['Rom'], ['Roma']),
  lisbon: city(0, ['Lisbon'], ['Lisbonne'], ['Lissabon'], ['Lisboa']),
  athens: city(120, ['Athens'], ['Athènes'], ['Athen'], ['Atenas']),
  cairo: city(120, ['Cairo'], ['Le Caire'], ['Kairo'], ['El Cairo']),
  singapore: city(480, ['Singapore'], ['Singapour'], ['Singapur'], ['Singapur']),
  seoul: city(540, ['Seoul'], ['Séoul'], ['Seoul'], ['Seúl']),
  bangkok: city(420, ['Bangkok'], ['Bangkok'], ['Bangkok'], ['Bangkok']),
  hongKong: city(480, ['Hong Kong'], ['Hong Kong'], ['Hongkong', 'Hong Kong'], ['Hong Kong']),
  chicago: city(-360, ['Chicago'], ['Chicago'], ['Chicago'], ['Chicago']),
  toronto: city(-300, ['Toronto'], ['Toronto'], ['Toronto'], ['Toronto']),
  istanbul: city(180, ['Istanbul'], ['Istanbul'], ['Istanbul'], ['Estambul']),
  johannesburg: city(120, ['Johannesburg'], ['Johannesburg'], ['Johannesburg'], ['Johannesburgo']),
  auckland: city(780, ['Auckland'], ['Auckland'], ['Auckland'], ['Auckland']),
  vienna: city(60, ['Vienna'], ['Vienne'], ['Wien'], ['Viena']),
  warsaw: city(60, ['Warsaw'], ['Varsovie'], ['Warschau'], ['Varsovia']),
  helsinki: city(120, ['Helsinki'], ['Helsinki'], ['Helsinki'], ['Helsinki']),
};

/** How many of `to` one `from` is (°F and °C are converted by formula). */
export const UNIT_FACTORS: Record<string, number> = {
  'mile>km': 1.609344,
  'km>mile': 1 / 1.609344,
  'lb>kg': 0.45359237,
  'kg>lb': 1 / 0.45359237,
  'inch>cm': 2.54,
  'cm>inch': 1 / 2.54,
  'foot>m': 0.3048,
  'm>foot': 1 / 0.3048,
  'gallon>liter': 3.78541,
  'liter>gallon': 1 / 3.78541,
  'ounce>gram': 28.3495,
  'gram>ounce': 1 / 28.3495,
  'cup>ml': 236.588,
  'km>m': 1000,
  'hour>minute': 60,
  'day>hour': 24,
};

export function convert(value: number, from: string, to: string): number {
  if (from === 'fahrenheit' && to === 'celsius') return ((value - 32) * 5) / 9;
  if (from === 'celsius' && to === 'fahrenheit') return (value * 9) / 5 + 32;
  const factor = UNIT_FACTORS[`${from}>${to}`];
  if (factor === undefined) throw new Error(`no conversion from ${from} to ${to}`);
  return value * factor;
}
