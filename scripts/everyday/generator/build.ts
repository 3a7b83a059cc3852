import type { EverydayQuestion, Expectation, Language } from '../checks.ts';
import {
  between,
  chance,
  clockTime,
  duration,
  durationNumbers,
  joinQuantity,
  pick,
  span,
  unitAfter,
  unitAlone,
  UNITS,
  writeDate,
  writeNumber,
  type Random,
  type Split,
} from './forms.ts';
import { addDays, CITIES, clockAt, convert, daysBetween, iso, TODAY, weekdayInAnyLanguage, weekdayOf, type CivilDate } from './world.ts';

// Templates crossed with vocabulary: each template is a meaning (multiply two numbers, the time in
// a city, a reminder in some time) and the phrasings that say it; each item picks a phrasing, fills
// its slots ({a}, {city}, {dur}, ...) with values written the way people write them, and computes
// the expected answer from the values alone.

export type Kind =
  | 'add' | 'sub' | 'mul' | 'div' | 'square' | 'sqrt'
  | 'half' | 'third' | 'quarter' | 'twoThirds' | 'threeQuarters' | 'double' | 'triple'
  | 'percentOf' | 'increase' | 'decrease' | 'share' | 'tip'
  | 'convert' | 'timeIn'
  | 'dateIn' | 'dateAgo' | 'dateAfter' | 'dateBefore' | 'weekdayOf' | 'daysBetween' | 'daysUntil'
  | 'timer' | 'alarm' | 'reminderIn' | 'reminderAt' | 'timerLeft';

/** What a follow-up does to the last result: "now divide it by 4", "double that", "20% of it". */
export type FollowOp = 'add' | 'sub' | 'mul' | 'div' | 'half' | 'double' | 'percentOf';

/**
 * One meaning and the phrasings that say it. Slots: {a} {b} {x} {p} {c} numbers ("#" after the
 * name: digits only, "~": words); {qty} a quantity with its unit and {to} the unit to convert to;
 * {city}; {span} / {span:dat} days or weeks; {date} {date2}; {dur} / {dur:dat} a duration;
 * {clock} a time with its preposition, {clock:bare} without; {task} / {task:zu} / {task:subj}.
 */
export interface Template {
  kind: Kind;
  say: string[];
  /** For 'convert': the conversions it may ask (default: all). */
  units?: [string, string][];
  /** For 'timerLeft': how the second question asks. */
  then?: string[];
}

/** A calculation, then a follow-up that refers to its result with a pronoun. */
export interface FollowUpTemplate {
  kind: 'followup';
  first: 'add' | 'mul';
  firstSay: string[];
  op: FollowOp;
  say: string[];
}

export interface Task {
  /** "call mum", "appeler maman", "Mama anrufen", "llamar a mamá". */
  inf: string;
  /** German: "Mama anzurufen". */
  zu?: string;
  /** Spanish: "llame a mamá" (after "que"). */
  subj?: string;
  /** A word the answer must repeat. */
  key: string;
}

export interface LanguageTemplates {
  templates: (Template | FollowUpTemplate)[];
  cities: (keyof typeof CITIES)[];
  tasks: Task[];
  /** Words people add around a request, "_" standing for it: "_ please", "bitte _", "oye, _". */
  polite: string[];
}

export interface GeneratedQuestion extends EverydayQuestion {
  /** Which template made it: "<split>/<lang>/<index>/<kind>". */
  template: string;
}

const CATEGORY: Record<Kind | 'followup', string> = {
  add: 'arithmetic', sub: 'arithmetic', mul: 'arithmetic', div: 'arithmetic', square: 'arithmetic', sqrt: 'arithmetic',
  half: 'arithmetic', third: 'arithmetic', quarter: 'arithmetic', twoThirds: 'arithmetic', threeQuarters: 'arithmetic', double: 'arithmetic', triple: 'arithmetic',
  percentOf: 'percent', increase: 'percent', decrease: 'percent', share: 'percent', tip: 'percent',
  convert: 'units', timeIn: 'time',
  dateIn: 'date', dateAgo: 'date', dateAfter: 'date', dateBefore: 'date', weekdayOf: 'date', daysBetween: 'date', daysUntil: 'date',
  timer: 'timers', alarm: 'timers', reminderIn: 'timers', reminderAt: 'timers', timerLeft: 'timers',
  followup: 'followup',
};

