import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { cacheScopeKey, scopeKeysReadableBy } from '../../core/moe/cache/cache-scope.ts';
import { createSemanticCache, type QueryEmbedder, type SemanticCache } from '../../core/moe/cache/semantic-cache.ts';
import type { CacheEntry } from '../../ports/cache-store.ts';
import { openCacheStore, type CacheStoreOptions, type SqliteCacheStore } from './sqlite-cache-store.ts';

const DIMENSIONS = 4;
const CONFIG = { similarityThreshold: 0.9, ttlMs: 60_000, qualityBar: 0.6 };

/** A unit vector at `similarity` cosine from the x axis, in the x-y plane. */
const at = (similarity: number): Float32Array =>
  Float32Array.of(similarity, Math.sqrt(Math.max(0, 1 - similarity * similarity)), 0, 0);

/** Embeds known (normalised) texts to chosen vectors, so similarities are exact and readable. */
function tableEmbedder(table: Record<string, Float32Array>): QueryEmbedder & { calls: number } {
  return {
    dimensions: DIMENSIONS,
    calls: 0,
    async embed(texts) {
      this.calls++;
      return texts.map((text) => table[text] ?? Float32Array.of(0, 0, 0, 1));
    },
  };
}

const TABLE = {
  'what is the capital of france': at(1),
  'which city is the capital of france': at(0.95),
  'what is the capital of spain': at(0.5),
  'how tall is mount everest': Float32Array.of(0, 0, 1, 0),
  // A lexical embedder sees the same words in both.
  '2+3*4': at(1),
  '(2+3)*4': at(0.99),
  'what is 2+3*4': at(0.98),
  // The nearest stored wording has other numbers; the one with the same numbers is further but above the threshold.
  'what is 17 times 23': at(1),
  'what is 17 times 24': at(0.99),
  'please what is 17 times 23': at(0.95),
};

let dir: string;
let dbPath: string;
const opened: { close(): void }[] = [];

function openStore(options: Partial<CacheStoreOptions> = {}): SqliteCacheStore {
  const store = openCacheStore(dbPath, { dimensions: DIMENSIONS, maxEntries: 100, ...options });
  opened.push(store);
  return store;
}

function cacheOver(store: SqliteCacheStore, embedder = tableEmbedder(TABLE)): SemanticCache {
  return createSemanticCache({ embedder, store, config: CONFIG });
}

const GLOBAL = 'v1';
const answer = (query: string, now: number, extra: Partial<Parameters<SemanticCache['store']>[0]> = {}) => ({
  query,
  scopeKey: GLOBAL,
  response: `answer to ${query}`,
  provenance: { sources: [{ agent: 'geography', confidence: 0.9 }] },
  agents: ['geography'],
  quality: 0.9,
  now,
  ...extra,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cache-store-'));
  dbPath = join(dir, 'cache.db');
});

afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('semantic cache over SQLite', () => {
  it('serves an exact match after normalisation without embedding the query', async () => {
    const embedder = tableEmbedder(TABLE);
    const cache = cacheOver(openStore(), embedder);
    await cache.store(answer('What is the capital of France?', 1_000));
    const callsAfterStore = embedder.calls;
    const result = await cache.lookup('  what IS the capital of france ', GLOBAL, 2_000);
    expect(result).toMatchObject({ match: 'exact', similarity: 1 });
    expect(result.hit?.response).toBe('answer to What is the capital of France?');
    expect(result.hit?.provenance).toEqual({ sources: [{ agent: 'geography', confidence: 0.9 }] });
    expect(embedder.calls).toBe(callsAfterStore);
  });

  it('serves a similar query above the threshold and misses below it', async () => {
    const cache = cacheOver(openStore());
    await cache.store(answer('What is the capital of France?', 1_000));
    const similar = await cache.lookup('Which city is the capital of France?', GLOBAL, 2_000);
    expect(similar.match).toBe('similar');
    expect(similar.similarity).toBeCloseTo(0.95, 5);
    expect(similar.hit?.query).toBe('What is the capital of France?');
    expect(await cache.lookup('What is the capital of Spain?', GLOBAL, 2_000)).toEqual({ hit: null, similarity: null, match: null });
    expect(await cache.lookup('?!', GLOBAL, 2_000)).toEqual({ hit: null, similarity: null, match: null });
  });

  it('never serves a similar wording with other numbers or operators', async () => {
    const cache = cacheOver(openStore());
    await cache.store(answer('2+3*4', 1_000));
    expect(await cache.lookup('(2+3)*4', GLOBAL, 2_000)).toEqual({ hit: null, similarity: null, match: null });
    expect((await cache.lookup('what is 2+3*4', GLOBAL, 2_000)).match).toBe('similar');
  });

  it('serves the most similar entry with the same numbers when a nearer one has other numbers', async () => {
    const cache = cacheOver(openStore());
    await cache.store(answer('What is 17 times 23?', 1_000));
    await cache.store(answer('What is 17 times 24?', 1_000));
    const result = await cache.lookup('Please, what is 17 times 23?', GLOBAL, 2_000);
    expect(result.match).toBe('similar');
    expect(result.hit?.query).toBe('What is 17 times 23?');
    expect(result.similarity).toBeCloseTo(0.95, 5);
  });

  it('keeps entries, hit counts and the vector index across a restart', async () => {
    const first = openStore();
    const cache = cacheOver(first);
    await cache.store(answer('What is the capital of France?', 1_000));
    await cache.lookup('what is the capital of france', GLOBAL, 1_500);
    first.close();

    const reopened = openStore();
    expect(reopened.openReport).toEqual({ loaded: 1, discarded: [] });
    expect(reopened.count()).toBe(1);
    const result = await cacheOver(reopened).lookup('Which city is the capital of France', GLOBAL, 2_000);
    expect(result).toMatchObject({ match: 'similar', hit: { hitCount: 2, lastHitAt: 2_000, createdAt: 1_000 } });
    expect(reopened.findExact('what is the capital of france', GLOBAL, 2_500)).toMatchObject({ hitCount: 2, lastHitAt: 2_000 });
  });

  it('counts hits on the entry', async () => {
    const store = openStore();
    const cache = cacheOver(store);
    const stored = await cache.store(answer('What is the capital of France?', 1_000));
    expect(stored).toMatchObject({ stored: true, entry: { hitCount: 0, lastHitAt: null } });
    await cache.lookup('What is the capital of France?', GLOBAL, 2_000);
    const second = await cache.lookup('Which city is the capital of France?', GLOBAL, 3_000);
    expect(second.hit).toMatchObject({ hitCount: 2, lastHitAt: 3_000 });
    expect(store.findExact('what is the capital of france', GLOBAL, 3_000)).toMatchObject({ hitCount: 2, lastHitAt: 3_000 });
  });

  it('never serves an entry at or after its expiry, by exact or similar match', async () => {
    const store = openStore();
    const cache = cacheOver(store);
    await cache.store(answer('What is the capital of France?', 1_000, { ttlMs: 500 }));
    expect((await cache.lookup('What is the capital of France?', GLOBAL, 1_499)).hit).not.toBeNull();
    expect((await cache.lookup('What is the capital of France?', GLOBAL, 1_500)).hit).toBeNull();
    expect((await cache.lookup('Which city is the capital of France?', GLOBAL, 1_500)).hit).toBeNull();
    expect(store.evictExpired(1_499)).toBe(0);
    expect(store.evictExpired(1_500)).toBe(1);
    expect(store.count()).toBe(0);
  });

  it('stores only answers that reach the quality bar, and nothing empty', async () => {
    const store = openStore();
    const cache = cacheOver(store);
    expect(await cache.store(answer('What is the capital of France?', 1_000, { quality: 0.59 }))).toEqual({
      stored: false,
      reason: 'quality 0.59 is below the bar 0.6',
    });
    expect(await cache.store(answer('...', 1_000))).toMatchObject({ stored: false, reason: 'the query is empty' });
    expect(await cache.store(answer('What is the capital of France?', 1_000, { response: '  ' }))).toMatchObject({ stored: false });
    expect(store.count()).toBe(0);
    expect(await cache.store(answer('What is the capital of France?', 1_000, { quality: 0.6 }))).toMatchObject({ stored: true });
  });

  it('replaces the answer when the same question is stored again in the same scope', async () => {
    const store = openStore();
    const cache = cacheOver(store);
    await cache.store(answer('What is the capital of France?', 1_000, { response: 'old' }));
    await cache.store(answer('what is the capital of france', 2_000, { response: 'new' }));
    expect(store.count()).toBe(1);
    expect((await cache.lookup('Which city is the capital of France?', GLOBAL, 3_000)).hit?.response).toBe('new');
  });

  it('reports a broken embedder or configuration as AppError', async () => {
    const store = openStore();
    const silent: QueryEmbedder = { dimensions: DIMENSIONS, embed: async () => [] };
    await expect(createSemanticCache({ embedder: silent, store, config: CONFIG }).lookup('new question', GLOBAL, 1)).rejects.toMatchObject({
      name: 'AppError',
      code: 'internal',
      message: expect.stringMatching(/no 4-dimensional vector/),
    });
    expect(() => createSemanticCache({ embedder: silent, store, config: { ...CONFIG, similarityThreshold: 0 } })).toThrow(/threshold/);
    expect(() => createSemanticCache({ embedder: silent, store, config: { ...CONFIG, ttlMs: -1 } })).toThrow(/TTL/);
  });

  it('never serves a session-scoped answer to another session, while sharing global answers', async () => {
    const cache = cacheOver(openStore());
    const base = { locale: 'en-US', timeZone: 'Europe/Paris' };
    const alice = { ...base, sessionId: 'alice' };
    const bob = { ...base, sessionId: 'bob' };
    const personal = cacheScopeKey([{ cacheable: true, varyBy: ['session'] }], alice);
    if (!personal.cacheable) throw new Error('expected a cacheable scope');
    await cache.store(answer('What is the capital of France?', 1_000, { scopeKey: personal.key, response: 'for alice' }));
    await cache.store(answer('How tall is Mount Everest?', 1_000, { response: '8,849 m' }));

    for (const query of ['What is the capital of France?', 'Which city is the capital of France?']) {
      expect((await cache.lookup(query, scopeKeysReadableBy(bob), 2_000)).hit).toBeNull();
      expect((await cache.lookup(query, scopeKeysReadableBy(alice), 2_000)).hit?.response).toBe('for alice');
    }
    expect((await cache.lookup('How tall is Mount Everest', scopeKeysReadableBy(bob), 2_000)).hit?.response).toBe('8,849 m');
  });
});

