// The one sentence tokenizer. Every place that splits text uses it: the voice loop's chunker (as
// text streams in), the aggregator (facts, provenance, voice shaping), the lead-in and the espeak
// adapter. A boundary is decided only from characters already seen, so a stream split anywhere
// gives the same sentences as the whole text.

export interface Span {
  text: string;
  start: number;
  end: number;
}

const SENTENCE_END = new Set(['.', '!', '?', '…']);
const SENTENCE_END_NO_SPACE = new Set(['。', '！', '？']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);
const CLAUSE_END = new Set([',', ';', ':']);
const DASHES = new Set(['—', '–', '-']);
const OPENERS = /^["'“‘([«]+/;

// Lowercase, without the final dot. Words that are also ordinary sentence ends ("no", "p") are only
// abbreviations before a number ("No. 5", "p. 12").
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'vs', 'etc', 'approx', 'dept', 'est',
  'inc', 'ltd', 'co', 'corp', 'gen', 'gov', 'sen', 'rep', 'rev', 'capt', 'lt', 'col', 'sgt', 'ave',
  'blvd', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'cf',
  'al', 'ca', 'min', 'max', 'incl', 'excl', 'misc', 'univ',
]);
const GERMAN_MONTHS = new Set(['januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember']);
const ABBREVIATIONS_BEFORE_NUMBER = new Set(['no', 'nos', 'vol', 'fig', 'figs', 'p', 'pp', 'art', 'ch', 'sec', 'eq', 'op']);

export const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);
export const hasWordChar = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

function tokenStart(buffer: string, dotIndex: number): number {
  let start = dotIndex;
  while (start > 0 && !isSpace(buffer[start - 1])) start -= 1;
  return start;
}

/**
 * "2." opening a list item: a number of up to three digits at the start of the text or of a line,
 * or right after the end of a sentence or a colon ("Steps: 1. Preheat. 2. Mix the flour.").
 */
function isListMarker(buffer: string, dotIndex: number, start: number): boolean {
  if (!/^\d{1,3}$/.test(buffer.slice(start, dotIndex))) return false;
  let before = start - 1;
  while (before >= 0 && buffer[before] !== '\n' && isSpace(buffer[before])) before -= 1;
  if (before < 0 || buffer[before] === '\n') return true;
  const char = buffer[before]!;
  return SENTENCE_END.has(char) || SENTENCE_END_NO_SPACE.has(char) || char === ':' || CLOSERS.has(char);
}

/** Whether the "." at `dotIndex` ends an abbreviation, an initial or a list marker rather than a sentence. */
function isNonFinalDot(buffer: string, dotIndex: number, nextChar: string): boolean {
  const start = tokenStart(buffer, dotIndex);
  if (isListMarker(buffer, dotIndex, start)) return true;
  const token = buffer.slice(start, dotIndex).replace(OPENERS, '');
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  if (ABBREVIATIONS_BEFORE_NUMBER.has(lower) && /\d/.test(nextChar)) return true;
  // Dotted forms: "e.g", "i.e", "U.S", "a.m", "Ph.D".
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(token)) return true;
  // An initial: "J. Smith" (but not the pronoun "I").
  return /^\p{Lu}$/u.test(token) && token !== 'I';
}

export type Boundary = { kind: 'boundary'; end: number; clause: boolean } | { kind: 'undecided' } | { kind: 'none' };

/**
 * The candidate boundary at `index` (a terminator, clause mark, dash or newline). `end` is where the
 * piece would stop (exclusive). Undecided when the characters needed are still to come (`final`
 * says none will).
 */