/** Values for a template's slots (numbers are written when the phrasing is filled in). */
type Slots = Record<string, string | number>;

interface Meaning {
  slots: Slots;
  expect: Expectation;
  /** Numbers said in the question: the expected number must not be one of them (an echo would pass). */
  operands: number[];
}

const round = (value: number) => Math.round(value * 100) / 100;
const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.006, Math.abs(b) * 0.005);

const DURATION_UNITS = ['hour', 'heure', 'stunde', 'hora', 'minut', 'min', 'second', 'sekund', 'segund'];

function arithmetic(kind: Kind, random: Random): Meaning | null {
  const number = (slots: Slots, value: number, operands: number[]): Meaning => ({ slots, expect: { numbers: [round(value)] }, operands });
  switch (kind) {
    case 'add': {
      const a = between(random, 3, chance(random, 0.3) ? 999 : 99);
      const b = between(random, 3, 99);
      return number({ a, b }, a + b, [a, b]);
    }
    case 'sub': {
      const b = between(random, 3, 60);
      const a = b + between(random, 4, 120);
      return number({ a, b }, a - b, [a, b]);
    }
    case 'mul': {
      const a = between(random, 3, 25);
      const b = between(random, 3, 19);
      return number({ a, b }, a * b, [a, b]);
    }
    case 'div': {
      const b = between(random, 2, 12);
      const q = between(random, 3, 40);
      return number({ a: b * q, b }, q, [b * q, b]);
    }
    case 'square': {
      const a = between(random, 4, 30);
      return number({ a }, a * a, [a]);
    }
    case 'sqrt': {
      const k = between(random, 4, 30);
      return number({ a: k * k }, k, [k * k]);
    }
    case 'half': {
      const x = 2 * between(random, 6, 150);
      return number({ x }, x / 2, [x]);
    }
    case 'third': {
      const x = 3 * between(random, 4, 80);
      return number({ x }, x / 3, [x]);
    }
    case 'quarter': {
      const x = 4 * between(random, 3, 60);
      return number({ x }, x / 4, [x]);
    }
    case 'twoThirds': {
      const x = 3 * between(random, 4, 60);
      return number({ x }, (2 * x) / 3, [x, 2, 3]);
    }
    case 'threeQuarters': {
      const x = 4 * between(random, 3, 50);
      return number({ x }, (3 * x) / 4, [x, 3, 4]);
    }
    case 'double': {
      const x = between(random, 6, 250);
      return number({ x }, 2 * x, [x]);
    }
    case 'triple': {
      const x = between(random, 4, 120);
      return number({ x }, 3 * x, [x]);
    }
    case 'percentOf': {
      const p = pick(random, [5, 8, 10, 12, 15, 18, 20, 25, 30, 40, 75]);
      const x = chance(random, 0.25) ? between(random, 1000, 9999) / 100 : pick(random, [40, 60, 80, 120, 150, 200, 240, 250, 360, 400, 500, 640, 1200]);
      return number({ p, x }, (p * x) / 100, [p, x]);
    }
    case 'increase':
    case 'decrease': {
      const p = pick(random, [5, 10, 15, 20, 25, 30, 40]);
      const x = pick(random, [40, 60, 80, 120, 150, 200, 250, 300, 360, 500, 800]);
      return number({ p, x }, kind === 'increase' ? x * (1 + p / 100) : x * (1 - p / 100), [p, x]);
    }
    case 'share': {
      const whole = pick(random, [20, 40, 50, 80, 120, 200, 250, 400, 500]);
      const share = pick(random, [5, 10, 15, 20, 25, 30, 40, 60, 75]);
      const part = (whole * share) / 100;
      if (!Number.isInteger(part)) return null;
      return number({ a: part, b: whole }, share, [part, whole]);
    }
    case 'tip': {
      const p = pick(random, [10, 12, 15, 18, 20, 25]);
      const x = chance(random, 0.4) ? between(random, 1500, 12000) / 100 : between(random, 15, 180);
      return number({ p, x }, (p * x) / 100, [p, x]);
    }
    default:
      return null;
  }
}

