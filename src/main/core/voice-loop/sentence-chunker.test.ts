import { describe, expect, it } from 'vitest';
import { createSentenceChunker, defaultChunkerOptions, takeSpeakableChunks, type ChunkerOptions } from './sentence-chunker.ts';

function chunkWhole(text: string, options?: ChunkerOptions): string[] {
  const chunker = createSentenceChunker(options);
  return [...chunker.push(text), ...chunker.flush()];
}

function chunkStreamed(pieces: string[], options?: ChunkerOptions): string[] {
  const chunker = createSentenceChunker(options);
  return [...pieces.flatMap((piece) => chunker.push(piece)), ...chunker.flush()];
}

const byChar = (text: string): string[] => [...text];
const bySize = (text: string, size: number): string[] => text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];

/** The chunks must not depend on how the stream was cut. */
function expectSplitInvariant(text: string, options?: ChunkerOptions): string[] {
  const whole = chunkWhole(text, options);
  expect(chunkStreamed(byChar(text), options)).toEqual(whole);
  for (const size of [2, 3, 5, 7, 13]) expect(chunkStreamed(bySize(text, size), options)).toEqual(whole);
  return whole;
}

describe('sentence chunker', () => {
  it('ends chunks at sentence boundaries, with a short first clause', () => {
    const text = 'Well, the capital of France is Paris, a city of about two million people. It lies on the Seine! Do you want more?';
    expect(expectSplitInvariant(text)).toEqual([
      'Well, the capital of France is Paris,',
      'a city of about two million people.',
      'It lies on the Seine!',
      'Do you want more?',
    ]);
  });

  it('emits the first clause as soon as its boundary arrives', () => {
    const chunker = createSentenceChunker();
    expect(chunker.push('Sure thing, ')).toEqual([]); // two words: too short for a clause chunk
    expect(chunker.push('here is the plan, ')).toEqual(['Sure thing, here is the plan,']);
    expect(chunker.push('step one is easy')).toEqual([]);
    expect(chunker.flush()).toEqual(['step one is easy']);
  });

  it('speaks a short first sentence on its own', () => {
    expect(expectSplitInvariant('Yes. The meeting is at ten.')).toEqual(['Yes.', 'The meeting is at ten.']);
  });

  it('never splits inside numbers', () => {
    const text = 'It costs 3.5 dollars. The town has 1,000 people and 2,500.75 acres. Pi is 3.14159.';
    expect(expectSplitInvariant(text)).toEqual(['It costs 3.5 dollars.', 'The town has 1,000 people and 2,500.75 acres.', 'Pi is 3.14159.']);
  });

  it('waits while a number may still continue after its dot', () => {
    const chunker = createSentenceChunker();
    expect(chunker.push('The rate is 3.')).toEqual([]);
    expect(chunker.push('5 percent. Next')).toEqual(['The rate is 3.5 percent.']);
  });

  it('never splits after abbreviations or initials', () => {
    const text = 'Dr. Smith met Mr. Jones in the U.S. last year. Bring fruit, e.g. apples, pears, etc. and water. J. R. R. Tolkien wrote it. See No. 5 now.';
    expect(expectSplitInvariant(text)).toEqual([
      'Dr. Smith met Mr. Jones in the U.S. last year.',
      'Bring fruit, e.g. apples, pears, etc. and water.',
      'J. R. R. Tolkien wrote it.',
      'See No. 5 now.',
    ]);
  });

  it('keeps an unknown abbreviation followed by a lowercase word together', () => {
    expect(expectSplitInvariant('It is approx. five miles away. Go north.')).toEqual(['It is approx. five miles away.', 'Go north.']);
  });

  it('never splits URLs or e-mail addresses', () => {
    const text = 'Visit https://example.com/docs/v2.1/index.html?x=1.5 today. Mail jane.doe@mail.example.org for help.';
    expect(expectSplitInvariant(text)).toEqual([
      'Visit https://example.com/docs/v2.1/index.html?x=1.5 today.',
      'Mail jane.doe@mail.example.org for help.',
    ]);
  });

  it('ends a sentence inside closing quotes and brackets', () => {
    expect(expectSplitInvariant('He said "stop." Then he left (quickly.) Done.')).toEqual(['He said "stop."', 'Then he left (quickly.)', 'Done.']);
  });

  it('splits long sentences at clauses, then at spaces, never inside a word', () => {
    const options: ChunkerOptions = { ...defaultChunkerOptions, clauseMinChars: 30, maxChunkChars: 50 };
    const text =
      'First a sentence. Afterwards we walked along the old river, past the mill and the bakery, and then all the way home without stopping at all anywhere.';
    const chunks = expectSplitInvariant(text, options);
    expect(chunks).toEqual([
      'First a sentence.',
      'Afterwards we walked along the old river,',
      'past the mill and the bakery, and then all the way',
      'home without stopping at all anywhere.',
    ]);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunks.join(' ')).toBe(text);
  });

  it('cuts the first chunk early when it has no boundary', () => {
    const text = 'The quick brown fox jumps over the lazy dog and keeps running across the wide field until night';
    const chunks = expectSplitInvariant(text);
    expect(chunks[0]!.length).toBeLessThanOrEqual(defaultChunkerOptions.firstChunkMaxChars);
    expect(chunks.join(' ')).toBe(text);
  });

  it('keeps a token longer than the limit whole', () => {
    const options: ChunkerOptions = { ...defaultChunkerOptions, maxChunkChars: 20, firstChunkMaxChars: 20 };
    const url = 'https://example.com/a/very/long/path/that/goes/on';
    expect(expectSplitInvariant(`${url} is the page`, options)).toEqual([url, 'is the page']);
  });

  it('splits at newlines and drops empty pieces', () => {
    expect(expectSplitInvariant('Two options\n\n- buy it\n- rent it\n')).toEqual(['Two options', '- buy it', '- rent it']);
    expect(chunkWhole('   \n ... ')).toEqual([]);
  });

  it('handles CJK sentence ends without spaces', () => {
    expect(expectSplitInvariant('今日は晴れです。明日は雨？はい')).toEqual(['今日は晴れです。', '明日は雨？', 'はい']);
  });

  it('is a pure step: the rest is returned, not kept', () => {
    const out = takeSpeakableChunks('One sentence here. And a half', { first: false, final: false });
    expect(out).toEqual({ chunks: ['One sentence here.'], rest: 'And a half' });
    expect(takeSpeakableChunks(out.rest, { first: false, final: true })).toEqual({ chunks: ['And a half'], rest: '' });
  });

  it('starts a new stream after flush with a short first chunk again', () => {
    const chunker = createSentenceChunker();
    chunker.push('First answer is short');
    expect(chunker.flush()).toEqual(['First answer is short']);
    expect(chunker.push('Okay then, we go now, ')).toEqual(['Okay then, we go now,']);
  });
});
