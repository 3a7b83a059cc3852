import { unit as mathUnit } from 'mathjs';
import { STOPWORDS, stem } from './text.ts';

// Numbers with what they measure. Each fact carries the interval its written form allows, in SI
// units (mathjs converts), so "8,849 m" and "29,032 feet", or "100 °C" and "212 °F", agree, and
// "3.5" and "3.50" agree because both round to the precision of the less precise one.

export interface NumberFact {
  kind: 'number';
  /** 'length', 'mass', ... for units; 'percent'; 'currency:USD'; 'clock'; 'count' for bare numbers and counted nouns. */
  dimension: string;
  /** Stems of the counted noun ("2 small moons" -> small, moon); empty for units and bare numbers. */
  nouns: string[];
  /** Central value in SI units (or the plain value for counts, percent, currency). */
  value: number;
  /** Half-width of agreement around `value` for a point value; 0 for bounds and ranges. */
  tolerance: number;
  low: number;
  high: number;
  display: string;
  start: number;
  end: number;
}

interface UnitSpec {
  dimension: string;
  /** mathjs unit name, or null when no conversion applies. */
  mathjs: string | null;
  factor?: number;
}

const u = (dimension: string, mathjs: string | null, factor?: number): UnitSpec => ({ dimension, mathjs, ...(factor ? { factor } : {}) });

const UNIT_ALIASES: [string[], UnitSpec][] = [
  [['m', 'metre', 'metres', 'meter', 'meters'], u('length', 'm')],
  [['km', 'kilometre', 'kilometres', 'kilometer', 'kilometers'], u('length', 'km')],
  [['cm', 'centimetre', 'centimetres', 'centimeter', 'centimeters'], u('length', 'cm')],
  [['mm', 'millimetre', 'millimetres', 'millimeter', 'millimeters'], u('length', 'mm')],
  [['mi', 'mile', 'miles'], u('length', 'mi')],
  [['ft', 'foot', 'feet'], u('length', 'ft')],
  [['inch', 'inches'], u('length', 'inch')],
  [['yd', 'yard', 'yards'], u('length', 'yd')],
  [['kg', 'kilogram', 'kilograms', 'kilo', 'kilos'], u('mass', 'kg')],
  [['g', 'gram', 'grams'], u('mass', 'g')],
  [['mg', 'milligram', 'milligrams'], u('mass', 'mg')],
  [['t', 'tonne', 'tonnes', 'ton', 'tons'], u('mass', 'tonne')],
  [['lb', 'lbs', 'pound', 'pounds'], u('mass', 'lb')],
  [['oz', 'ounce', 'ounces'], u('mass', 'oz')],
  [['ms', 'millisecond', 'milliseconds'], u('time', 'ms')],
  [['s', 'sec', 'secs', 'second', 'seconds'], u('time', 's')],
  [['min', 'mins', 'minute', 'minutes'], u('time', 'minute')],
  [['h', 'hr', 'hrs', 'hour', 'hours'], u('time', 'hour')],
  [['day', 'days'], u('time', 'day')],
  [['week', 'weeks'], u('time', 'week')],
  [['month', 'months'], u('time', 'month')],
  [['yr', 'yrs', 'year', 'years', 'years old', 'year old', 'years of age'], u('time', 'year')],
  [['decade', 'decades'], u('time', 'decade')],
  [['century', 'centuries'], u('time', 'century')],
  [['km/h', 'kph', 'kmh', 'km per hour', 'kilometres per hour', 'kilometers per hour', 'km an hour'], u('speed', 'km/h')],
  [['mph', 'miles per hour', 'miles an hour', 'mi/h'], u('speed', 'mi/h')],
  [['m/s', 'metres per second', 'meters per second', 'm per second'], u('speed', 'm/s')],
  [['km/s', 'km per second', 'kilometres per second', 'kilometers per second', 'km a second'], u('speed', 'km/s')],
  [['knot', 'knots'], u('speed', 'knot')],
  [['°c', '° c', 'degrees celsius', 'degree celsius', 'degrees c', 'celsius', 'degrees centigrade', 'degrees'], u('temperature', 'degC')],
  [['°f', '° f', 'degrees fahrenheit', 'degree fahrenheit', 'degrees f', 'fahrenheit'], u('temperature', 'degF')],
  [['kelvin', 'k'], u('temperature', 'K')],
  [['km²', 'km2', 'square kilometres', 'square kilometers', 'sq km'], u('area', 'km^2')],
  [['m²', 'm2', 'square metres', 'square meters', 'sq m'], u('area', 'm^2')],
  [['square miles', 'sq mi', 'mi²'], u('area', 'mi^2')],
  [['ha', 'hectare', 'hectares'], u('area', 'hectare')],
  [['acre', 'acres'], u('area', 'acre')],
  [['l', 'litre', 'litres', 'liter', 'liters'], u('volume', 'L')],
  [['ml', 'millilitre', 'millilitres', 'milliliter', 'milliliters'], u('volume', 'mL')],
  [['gallon', 'gallons'], u('volume', 'gal')],
  [['%', 'percent', 'per cent', 'percentage points'], u('percent', null)],
  [['usd', 'dollar', 'dollars', 'us dollars'], u('currency:USD', null)],
  [['cent', 'cents'], u('currency:USD', null, 0.01)],
  [['eur', 'euro', 'euros'], u('currency:EUR', null)],
  [['gbp', 'pounds sterling'], u('currency:GBP', null)],
  [['jpy', 'yen'], u('currency:JPY', null)],
  [['am', 'pm', 'a.m', 'p.m', 'a.m.', 'p.m.', "o'clock"], u('clock', null)],
];
const UNITS = new Map(UNIT_ALIASES.flatMap(([names, spec]) => names.map((name) => [name, spec] as const)));
const CURRENCY_SYMBOLS: Record<string, string> = { $: 'currency:USD', '€': 'currency:EUR', '£': 'currency:GBP', '¥': 'currency:JPY' };

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const NUMBER_WORDS = new Set([...Object.keys(SMALL), ...Object.keys(SCALES), 'dozen']);