function conversionValue(from: string, random: Random): number {
  switch (from) {
    case 'mile': return pick(random, [2, 3, 5, 10, 13.1, 20, 26.2, 50, 100]);
    case 'km': return pick(random, [5, 10, 21, 42, 80, 100, 160, 250]);
    case 'lb': return pick(random, [2, 5, 10, 20, 45, 150, 180, 200]);
    case 'kg': return pick(random, [2, 3, 5, 10, 25, 60, 70, 85]);
    case 'inch': return pick(random, [2, 6, 10, 12, 24, 32, 55]);
    case 'cm': return pick(random, [5, 10, 30, 50, 100, 180]);
    case 'foot': return pick(random, [3, 5, 6, 8, 10, 12, 100]);
    case 'gallon': return pick(random, [2, 3, 5, 10, 15]);
    case 'liter': return pick(random, [2, 4, 5, 10, 20, 50]);
    case 'ounce': return pick(random, [2, 4, 6, 8, 12, 16]);
    case 'gram': return pick(random, [50, 100, 250, 500, 750]);
    case 'fahrenheit': return pick(random, [0, 50, 68, 72, 80, 90, 98.6, 100, 212, 350, 400]);
    case 'celsius': return pick(random, [-10, 5, 15, 20, 25, 30, 37, 40, 180, 200]);
    default: throw new Error(`no values for ${from}`);
  }
}

export const ALL_CONVERSIONS: [string, string][] = [
  ['mile', 'km'], ['km', 'mile'], ['lb', 'kg'], ['kg', 'lb'], ['inch', 'cm'], ['cm', 'inch'], ['foot', 'm'],
  ['gallon', 'liter'], ['liter', 'gallon'], ['ounce', 'gram'], ['gram', 'ounce'], ['fahrenheit', 'celsius'], ['celsius', 'fahrenheit'],
];

/** A date after today, in 2026 or 2027, on a day that exists in every month. */
function someDate(random: Random): CivilDate {
  for (;;) {
    const date = { year: pick(random, [2026, 2027, 2027]), month: between(random, 1, 12), day: between(random, 1, 28) };
    if (daysBetween(TODAY, date) > 3) return date;
  }
}

function meaningOf(template: Template, language: Language, split: Split, set: LanguageTemplates, random: Random): Meaning | null {
  const kind = template.kind;
  const made = arithmetic(kind, random);
  if (made) return made;
  switch (kind) {
    case 'convert': {
      const [from, to] = pick(random, template.units ?? ALL_CONVERSIONS);
      const x = conversionValue(from, random);
      const names = UNITS[language];
      const number = writeNumber(x, language, random, Number.isInteger(x) && x > 0 && x <= 20 ? 'any' : 'digits');
      const qty = joinQuantity(number, unitAfter(x, names[from]!, random));
      return { slots: { qty, to: unitAlone(names[to]!, random) }, expect: { numbers: [round(convert(x, from, to))] }, operands: [x] };
    }
    case 'timeIn': {
      const key = pick(random, set.cities);
      const city = CITIES[key]!;
      return { slots: { city: pick(random, city.names[language]) }, expect: { time: clockAt(city.offset) }, operands: [] };
    }
    case 'dateIn':
    case 'dateAgo': {
      const said = span(language, random);
      const date = addDays(TODAY, kind === 'dateIn' ? said.days : -said.days);
      return { slots: { span: said.text, 'span:dat': said.dative }, expect: { date: iso(date) }, operands: [] };
    }
    case 'dateAfter':
    case 'dateBefore': {
      const said = span(language, random);
      const base = someDate(random);
      const date = addDays(base, kind === 'dateAfter' ? said.days : -said.days);
      return { slots: { span: said.text, 'span:dat': said.dative, date: writeDate(base, language, split, random) }, expect: { date: iso(date) }, operands: [] };
    }
    case 'weekdayOf': {
      const date = someDate(random);
      return { slots: { date: writeDate(date, language, split, random) }, expect: { any: weekdayInAnyLanguage(weekdayOf(date)) }, operands: [] };
    }
    case 'daysBetween': {
      const first = someDate(random);
      const second = addDays(first, between(random, 5, 200));
      const days = daysBetween(first, second);
      return {
        slots: { date: writeDate(first, language, split, random), date2: writeDate(second, language, split, random) },
        expect: { numbers: [days] },
        operands: [first.day, second.day, first.year, second.year],
      };
    }
    case 'daysUntil': {
      const date = someDate(random);
      const days = daysBetween(TODAY, date);
      return { slots: { date: writeDate(date, language, split, random) }, expect: { numbers: [days] }, operands: [date.day, date.year] };
    }
    case 'timer':
    case 'timerLeft': {
      const said = duration(language, split, random);
      const numbers = durationNumbers(said.seconds);
      return { slots: { dur: said.text, 'dur:dat': said.dative }, expect: { numbers, any: DURATION_UNITS }, operands: [] };
    }
    case 'alarm': {
      const clock = clockTime(language, split, random);
      return { slots: { clock: clock.at, 'clock:bare': clock.bare }, expect: { time: clock.time }, operands: [] };
    }
    case 'reminderIn': {
      const said = duration(language, split, random);
      const task = pick(random, set.tasks);
      return { slots: { dur: said.text, 'dur:dat': said.dative, ...taskSlots(task) }, expect: { numbers: durationNumbers(said.seconds), all: [task.key] }, operands: [] };
    }
    case 'reminderAt': {
      const clock = clockTime(language, split, random);
      const task = pick(random, set.tasks);
      return { slots: { clock: clock.at, 'clock:bare': clock.bare, ...taskSlots(task) }, expect: { time: clock.time, all: [task.key] }, operands: [] };
    }
    default:
      return null;
  }
}

