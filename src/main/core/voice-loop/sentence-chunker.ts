import { boundaryAt, hasWordChar, isSpace } from '../text/sentences.ts';

// Splits a stream of assistant text into speakable chunks for TTS, at the boundaries of the one
// sentence tokenizer (core/text/sentences.ts). The decision at each candidate
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

const wordCount = (text: string): number => text.split(/\s+/).filter(hasWordChar).length;

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
