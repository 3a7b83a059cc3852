import { phraseToExpression } from '../experts/specialists/calculator-phrasing.ts';
import { checkExpression } from '../experts/specialists/safe-math.ts';
import { findPlaces, normaliseForPlaces } from '../experts/specialists/time-zone-places.ts';

// A follow-up ("and in London?", "what about 20%?", "and 20?", "now divide that by 4", "and until
// new year?") is the last question with one slot changed, or an operation on the last result.
// Both questions are English readings (core/language/to-english.ts), so this works in every
// language the skills speak. Returns the whole question the follow-up means, or null when the
// words are a question of their own.

export interface LastExchange {
  /** The last question as it was answered (already resolved, English). */
  question: string;
  /** The number the answer gave, if any. */
  result: number | null;
}

const LEAD = /^(?:and|also|ok|okay|so|then|now|and now|and then|what about|how about|and what about|and how about|same for|same with|and for)\b[\s,]*/;
const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const DURATION = new RegExp(String.raw`^(?:in )?(${NUMBER}|a|an) (days?|weeks?|months?|years?|hours?|minutes?)$`);
/** Words for the last result: "divide it by 4", "half of that", "multiply the result by 3". */
const RESULT_WORDS = /\b(?:the (?:last |previous )?(?:result|answer|total|number)|that (?:result|number|answer)|this (?:result|number)|that|it|this)\b/;
/** An operation with the last result as its left side: "times 3", "divided by 4". */
const INFIX_FIRST = /^(?:divided by|multiplied by|times|plus|minus|over|to the power of|squared|cubed)\b/;

