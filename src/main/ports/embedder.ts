/** Turns texts into vectors of a fixed dimension; similar meaning, high cosine similarity. */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