const APPROXIMATE = /\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|some|circa|close to|estimated|an estimated|just over|just under|~)\s*$/i;
const AT_LEAST = /\b(?:over|more than|above|at least|upwards of|exceeding|in excess of|just over|no fewer than|no less than)\s*$/i;
const AT_MOST = /\b(?:under|less than|below|at most|up to|fewer than|no more than|just under|as many as|as much as)\s*(?:about\s+|around\s+|roughly\s+)?$/i;
/** Capitalised words that may precede a number without being a name ("About 40"). */
const NOT_NAME = new Set(['about', 'around', 'roughly', 'approximately', 'nearly', 'almost', 'over', 'under', 'only', 'just', 'exactly', 'below', 'above']);
/** Relative half-width given to hedged values ("about 40 million"). */
const HEDGE_TOLERANCE = 0.05;

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokenize(sentence: string): Token[] {
  const pattern = /\d+(?:st|nd|rd|th)\b|\d+(?:[.,]\d+)*|\p{L}+(?:['’.]\p{L}+)*\.?|\S/gu;
  return [...sentence.matchAll(pattern)].map((m) => {
    // A trailing period belongs to the word only for abbreviations like "a.m."; otherwise drop it.
    const text = /\p{L}\.\p{L}/u.test(m[0]) ? m[0] : m[0].replace(/\.$/, '');
    return { text, lower: text.toLowerCase(), start: m.index, end: m.index + text.length };
  });
}

interface Parsed {
  value: number;
  /** Value of one unit in the last significant place of the written form. */
  ulp: number;
  next: number;
}

function parseNumeral(tokens: Token[], index: number): Parsed | null {
  const token = tokens[index]!;
  if (/^\d+(?:st|nd|rd|th)$/.test(token.lower)) return null;
  if (/^\d/.test(token.text)) {
    const grouped = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(token.text);
    const plain = grouped ? token.text.replace(/,/g, '') : token.text.replace(',', '.');
    if (!/^\d+(?:\.\d+)?$/.test(plain)) return null;
    let value = Number(plain);
    let ulp = precisionOf(plain);
    let next = index + 1;
    const scale = SCALES[tokens[next]?.lower ?? ''];
    if (scale !== undefined && scale >= 1e3) {
      value *= scale;
      ulp *= scale;
      next += 1;
    }
    return { value, ulp, next };
  }
  return parseNumberWords(tokens, index);
}

/** Place value of the last significant digit; trailing zeros of integers from 1000 up are taken as rounding. */
function precisionOf(plain: string): number {
  const [, decimals] = plain.split('.');
  if (decimals !== undefined) return 10 ** -decimals.length;
  const value = Number(plain);
  if (value < 1000) return 1;
  const trailingZeros = /0*$/.exec(plain)![0].length;
  return 10 ** trailingZeros;
}

function parseNumberWords(tokens: Token[], index: number): Parsed | null {
  let i = index;
  let total = 0;
  let current = 0;
  let seen = false;
  if (tokens[i]?.lower === 'a' && ['hundred', 'thousand', 'million', 'billion', 'dozen'].includes(tokens[i + 1]?.lower ?? '')) {
    current = 1;
    i += 1;
  }
  for (; i < tokens.length; i += 1) {
    const word = tokens[i]!.lower;
    if (SMALL[word] !== undefined) {
      current += SMALL[word];
      seen = true;
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (word === 'dozen') {
      current = (current || 1) * 12;
      seen = true;
    } else if (SCALES[word] !== undefined) {
      total += (current || 1) * SCALES[word];
      current = 0;
      seen = true;
    } else if ((word === 'and' || word === '-') && seen && NUMBER_WORDS.has(tokens[i + 1]?.lower ?? '')) {
      continue;
    } else break;
  }
  if (!seen) return null;
  const value = total + current;
  return { value, ulp: precisionOf(String(value)), next: i };
}

function matchUnit(tokens: Token[], index: number): { spec: UnitSpec; next: number } | null {
  for (let length = 4; length >= 1; length -= 1) {
    const slice = tokens.slice(index, index + length);
    if (slice.length < length) continue;
    for (const joined of [slice.map((t) => t.lower).join(' '), slice.map((t) => t.lower).join('')]) {
      const spec = UNITS.get(joined);
      if (spec === undefined) continue;
      // A lone letter is a unit only right after the number, in lower case ("5 m", not "5 M").
      const gap = slice[0]!.start - tokens[index - 1]!.end;
      if (/^\p{L}$/u.test(joined) && (slice[0]!.text !== joined || gap > 1)) continue;
      return { spec, next: index + length };
    }
  }
  return null;
}

function nounsAfter(tokens: Token[], index: number): string[] {
  const nouns: string[] = [];
  for (let i = index; i < tokens.length && nouns.length < 3; i += 1) {
    const token = tokens[i]!;
    if (!/^\p{Ll}[\p{L}'’-]*$/u.test(token.text) || STOPWORDS.has(token.lower) || NUMBER_WORDS.has(token.lower)) break;
    nouns.push(stem(token.lower));
  }
  return nouns;
}

// Every unit here is affine in SI (temperatures have an offset), so mathjs is asked once per unit
// for the offset and scale instead of building a Unit object per number.
const AFFINE = new Map<string, { offset: number; scale: number }>();

function toSi(value: number, spec: UnitSpec | null): number {
  if (spec === null) return value;
  if (spec.mathjs === null) return value * (spec.factor ?? 1);
  let affine = AFFINE.get(spec.mathjs);
  if (affine === undefined) {
    const offset = mathUnit(0, spec.mathjs).toSI().toNumber();
    affine = { offset, scale: mathUnit(1, spec.mathjs).toSI().toNumber() - offset };
    AFFINE.set(spec.mathjs, affine);
  }
  return affine.offset + affine.scale * value;
}

/**
 * Number facts of a sentence (dates already masked out). Numbers the question itself contains
 * ("Apollo 11"), ordinals, and numbers that continue a name ("Boeing 747") are not facts.
 */
export function extractNumbers(sentence: string, questionWords: ReadonlySet<string>): NumberFact[] {
  const tokens = tokenize(sentence);
  const facts: NumberFact[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const first = parseNumeral(tokens, i);
    if (first === null) continue;
    const startIndex = i;
    const startToken = tokens[i]!;
    let next = first.next;
    let second: Parsed | null = null;
    const joiner = tokens[next]?.lower;
    const between = /\bbetween\s*$/i.test(sentence.slice(0, startToken.start));
    if (joiner === 'to' || joiner === '-' || joiner === '–' || (joiner === 'and' && between)) {
      second = tokens[next + 1] ? parseNumeral(tokens, next + 1) : null;
      if (second !== null && second.value > first.value) next = second.next;
      else second = null;
    }
    const before = sentence.slice(0, startToken.start);
    const currency = CURRENCY_SYMBOLS[tokens[i - 1]?.text ?? ''];
    const unit = currency ? null : matchUnit(tokens, next);
    const spec: UnitSpec | null = currency ? u(currency, null) : (unit?.spec ?? null);
    const end = unit?.next ?? next;
    const nouns = spec === null ? nounsAfter(tokens, end) : [];

    const previous = tokens[i - 1];
    // "Apollo 11", "Boeing 747": a plain integer right after a capitalised word names something.
    const inName =
      previous !== undefined &&
      /^\p{Lu}/u.test(previous.text) &&
      !STOPWORDS.has(previous.lower) &&
      !NOT_NAME.has(previous.lower) &&
      spec === null &&
      second === null &&
      /^\d+$/.test(startToken.text) &&
      first.next === i + 1;
    const pronounOne = startToken.lower === 'one' && (spec === null && nouns.length === 0 || tokens[end]?.lower === 'of');
    const named = questionWords.has(startToken.lower) || questionWords.has(startToken.lower.replace(/,/g, ''));
    i = Math.max(i, end - 1);
    if (inName || pronounOne || named) continue;

    // "-5 °C", "minus 5": the sign sits right before the number, not between two numbers.
    const sign = tokens[startIndex - 1];
    const negative =
      (sign !== undefined && /^[-−]$/.test(sign.text) && sign.end === startToken.start && !/^\d/.test(tokens[startIndex - 2]?.text ?? '')) ||
      sign?.lower === 'minus';
    if (negative) first.value = -first.value;
    const approximate = APPROXIMATE.test(before);
    const hedge = (value: number, ulp: number) => Math.max(ulp / 2, approximate ? HEDGE_TOLERANCE * Math.abs(value) : 0);
    let low = first.value - hedge(first.value, first.ulp);
    let high = (second ?? first).value + hedge((second ?? first).value, (second ?? first).ulp);
    if (second === null && AT_LEAST.test(before)) high = Number.POSITIVE_INFINITY;
    if (second === null && AT_MOST.test(before)) low = Number.NEGATIVE_INFINITY;
    const lowSi = Number.isFinite(low) ? toSi(low, spec) : low;
    const highSi = Number.isFinite(high) ? toSi(high, spec) : high;
    const point = second === null && Number.isFinite(low) && Number.isFinite(high);
    // Counts show their noun ("two moons"); units are already part of the span.
    const lastToken = tokens[Math.max(end - 1 + nouns.length, startIndex)]!;
    facts.push({
      kind: 'number',
      dimension: spec?.dimension ?? 'count',
      nouns,
      value: toSi(first.value, spec),
      tolerance: point ? (highSi - lowSi) / 2 : 0,
      low: lowSi,
      high: highSi,
      display: sentence.slice(currency || negative ? tokens[startIndex - 1]!.start : startToken.start, lastToken.end).trim(),
      start: startToken.start,
      end: lastToken.end,
    });
  }
  return facts;
}

/** Same kind of quantity: same dimension, and for counted nouns at least one noun in common. */
export function numbersComparable(a: NumberFact, b: NumberFact): boolean {
  if (a.dimension !== b.dimension) return false;
  if (a.nouns.length === 0 || b.nouns.length === 0) return true;
  return a.nouns.some((noun) => b.nouns.includes(noun));
}

/** Point values agree within the looser of the two tolerances; bounds and ranges when they overlap. */
export function numbersAgree(a: NumberFact, b: NumberFact): boolean {
  if (a.tolerance > 0 && b.tolerance > 0) {
    return Math.abs(a.value - b.value) <= Math.max(a.tolerance, b.tolerance) * (1 + 1e-9);
  }
  return a.low <= b.high * (1 + 1e-9) && b.low <= a.high * (1 + 1e-9);
}
