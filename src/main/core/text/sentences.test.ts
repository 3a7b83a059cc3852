import { describe, expect, it } from 'vitest';
import { createSentenceChunker } from '../voice-loop/sentence-chunker.ts';
import { createSentenceStream, normaliseSentence, sentencesOf, splitSentences } from './sentences.ts';

describe('splitSentences', () => {
  it('splits on sentence ends, keeps abbreviations, initials, decimals and dotted forms inside', () => {
    expect(sentencesOf('Dr. Smith met J. K. Rowling at 3.5 pm. Then he left.\n- item')).toEqual([
      'Dr. Smith met J. K. Rowling at 3.5 pm.',
      'Then he left.',
      '- item',
    ]);
    expect(sentencesOf('Hello there. How are you?  Fine!')).toEqual(['Hello there.', 'How are you?', 'Fine!']);
    expect(sentencesOf('It is 3.5 degrees. Wear a coat!')).toEqual(['It is 3.5 degrees.', 'Wear a coat!']);
    expect(sentencesOf('See e.g. the U.S. rules. Done.')).toEqual(['See e.g. the U.S. rules.', 'Done.']);
    expect(sentencesOf('   ')).toEqual([]);
  });

  it('keeps a German date whole: the day is an ordinal, not a sentence end', () => {
    expect(splitSentences('Heute ist Freitag, 20. November 2026. Das ist ein Test.').map((span) => span.text)).toEqual(['Heute ist Freitag, 20. November 2026.', 'Das ist ein Test.']);
  });

  it('keeps a numbered list item with its marker', () => {
    expect(sentencesOf('1. Preheat the oven. 2. Mix the flour.')).toEqual(['1. Preheat the oven.', '2. Mix the flour.']);
    expect(sentencesOf('Steps: 1. Preheat. 2. Mix the flour.\n3. Bake it.')).toEqual(['Steps: 1. Preheat.', '2. Mix the flour.', '3. Bake it.']);
    // A number ending a sentence is not a marker.
    expect(sentencesOf('I counted to 3. Then I stopped.')).toEqual(['I counted to 3.', 'Then I stopped.']);
  });

  it('gives offsets into the text', () => {
    const text = '  One.  Two?';
    for (const span of splitSentences(text)) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('splits a stream the same way wherever the stream is cut', () => {
    const text = 'Mr. Brown has 2 cats. 1. Feed them. 2. Mix the flour! Is it 3.5 kg? Yes.';
    const whole = createSentenceChunker({ firstChunkMinWords: 99, firstChunkMaxChars: 200, clauseMinChars: 999, maxChunkChars: 200 });
    const expected = [...whole.push(text), ...whole.flush()];
    expect(expected).toEqual(sentencesOf(text));
    for (let step = 1; step <= 7; step++) {
      const chunker = createSentenceChunker({ firstChunkMinWords: 99, firstChunkMaxChars: 200, clauseMinChars: 999, maxChunkChars: 200 });
      const out: string[] = [];
      for (let i = 0; i < text.length; i += step) out.push(...chunker.push(text.slice(i, i + step)));
      out.push(...chunker.flush());
      expect(out).toEqual(expected);
    }
  });

  it('streams sentences once each is certain, the same as the whole text', () => {
    const text = 'Dr. Who is 3.5 m tall. 1. Feed them.\n2. Mix it! Done';
    const stream = createSentenceStream();
    const out: string[] = [];
    for (const char of text) out.push(...stream.push(char));
    expect(out).toEqual(['Dr. Who is 3.5 m tall.', '1. Feed them.', '2. Mix it!']);
    expect([...out, ...stream.flush()]).toEqual(sentencesOf(text));
  });

  it('compares sentences without case, punctuation or spacing', () => {
    expect(normaliseSentence('  Twelve, times  SEVEN is 84! ')).toBe('twelve times seven is 84');
  });
});
