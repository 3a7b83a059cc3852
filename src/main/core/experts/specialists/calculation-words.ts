// A calculation said in words, read from its parts in whatever order they come: the numbers, one
// operation word (a verb "multiply", "subtract"; a noun "the product", "half", "a third"; an
// infix "times"; a participle "doubled"), the small words that give a number its role ("by",
// "from", "of") and the words that say nothing ("what", "the result of", "can you"). "Multiply 13
// by 14", "the product of 13 and 14", "13 with 14 multiply" (German order, read into English) and
// "how many times does 4 go into 84" are all one operation on two numbers. Any other word means
// the text is not a calculation of this kind, and the reader says nothing.

export type Operation = 'add' | 'sub' | 'mul' | 'div';

export type Token =
  | { kind: 'number'; value: number; text: string }
  | { kind: 'percent'; value: number; text: string }
  | { kind: 'fraction'; parts: number; of: number; text: string }
  | { kind: 'word'; text: string };

/** The English reading cut into tokens; "15 %" and "15 percent" are one token, "2/3 of" a fraction. */
export function tokenize(text: string): Token[] {
  const words = text
    .replace(/\b(?:per ?cent|percent|pct)\b|(?<=\d)(?:per ?cent|percent|pct)\b/g, '%')
    .replace(/(\d)\s+%/g, '$1%')
    .replace(/[,;:]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return words.map((word, index): Token => {
    const fraction = /^(\d+)\/(\d+)$/.exec(word);
    if (fraction && words[index + 1] === 'of') return { kind: 'fraction', parts: Number(fraction[1]), of: Number(fraction[2]), text: word };
    const percent = /^(-?\d+(?:\.\d+)?)%$/.exec(word);
    if (percent) return { kind: 'percent', value: Number(percent[1]), text: word };
    if (/^-?\d+(?:\.\d+)?$/.test(word)) return { kind: 'number', value: Number(word), text: word };
    return { kind: 'word', text: word };
  });
}

/** Words that carry no part of a calculation: the frame of a question or of a request. */
export const SAYS_NOTHING = new Set([
  'what', "what's", 'whats', 'is', 'are', 'be', 'was', 'the', 'a', 'an', 'result', 'answer', 'outcome', 'please', 'pls', 'can', 'could', 'would',
  'will', 'you', 'i', 'we', 'me', 'us', 'tell', 'calculate', 'compute', 'work', 'out', 'figure', 'find', 'give', 'gives', 'get', 'gets', 'how',
  'much', 'do', 'does', 'did', 'if', 'when', 'make', 'makes', 'equal', 'equals', 'come', 'comes', 'now', 'then', 'so', 'ok', 'okay', 'hey',
  'quick', 'question', 'together', 'exactly', 'just', 'thanks', 'thank', "let's", 'lets', 'number', 'also', 'again', 'should', 'need', 'want',
  'know', 'say', 'this', 'value', 'up', 'another', 'more', 'extra', 'part', 'parts', 'equal', 'same', 'amount', 'altogether', 'itself',
]);

/** Words that give the number after them a role. */
export const ROLES = new Set(['by', 'with', 'from', 'to', 'into', 'onto', 'and', 'of', 'between', 'among', 'on', 'for', 'at', 'in', 'over', 'as', 'out']);

const BINARY: Record<string, Operation> = {};
const operation = (name: Operation, words: string) => words.split(' ').forEach((word) => (BINARY[word] = name));
operation('add', 'add adds adding added sum summed plus total');
operation('sub', 'subtract subtracts subtracting subtracted deduct deducts deducting deducted remove removes removing removed minus less difference');
operation('mul', 'multiply multiplies multiplying multiplied times product');
operation('div', 'divide divides dividing divided over quotient split share shared');

/**
 * A multiplier said as a word: "half" is 1/2, "a third" 1/3, "double" 2/1. A count just before a
 * fraction noun says how many of them ("2 thirds"); a verb or participle takes none ("halved").
 */
const UNARY: Record<string, { parts: number; of: number; noun: boolean; name: string }> = {};
const unary = (parts: number, of: number, noun: boolean, name: string, words: string) =>
  words.split(' ').forEach((word) => (UNARY[word] = { parts, of, noun, name }));
unary(1, 2, true, 'half of', 'half halves');
unary(1, 2, false, 'half of', 'halve halved halving');
unary(1, 3, true, 'a third of', 'third thirds');
unary(1, 4, true, 'a quarter of', 'quarter quarters fourth fourths');
unary(1, 4, false, 'a quarter of', 'quartered quartering');
unary(1, 5, true, 'a fifth of', 'fifth fifths');
unary(1, 10, true, 'a tenth of', 'tenth tenths');
unary(2, 1, false, 'double', 'double doubled doubles doubling twice');
unary(3, 1, false, 'triple', 'triple tripled triples tripling thrice');
unary(4, 1, false, 'quadruple', 'quadruple quadrupled');

const POWERS: Record<string, number> = { square: 2, squared: 2, cube: 3, cubed: 3 };

export interface WordedCalculation {
  expression: string;
  /** The calculation read back: "13 times 14", "half of 84". */
  spoken: string;
}

/** Phrases that are one part of a calculation, put in the words the reader knows. */
const PHRASES: [RegExp, string][] = [
  [/\b(?:how many times )?(?:does |do |will |can )?(-?[\d.]+) (?:go|goes|fit|fits) into (-?[\d.]+)/g, 'divide $2 by $1'],
  [/\btake (-?[\d.]+) (?:away from|off|from)\b/g, 'subtract $1 from'],
  [/\btake away\b|\btaken away\b|\btake off\b/g, 'subtract'],
  [/\b(?:cut|divide|divided|split|halve|share) (-?[\d.]+) in (?:half|two|2)\b/g, 'half of $1'],
  [/(-?[\d.]+) (?:cut|divided|split|shared) in (?:half|two|2)\b/g, 'half of $1'],
  [/\b(?:times|multiplied by) itself\b/g, 'squared'],
  [/\b(?:add|adds) up to\b/g, 'add'],
  [/\b(?:as much as|as many as|as big as|as large as)\b/g, ''],
  [/\bto the (?:second|2nd) power\b|\bto the power of (?:2|two)\b/g, 'squared'],
  [/\bto the (?:third|3rd) power\b|\bto the power of (?:3|three)\b/g, 'cubed'],
  [/\b(?:the )?square roots? of\b|\bsqrt(?: of)?\b|\broot of\b/g, 'sqrt'],
  [/\bcube roots? of\b/g, 'cbrt'],
  [/\bwhat do(?:es)? (?:you|one|i|we) get (?:if|when) (?:you|one|i|we)\b/g, ''],
];

export function readOperation(text: string): WordedCalculation | null {
  let phrased = text;
  for (const [pattern, replacement] of PHRASES) phrased = phrased.replace(pattern, replacement);
  const tokens = tokenize(phrased);
  const numbers = tokens.flatMap((token, index) => (token.kind === 'number' ? [{ value: token.value, index }] : []));
  const fractions = tokens.flatMap((token) => (token.kind === 'fraction' ? [token] : []));
  const cues: { index: number; word: string }[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'percent') return null;
    if (token.kind !== 'word') continue;
    const word = token.text;
    if (word in BINARY || word in UNARY || word in POWERS || word === 'sqrt' || word === 'cbrt') cues.push({ index, word });
    else if (!ROLES.has(word) && !SAYS_NOTHING.has(word)) return null;
  }
  const roleBefore = (index: number) => {
    const previous = tokens[index - 1];
    return previous?.kind === 'word' ? previous.text : '';
  };

  // "2/3 of 90"
  if (fractions.length === 1 && cues.length === 0 && numbers.length === 1) {
    const { parts, of, text: said } = fractions[0]!;
    return { expression: `${numbers[0]!.value} * (${parts}/${of})`, spoken: `${said} of ${numbers[0]!.value}` };
  }
  // "divide 84 divided by 4", "multiply 13 times 14": one operation said twice is one operation.
  const operations = new Set(cues.map((item) => BINARY[item.word]));
  if (cues.length > 1 && operations.size === 1 && !operations.has(undefined)) cues.splice(1);
  if (cues.length !== 1 || fractions.length > 0) return null;
  const cue = cues[0]!;

  if (cue.word === 'sqrt' || cue.word === 'cbrt' || cue.word in POWERS) {
    if (numbers.length !== 1) return null;
    const value = numbers[0]!.value;
    if (cue.word === 'sqrt' || cue.word === 'cbrt') return { expression: `${cue.word}(${value})`, spoken: `${cue.word === 'sqrt' ? 'square' : 'cube'} root of ${value}` };
    const power = POWERS[cue.word]!;
    return { expression: `${value}^${power}`, spoken: `${value} ${power === 2 ? 'squared' : 'cubed'}` };
  }

  if (cue.word in UNARY) {
    const { parts, of, noun, name } = UNARY[cue.word]!;
    const count = noun && numbers.length === 2 ? numbers.find(({ index }) => index === cue.index - 1) : undefined;
    const bases = numbers.filter((number) => number !== count);
    if (bases.length !== 1) return null;
    const value = bases[0]!.value;
    const times = (count?.value ?? 1) * parts;
    return { expression: `${value} * (${times}/${of})`, spoken: count ? `${times}/${of} of ${value}` : `${name} ${value}` };
  }

  if (numbers.length !== 2) return null;
  const kind = BINARY[cue.word]!;
  const markedBy = (roles: string[]) => numbers.findIndex(({ index }) => roles.includes(roleBefore(index)));
  // The number after "from" is taken from ("subtract 5 from 10"); the one after "by" divides.
  const marked = kind === 'sub' ? markedBy(['from']) : kind === 'div' ? markedBy(['by', 'with']) : -1;
  const firstIndex = marked < 0 ? 0 : kind === 'sub' ? marked : 1 - marked;
  const first = numbers[firstIndex]!.value;
  const second = numbers[1 - firstIndex]!.value;
  const symbol = { add: '+', sub: '-', mul: '*', div: '/' }[kind];
  const said = { add: 'plus', sub: 'minus', mul: 'times', div: 'divided by' }[kind];
  return { expression: `${first} ${symbol} ${second}`, spoken: `${first} ${said} ${second}` };
}
