import OpenAI from 'openai';
import { createOpenAiClient } from './openai-client.ts';
import { AppError } from '../../core/errors.ts';
import type { Embedder } from '../../ports/embedder.ts';
import { toAppError } from './openai-errors.ts';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  /** Any OpenAI-compatible server works here. */
  baseURL: string;
  /** e.g. "text-embedding-3-small". */
  model: string;
  /** Length of the vectors the model returns; sent as `dimensions` when `requestDimensions` is set. */
  dimensions: number;
  /** Ask the server to shorten vectors to `dimensions` (text-embedding-3 models support it). */
  requestDimensions?: boolean;
  /** Per request, ms. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Texts per request; the API accepts up to 2048. */
  batchSize?: number;
}

/** The Embedder port over the official `openai` SDK's embeddings endpoint; vectors come back L2-normalised. */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = createOpenAiClient(options, 15_000);
  const batchSize = Math.max(1, Math.min(2048, options.batchSize ?? 256));

  async function embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await client.embeddings.create(
        { model: options.model, input: texts, ...(options.requestDimensions ? { dimensions: options.dimensions } : {}) },
        signal ? { signal } : {},
      );
    } catch (error) {
      throw toAppError(error, 'embedding', options.baseURL);
    }
    const data = Array.isArray(response?.data) ? response.data : null;
    if (!data || data.length !== texts.length) {
      throw new AppError('unavailable', `embedding returned ${data?.length ?? 'no'} vectors for ${texts.length} texts`, { retryable: true });
    }
    const vectors = new Array<Float32Array>(texts.length);
    for (const [position, item] of data.entries()) {
      const index = typeof item.index === 'number' ? item.index : position;
      const embedding: ArrayLike<number> | undefined = item.embedding;
      if (!embedding || embedding.length !== options.dimensions || index < 0 || index >= texts.length) {
        throw new AppError('unavailable', `embedding ${index} has ${embedding?.length ?? 0} dimensions, expected ${options.dimensions}`, { retryable: false });
      }
      vectors[index] = normalise(Float32Array.from(embedding));
    }
    if (vectors.some((vector) => vector === undefined)) throw new AppError('unavailable', 'embedding response skipped some inputs', { retryable: true });
    return vectors;
  }

  return {
    id: `openai:${options.model}:${options.dimensions}`,
    dimensions: options.dimensions,
    async embed(texts, signal) {
      if (texts.some((text) => text.trim().length === 0)) throw new AppError('bad_request', 'cannot embed an empty text');
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize), signal)));
      }
      return vectors;
    },
  };
}

function normalise(vector: Float32Array): Float32Array {
  let squared = 0;
  for (const value of vector) squared += value * value;
  if (squared === 0) return vector;
  const norm = Math.sqrt(squared);
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
