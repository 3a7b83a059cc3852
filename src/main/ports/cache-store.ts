// The storage the semantic cache (src/main/core/moe/cache/semantic-cache.ts) needs.

export interface CacheEntry {
  /** Stable for one (scopeKey, normalizedQuery): storing the same question again replaces it. */
  id: string;
  query: string;
  normalizedQuery: string;
  /** What the answer depends on besides the query; see cacheScopeKey. */
  scopeKey: string;
  /** Embedding of `normalizedQuery`; its length is the store's `dimensions`. */
  embedding: Float32Array;
  response: string;
  /** JSON-serialisable: which agents and sources the answer came from. */
  provenance: unknown;
  /** Names of the agents whose results made the answer; invalidation by agent uses them. */
  agents: string[];
  createdAt: number;
  ttlMs: number;
  /** createdAt + ttlMs: served strictly before this time. */
  expiresAt: number;
  lastHitAt: number | null;
  hitCount: number;
}

export interface NearestCacheEntry {
  entry: CacheEntry;
  /** Cosine similarity of the query embedding to the entry's, -1..1. */
  similarity: number;
}

/** Which entries to drop: all of them, or those of a scope and/or that an agent contributed to. */
export type CacheInvalidation = { all: true } | { scopeKey: string; agent?: string } | { scopeKey?: string; agent: string };

/**
 * Durable cache entries with a nearest-neighbour search per scope. Expired entries are never
 * returned. When a put makes the count exceed `maxEntries`, expired entries go first, then the
 * least recently used (last hit, or creation if never hit). Failures are AppError.
 */
export interface CacheStore {
  readonly dimensions: number;
  readonly maxEntries: number;
  findExact(normalizedQuery: string, scopeKey: string, now: number): CacheEntry | null;
  /**
   * The most similar unexpired entry of the scope with similarity >= minSimilarity (and, with
   * `accept`, one it accepts: it is asked in order of similarity), or null.
   */
  findNearest(embedding: Float32Array, scopeKey: string, minSimilarity: number, now: number, accept?: (entry: CacheEntry) => boolean): NearestCacheEntry | null;
  /** Inserts, or replaces the entry with the same id or the same (scopeKey, normalizedQuery). */
  put(entry: CacheEntry): void;
  recordHit(id: string, now: number): void;
  /** Returns how many entries were removed. */
  invalidate(filter: CacheInvalidation): number;
  /** Removes entries expired at `now`; returns how many. */
  evictExpired(now: number): number;
  count(): number;
  close(): void;
}