describe('SqliteCacheStore', () => {
  const entry = (id: string, createdAt: number, overrides: Partial<CacheEntry> = {}): CacheEntry => ({
    id,
    query: id,
    normalizedQuery: id,
    scopeKey: GLOBAL,
    embedding: at(1),
    response: `response ${id}`,
    provenance: null,
    agents: ['geography'],
    createdAt,
    ttlMs: 1_000_000,
    expiresAt: createdAt + 1_000_000,
    lastHitAt: null,
    hitCount: 0,
    ...overrides,
  });
  const ids = (store: SqliteCacheStore) =>
    ['a', 'b', 'c', 'd'].filter((id) => store.findExact(id, GLOBAL, 10) !== null);

  it('evicts the least recently used entry when a put exceeds max entries', () => {
    const store = openStore({ maxEntries: 3 });
    store.put(entry('a', 1, { embedding: at(0.1) }));
    store.put(entry('b', 2, { embedding: at(0.2) }));
    store.put(entry('c', 3, { embedding: at(0.3) }));
    store.recordHit('a', 4);
    store.put(entry('d', 5, { embedding: at(0.4) }));
    expect(ids(store)).toEqual(['a', 'c', 'd']);
    expect(store.count()).toBe(3);
    // The evicted entry left the vector index too.
    expect(store.findNearest(at(0.2), GLOBAL, 0.9999, 10)).toBeNull();
    store.close();
    expect(ids(openStore({ maxEntries: 3 }))).toEqual(['a', 'c', 'd']);
  });

  it('evicts expired entries before live ones when over max entries', () => {
    const store = openStore({ maxEntries: 2 });
    store.put(entry('a', 1));
    store.put(entry('b', 2, { ttlMs: 2, expiresAt: 4 }));
    store.put(entry('c', 5));
    expect(ids(store)).toEqual(['a', 'c']);
  });

  it('writes hit counts in the background, off the lookup path', () => {
    vi.useFakeTimers();
    try {
      const store = openStore();
      store.put(entry('a', 1));
      const stored = () => {
        const raw = new DatabaseSync(dbPath);
        const row = raw.prepare(`SELECT hit_count, last_hit_at FROM cache_entries WHERE id = 'a'`).get();
        raw.close();
        return row;
      };
      store.recordHit('a', 7);
      store.recordHit('a', 5);
      expect(store.findExact('a', GLOBAL, 10)).toMatchObject({ hitCount: 2, lastHitAt: 7 });
      expect(stored()).toEqual({ hit_count: 0, last_hit_at: null });
      vi.advanceTimersByTime(1_000);
      expect(stored()).toEqual({ hit_count: 2, last_hit_at: 7 });
      expect(store.findExact('a', GLOBAL, 10)).toMatchObject({ hitCount: 2, lastHitAt: 7 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts many entries in one transaction, evicting as it goes', () => {
    const store = openStore({ maxEntries: 3 });
    store.putMany(['a', 'b', 'c', 'd'].map((id, i) => entry(id, i + 1, { embedding: at(0.1 * (i + 1)) })));
    expect(ids(store)).toEqual(['b', 'c', 'd']);
    expect(store.findNearest(at(0.1), GLOBAL, 0.9999, 10)).toBeNull();
  });

  it('leaves the store and its index unchanged when a bulk put fails part-way', () => {
    const store = openStore();
    store.put(entry('a', 1));
    const raw = new DatabaseSync(dbPath);
    raw.exec(`CREATE TRIGGER refuse BEFORE INSERT ON cache_entries WHEN NEW.id = 'c'
              BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    raw.close();
    let failure: unknown;
    try {
      store.putMany([entry('b', 2, { embedding: at(0.3) }), entry('c', 3)]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/Cannot store 2 cache entries: disk says no/) });
    expect(ids(store)).toEqual(['a']);
    expect(store.count()).toBe(1);
    expect(store.findNearest(at(0.3), GLOBAL, 0.9999, 10)).toBeNull();
    expect(store.findNearest(at(1), GLOBAL, 0.9999, 10)?.entry.id).toBe('a');
  });

  it('invalidates everything, a scope, an agent, or an agent within a scope, keeping the index in step', () => {
    const store = openStore();
    store.put(entry('a', 1, { agents: ['geography'] }));
    store.put(entry('b', 1, { agents: ['weather', 'geography'], scopeKey: 'v1;locale=fr' }));
    store.put(entry('c', 1, { agents: ['weather'], scopeKey: 'v1;locale=fr' }));
    store.put(entry('d', 1, { agents: ['weather'] }));
    expect(() => store.invalidate({} as never)).toThrow(AppError);

    expect(store.invalidate({ scopeKey: 'v1;locale=fr', agent: 'geography' })).toBe(1);
    expect(store.findNearest(at(1), 'v1;locale=fr', 0.5, 10)?.entry.id).toBe('c');
    expect(store.invalidate({ agent: 'geography' })).toBe(1);
    expect(store.findExact('a', GLOBAL, 10)).toBeNull();
    expect(store.invalidate({ scopeKey: 'v1;locale=fr' })).toBe(1);
    expect(store.findNearest(at(1), 'v1;locale=fr', 0.5, 10)).toBeNull();
    expect(store.count()).toBe(1);
    expect(store.invalidate({ all: true })).toBe(1);
    expect(store.count()).toBe(0);
    expect(store.findNearest(at(1), GLOBAL, 0.5, 10)).toBeNull();
  });

  it('rejects embeddings of the wrong length with a clear error', () => {
    const store = openStore();
    expect(() => store.put(entry('a', 1, { embedding: new Float32Array(3) }))).toThrow(
      /3 dimensions, the cache holds 4-dimensional embeddings/,
    );
    expect(() => store.findNearest(new Float32Array(8), GLOBAL, 0.5, 10)).toThrow(AppError);
    expect(() => createSemanticCache({ embedder: { ...tableEmbedder(TABLE), dimensions: 8 }, store, config: CONFIG })).toThrow(
      /holds 4-dimensional embeddings but the embedder makes 8/,
    );
    expect(store.count()).toBe(0);
  });

  it('drops malformed rows at open and reports them instead of crashing', () => {
    const store = openStore();
    store.put(entry('good', 1));
    store.close();
    const raw = new DatabaseSync(dbPath);
    const insert = raw.prepare(
      `INSERT INTO cache_entries (id, scope_key, query, normalized_query, embedding, response, provenance, agents,
         created_at, ttl_ms, expires_at, last_hit_at, hit_count) VALUES (?, 'v1', ?, ?, ?, 'r', 'null', ?, 1, 10, 11, NULL, 0)`,
    );
    insert.run('short-embedding', 'q1', 'q1', new Uint8Array(3), '[]');
    insert.run('bad-agents', 'q2', 'q2', new Uint8Array(16), '{"not":"a list"}');
    raw.close();

    const reopened = openStore();
    expect(reopened.openReport.loaded).toBe(1);
    expect(reopened.openReport.discarded).toEqual([
      { id: 'short-embedding', reason: expect.stringMatching(/column embedding holds 3 bytes, expected 16/) },
      { id: 'bad-agents', reason: expect.stringMatching(/column agents is not a JSON array/) },
    ]);
    expect(reopened.count()).toBe(1);
    reopened.close();
    expect(openStore().openReport).toEqual({ loaded: 1, discarded: [] });
  });

  it('discards every entry made by an embedder of another dimension', () => {
    openStore().put(entry('a', 1));
    opened.pop()!.close();
    const wider = openStore({ dimensions: 8 });
    expect(wider.openReport.discarded).toEqual([{ id: 'a', reason: expect.stringMatching(/expected 32 \(8 float32 values\)/) }]);
    expect(wider.count()).toBe(0);
  });

  it('reports a row corrupted after open as a clear error', () => {
    const store = openStore();
    store.put(entry('a', 1));
    const raw = new DatabaseSync(dbPath);
    raw.prepare(`UPDATE cache_entries SET hit_count = 'many' WHERE id = 'a'`).run();
    raw.close();
    const read = () => store.findExact('a', GLOBAL, 10);
    expect(read).toThrow(AppError);
    expect(read).toThrow(/Cache entry a is malformed: column hit_count holds many, expected an integer/);
  });
});
