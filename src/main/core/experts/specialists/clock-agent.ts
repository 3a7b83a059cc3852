import type { Language } from '../../language/language.ts';
import { abstain, type Agent, type AgentAbstention, type AgentContext, type AgentOutput } from '../../moe/agent.ts';
import { wordsToNumbers } from './calculator-phrasing.ts';
import { findDateMentions } from './date-mentions.ts';
import { findPlaces, normaliseForPlaces, type Place, type PlaceMention } from './time-zone-places.ts';
import {
  canonicalTimeZone,
  formatHoursAndMinutes,
  formatLongDate,
  formatTime,
  formatUtcOffset,
  supportedLocale,
  instantOfWallTime,
  timeZoneLongName,
  utcOffsetMinutes,
  wallTimeIn,
} from './zoned-time.ts';

// Current time and date here or anywhere, time zone differences and converting a clock time between
// zones. Everything comes from context.now and Intl's zone data; nothing is looked up online.

const NOT_MINE = 'not a question about the current time, date or time zones';

const TIME_ASKED = [
  /\bwhat(?:'s| is)?(?: the)?(?: current| local| exact)? time\b(?! (?:does|do|did|will|should|can|could|would|are|was|were)\b)(?! is (?:the|my|our|your|his|her|their|a|an)\b)/,
  /\btime (?:is it|now|right now)\b/,
  /\b(?:current|local|exact) time\b/,
  /\btell me the time\b|\bgot the time\b|\bwhat hour is it\b/,
];
const DATE_ASKED = [
  /\bwhat(?:'s| is)? (?:the |today's |todays )?date\b/,
  /\b(?:today's|todays) date\b|\bdate (?:today|is it)\b/,
  /\b(?:what|which) day(?: of the week)? is (?:it|today)\b/,
  /\bwhat(?:'s| is) today\b|\bday is it\b/,
];
const YEAR_ASKED = /\bwhat year is (?:it|this)\b|\bwhat(?:'s| is) the (?:current )?year\b|\bcurrent year\b/;
const MONTH_ASKED = /\bwhat month is (?:it|this)\b|\bwhat(?:'s| is) the (?:current )?month\b|\bcurrent month\b/;
const DIFFERENCE_ASKED =
  /\btime difference\b|\bdifference in time\b|\bhours? (?:ahead|behind|apart|difference)\b|\b(?:ahead|behind) of\b|\bhow (?:far |much )?(?:ahead|behind)\b|\bdifference between\b/;
const ZONE_ASKED = /\btime ?zones?\b|\b(?:utc|gmt) offset\b|\boffset from (?:utc|gmt)\b/;
const CLOCK_TIME = /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?|\b(\d{1,2}):(\d{2})\b|\b(noon|midday|midnight)\b/;
const TIME_IN_PLACE = /\btime (?:in|at|for|over in) /;
/** "how many minutes until 5pm", "how long till 6:30", "time until noon", "minutes before 17:00". */
const UNTIL_CLOCK_TIME = /\b(?:how (?:many|much) (?:more )?(?:minutes|hours|time)|how long|time|minutes|hours)(?: is it| is there| are there| do i have| left| remain(?:ing)?)? (?:until|till|til|before|to) (.+)$/;
const MY_ZONE = /\b(?:my time|my time ?zone|here|local time|for me|where i am)\b/;
/** Dates away from today belong to the date calculator: "the date 90 days from today", "next Friday". */
const RELATIVE_DATE =
  /\b(?:from (?:today|now)|ago|until|till|since|tomorrow|yesterday|day after|day before|tonight|(?:next|last|coming) (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|in (?:\d+|a|an) (?:minutes?|hours?|days?|weeks?|months?|years?)|(?:\d+|a|an) (?:days?|weeks?|months?|years?) (?:after|before|from|later|earlier|back|prior)|(?:plus|minus) (?:\d+|a|an) (?:days?|weeks?|months?|years?))\b/;
const UNKNOWN_PLACE = /\b(?:in|at|for)\s+(?:the\s+)?([a-z][a-z .'-]{1,40}?)\s*(?:right now|now|today|currently|time)?\s*[?.!]*$/;

export function createClockAgent(): Agent {
  return {
    name: 'clock',
    description:
      'Tells the current time and date here or in any city, country or IANA time zone, the time difference between places, which time zone a place uses, and converts a clock time from one zone to another.',
    capabilities: ['current time', 'current date', 'day of the week today', 'time zones', 'time difference', 'convert a time between zones'],
    examples: CLOCK_EXAMPLES,
    provider: 'local',
    cache: { cacheable: false, reason: 'the answer depends on the current time' },
    selfSelecting: true,
    dependsOn: [],
    async execute(query, context, signal) {
      signal.throwIfAborted();
      return answerClockQuestion(query, context);
    },
  };
}

export function answerClockQuestion(query: string, rawContext: AgentContext): AgentOutput | AgentAbstention {
  const context = { ...rawContext, locale: supportedLocale(rawContext.locale) };
  const text = query.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
  const places = findPlaces(text);
  const user = userZone(context);
  // "What day is 23 January 2027?" is about another date: the date calculator's.
  if (namesAnotherDate(text, context)) return abstain(NOT_MINE);

  const until = UNTIL_CLOCK_TIME.exec(text);
  if (until) {
    const target = CLOCK_TIME.exec(until[1]!);
    if (target) return timeUntil(target, places[0]?.place ?? user, context);
  }

  const clockTime = CLOCK_TIME.exec(text);
  if (clockTime && places.length > 0 && /\b(?:in|to|when|convert|be|is|what)\b/.test(text)) {
    return convertClockTime(text, clockTime, places, user, context);
  }
  if (DIFFERENCE_ASKED.test(text) && places.length > 0) return timeDifference(places, user, context);
  if (ZONE_ASKED.test(text)) return zoneOf(places[0]?.place ?? user, places.length === 0, context);

  const asksDate = DATE_ASKED.some((pattern) => pattern.test(text));
  const asksYear = YEAR_ASKED.test(text);
  const asksMonth = MONTH_ASKED.test(text);
  const asksTime =
    TIME_ASKED.some((pattern) => pattern.test(text)) || (TIME_IN_PLACE.test(text) && places.length > 0) || /^(?:the )?time\??$/.test(text) || placeThenTime(text, places);
  if ((!asksDate && !asksYear && !asksMonth && !asksTime) || RELATIVE_DATE.test(wordsToNumbers(text))) return abstain(NOT_MINE);

  if (asksTime && places.length >= 2) return timesInPlaces(places.map((mention) => mention.place), context);
  const place = places[0]?.place ?? null;
  if (!place && !MY_ZONE.test(text)) {
    const unknown = UNKNOWN_PLACE.exec(text)?.[1]?.trim();
    if (unknown && !/^(?:the )?(?:morning|afternoon|evening|world|moment|world right now)$/.test(unknown)) {
      return {
        text: `I don't know which time zone "${unknown}" is in. Try a major city, a country, or a zone such as Europe/Paris.`,
        confidence: 0.2,
        data: { unknownPlace: unknown },
      };
    }
  }
  const where = place ?? user;
  const local = wallTimeIn(where.timeZone, context.now);
  const data = {
    timeZone: where.timeZone,
    epochMs: context.now,
    utcOffsetMinutes: utcOffsetMinutes(where.timeZone, context.now),
    local,
  };
  const date = formatLongDate(context.now, where.timeZone, context.locale);
  const language = context.language;
  const note = place?.note && language === 'en' ? ` (${place.note}.)` : '';
  const relative = place ? relativeToUser(place, user, context.now, language) : '';

  let sentence: string;
  if (asksYear && !asksTime && !asksDate) sentence = say.it(language, place?.name ?? null, String(local.year));
  else if (asksMonth && !asksTime && !asksDate) {
    const month = new Intl.DateTimeFormat(context.locale, { timeZone: where.timeZone, month: 'long', year: 'numeric' }).format(context.now);
    sentence = say.it(language, place?.name ?? null, month);
  } else if (asksDate && !asksTime) sentence = say.date(language, place?.name ?? null, date);
  else sentence = say.time(language, place?.name ?? null, formatTime(context.now, where.timeZone, context.locale), date);
  return { text: capitalise(`${sentence}${relative}${note}`), confidence: 0.95, data };
}

/** A date written with a number in it ("23 january 2027", "12/25", "16.10.2027"). */
function namesAnotherDate(text: string, context: AgentContext): boolean {
  const zone = canonicalTimeZone(context.timeZone) ? context.timeZone : 'UTC';
  const now = wallTimeIn(zone, context.now);
  return findDateMentions(text.replace(/[?!.,]+(?=\s|$)/g, ''), { year: now.year, month: now.month, day: now.day }, 'future', context.locale).some((mention) => /\d/.test(mention.phrase));
}

/** "Tokyo time", "London time now": a place and nothing else but the word time. */
function placeThenTime(text: string, places: PlaceMention[]): boolean {
  const words = normaliseForPlaces(text.replace(/[?!.]+$/, ''));
  const place = places[0];
  if (!place) return false;
  const before = words.slice(0, place.start).join(' ');
  const after = words.slice(place.end).join(' ');
  return /^(?:(?:ok|okay|hey|so|and|please) ?)*(?:the ?)?(?:(?:current|local|exact) ?)?$/.test(before) && /^(?:time|local time|current time)(?: now| right now| please)?$/.test(after);
}

/** "What time is it in Tokyo and London?": one clause per place. */
function timesInPlaces(places: Place[], context: AgentContext): AgentOutput {
  const words = LIST_WORDS[context.language];
  const clauses = places.map((place) => `${formatTime(context.now, place.timeZone, context.locale)} ${words.in} ${place.name}`);
  const list = `${clauses.slice(0, -1).join(', ')} ${words.and} ${clauses.at(-1)}`;
  return {
    text: { en: `It's ${list}.`, fr: `Il est ${list}.`, de: `Es ist ${list}.`, es: `Son las ${list}.` }[context.language],
    confidence: 0.95,
    data: places.map((place) => ({ timeZone: place.timeZone, utcOffsetMinutes: utcOffsetMinutes(place.timeZone, context.now) })),
  };
}

function timeDifference(places: PlaceMention[], user: Place, context: AgentContext): AgentOutput {
  const [first, second] = [places[0]!.place, places[1]?.place ?? user];
  const delta = utcOffsetMinutes(first.timeZone, context.now) - utcOffsetMinutes(second.timeZone, context.now);
  const language = context.language;
  const you = { en: 'you', fr: 'vous', de: 'dir', es: 'ti' }[language];
  const secondName = places[1] ? second.name : `${you} (${second.name})`;
  const span = formatHoursAndMinutes(Math.abs(delta), language);
  const ahead = delta > 0;
  const text =
    delta === 0
      ? { en: `${first.name} and ${secondName} are on the same time right now.`, fr: `${first.name} et ${secondName} sont à la même heure en ce moment.`, de: `${first.name} und ${secondName} haben gerade dieselbe Uhrzeit.`, es: `${first.name} y ${secondName} tienen ahora la misma hora.` }[language]
      : {
          en: `${first.name} is ${span} ${ahead ? 'ahead of' : 'behind'} ${secondName} right now.`,
          fr: `${first.name} a ${span} ${ahead ? "d'avance sur" : 'de retard sur'} ${secondName} en ce moment.`,
          de: `${first.name} ist ${secondName} gerade ${span} ${ahead ? 'voraus' : 'hinterher'}.`,
          es: `${first.name} va ${span} ${ahead ? 'por delante de' : 'por detrás de'} ${secondName} ahora mismo.`,
        }[language];
  return {
    text,
    confidence: 0.95,
    data: { from: first.timeZone, to: second.timeZone, differenceMinutes: delta },
  };
}

function zoneOf(place: Place, isUser: boolean, context: AgentContext): AgentOutput {
  const offset = utcOffsetMinutes(place.timeZone, context.now);
  const name = timeZoneLongName(place.timeZone, context.now, context.locale);
  const subject = isUser ? 'Your time zone is' : `${place.name} uses the time zone`;
  return {
    text: `${subject} ${place.timeZone}: ${name}, ${formatUtcOffset(offset)} right now.${place.note ? ` (${place.note}.)` : ''}`,
    confidence: 0.95,
    data: { timeZone: place.timeZone, utcOffsetMinutes: offset },
  };
}

function convertClockTime(
  text: string,
  match: RegExpExecArray,
  places: PlaceMention[],
  user: Place,
  context: AgentContext,
): AgentOutput {
  const hour = clockHour(match);
  const minute = Number(match[2] ?? match[5] ?? 0);
  if (hour === null || minute > 59) {
    return { text: `"${match[0]}" isn't a time of day I can read.`, confidence: 0.3 };
  }
  const tokenWord = normaliseForPlaces(text.slice(0, match.index)).length;
  const follows = (mention: PlaceMention) => mention.start >= tokenWord && mention.start - tokenWord <= 4;
  let source: Place;
  let target: Place;
  if (places.length >= 2) {
    const sourceMention = places.find(follows) ?? places[0]!;
    source = sourceMention.place;
    target = places.find((mention) => mention !== sourceMention)!.place;
  } else if (follows(places[0]!)) {
    [source, target] = [places[0]!.place, user];
  } else {
    [source, target] = [user, places[0]!.place];
  }

  const today = wallTimeIn(source.timeZone, context.now);
  const instant = instantOfWallTime({ ...today, hour, minute }, source.timeZone);
  const sourceDay = formatWeekday(instant, source.timeZone, context.locale);
  const targetDay = formatWeekday(instant, target.timeZone, context.locale);
  const targetName = target === user ? `your time (${user.name})` : target.name;
  const dayNote = sourceDay === targetDay ? '' : ` on ${targetDay}`;
  return {
    text: `${formatTime(instant, source.timeZone, context.locale)} in ${source.name} is ${formatTime(instant, target.timeZone, context.locale)}${dayNote} in ${targetName}.`,
    confidence: 0.9,
    data: { from: source.timeZone, to: target.timeZone, epochMs: instant },
  };
}

/** "how many minutes until 5pm": from now to the next time the clock in `where` shows it. */
function timeUntil(match: RegExpExecArray, where: Place, context: AgentContext): AgentOutput {
  const hour = clockHour(match);
  const minute = Number(match[2] ?? match[5] ?? 0);
  if (hour === null || minute > 59) return { text: `"${match[0]}" isn't a time of day I can read.`, confidence: 0.3 };
  const today = wallTimeIn(where.timeZone, context.now);
  let instant = instantOfWallTime({ ...today, hour, minute }, where.timeZone);
  if (instant <= context.now) instant = instantOfWallTime({ ...wallTimeIn(where.timeZone, context.now + 86_400_000), hour, minute }, where.timeZone);
  const minutes = Math.round((instant - context.now) / 60_000);
  const at = formatTime(instant, where.timeZone, context.locale);
  const span = formatHoursAndMinutes(minutes, context.language);
  const count = minutes >= 60 ? ` (${minutes} ${{ en: 'minutes', fr: 'minutes', de: 'Minuten', es: 'minutos' }[context.language]})` : '';
  return {
    text: {
      en: `${capitalise(span)}${count} until ${at}.`,
      fr: `Il reste ${span}${count} jusqu'à ${at}.`,
      de: `Bis ${at} sind es noch ${span}${count}.`,
      es: `Faltan ${span}${count} para las ${at}.`,
    }[context.language],
    confidence: 0.95,
    data: { minutes, epochMs: instant },
  };
}

function clockHour(match: RegExpExecArray): number | null {
  if (match[6]) return match[6] === 'midnight' ? 0 : 12;
  if (match[1] !== undefined) {
    const hour = Number(match[1]);
    if (hour < 1 || hour > 12) return null;
    return (hour % 12) + (match[3] === 'p' ? 12 : 0);
  }
  const hour = Number(match[4]);
  return hour <= 23 ? hour : null;
}

function relativeToUser(place: Place, user: Place, now: number, language: Language): string {
  const delta = utcOffsetMinutes(place.timeZone, now) - utcOffsetMinutes(user.timeZone, now);
  if (delta === 0) return '';
  const span = formatHoursAndMinutes(Math.abs(delta), language);
  const ahead = delta > 0;
  return {
    en: ` That's ${span} ${ahead ? 'ahead of' : 'behind'} you.`,
    fr: ` C'est ${span} ${ahead ? "d'avance sur" : 'de retard sur'} vous.`,
    de: ` Das ist ${span} ${ahead ? 'vor' : 'hinter'} dir.`,
    es: ` Son ${span} ${ahead ? 'más' : 'menos'} que donde estás.`,
  }[language];
}

const LIST_WORDS: Record<Language, { in: string; and: string }> = {
  en: { in: 'in', and: 'and' },
  fr: { in: 'à', and: 'et' },
  de: { in: 'in', and: 'und' },
  es: { in: 'en', and: 'y' },
};

/** The clock's sentences in each language; `place` null means the user's own. */
const say = {
  time: (language: Language, place: string | null, time: string, date: string): string =>
    place
      ? { en: `In ${place}, it's ${time} on ${date}.`, fr: `À ${place}, il est ${time}, ${date}.`, de: `In ${place} ist es ${time}, ${date}.`, es: `En ${place} son las ${time}, ${date}.` }[language]
      : { en: `It's ${time} on ${date}.`, fr: `Il est ${time}, ${date}.`, de: `Es ist ${time}, ${date}.`, es: `Son las ${time}, ${date}.` }[language],
  date: (language: Language, place: string | null, date: string): string =>
    place
      ? { en: `In ${place}, it's ${date}.`, fr: `À ${place}, nous sommes ${date}.`, de: `In ${place} ist ${date}.`, es: `En ${place} es ${date}.` }[language]
      : { en: `Today is ${date}.`, fr: `Nous sommes ${date}.`, de: `Heute ist ${date}.`, es: `Hoy es ${date}.` }[language],
  it: (language: Language, place: string | null, value: string): string =>
    place
      ? { en: `In ${place}, it's ${value}.`, fr: `À ${place}, nous sommes en ${value}.`, de: `In ${place} ist ${value}.`, es: `En ${place} estamos en ${value}.` }[language]
      : { en: `It's ${value}.`, fr: `Nous sommes en ${value}.`, de: `Es ist ${value}.`, es: `Estamos en ${value}.` }[language],
};

/** The user's zone as a place named after its city ("Europe/Berlin" -> "Berlin"); UTC if unknown. */
function userZone(context: AgentContext): Place {
  const zone = canonicalTimeZone(context.timeZone) ? context.timeZone : 'UTC';
  const city = zone.includes('/') ? zone.split('/').at(-1)!.replace(/_/g, ' ') : zone;
  return { name: city, timeZone: zone };
}

const formatWeekday = (epochMs: number, timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(epochMs);

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const CLOCK_EXAMPLES = [
  'what time is it',
  "what's the time",
  'tell me the time please',
  'what time is it right now',
  'what time is it in Tokyo',
  'current time in New York',
  'time in London',
  "what's the local time in Dubai",
  'what time is it in India',
  'what is the time in Sydney right now',
  'what time is it in UTC',
  'time in Europe/Lisbon',
  'what day is it today',
  "what's today's date",
  'what is the date',
  'which day of the week is it',
  'what year is it',
  'what month is it',
  'what day is it in Auckland',
  "what's the time difference between London and Tokyo",
  'how many hours ahead is Sydney',
  'is Paris ahead of New York',
  'how far behind London is Los Angeles',
  'what time zone is Chicago in',
  "what's my time zone",
  'what is the UTC offset of India',
  'when it is 9 am in New York what time is it in London',
  'convert 3 pm Tokyo time to Berlin time',
  "if it's noon in Paris what time is it in Singapore",
  'what hour is it',
];