const clean = (text: string) =>
  text
    .toLowerCase()
    .replace(/[?!.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

export function resolveFollowUp(query: string, last: LastExchange | null): string | null {
  if (!last) return null;
  const text = clean(query);
  const led = LEAD.test(text);
  const rest = text.replace(LEAD, '').trim();
  if (rest === '') return null;
  const words = rest.split(' ').length;
  const previous = clean(last.question);
  // "what day is it there?": the same place, another question.
  if (/\bthere\b/.test(rest) && words <= 8) {
    const before = findPlaces(previous);
    if (before.length > 0) {
      const previousWords = normaliseForPlaces(previous);
      const mention = before.at(-1)!;
      return rest.replace(/\bthere\b/, `in ${previousWords.slice(mention.start, mention.end).join(' ')}`);
    }
  }

  // An operation on the last result, named ("now divide it by 4", "what's 20% of that") or left
  // out ("times 3", "subtract 28", "and half?").
  if (last.result !== null) {
    const value = String(last.result);
    if (RESULT_WORDS.test(rest)) {
      const whole = rest.replace(RESULT_WORDS, value);
      if (computes(whole)) return whole;
    }
    if (INFIX_FIRST.test(rest)) return `${value} ${rest}`;
  }

  // A question of its own has its own frame ("what time is it in Paris"): leave it alone.
  if (!led && words > 4) return null;
  if (/^(?:what|how|when|which|who|where|why|is|are|set|convert|tell|remind|cancel|list|calculate)\b/.test(rest) && words > 3) return null;

  // "until new year", "to new year's day": the same count to another date.
  const until = /^(?:until|till|to|before) (.+)$/.exec(rest);
  if (until && /\b(?:until|till|to|before) /.test(previous)) return previous.replace(/\b(until|till|to|before) .+$/, `$1 ${until[1]}`);

  // "in 3 weeks", "in 10 days": another span of time.
  const span = DURATION.exec(rest);
  if (span) {
    const previousSpan = new RegExp(String.raw`\b(?:in )?(?:${NUMBER}|a|an) (?:days?|weeks?|months?|years?|hours?|minutes?)\b`).exec(previous);
    if (previousSpan) return previous.replace(previousSpan[0], previousSpan[0].startsWith('in ') ? `in ${span[1]} ${span[2]}` : `${span[1]} ${span[2]}`);
  }

  // A percentage: "20%".
  const percent = new RegExp(String.raw`^(${NUMBER}) ?(?:%|percent)$`).exec(rest);
  if (percent) {
    const previousPercent = new RegExp(String.raw`(${NUMBER}) ?(?:%|percent)`).exec(previous);
    if (previousPercent) return previous.replace(previousPercent[0], `${percent[1]}%`);
  }

  // "and tomorrow?": the same question about another day.
  const day = /^(?:on |for )?(today|tomorrow|yesterday|the day after tomorrow|the day before yesterday)$/.exec(rest);
  if (day) {
    const previousDay = /\b(?:today|tomorrow|yesterday|the day after tomorrow|the day before yesterday)\b/.exec(previous);
    if (previousDay) return previous.replace(previousDay[0], day[1]!);
    if (/\b(?:date|day|time)\b/.test(previous)) return `${previous} ${day[1]}`;
  }

  // "of 75": the same share of another amount.
  const ofAmount = new RegExp(String.raw`^of (${NUMBER})$`).exec(rest);
  if (ofAmount && new RegExp(String.raw`\bof ${NUMBER}`).test(previous)) return previous.replace(new RegExp(String.raw`\bof ${NUMBER}`), `of ${ofAmount[1]}`);

  // "in ounces": the same quantity in another unit.
  const unit = /^(?:in|to|into) ([a-z][a-z /]*)$/.exec(rest);
  if (unit && findPlaces(unit[1]!).length === 0 && /\b(?:in|to|into) [a-z][a-z /]*$/.test(previous) && /\d/.test(previous)) {
    return previous.replace(/\b(in|to|into) [a-z][a-z /]*$/, `$1 ${unit[1]}`);
  }

  // A place: "in London", "London", "for Sydney".
  const placeWords = rest.replace(/^(?:in|at|for|over in) /, '');
  const places = findPlaces(placeWords);
  if (places.length > 0 && places[0]!.start === 0 && places[0]!.end >= normaliseForPlaces(placeWords).length) {
    const before = findPlaces(previous);
    if (before.length > 0) {
      const previousWords = normaliseForPlaces(previous);
      const mention = before.at(-1)!;
      return [...previousWords.slice(0, mention.start), ...normaliseForPlaces(placeWords), ...previousWords.slice(mention.end)].join(' ');
    }
    if (/\btime\b/.test(previous)) return `${previous} in ${placeWords}`;
  }

  // A calculation missing its first number: "subtract 28", "multiply by 3", "half".
  if (last.result !== null && !computes(rest) && computes(`${last.result} ${rest}`)) return `${last.result} ${rest}`;

  // A number (with or without its unit): "20", "20 miles" -> the amount of the last question.
  const amount = new RegExp(String.raw`^(${NUMBER})(?: ([a-z]+))?$`).exec(rest);
  if (amount) {
    const numbers = [...previous.matchAll(new RegExp(NUMBER, 'g'))];
    if (numbers.length > 0) {
      // The amount to convert or count is the first number; "15% of 80" keeps its percentage.
      const target = numbers.find((match) => !/^\s?%/.test(previous.slice(match.index + match[0].length))) ?? numbers[0]!;
      return previous.slice(0, target.index) + amount[1]! + previous.slice(target.index + target[0].length);
    }
  }
  return null;
}

/** Whether the calculator reads the words as a calculation it can do. */
function computes(text: string): boolean {
  const phrased = phraseToExpression(text);
  return phrased !== null && !phrased.conversion && checkExpression(phrased.expression).ok;
}

/** The last number written in an answer (its result), reading "9,6" and "1.234,5" where the language writes them so. */
export function resultOf(answer: string, commaDecimal: boolean): number | null {
  const matches = [...answer.matchAll(/-?\d[\d.,\u00a0\u202f ]*\d|-?\d/g)];
  for (const match of matches.reverse()) {
    let raw = match[0].replace(/[\u00a0\u202f ]/g, '');
    raw = commaDecimal ? raw.replace(/\.(?=\d{3}\b)/g, '').replace(',', '.') : raw.replace(/,(?=\d{3}\b)/g, '');
    const value = Number(raw);
    if (Number.isFinite(value)) return value;
  }
  return null;
}
