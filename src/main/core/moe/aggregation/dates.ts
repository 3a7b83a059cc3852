import { mask } from './text.ts';

// Absolute dates only: relative ones ("tomorrow", "on Monday") depend on when they were said and
// cannot be compared between answers.

/** One reading of a date; missing parts were not stated. Years may be a range (decades). */
export interface DateReading {
  year: number | null;
  yearTo: number | null;
  month: number | null;
  day: number | null;
}

export interface DateFact {
  kind: 'date';
  /** Several readings when the written form is ambiguous (03/04/2024). */
  readings: DateReading[];
  display: string;
  start: number;
  end: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH = '(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';
const YEAR_CUE = /\b(?:in|since|by|from|until|till|of|circa|c\.|year|around|before|after|early|late|mid|during)\s+$/i;

function monthNumber(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.slice(0, 3))) + 1;
}

function reading(year: number | null, month: number | null, day: number | null, yearTo: number | null = null): DateReading | null {
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  return { year, yearTo, month, day };
}

type Parser = (match: RegExpExecArray) => DateReading[];

const PATTERNS: { regex: RegExp; parse: Parser }[] = [
  { regex: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, parse: (m) => list(reading(Number(m[1]), Number(m[2]), Number(m[3]))) },
  {
    regex: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g,
    parse: (m) => {
      const [first, second, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
      // Day-first and month-first are both common; keep every valid reading.
      return dedupe([reading(year, second, first), reading(year, first, second)]);
    },
  },
  {
    regex: new RegExp(`\\b${MONTH}\\s+${DAY}(?:,\\s*|\\s+)${YEAR}\\b`, 'g'),
    parse: (m) => list(reading(Number(m[3]), monthNumber(m[1]!), Number(m[2]))),
  },
  {
    regex: new RegExp(`\\b(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}\\b`, 'g'),
    parse: (m) => list(reading(Number(m[3]), monthNumber(m[2]!), Number(m[1]))),
  },
  { regex: new RegExp(`\\b${MONTH},?\\s+(?:of\\s+)?${YEAR}\\b`, 'g'), parse: (m) => list(reading(Number(m[2]), monthNumber(m[1]!), null)) },
  { regex: new RegExp(`\\b${MONTH}\\s+${DAY}\\b`, 'g'), parse: (m) => list(reading(null, monthNumber(m[1]!), Number(m[2]))) },
  { regex: new RegExp(`\\b(?:the\\s+)?${DAY}\\s+of\\s+${MONTH}`, 'g'), parse: (m) => list(reading(null, monthNumber(m[2]!), Number(m[1]))) },
  {
    // "the 1960s" is a decade, "the 1500s" a century.
    regex: /\b(\d{3}0)['’]?s\b/g,
    parse: (m) => {
      const year = Number(m[1]);
      if (year < 1000) return [];
      return list(reading(year, null, null, year + (year % 100 === 0 ? 99 : 9)));
    },
  },
];

const BARE_YEAR = /\b(1\d{3}|20\d{2}|21\d{2})\b(?![.,]\d)(?!\s*(?:%|percent|per\s+cent|(?:km|m|kg|g|ft|mi|lb|mm|cm)\b|metres|meters|feet|miles|people|years))/g;

/**
 * Dates in a sentence, and the sentence with their spans blanked so number extraction skips them.
 * `yearsAreDates`: in answers to "when"/"what year" questions a bare 1000-2199 is a year; elsewhere
 * it needs a cue such as "in 1969".
 */
export function extractDates(sentence: string, yearsAreDates: boolean): { facts: DateFact[]; rest: string } {
  const facts: DateFact[] = [];
  let rest = sentence;
  for (const { regex, parse } of PATTERNS) {
    for (const match of rest.matchAll(regex)) {
      const readings = parse(match as RegExpExecArray);
      if (readings.length === 0) continue;
      facts.push({ kind: 'date', readings, display: match[0].trim(), start: match.index, end: match.index + match[0].length });
      rest = mask(rest, match.index, match.index + match[0].length);
    }
  }
  for (const match of rest.matchAll(BARE_YEAR)) {
    if (!yearsAreDates && !YEAR_CUE.test(rest.slice(0, match.index))) continue;
    if (/[$€£]\s*$/.test(rest.slice(0, match.index))) continue;
    const year = Number(match[1]);
    facts.push({ kind: 'date', readings: [{ year, yearTo: null, month: null, day: null }], display: match[0], start: match.index, end: match.index + match[0].length });
    rest = mask(rest, match.index, match.index + match[0].length);
  }
  facts.sort((a, b) => a.start - b.start);
  return { facts, rest };
}

function list(value: DateReading | null): DateReading[] {
  return value === null ? [] : [value];
}

function dedupe(values: (DateReading | null)[]): DateReading[] {
  const out: DateReading[] = [];
  for (const value of values) {
    if (value !== null && !out.some((seen) => sameReading(seen, value))) out.push(value);
  }
  return out;
}

function sameReading(a: DateReading, b: DateReading): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.yearTo === b.yearTo;
}

/** Compatible when no stated part differs: "1969" and "July 20, 1969" agree. */
function readingsAgree(a: DateReading, b: DateReading): boolean {
  if (a.year !== null && b.year !== null) {
    const [aFrom, aTo, bFrom, bTo] = [a.year, a.yearTo ?? a.year, b.year, b.yearTo ?? b.year];
    if (aTo < bFrom || bTo < aFrom) return false;
  }
  if (a.month !== null && b.month !== null && a.month !== b.month) return false;
  if (a.day !== null && b.day !== null && a.day !== b.day) return false;
  return true;
}

/** Two date facts are comparable only when they share a year or a month; then they must agree. */
export function datesComparable(a: DateFact, b: DateFact): boolean {
  return a.readings.some((x) => b.readings.some((y) => (x.year !== null && y.year !== null) || (x.month !== null && y.month !== null)));
}

export function datesAgree(a: DateFact, b: DateFact): boolean {
  return a.readings.some((x) => b.readings.some((y) => readingsAgree(x, y)));
}
