import { DEFAULT_FEATURE_OPTIONS, extractFeatures, FEATURE_SPACE, type FeatureCounts, type FeatureKind, type FeatureOptions } from './text-features.ts';

/** A sparse vector over the hashed feature space; `indices` are distinct. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface VectorizerOptions {
  features: FeatureOptions;
  /** Each kind's block is L2-normalised on its own, scaled by this, then the whole vector is normalised. */
  kindWeights: Record<FeatureKind, number>;
}

export const DEFAULT_VECTORIZER_OPTIONS: VectorizerOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  kindWeights: { word: 0.8, bigram: 1, char: 1 },
};

const KINDS: FeatureKind[] = ['word', 'bigram', 'char'];

/**
 * TF-IDF over hashed n-grams with sublinear term frequency (1 + ln tf). Document frequencies are
 * counted incrementally, so documents can be added and removed as agents come and go; with no
 * documents every feature weighs the same.
 */
export class TfidfVectorizer {
  readonly options: VectorizerOptions;
  private readonly documentFrequency = new Uint32Array(FEATURE_SPACE);
  private documents = 0;

  constructor(options: Partial<VectorizerOptions> = {}) {
    this.options = { ...DEFAULT_VECTORIZER_OPTIONS, ...options };
  }

  get documentCount(): number {
    return this.documents;
  }

  addDocument(text: string): void {
    this.countDocument(extractFeatures(text, this.options.features), 1);
  }

  removeDocument(text: string): void {
    this.countDocument(extractFeatures(text, this.options.features), -1);
  }

  /** Adds every text as a document and returns their vectors, extracting features once. */
  fitTransform(texts: string[]): SparseVector[] {
    const features = texts.map((text) => extractFeatures(text, this.options.features));
    for (const counts of features) this.countDocument(counts, 1);
    return features.map((counts) => this.weigh(counts));
  }

  /** Document frequency of a hashed feature. */
  frequency(bucket: number): number {
    return this.documentFrequency[bucket] ?? 0;
  }

  /** Smoothed inverse document frequency, >= 1. */
  idf(bucket: number): number {
    return Math.log((1 + this.documents) / (1 + (this.documentFrequency[bucket] ?? 0))) + 1;
  }

  vectorize(text: string): SparseVector {
    return this.weigh(extractFeatures(text, this.options.features));
  }

  private weigh(features: FeatureCounts): SparseVector {
    const size = features.word.size + features.bigram.size + features.char.size;
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    let length = 0;
    for (const kind of KINDS) {
      const counts = features[kind];
      const kindWeight = this.options.kindWeights[kind];
      if (counts.size === 0 || kindWeight === 0) continue;
      const start = length;
      let squaredNorm = 0;
      for (const [bucket, count] of counts) {
        const weight = (1 + Math.log(count)) * this.idf(bucket);
        indices[length] = bucket;
        values[length] = weight;
        squaredNorm += weight * weight;
        length++;
      }
      const scale = kindWeight / Math.sqrt(squaredNorm);
      for (let i = start; i < length; i++) values[i]! *= scale;
    }
    // The rare bucket shared by two kinds appears twice; dot products stay correct, norms nearly so.
    let squaredNorm = 0;
    for (let i = 0; i < length; i++) squaredNorm += values[i]! * values[i]!;
    const norm = Math.sqrt(squaredNorm) || 1;
    for (let i = 0; i < length; i++) values[i]! /= norm;
    return { indices: indices.subarray(0, length), values: values.subarray(0, length) };
  }

  private countDocument(features: FeatureCounts, delta: 1 | -1): void {
    for (const kind of KINDS) {
      for (const bucket of features[kind].keys()) {
        const current = this.documentFrequency[bucket] ?? 0;
        this.documentFrequency[bucket] = delta === 1 ? current + 1 : Math.max(0, current - 1);
      }
    }
    this.documents = Math.max(0, this.documents + delta);
  }
}
