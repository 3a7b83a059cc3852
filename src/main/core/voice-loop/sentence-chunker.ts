// Splits a stream of assistant text into speakable chunks for TTS. The decision at each candidate
// boundary only uses characters already received (a boundary whose lookahead has not arrived yet
// is left undecided until it has), so the chunks do not depend on how the stream was split.

export interface ChunkerOptions {
  /** The first chunk may end at a clause boundary (",", ";", ":", dash) once it has this many words. */
  firstChunkMinWords: number;
  /** With no boundary yet, the first chunk is cut at a space before this length so speech starts early. */
  firstChunkMaxChars: number;
  /** Later chunks end at a clause boundary only when they are at least this long (else: sentences). */
  clauseMinChars: number;
  /** Hard limit: with no boundary, a chunk is cut at the last space before this length. */
  maxChunkChars: number;
}

export const defaultChunkerOptions: ChunkerOptions = {
  firstChunkMinWords: 3,
  firstChunkMaxChars: 60,
  clauseMinChars: 80,
  maxChunkChars: 200,
};

export interface ChunkerInput {
  /** True while no chunk of this stream has been emitted yet. */
  first: boolean;
  /** True when no more text follows: everything left is emitted. */
  final: boolean;
}

export interface ChunkerOutput {
  chunks: string[];
  /** Text not yet emitted; feed it back with the next text. */
  rest: string;
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
  'al', 'ca', 'min', 'max', 'incl', 'excl', 'misc', 'dept', 'univ',
]);
const ABBREVIATIONS_BEFORE_NUMBER = new Set(['no', 'nos', 'vol', 'fig', 'figs', 'p', 'pp', 'art', 'ch', 'sec', 'eq', 'op']);

const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char);
const hasWordChar = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);
const wordCount = (text: string): number => text.split(/\s+/).filter(hasWordChar).length;

function tokenBefore(buffer: string, dotIndex: number): string {
  let start = dotIndex;
  while (start > 0 && !isSpace(buffer[start - 1])) start -= 1;
  return buffer.slice(start, dotIndex).replace(OPENERS, '');
}

/** Whether the "." at `dotIndex` ends an abbreviation or an initial rather than a sentence. */
function isAbbreviationDot(buffer: string, dotIndex: number, nextChar: string): boolean {
  const token = tokenBefore(buffer, dotIndex);
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  if (ABBREVIATIONS_BEFORE_NUMBER.has(lower) && /\d/.test(nextChar)) return true;
  // Dotted forms: "e.g", "i.e", "U.S", "a.m", "Ph.D".
  if (/^(?:\p{L}{1,2}\.)+\p{L}{1,2}$/u.test(token)) return true;
  // An initial: "J. Smith" (but not the pronoun "I").
  return /^\p{Lu}$/u.test(token) && token !== 'I';
}

type Decision = { kind: 'boundary'; end: number; clause: boolean } | { kind: 'undecided' } | { kind: 'none' };

/**
 * Examines the candidate boundary at `index` (a terminator, clause mark, dash or newline). `end` is
 * where the chunk would stop (exclusive). Undecided when the characters needed are still to come.
 */
function boundaryAt(buffer: string, index: number, final: boolean): Decision {
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
    if (isAbbreviationDot(buffer, index, nextChar)) return { kind: 'none' };
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

/** Cut position at the last whitespace before `limit`; -1 when the text up to there is one word. */
function lastSpaceBefore(buffer: string, limit: number): number {
  for (let index = Math.min(limit, buffer.length - 1); index > 0; index -= 1) {
    if (isSpace(buffer[index]) && hasWordChar(buffer.slice(0, index))) return index;
  }
  return -1;
}

/** Length of the next chunk at the start of `buffer`, or null when more text is needed. */
function nextChunkEnd(buffer: string, first: boolean, final: boolean, options: ChunkerOptions): number | null {
  const limit = first ? Math.min(options.firstChunkMaxChars, options.maxChunkChars) : options.maxChunkChars;
  for (let index = 0; index < buffer.length; index += 1) {
    if (index >= limit) break;
    const decision = boundaryAt(buffer, index, final);
    if (decision.kind === 'undecided') return null;
    if (decision.kind === 'none') continue;
    const chunk = buffer.slice(0, decision.end);
    if (!hasWordChar(chunk)) continue;
    if (!decision.clause) return decision.end;
    const longEnough = first ? wordCount(chunk) >= options.firstChunkMinWords : chunk.trim().length >= options.clauseMinChars;
    if (longEnough) return decision.end;
  }
  if (buffer.length <= limit) return final ? buffer.length : null;
  const cut = lastSpaceBefore(buffer, limit);
  if (cut > 0) return cut;
  // One token longer than the limit (a URL, a long number): never cut inside it.
  const after = buffer.slice(limit).search(/\s/);
  if (after >= 0) return limit + after;
  return final ? buffer.length : null;
}

/** Pure step of the chunker: emits every chunk `buffer` already decides, keeps the rest. */
export function takeSpeakableChunks(
  buffer: string,
  input: ChunkerInput,
  options: ChunkerOptions = defaultChunkerOptions,
): ChunkerOutput {
  const chunks: string[] = [];
  let rest = buffer;
  let first = input.first;
  for (;;) {
    const leading = rest.length - rest.trimStart().length;
    rest = rest.slice(leading);
    if (rest.length === 0) break;
    const end = nextChunkEnd(rest, first, input.final, options);
    if (end === null) break;
    const chunk = rest.slice(0, end).trim();
    rest = rest.slice(end);
    if (hasWordChar(chunk)) {
      chunks.push(chunk);
      first = false;
    } else if (chunks.length > 0) {
      // Punctuation alone ("..." after a cut) belongs to the chunk before it.
      chunks[chunks.length - 1] = `${chunks[chunks.length - 1]}${chunk}`;
    }
  }
  return { chunks, rest: input.final ? '' : rest };
}

export interface SentenceChunker {
  push(text: string): string[];
  flush(): string[];
}

/** Streaming wrapper around `takeSpeakableChunks` for callers outside the reducer. */
export function createSentenceChunker(options: ChunkerOptions = defaultChunkerOptions): SentenceChunker {
  let buffer = '';
  let first = true;
  const take = (final: boolean): string[] => {
    const out = takeSpeakableChunks(buffer, { first, final }, options);
    buffer = out.rest;
    if (out.chunks.length > 0) first = false;
    return out.chunks;
  };
  return {
    push: (text) => {
      buffer += text;
      return take(false);
    },
    flush: () => {
      const chunks = take(true);
      first = true;
      return chunks;
    },
  };
}
