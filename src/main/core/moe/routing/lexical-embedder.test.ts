import { describe, expect, it } from 'vitest';
import { cosine, LexicalEmbedder } from './lexical-embedder.ts';
import { extractFeatures, normalizeText, tokenize } from './text-features.ts';

const norm = (vector: Float32Array) => Math.sqrt(cosine(vector, vector));

describe('text features', () => {
  it('normalises case, accents and punctuation', () => {
    expect(normalizeText("What's the  Café's time?!")).toBe('whats the cafes time');
    expect(tokenize('  ')).toEqual([]);
  });

  it('hashes words, bigrams and character n-grams deterministically', () => {
    const a = extractFeatures('set an alarm');
    const b = extractFeatures('set an alarm');
    expect([...a.word]).toEqual([...b.word]);
    expect(a.word.size).toBe(3);
    expect(a.bigram.size).toBe(3); // two adjacent pairs and one skip pair
    expect(a.char.size).toBeGreaterThan(10);
  });
});

describe('LexicalEmbedder', () => {
  it('implements the Embedder port: one unit vector of the declared dimension per text, in order', async () => {
    const embedder = new LexicalEmbedder({ dimensions: 256 });
    const vectors = await embedder.embed(['what time is it', 'convert miles to kilometers']);
    expect(embedder.dimensions).toBe(256);
    expect(embedder.id).toBe('lexical-ngram-256');
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) {
      expect(vector).toHaveLength(256);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic across calls and instances', () => {
    const one = new LexicalEmbedder().embedOne('Will it rain in Paris tomorrow?');
    const two = new LexicalEmbedder().embedOne('Will it rain in Paris tomorrow?');
    expect(Array.from(one)).toEqual(Array.from(two));
  });

  it('places paraphrases closer than unrelated texts', () => {
    const embedder = new LexicalEmbedder();
    const [query, paraphrase, unrelated] = embedder.embedSync([
      'what is the weather forecast for tomorrow',
      'tomorrow weather forecast please',
      'transfer money to my savings account',
    ]);
    expect(cosine(query!, query!)).toBeCloseTo(1, 5);
    expect(cosine(query!, paraphrase!)).toBeGreaterThan(0.4);
    expect(cosine(query!, unrelated!)).toBeLessThan(0.2);
  });

  it('shares character n-grams across inflections', () => {
    const embedder = new LexicalEmbedder();
    const [booking, booked, zebra] = embedder.embedSync(['booking', 'booked', 'zebra']);
    expect(cosine(booking!, booked!)).toBeGreaterThan(cosine(booking!, zebra!) + 0.1);
  });

  it('down-weights n-grams common in the fitted corpus', () => {
    const plain = new LexicalEmbedder();
    const fitted = new LexicalEmbedder();
    fitted.fit(['please tell me the time', 'please tell me the weather', 'please tell me a joke', 'please tell me the news']);
    const a = 'please tell me the score';
    const b = 'please tell me the date';
    expect(cosine(fitted.embedOne(a), fitted.embedOne(b))).toBeLessThan(cosine(plain.embedOne(a), plain.embedOne(b)));
  });

  it('gives a zero vector for text without letters or digits, and rejects when already aborted', async () => {
    const embedder = new LexicalEmbedder({ dimensions: 8 });
    expect(Array.from(embedder.embedOne('?!'))).toEqual(new Array(8).fill(0));
    await expect(embedder.embed(['x'], AbortSignal.abort())).rejects.toMatchObject({ code: 'unavailable' });
    expect(() => new LexicalEmbedder({ dimensions: 0 })).toThrow(/positive integer/);
  });
});