export function boundaryAt(buffer: string, index: number, final: boolean): Boundary {
  const char = buffer[index]!;
  if (SENTENCE_END_NO_SPACE.has(char)) return { kind: 'boundary', end: index + 1, clause: false };
  if (char === '\n') return { kind: 'boundary', end: index, clause: false };
  if (SENTENCE_END.has(char)) {
    // "?!" and "..." are one terminator, examined at its first character.
    if (index > 0 && SENTENCE_END.has(buffer[index - 1]!)) return { kind: 'none' };
    let end = index + 1;
    while (end < buffer.length && (SENTENCE_END.has(buffer[end]!) || CLOSERS.has(buffer[end]!))) end += 1;
    if (end === buffer.length) return final ? { kind: 'boundary', end, clause: false } : { kind: 'undecided' };
    if (!isSpace(buffer[end])) return { kind: 'none' }; // "3.5", "example.com", "e.g" mid-token
    // "!", "?", "...", or "." followed by a closing quote need no further look.
    if (char !== '.' || end > index + 1) return { kind: 'boundary', end, clause: false };
    let next = end;
    while (next < buffer.length && isSpace(buffer[next])) next += 1;
    if (next === buffer.length) return final ? { kind: 'boundary', end, clause: false } : { kind: 'undecided' };
    const nextChar = buffer[next]!;
    if (isNonFinalDot(buffer, index, nextChar)) return { kind: 'none' };
    // A German ordinal day before its month: "Freitag, 20. November".
    const dayNumber = /^\d{1,2}$/.test(buffer.slice(tokenStart(buffer, index), index));
    if (dayNumber) {
      const word = /^\p{L}+/u.exec(buffer.slice(next))?.[0] ?? '';
      const wordEnds = next + word.length < buffer.length || final;
      if (GERMAN_MONTHS.has(word.toLowerCase())) return { kind: 'none' };
      if (!wordEnds && [...GERMAN_MONTHS].some((month) => month.startsWith(word.toLowerCase()))) return { kind: 'undecided' };
    }
    // A lowercase word after "." means an abbreviation we do not know ("approx. five").
    if (/\p{Ll}/u.test(nextChar)) return { kind: 'none' };
    return { kind: 'boundary', end, clause: false };
  }
  if (CLAUSE_END.has(char) || DASHES.has(char)) {
    if (DASHES.has(char) && !isSpace(buffer[index - 1])) return { kind: 'none' }; // "well-known", "3-4"
    if (index + 1 === buffer.length) return final ? { kind: 'boundary', end: index + 1, clause: true } : { kind: 'undecided' };
    return isSpace(buffer[index + 1]) ? { kind: 'boundary', end: index + 1, clause: true } : { kind: 'none' };
  }
  return { kind: 'none' };
}

/** Sentences of a whole text with their offsets, trimmed; a line break ends one too (lists, headings). */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const decision = boundaryAt(text, index, true);
    if (decision.kind !== 'boundary' || decision.clause) continue;
    const last = spans.at(-1);
    if (!hasWordChar(text.slice(start, decision.end)) && last) {
      // Punctuation alone ("..." after a line break) belongs to the sentence before it.
      last.end = start + text.slice(start, decision.end).trimEnd().length;
      last.text = text.slice(last.start, last.end).trim();
    } else pushTrimmed(spans, text, start, decision.end);
    start = decision.end;
    index = Math.max(index, decision.end - 1);
  }
  pushTrimmed(spans, text, start, text.length);
  return spans;
}

/** The sentences' text alone. */
export const sentencesOf = (text: string): string[] => splitSentences(text).map((span) => span.text);

/** Appends text[start, end) trimmed, with its offsets, unless it is blank. */
export function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed.length > 0) spans.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
}

/** Case, punctuation and spacing do not make two sentences different. */
export const normaliseSentence = (sentence: string): string =>
  sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface SentenceStream {
  /** Appends text; returns the sentences it completes. */
  push(text: string): string[];
  /** The rest, as the last sentence (or nothing). */
  flush(): string[];
}

/** Sentences of text that arrives in pieces, each given once it is certain to be complete. */
export function createSentenceStream(): SentenceStream {
  let buffer = '';
  const take = (final: boolean): string[] => {
    const out: string[] = [];
    let index = 0;
    while (index < buffer.length) {
      const decision = boundaryAt(buffer, index, final);
      if (decision.kind === 'undecided') break;
      if (decision.kind === 'boundary' && !decision.clause && hasWordChar(buffer.slice(0, decision.end))) {
        out.push(buffer.slice(0, decision.end).trim());
        buffer = buffer.slice(decision.end);
        index = 0;
        continue;
      }
      index += 1;
    }
    if (final) {
      if (hasWordChar(buffer)) out.push(buffer.trim());
      buffer = '';
    }
    return out;
  };
  return {
    push(text) {
      buffer += text;
      return take(false);
    },
    flush: () => take(true),
  };
}
