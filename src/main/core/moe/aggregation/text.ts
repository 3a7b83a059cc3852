import { pushTrimmed, type Span } from '../../text/sentences.ts';

// Lexical helpers shared by fact extraction, redundancy removal and provenance. Plain English
// heuristics, no model: stems are crude on purpose (they only need to match each other).

export const STOPWORDS = new Set(
  (
    'a an the and or but nor so yet of in on at to for from by with without about as into onto over under ' +
    'is are was were be been being am do does did done has have had having will would shall should can could ' +
    'may might must it its it\'s this that these those there here their they them he him his she her hers we us ' +
    'our you your i me my mine who whom whose which what when where why how than then also too very just ' +
    'not no yes if because while though although whereas however per each every any some all both either ' +
    'neither such only own same other more most less least much many few one s t'
  ).split(' '),
);

const NUMBER_WORD_DIGITS: Record<string, string> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8',
  nine: '9', ten: '10', eleven: '11', twelve: '12', dozen: '12',
};

// Clause boundaries: semicolons, dashes and contrastive conjunctions. Plain commas are not split,
// so "Canberra, not Sydney, is the capital" stays one clause.
const CLAUSE_BOUNDARY = /\s*(?:;|\s[-–—]\s|,?\s+(?:but|while|whereas|although|though|however)\s+)\s*/gi;

/** Clauses of a sentence with offsets relative to the sentence. */
export function splitClauses(sentence: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const match of sentence.matchAll(CLAUSE_BOUNDARY)) {
    pushTrimmed(spans, sentence, start, match.index);
    start = match.index + match[0].length;
  }
  pushTrimmed(spans, sentence, start, sentence.length);
  return spans;
}

/** Crude suffix stripping so that "moons"/"moon", "countries"/"country", "landed"/"land" meet. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

export function words(text: string): string[] {
  return text.match(/\d+(?:[.,]\d+)*|\p{L}+(?:['’]\p{L}+)*/gu) ?? [];
}

/** Content tokens: lowercase stems without stopwords; small number words become digits. */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    const lower = word.toLowerCase();
    const digit = NUMBER_WORD_DIGITS[lower];
    if (digit !== undefined) {
      out.push(digit);
      continue;
    }
    if (/^\d/.test(lower)) {
      out.push(lower.replace(/,(?=\d{3}\b)/g, '').replace(/\.0+$/, ''));
      continue;
    }
    if (STOPWORDS.has(lower) || lower.endsWith("n't")) continue;
    out.push(stem(lower));
  }
  return out;
}

/** Replaces a span with spaces so later passes do not see it while offsets stay valid. */
export function mask(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}
