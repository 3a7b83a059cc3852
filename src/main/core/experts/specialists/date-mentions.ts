import { addMonths, civilDateOfDayNumber, dayNumber, isValidCivilDate, weekdayOf, type CivilDate } from './zoned-time.ts';

// Finds the dates a question names: "2027-03-05", "3/5/2027", "March 5th", "5 March 2027",
// "tomorrow", "next Friday", "Christmas", "Thanksgiving". A date without a year is placed in the
// direction the question looks: the next one for "until", the last one for "since".

export type Direction = 'future' | 'past';

export interface DateMention {
  date: CivilDate;
  /** Character offsets in the lower-cased text. */
  start: number;
  end: number;
  /** The words that named it ("next friday", "christmas"), for the answer. */
  phrase: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Holiday = (year: number) => CivilDate;
const fixed = (month: number, day: number): Holiday => (year) => ({ year, month, day });
/** The nth given weekday (0 = Sunday) of a month; n = -1 for the last one. */
const nthWeekday = (month: number, weekday: number, n: number): Holiday => (year) => {
  if (n < 0) {
    const last = civilDateOfDayNumber(dayNumber({ year: month === 12 ? year + 1 : year, month: (month % 12) + 1, day: 1 }) - 1);
    return civilDateOfDayNumber(dayNumber(last) - ((weekdayOf(last) - weekday + 7) % 7));
  }
  const first = { year, month, day: 1 };
  return { year, month, day: 1 + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7 };
};

/** Western Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { year, month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

const HOLIDAYS: [RegExp, Holiday][] = [
  [/\bchristmas eve\b/, fixed(12, 24)],
  [/\b(?:christmas|xmas)(?: day)?\b/, fixed(12, 25)],
  [/\bnew year'?s eve\b/, fixed(12, 31)],
  [/\bnew year'?s?(?: day)?\b/, fixed(1, 1)],
  [/\bhalloween\b/, fixed(10, 31)],
  [/\bvalentine'?s(?: day)?\b/, fixed(2, 14)],
  [/\b(?:st\.? |saint )patrick'?s day\b/, fixed(3, 17)],
  [/\bindependence day\b|\bfourth of july\b/, fixed(7, 4)],
  [/\bthanksgiving\b/, nthWeekday(11, 4, 4)],
  [/\bmother'?s day\b/, nthWeekday(5, 0, 2)],
  [/\bfather'?s day\b/, nthWeekday(6, 0, 3)],
  [/\blabou?r day\b/, nthWeekday(9, 1, 1)],
  [/\bmemorial day\b/, nthWeekday(5, 1, -1)],
  [/\beaster(?: sunday)?\b/, easter],
];

/** Every date named in the text, in order of appearance. */
export function findDateMentions(text: string, today: CivilDate, direction: Direction, locale: string): DateMention[] {
  const found: DateMention[] = [];
  const taken: [number, number][] = [];
  const push = (match: RegExpExecArray, date: CivilDate | null) => {
    const start = match.index;
    const end = start + match[0].length;
    if (!date || !isValidCivilDate(date) || taken.some(([s, e]) => start < e && end > s)) return;
    taken.push([start, end]);
    found.push({ date, start, end, phrase: match[0].trim() });
  };
  const each = (pattern: RegExp, handle: (match: RegExpExecArray) => CivilDate | null) => {
    for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) push(match as RegExpExecArray, handle(match as RegExpExecArray));
  };
  const inYear = (month: number, day: number, year: string | undefined) =>
    year ? { year: Number(year), month, day } : nearest((y) => ({ year: y, month, day }), today, direction);

  each(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }));
  each(/\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/, (m) => {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const [month, day] = monthFirst(locale) ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    return { year, month, day };
  });
  // "16.10.2027", "5.3.27": day first, as every language that writes dates with dots.
  each(/\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b/, (m) => ({ year: m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]), month: Number(m[2]), day: Number(m[1]) }));
  each(new RegExp(String.raw`\b${MONTH} (\d{1,2})(?:st|nd|rd|th)?(?:,? (?:of |in )?(\d{4}))?\b`), (m) =>
    inYear(monthIndex(m[1]!), Number(m[2]), m[3]),
  );
  each(new RegExp(String.raw`\b(?:the )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?${MONTH}(?:,? (?:of |in )?(\d{4}))?\b`), (m) =>
    inYear(monthIndex(m[2]!), Number(m[1]), m[3]),
  );
  for (const [pattern, holiday] of HOLIDAYS) {
    each(new RegExp(String.raw`${pattern.source}(?:,? (?:in )?(\d{4}|this year|next year|last year))?`), (m) => {
      const year = m.at(-1);
      if (year === 'this year') return holiday(today.year);
      if (year === 'next year') return holiday(today.year + 1);
      if (year === 'last year') return holiday(today.year - 1);
      return year && /^\d{4}$/.test(year) ? holiday(Number(year)) : nearest(holiday, today, direction);
    });
  }
  const todayDay = dayNumber(today);
  each(/\b(?:the )?day after tomorrow\b/, () => civilDateOfDayNumber(todayDay + 2));
  each(/\b(?:the )?day before yesterday\b/, () => civilDateOfDayNumber(todayDay - 2));
  each(/\btoday\b|\bnow\b/, () => today);
  each(/\btomorrow\b/, () => civilDateOfDayNumber(todayDay + 1));
  each(/\byesterday\b/, () => civilDateOfDayNumber(todayDay - 1));
  each(/\b(?:(next|this|last|coming) )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/, (m) => {
    const target = WEEKDAYS.indexOf(m[2]!);
    const ahead = (target - weekdayOf(today) + 7) % 7;
    if (m[1] === 'last') return civilDateOfDayNumber(todayDay - (((weekdayOf(today) - target + 7) % 7) || 7));
    if (m[1] === 'next') return civilDateOfDayNumber(todayDay + (ahead || 7));
    return civilDateOfDayNumber(todayDay + ahead);
  });
  each(/\bend of (?:the |this )?year\b|\b(?:left|remaining) (?:in|of) (?:the |this )?year\b/, () => ({ year: today.year, month: 12, day: 31 }));
  each(/\bend of (?:the |this )?month\b/, () => civilDateOfDayNumber(dayNumber(addMonths({ ...today, day: 1 }, 1)) - 1));
  return found.sort((a, b) => a.start - b.start);
}

/** This year's occurrence, or next (past: last) year's when this year's is on the wrong side of today. */
function nearest(holiday: Holiday, today: CivilDate, direction: Direction): CivilDate {
  const thisYear = holiday(today.year);
  const delta = dayNumber(thisYear) - dayNumber(today);
  if (direction === 'future' && delta < 0) return holiday(today.year + 1);
  if (direction === 'past' && delta > 0) return holiday(today.year - 1);
  return thisYear;
}

const monthIndex = (name: string) => MONTHS.indexOf(name.slice(0, 3)) + 1;
/** US-style month/day/year for the US and a few others; day/month/year everywhere else. */
const monthFirst = (locale: string) => /^en-(US|PH|CA)$|^en$/i.test(locale);