const taskSlots = (task: Task): Slots => ({ task: task.inf, 'task:zu': task.zu ?? task.inf, 'task:subj': task.subj ?? task.inf });

/** The result of a follow-up's operation on the first result, with the operand it names (if any). */
function followUp(op: FollowOp, result: number, random: Random): { c: number | null; value: number } | null {
  switch (op) {
    case 'add': {
      const c = between(random, 3, 50);
      return { c, value: result + c };
    }
    case 'sub': {
      const c = between(random, 2, Math.max(2, Math.min(50, result - 2)));
      return result - c > 0 ? { c, value: result - c } : null;
    }
    case 'mul': {
      const c = between(random, 2, 9);
      return { c, value: result * c };
    }
    case 'div': {
      const divisors = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12].filter((d) => result % d === 0 && result / d !== d);
      if (divisors.length === 0) return null;
      const c = pick(random, divisors);
      return { c, value: result / c };
    }
    case 'half':
      return result % 2 === 0 ? { c: null, value: result / 2 } : null;
    case 'double':
      return { c: null, value: result * 2 };
    case 'percentOf': {
      const c = pick(random, [10, 20, 25, 50]);
      const value = (result * c) / 100;
      return Number.isInteger(value) ? { c, value } : null;
    }
  }
}

/** Fills a phrasing's slots; numbers are written now, digits or words as the slot allows. */
function fill(phrasing: string, slots: Slots, language: Language, random: Random): string {
  const out = phrasing.replace(/\{([a-z0-9]+(?::[a-z]+)?)([#~]?)\}(?=( ?%)?)/g, (_all, name: string, mode: string, percentSign: string | undefined) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`no value for {${name}} in "${phrasing}"`);
    if (typeof value === 'string') return value;
    // Nobody writes "quinze %": a number before a percent sign is in digits.
    return writeNumber(value, language, random, mode === '#' || percentSign ? 'digits' : mode === '~' ? 'words' : 'any');
  });
  if (language === 'fr') return out.replace(/\b(d|qu)e ([aeiouyàâéèêîôû])/giu, "$1'$2").replace(/(^|\s)à Le /g, '$1au ');
  return out;
}

/** A word the answer must repeat, spelled as the question wrote it ("Muell" when typed without umlauts). */
function asWrittenIn(key: string, question: string): string {
  const plain = (text: string) => text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const transliterated = key.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue');
  return !plain(question).includes(plain(key)) && plain(question).includes(plain(transliterated)) ? transliterated : key;
}

/** Written the way people type: with or without accents, capitals, question marks, a polite word. */
function casual(text: string, language: Language, polite: readonly string[], random: Random): string {
  let out = text;
  const firstWord = (form: string) => form.replace(/[_,:]/g, ' ').trim().split(/\s+/)[0]!.toLowerCase();
  const alreadyPolite = polite.some((form) => text.toLowerCase().split(/[\s,?]+/).includes(firstWord(form)));
  if (polite.length > 0 && !alreadyPolite && chance(random, 0.15)) {
    const question = /\?$/.test(out);
    out = `${pick(random, polite).replace('_', out.replace(/\s*\?$/, ''))}${question ? '?' : ''}`;
  }
  if (chance(random, 0.5)) out = out.replace(/\s*\?$/, '').replace(/^¿\s*/, '');
  else if (language === 'es' && chance(random, 0.4)) out = out.replace(/^¿\s*/, '');
  if (chance(random, 0.2)) {
    if (language === 'de' && chance(random, 0.4)) out = out.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue');
    out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss');
  }
  const casing = random();
  if (casing < 0.45) out = out.toLowerCase();
  else if (casing < 0.8) out = out.charAt(0).toUpperCase() + out.slice(1);
  return out;
}

/** Every template of one language and split, each asked `perTemplate` times with fresh values. */
export function generate(language: Language, split: Split, set: LanguageTemplates, perTemplate: number, random: Random): GeneratedQuestion[] {
  const out: GeneratedQuestion[] = [];
  const seen = new Set<string>();
  const counters = new Map<string, number>();
  const id = (category: string) => {
    const next = (counters.get(category) ?? 0) + 1;
    counters.set(category, next);
    return `${language}-${category}-${split === 'dev' ? 'd' : 'h'}${String(next).padStart(3, '0')}`;
  };
  let sessions = 0;
  set.templates.forEach((template, index) => {
    const name = `${split}/${language}/${index}/${template.kind === 'followup' ? `followup-${template.op}` : template.kind}`;
    for (let made = 0, tries = 0; made < perTemplate && tries < perTemplate * 30; tries++) {
      const items = instantiate(template, language, split, set, random);
      if (!items || items.some((item) => seen.has(item.q))) continue;
      const session = items.length > 1 ? `${language}-${split === 'dev' ? 'd' : 'h'}-s${String(++sessions).padStart(3, '0')}` : undefined;
      for (const item of items) {
        seen.add(item.q);
        out.push({ id: id(item.category), lang: language, category: item.category, q: item.q, ...(session ? { session } : {}), expect: item.expect, template: name });
      }
      made++;
    }
  });
  return out;
}

interface Item {
  category: string;
  q: string;
  expect: Expectation;
}

function instantiate(template: Template | FollowUpTemplate, language: Language, split: Split, set: LanguageTemplates, random: Random): Item[] | null {
  if (template.kind === 'followup') {
    const first = arithmetic(template.first, random)!;
    const result = first.expect.numbers![0]!;
    const next = followUp(template.op, result, random);
    if (!next || [result, ...first.operands, ...(next.c === null ? [] : [next.c])].some((value) => close(next.value, value))) return null;
    const q1 = casual(fill(pick(random, template.firstSay), first.slots, language, random), language, [], random);
    const q2 = casual(fill(pick(random, template.say), next.c === null ? {} : { c: next.c }, language, random), language, [], random);
    return [
      { category: 'arithmetic', q: q1, expect: first.expect },
      { category: 'followup', q: q2, expect: { numbers: [round(next.value)] } },
    ];
  }
  const meaning = meaningOf(template, language, split, set, random);
  if (!meaning) return null;
  const expected = meaning.expect.numbers ?? [];
  if (expected.some((value) => meaning.operands.some((operand) => close(value, operand)))) return null;
  const q = casual(fill(pick(random, template.say), meaning.slots, language, random), language, set.polite, random);
  if (meaning.expect.all) meaning.expect.all = meaning.expect.all.map((key) => asWrittenIn(key, q));
  const category = CATEGORY[template.kind];
  if (template.kind === 'timerLeft') {
    const then = casual(pick(random, template.then ?? []), language, [], random);
    return [
      { category, q, expect: meaning.expect },
      { category, q: then, expect: { numbers: meaning.expect.numbers! } },
    ];
  }
  return [{ category, q, expect: meaning.expect }];
}
