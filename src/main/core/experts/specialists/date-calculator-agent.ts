import type { Language } from '../../language/language.ts';
import { abstain, type Agent, type AgentAbstention, type AgentContext, type AgentOutput } from '../../moe/agent.ts';
import { wordsToNumbers } from './calculator-phrasing.ts';
import { findDateMentions, type DateMention, type Direction } from './date-mentions.ts';
import {
  addMonths,
  canonicalTimeZone,
  civilDateOfDayNumber,
  dayNumber,
  formatCivilDate,
  formatCivilDateWithoutWeekday,
  isLeapYear,
  supportedLocale,
  wallTimeIn,
  weekdayOf,
  type CivilDate,
} from './zoned-time.ts';

// Calendar arithmetic: the weekday of a date, days between dates, days until or since a date, the
// date N days/weeks/months from today, leap years and week numbers. "Today" is context.now in the
// user's time zone, which is why answers are not cached.

const NOT_MINE = "not a calendar question (days between dates, a date's weekday, a date some days away)";
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A span of time: "10 days", "a week", "3 months". */
const SPAN = /\b(\d+|a|an|one) (day|week|month|year)s?\b/;
/** Words that count a span back from a date: "before", "prior to", "ago", "back", "minus". */
const BACKWARDS = /\b(?:before|prior to|earlier than|earlier|ago|back|minus|subtract|subtracted|take away|less)\b|(?:^|\s)-(?=\s)/;
/** Words that count it forward: "after", "later", "past", "from", "plus", "in". */
const FORWARDS = /\b(?:after|later|past|from|plus|add|added|hence|in|on)\b|(?:^|\s)\+(?=\s)/;
const COUNT = /\bhow many (?:days|weeks|months)\b|\bdays? from\b.*\b(?:to|until|till)\b|\bhow long\b|\bdays? (?:remaining |left )?(?:between|until|till|til|since|left|to go)\b|\bnumber of days\b|\bcount (?:the )?days\b/;
const SINCE = /\bsince\b|\bago\b|\bhave passed\b|\belapsed\b/;
const WEEKDAY_ASKED = /\bwhat day\b|\bwhich day\b|\bday of (?:the )?week\b|\bweekday\b|\bfalls? on\b|\bland on\b|\bwhat day of\b/;
const WHEN_ASKED = /\bwhen is\b|\bwhat(?:'s| is)? the date\b|\bwhat date\b|\bwhich date\b|\bdate of\b/;
const UNIT_COUNT = /\bhow many (?!days\b|weeks\b|months\b|years\b)\w+ (?:are |is )?(?:there )?in\b/;
const LEAP = /\bleap years?\b/;
const WEEK_NUMBER = /\bweek number\b|\bwhat week (?:of the year )?is (?:it|this)\b|\bwhich week of the year\b/;
const WANTS_DATE = /\b(?:until|till|til|since|before|after|between|on|is|day|date)\b (?:my|our|his|her|their|the) ([a-z' ]{2,30}?)\s*$/;

export function createDateCalculatorAgent(): Agent {
  return {
    name: 'date_calculator',
    description:
      'Calendar arithmetic: which weekday a date falls on, how many days between two dates, days until or since a date or holiday, the date a number of days, weeks or months from today, leap years and week numbers.',
    capabilities: ['day of the week for a date', 'days between dates', 'days until a date', 'date arithmetic', 'leap years', 'week number'],
    examples: DATE_EXAMPLES,
    provider: 'local',
    cache: { cacheable: false, reason: 'answers are counted from today, so they change every day' },
    selfSelecting: true,
    dependsOn: [],
    async execute(query, context, signal) {
      signal.throwIfAborted();
      return answerDateQuestion(query, context);
    },
  };
}

export function answerDateQuestion(query: string, context: AgentContext): AgentOutput | AgentAbstention {
  const locale = supportedLocale(context.locale);
  const zone = canonicalTimeZone(context.timeZone) ? context.timeZone : 'UTC';
  const text = wordsToNumbers(query.toLowerCase().replace(/[’]/g, "'").replace(/[?!.,]+(?=\s|$)/g, '').replace(/\s+/g, ' ').trim());
  const now = wallTimeIn(zone, context.now);
  const today: CivilDate = { year: now.year, month: now.month, day: now.day };
  const direction: Direction = SINCE.test(text) ? 'past' : 'future';
  const mentions = findDateMentions(text, today, direction, locale);
  const say = (date: CivilDate) => formatCivilDate(date, locale);
  const language = context.language ?? 'en';

  // "how many seconds in a day" is a unit conversion, not a date a day away; "how long is left on
  // the timer" is the timers' question.
  if (UNIT_COUNT.test(text) || /\b(?:timers?|alarms?|reminders?)\b/.test(text)) return abstain(NOT_MINE);

  if (LEAP.test(text)) {
    const year = Number(/\b(\d{4})\b/.exec(text)?.[1] ?? (/\bnext year\b/.test(text) ? today.year + 1 : /\blast year\b/.test(text) ? today.year - 1 : today.year));
    const leap = isLeapYear(year);
    return answer(
      {
        en: `${leap ? 'Yes' : 'No'}, ${year} ${leap ? 'is' : 'is not'} a leap year${leap ? ': February has 29 days' : ''}.`,
        fr: `${leap ? 'Oui' : 'Non'}, ${year} ${leap ? 'est' : "n'est pas"} une année bissextile${leap ? ' : février a 29 jours' : ''}.`,
        de: `${leap ? 'Ja' : 'Nein'}, ${year} ist ${leap ? 'ein' : 'kein'} Schaltjahr${leap ? ': Der Februar hat 29 Tage' : ''}.`,
        es: `${leap ? 'Sí' : 'No'}, ${year} ${leap ? 'es' : 'no es'} bisiesto${leap ? ': febrero tiene 29 días' : ''}.`,
      }[language],
      { year, leap },
    );
  }

  if (WEEK_NUMBER.test(text)) {
    const { week, year } = isoWeek(today);
    return answer({ en: `It's week ${week} of ${year}.`, fr: `C'est la semaine ${week} de ${year}.`, de: `Es ist die Kalenderwoche ${week} von ${year}.`, es: `Es la semana ${week} de ${year}.` }[language], { week, year });
  }

  const offset = offsetAsked(text, mentions);
  if (offset) {
    const { amount, unit, sign } = offset;
    const base = offset.base ?? today;
    const baseText = offset.base ? say(offset.base) : 'today';
    const result = shift(base, sign * amount, unit);
    if (language !== 'en') {
      const spanIn = `${amount} ${unitWord(unit, amount, language)}`;
      const from = baseText === 'today' ? null : baseText;
      return answer(
        sign > 0
          ? { fr: `${from ? `${spanIn} après ${from}` : `Dans ${spanIn}`}, ce sera ${say(result)}.`, de: `${from ? `${spanIn} nach ${from}` : `In ${spanIn}`} ist ${say(result)}.`, es: `${from ? `${spanIn} después de ${from}` : `Dentro de ${spanIn}`} será ${say(result)}.` }[language]
          : { fr: `${from ? `${spanIn} avant ${from}` : `Il y a ${spanIn}`}, c'était ${say(result)}.`, de: `${from ? `${spanIn} vor ${from}` : `Vor ${spanIn}`} war ${say(result)}.`, es: `${from ? `${spanIn} antes de ${from}` : `Hace ${spanIn}`} fue ${say(result)}.` }[language],
        { date: isoDate(result), weekday: WEEKDAY_NAMES[weekdayOf(result)] },
      );
    }
    const span = `${amount} ${unit}${amount === 1 ? '' : 's'}`;
    const relation = sign > 0 ? (baseText === 'today' ? 'from today' : `after ${baseText}`) : baseText === 'today' ? 'ago' : `before ${baseText}`;
    const verb = sign > 0 ? 'is' : 'was';
    return answer(`${capitalise(span)} ${relation} ${baseText === 'today' ? verb : 'is'} ${say(result)}.`, { date: isoDate(result), weekday: WEEKDAY_NAMES[weekdayOf(result)] });
  }

  if (COUNT.test(text) || (SINCE.test(text) && mentions.length > 0)) {
    if (mentions.length === 0) return needDate(text);
    const [from, to] = mentions.length >= 2 ? [mentions[0]!.date, mentions[1]!.date] : direction === 'past' ? [mentions[0]!.date, today] : [today, mentions[0]!.date];
    const days = dayNumber(to) - dayNumber(from);
    const data = { from: isoDate(from), to: isoDate(to), days };
    const length = describeSpan(Math.abs(days), text, language);
    if (language !== 'en') return answer(countSentence(language, days, length, mentions.length >= 2, direction, say(from), say(to)), data);
    if (mentions.length >= 2) return answer(`There are ${length} between ${say(from)} and ${say(to)}.`, data);
    if (direction === 'past') {
      return days < 0
        ? answer(`${say(from)} is still ${length} away.`, data)
        : answer(`It's been ${length} since ${say(from)}.`, data);
    }
    if (days === 0) return answer(`That's today: ${say(to)}.`, data);
    return days > 0
      ? answer(`There ${days === 1 ? 'is' : 'are'} ${length} until ${say(to)}.`, data)
      : answer(`${say(to)} was ${length} ago.`, data);
  }

  // "What day is it (today)?" is the clock's question; only other dates are answered here.
  const datesAsked = mentions.filter((mention) => mention.phrase !== 'today' && mention.phrase !== 'now');
  if (datesAsked.length > 0 && (WEEKDAY_ASKED.test(text) || WHEN_ASKED.test(text))) {
    const mention = datesAsked[0]!;
    const weekday = WEEKDAY_NAMES[weekdayOf(mention.date)]!;
    const tense = dayNumber(mention.date) < dayNumber(today) ? 'was' : 'is';
    const data = { date: isoDate(mention.date), weekday };
    if (language !== 'en') {
      const past = tense === 'was';
      return answer({ fr: `${capitalise(say(mention.date))}${past ? ' (passé)' : ''}.`, de: `${past ? 'Das war' : 'Das ist'} ${say(mention.date)}.`, es: `${past ? 'Fue el' : 'Es el'} ${say(mention.date)}.` }[language], data);
    }
    if (/\d/.test(mention.phrase)) return answer(`${formatCivilDateWithoutWeekday(mention.date, locale)} ${tense} a ${weekday}.`, data);
    return answer(`${capitalise(describeMention(mention))} ${tense} ${say(mention.date)}.`, data);
  }

  return abstain(NOT_MINE);
}

/**
 * A date some span away, read from its parts in any order: the span ("100 days"), the date it is
 * counted from (another date, or today) and the direction ("after", "before", "ago", "plus",
 * "minus", "go back ... from"). "100 days after January 1 2027", "January 1 2027 plus 100 days",
 * "go back 2 weeks from March 5", "in 3 weeks", "10 days ago".
 */
function offsetAsked(text: string, mentions: DateMention[]): { amount: number; unit: string; sign: number; base: CivilDate | null } | null {
  const span = SPAN.exec(text);
  if (!span) return null;
  const withoutSpan = `${text.slice(0, span.index)} ${text.slice(span.index + span[0].length)}`;
  const base = mentions.find((mention) => mention.phrase !== 'today' && mention.phrase !== 'now' && (mention.end <= span.index || mention.start >= span.index + span[0].length));
  const backwards = BACKWARDS.test(withoutSpan);
  if (!base && !backwards && !/\b(?:in|from|later|hence|today|now|plus|after)\b/.test(withoutSpan)) return null;
  if (!backwards && !FORWARDS.test(withoutSpan)) return null;
  return { amount: count(span[1]!), unit: span[2]!, sign: backwards ? -1 : 1, base: base?.date ?? null };
}

function needDate(text: string): AgentOutput {
  const named = WANTS_DATE.exec(text)?.[1];
  const what = named ? `the date of "${named.trim()}"` : 'a date';
  return {
    text: `I need ${what} to work that out; say it like "how many days until March 3" or "what day is 2027-07-04".`,
    confidence: 0.2,
  };
}

function shift(date: CivilDate, amount: number, unit: string): CivilDate {
  if (unit === 'day') return civilDateOfDayNumber(dayNumber(date) + amount);
  if (unit === 'week') return civilDateOfDayNumber(dayNumber(date) + amount * 7);
  return addMonths(date, unit === 'month' ? amount : amount * 12);
}

/** "35 days", or "106 days (15 weeks and 1 day)" when the question asks in weeks or the span is long. */
function describeSpan(days: number, text: string, language: Language = 'en'): string {
  const base = `${days} ${unitWord('day', days, language)}`;
  if (days < 14 && !/\bweeks?\b/.test(text)) return base;
  const weeks = Math.floor(days / 7);
  const rest = days % 7;
  const and = { en: 'and', fr: 'et', de: 'und', es: 'y' }[language];
  return `${base} (${weeks} ${unitWord('week', weeks, language)}${rest ? ` ${and} ${rest} ${unitWord('day', rest, language)}` : ''})`;
}

const UNIT_WORDS: Record<Exclude<Language, 'en'>, Record<string, [string, string]>> = {
  fr: { day: ['jour', 'jours'], week: ['semaine', 'semaines'], month: ['mois', 'mois'], year: ['an', 'ans'] },
  de: { day: ['Tag', 'Tage'], week: ['Woche', 'Wochen'], month: ['Monat', 'Monate'], year: ['Jahr', 'Jahre'] },
  es: { day: ['día', 'días'], week: ['semana', 'semanas'], month: ['mes', 'meses'], year: ['año', 'años'] },
};

function unitWord(unit: string, amount: number, language: Language): string {
  const singular = unit.replace(/s$/, '');
  if (language === 'en') return `${singular}${amount === 1 ? '' : 's'}`;
  return UNIT_WORDS[language][singular]?.[amount === 1 ? 0 : 1] ?? singular;
}

function countSentence(language: Exclude<Language, 'en'>, days: number, length: string, between: boolean, direction: Direction, from: string, to: string): string {
  if (between) return { fr: `Il y a ${length} entre ${from} et ${to}.`, de: `Zwischen ${from} und ${to} liegen ${length}.`, es: `Hay ${length} entre el ${from} y el ${to}.` }[language];
  if (direction === 'past') {
    return days < 0
      ? { fr: `${capitalise(from)} est encore dans ${length}.`, de: `Bis ${from} sind es noch ${length}.`, es: `Faltan ${length} para el ${from}.` }[language]
      : { fr: `Cela fait ${length} depuis ${from}.`, de: `Seit ${from} sind ${length} vergangen.`, es: `Han pasado ${length} desde el ${from}.` }[language];
  }
  if (days === 0) return { fr: `C'est aujourd'hui : ${to}.`, de: `Das ist heute: ${to}.`, es: `Es hoy: ${to}.` }[language];
  return days > 0
    ? { fr: `Il reste ${length} jusqu'au ${to}.`, de: `Bis ${to} sind es noch ${length}.`, es: `Faltan ${length} para el ${to}.` }[language]
    : { fr: `${capitalise(to)}, c'était il y a ${length}.`, de: `${capitalise(to)} war vor ${length}.`, es: `El ${to} fue hace ${length}.` }[language];
}

function describeMention(mention: DateMention): string {
  return mention.phrase.replace(/\b(christmas|halloween|easter|thanksgiving|valentine|patrick|[a-z]+day)\b/g, (word) => capitalise(word));
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
function isoWeek(date: CivilDate): { week: number; year: number } {
  const day = dayNumber(date);
  const thursday = civilDateOfDayNumber(day - ((weekdayOf(date) + 6) % 7) + 3);
  const firstDay = dayNumber({ year: thursday.year, month: 1, day: 1 });
  return { week: Math.floor((dayNumber(thursday) - firstDay) / 7) + 1, year: thursday.year };
}

const count = (word: string) => (word === 'a' || word === 'an' || word === 'one' ? 1 : Number(word));
const isoDate = (date: CivilDate) => `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const answer = (text: string, data: unknown): AgentOutput => ({ text, confidence: 0.9, data });

const DATE_EXAMPLES = [
  'how many days until Christmas',
  'how many days until New Year',
  'how many days between March 1 and June 15',
  'days from 2026-01-01 to 2026-12-25',
  'how many weeks until July 4th',
  'how many days since January 1',
  'how long ago was Halloween',
  'what day of the week is July 4 2027',
  'what day was 1 January 2000',
  'what day does Christmas fall on this year',
  'which weekday is the 14th of February',
  "what's the date 90 days from today",
  'what date is 3 weeks from now',
  'what was the date 100 days ago',
  'what will the date be in 6 months',
  'what is 10 days after March 28',
  'what day will it be in 10 days',
  'when is Thanksgiving this year',
  'when is Easter next year',
  "what's the date next Friday",
  'is 2028 a leap year',
  'is this year a leap year',
  'what week number is it',
  'how many days are left in the year',
  'count the days until my vacation on August 12',
  'how many days till Valentines day',
];
