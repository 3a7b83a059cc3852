import type { Language } from '../../language/language.ts';

// Calendar and wall-clock arithmetic in IANA time zones, on top of Intl.DateTimeFormat. Instants
// are milliseconds since the epoch; civil dates are plain numbers so nothing here reads the clock.

export interface CivilDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

export interface WallTime extends CivilDate {
  hour: number;
  minute: number;
}

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let cached = formatters.get(key);
  if (!cached) {
    cached = make();
    formatters.set(key, cached);
  }
  return cached;
}

/**
 * Answers of `canonicalTimeZone` and `supportedLocale`: each asks Intl to build a formatter (a
 * tenth of a millisecond), several times a turn. Bounded, since the names can come from what was said.
 */
const zoneNames = new Map<string, string | null>();
const localeNames = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

function remembered<T>(cache: Map<string, T>, key: string, work: () => T): T {
  if (cache.has(key)) return cache.get(key)!;
  const value = work();
  if (cache.size >= MAX_REMEMBERED) cache.clear();
  cache.set(key, value);
  return value;
}

/** The canonical spelling of an IANA zone (case-insensitive input), or null when Intl does not know it. */
export function canonicalTimeZone(id: string): string | null {
  return remembered(zoneNames, id, () => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
    } catch {
      return null;
    }
  });
}

/**
 * Offsets by zone and quarter hour of UTC. Every zone's offset is a whole number of quarter hours
 * and changes at a whole local minute that is one too, so it holds for a whole quarter hour of UTC;
 * asking Intl (formatToParts) for it cost tens of microseconds, several times a turn.
 */
const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 900_000;

/** Offset of the zone from UTC at that instant, in minutes (east positive: Tokyo is +540). */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  const quarter = Math.floor(epochMs / QUARTER_HOUR_MS);
  return remembered(offsets, `${timeZone}|${quarter}`, () => offsetAt(timeZone, quarter * QUARTER_HOUR_MS));
}

function offsetAt(timeZone: string, epochMs: number): number {
  const parts = formatter(`offset:${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }),
  ).formatToParts(epochMs);
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The wall-clock reading in the zone at that instant. */
export function wallTimeIn(timeZone: string, epochMs: number): WallTime {
  const shifted = new Date(epochMs + utcOffsetMinutes(timeZone, epochMs) * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** The instant at which the zone's clocks read `wall`; in a DST gap, the reading after the jump. */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const firstGuess = asUtc - utcOffsetMinutes(timeZone, asUtc) * 60_000;
  const secondOffset = utcOffsetMinutes(timeZone, firstGuess);
  return asUtc - secondOffset * 60_000;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export const dayNumber = (date: CivilDate): number => Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);

export function civilDateOfDayNumber(days: number): CivilDate {
  const date = new Date(days * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday .. 6 = Saturday. */
export const weekdayOf = (date: CivilDate): number => new Date(dayNumber(date) * MS_PER_DAY).getUTCDay();

export function isValidCivilDate(date: CivilDate): boolean {
  const back = civilDateOfDayNumber(dayNumber(date));
  return back.year === date.year && back.month === date.month && back.day === date.day;
}

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function addMonths(date: CivilDate, months: number): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = civilDateOfDayNumber(dayNumber({ year: month === 12 ? year + 1 : year, month: (month % 12) + 1, day: 1 }) - 1).day;
  return { year, month, day: Math.min(date.day, lastDay) };
}

export function formatTime(epochMs: number, timeZone: string, locale: string): string {
  return formatter(`time:${locale}:${timeZone}`, () =>
    new Intl.DateTimeFormat(supportedLocale(locale), { timeZone, hour: 'numeric', minute: '2-digit' }),
  ).format(epochMs);
}

export function formatLongDate(epochMs: number, timeZone: string, locale: string): string {
  return formatter(`date:${locale}:${timeZone}`, () =>
    new Intl.DateTimeFormat(supportedLocale(locale), { timeZone, weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
  ).format(epochMs);
}

/** A civil date written out in the locale, e.g. "Friday, December 25, 2026". */
export const formatCivilDate = (date: CivilDate, locale: string): string =>
  formatLongDate(dayNumber(date) * MS_PER_DAY, 'UTC', locale);

/** A civil date without its weekday, e.g. "December 25, 2026". */
export function formatCivilDateWithoutWeekday(date: CivilDate, locale: string): string {
  return formatter(`day:${locale}`, () =>
    new Intl.DateTimeFormat(supportedLocale(locale), { timeZone: 'UTC', month: 'long', day: 'numeric', year: 'numeric' }),
  ).format(dayNumber(date) * MS_PER_DAY);
}

/** "Japan Standard Time", or the offset when the locale has no name for the zone. */
export function timeZoneLongName(timeZone: string, epochMs: number, locale: string): string {
  const parts = formatter(`name:${locale}:${timeZone}`, () =>
    new Intl.DateTimeFormat(supportedLocale(locale), { timeZone, timeZoneName: 'long' }),
  ).formatToParts(epochMs);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? formatUtcOffset(utcOffsetMinutes(timeZone, epochMs));
}

/** "UTC+9", "UTC-3:30", "UTC". */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}

const DURATION_WORDS: Record<Language, { h: [string, string]; m: [string, string]; s: [string, string]; and: string }> = {
  en: { h: ['hour', 'hours'], m: ['minute', 'minutes'], s: ['second', 'seconds'], and: 'and' },
  fr: { h: ['heure', 'heures'], m: ['minute', 'minutes'], s: ['seconde', 'secondes'], and: 'et' },
  de: { h: ['Stunde', 'Stunden'], m: ['Minute', 'Minuten'], s: ['Sekunde', 'Sekunden'], and: 'und' },
  es: { h: ['hora', 'horas'], m: ['minuto', 'minutos'], s: ['segundo', 'segundos'], and: 'y' },
};

const count = (value: number, [one, many]: [string, string]) => `${value} ${value === 1 ? one : many}`;

/** "9 hours", "5 hours and 30 minutes", "45 minutes" (in the language). */
export function formatHoursAndMinutes(totalMinutes: number, language: Language = 'en'): string {
  const words = DURATION_WORDS[language];
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts = [hours ? count(hours, words.h) : '', minutes ? count(minutes, words.m) : ''].filter(Boolean);
  return parts.join(` ${words.and} `) || `0 ${words.h[1]}`;
}

/** "1 hour and 30 minutes", "25 minutes", "45 seconds" (seconds only under ten minutes). */
export function formatDuration(ms: number, language: Language): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const words = DURATION_WORDS[language];
  const parts = [hours ? count(hours, words.h) : '', minutes ? count(minutes, words.m) : '', seconds && total < 600 ? count(seconds, words.s) : ''].filter(Boolean);
  if (parts.length === 0) return count(0, words.s);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${words.and} ${parts.at(-1)}`;
}

/** The locale if Intl supports it, else en-US; a malformed tag never throws. */
export function supportedLocale(locale: string): string {
  return remembered(localeNames, locale, () => {
    try {
      return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? 'en-US';
    } catch {
      return 'en-US';
    }
  });
}
