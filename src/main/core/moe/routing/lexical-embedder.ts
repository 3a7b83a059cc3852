import { AppError } from '../../errors.ts';
import type { Embedder } from '../../../ports/embedder.ts';
import { TfidfVectorizer, type SparseVector, type VectorizerOptions } from './tfidf-vectorizer.ts';

export interface LexicalEmbedderOptions {
  /** Length of the dense vectors; 512 keeps the hashing noise on a cosine near 1/sqrt(512) ~ 0.04. */
  dimensions: number;
  vectorizer: Partial<VectorizerOptions>;
}

export const DEFAULT_LEXICAL_EMBEDDER_OPTIONS: LexicalEmbedderOptions = { dimensions: 512, vectorizer: {} };

/**
 * The embedded embedder: TF-IDF over hashed word and character n-grams, folded into a dense
 * vector with signed hashing, L2-normalised. Needs no download. Without `fit` every n-gram weighs
 * the same; fitting on a corpus (e.g. the agents' examples) down-weights common n-grams.
 */
export class LexicalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly vectorizer: TfidfVectorizer;

  constructor(options: Partial<LexicalEmbedderOptions> = {}) {
    const { dimensions, vectorizer } = { ...DEFAULT_LEXICAL_EMBEDDER_OPTIONS, ...options };
    if (!Number.isInteger(dimensions) || dimensions < 1) throw new AppError('bad_request', `embedder dimensions must be a positive integer, got ${dimensions}`);
    this.dimensions = dimensions;
    this.id = `lexical-ngram-${dimensions}`;
    this.vectorizer = new TfidfVectorizer(vectorizer);
  }

  /** Counts document frequencies over `texts` (adds to what was fitted before). */
  fit(texts: readonly string[]): void {
    for (const text of texts) this.vectorizer.addDocument(text);
  }

  /** The sparse TF-IDF vector over the full hashed space (unit length unless empty). */
  sparse(text: string): SparseVector {
    return this.vectorizer.vectorize(text);
  }

  /** One unit-length vector (all zeros for a text without letters or digits). */
  embedOne(text: string): Float32Array {
    const sparse = this.vectorizer.vectorize(text);
    const dense = new Float32Array(this.dimensions);
    for (let i = 0; i < sparse.indices.length; i++) {
      const bucket = sparse.indices[i]!;
      // One hash of the bucket picks the slot, another the sign, so collisions cancel on average.
      const sign = Math.imul(bucket, 0x85ebca6b) < 0 ? -1 : 1;
      dense[foldBucket(bucket, this.dimensions)]! += sign * sparse.values[i]!;
    }
    let squared = 0;
    for (const value of dense) squared += value * value;
    if (squared > 0) {
      const norm = Math.sqrt(squared);
      for (let i = 0; i < dense.length; i++) dense[i]! /= norm;
    }
    return dense;
  }

  embedSync(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => this.embedOne(text));
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (signal?.aborted) throw new AppError('unavailable', 'embedding was cancelled', { retryable: true });
    return this.embedSync(texts);
  }
}

/** Multiplicative folding: spreads the 2^20 buckets evenly over any number of slots. */
function foldBucket(bucket: number, slots: number): number {
  return (Math.imul(bucket, 0x9e3779b1) >>> 0) % slots;
}

/** Cosine similarity of two unit vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) sum += a[i]! * b[i]!;
  return sum;
}
