import { AppError } from '../../errors.ts';
import { assertValidTtl, expiryTime, shouldStore } from './cache-expiry.ts';
import type { CacheEntry, CacheInvalidation, CacheStore } from '../../../ports/cache-store.ts';
import type { Embedder } from '../../../ports/embedder.ts';
import { normalizeQuery } from './normalize-query.ts';

/** The part of the Embedder port the cache uses. */
export type QueryEmbedder = Pick<Embedder, 'dimensions' | 'embed'>;

export interface SemanticCacheConfig {
  /** Cosine similarity a stored query must reach to be served for another wording, 0..1. */
  similarityThreshold: number;
  ttlMs: number;
  /** Answers whose quality score is below this are not stored. */
  qualityBar: number;
}

export interface CacheLookupResult {
  hit: CacheEntry | null;
  /** 1 for an exact match, the cosine similarity for a similar one, null on a miss. */
  similarity: number | null;
  match: 'exact' | 'similar' | null;
}

export interface CacheStoreRequest {
  query: string;
  scopeKey: string;
  response: string;
  provenance: unknown;
  agents: string[];
  quality: number;
  now: number;
  /** Defaults to the configured TTL. */
  ttlMs?: number;
}

export type CacheStoreOutcome = { stored: true; entry: CacheEntry } | { stored: false; reason: string };

export interface SemanticCache {
  readonly config: Readonly<SemanticCacheConfig>;
  /**
   * Exact match on the normalised query first, then the nearest stored query by cosine >= the
   * threshold. `scopeKey` may list several scopes (see scopeKeysReadableBy); the best match of
   * any of them wins. A hit is recorded on the entry.
   */
  lookup(query: string, scopeKey: string | readonly string[], now: number, signal?: AbortSignal): Promise<CacheLookupResult>;
  /** Stores the answer unless its quality is below the bar or there is nothing to store. */
  store(request: CacheStoreRequest, signal?: AbortSignal): Promise<CacheStoreOutcome>;
  invalidate(filter: CacheInvalidation): number;
}

const MISS: CacheLookupResult = { hit: null, similarity: null, match: null };

export function createSemanticCache(options: {
  embedder: QueryEmbedder;
  store: CacheStore;
  config: SemanticCacheConfig;
}): SemanticCache {
  const { embedder, store } = options;
  const config = Object.freeze({ ...options.config });
  validateConfig(config);
  if (embedder.dimensions !== store.dimensions) {
    throw new AppError(
      'bad_request',
      `The cache store holds ${store.dimensions}-dimensional embeddings but the embedder makes ${embedder.dimensions}`,
    );
  }

  const embedOne = async (text: string, signal?: AbortSignal): Promise<Float32Array> => {
    const [vector] = await embedder.embed([text], signal);
    if (vector === undefined || vector.length !== embedder.dimensions) {
      throw new AppError('internal', `The embedder returned no ${embedder.dimensions}-dimensional vector for the query`);
    }
    return vector;
  };

  const hitOf = (entry: CacheEntry, similarity: number, match: 'exact' | 'similar', now: number): CacheLookupResult => {
    store.recordHit(entry.id, now);
    return { hit: { ...entry, lastHitAt: now, hitCount: entry.hitCount + 1 }, similarity, match };
  };

  return {
    config,

    async lookup(query, scopeKey, now, signal) {
      const normalizedQuery = normalizeQuery(query);
      if (normalizedQuery === '') return MISS;
      const scopes = typeof scopeKey === 'string' ? [scopeKey] : [...scopeKey];
      for (const scope of scopes) {
        const exact = store.findExact(normalizedQuery, scope, now);
        if (exact !== null) return hitOf(exact, 1, 'exact', now);
      }
      const embedding = await embedOne(normalizedQuery, signal);
      // Another wording may ask the same, but not with other numbers: "(2+3)*4" is not "2+3*4".
      // The nearest wording that keeps the numbers is served, even when one with other numbers is nearer.
      const numbers = numbersOf(normalizedQuery);
      const sameNumbers = (entry: CacheEntry) => numbersOf(entry.normalizedQuery) === numbers;
      let best: { entry: CacheEntry; similarity: number } | null = null;
      for (const scope of scopes) {
        const found = store.findNearest(embedding, scope, config.similarityThreshold, now, sameNumbers);
        if (found !== null && (best === null || found.similarity > best.similarity)) best = found;
      }
      return best === null ? MISS : hitOf(best.entry, best.similarity, 'similar', now);
    },

    async store(request, signal) {
      if (!shouldStore(request.quality, config.qualityBar)) {
        return { stored: false, reason: `quality ${request.quality} is below the bar ${config.qualityBar}` };
      }
      const normalizedQuery = normalizeQuery(request.query);
      if (normalizedQuery === '') return { stored: false, reason: 'the query is empty' };
      if (request.response.trim() === '') return { stored: false, reason: 'the answer is empty' };
      const ttlMs = request.ttlMs ?? config.ttlMs;
      const entry: CacheEntry = {
        id: entryId(request.scopeKey, normalizedQuery),
        query: request.query,
        normalizedQuery,
        scopeKey: request.scopeKey,
        embedding: await embedOne(normalizedQuery, signal),
        response: request.response,
        provenance: jsonCopy(request.provenance),
        agents: [...new Set(request.agents)],
        createdAt: request.now,
        ttlMs,
        expiresAt: expiryTime(request.now, ttlMs),
        lastHitAt: null,
        hitCount: 0,
      };
      store.put(entry);
      return { stored: true, entry };
    },

    invalidate: (filter) => store.invalidate(filter),
  };
}

function validateConfig(config: SemanticCacheConfig): void {
  const { similarityThreshold, qualityBar, ttlMs } = config;
  if (!(similarityThreshold > 0 && similarityThreshold <= 1)) {
    throw new AppError('bad_request', `Cache similarity threshold must be in (0, 1], got ${similarityThreshold}`);
  }
  if (!Number.isFinite(qualityBar)) throw new AppError('bad_request', `Cache quality bar must be a number, got ${qualityBar}`);
  assertValidTtl(ttlMs);
}

function jsonCopy(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new AppError('bad_request', 'Cache provenance must be JSON-serialisable');
  return JSON.parse(text) as unknown;
}

/** The numbers and operators of a query, in order: what a similar wording must keep. */
export const numbersOf = (normalizedQuery: string): string => (normalizedQuery.match(/\d+(?:[.,:]\d+)*|[-+*/^%()×÷]/g) ?? []).join(' ');

/** 64-bit FNV-1a (as two 32-bit halves) of scope and query: one id per question per scope. */
export function entryId(scopeKey: string, normalizedQuery: string): string {
  const text = `${scopeKey}\n${normalizedQuery}`;
  let low = 0x84222325;
  let high = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    low = (low ^ text.charCodeAt(i)) >>> 0;
    // Multiply (high, low) by the FNV prime 0x100000001b3 modulo 2^64.
    const lowTimesPrime = low * 0x1b3;
    const carry = Math.floor(lowTimesPrime / 0x1_0000_0000);
    high = (Math.imul(high, 0x1b3) + Math.imul(low, 0x100) + carry) >>> 0;
    low = lowTimesPrime >>> 0;
  }
  return `${high.toString(16).padStart(8, '0')}${low.toString(16).padStart(8, '0')}`;
}
