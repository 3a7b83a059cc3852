// Semantic cache lookup latency at 10,000 and 100,000 entries in one scope, on a temp-file SQLite
// cache (filled in batches of 1,000 per transaction; single puts are timed separately). Each lookup goes through SemanticCache.lookup: normalisation, exact-match query, the
// nearest-neighbour search and, on a hit, the hit-count update. Embeddings are seeded random unit
// vectors; half the queries are near-duplicates of stored entries (cosine about 0.96, worded
// differently so the exact match misses), half are random (misses).
// Run alone: node --disable-warning=ExperimentalWarning bench/cache.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CacheEntry } from '../src/main/ports/cache-store.ts';
import { normalizeQuery } from '../src/main/core/moe/cache/normalize-query.ts';
import { createSemanticCache, entryId, type QueryEmbedder, type SemanticCache } from '../src/main/core/moe/cache/semantic-cache.ts';
import { openCacheStore, type SqliteCacheStore } from '../src/main/adapters/sqlite/sqlite-cache-store.ts';
import { seededRandom } from '../src/main/core/seeded-random.ts';

const DIMENSIONS = 256;
const SMALL = 10_000;
const LARGE = 100_000;
const FILL_BATCH = 1_000;
const SINGLE_PUTS = 300;
const QUERIES = 2_000;
const WARMUP_QUERIES = 200;
const SIMILARITY_THRESHOLD = 0.92; // config/moe_orchestrator.yaml
/** Per-dimension uniform noise giving near-duplicates a cosine of about 0.96 to their source. */
const NEAR_DUPLICATE_NOISE = 0.0325;
const SCOPE = 'v1';

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-bench-'));
  const path = join(dir, 'cache.db');
  const random = seededRandom(42);
  // Stored vectors, row i for "stored question i"; `pending` holds the vector of the text in flight.
  const stored = new Float32Array(LARGE * DIMENSIONS);
  const pending = new Map<string, Float32Array>();
  const embedder: QueryEmbedder = {
    dimensions: DIMENSIONS,
    embed: async (texts) => texts.map((text) => pending.get(text) ?? randomUnitVector(random)),
  };
  const open = (): SqliteCacheStore => openCacheStore(path, { dimensions: DIMENSIONS, maxEntries: 2 * LARGE });
  const config = { similarityThreshold: SIMILARITY_THRESHOLD, ttlMs: 86_400_000, qualityBar: 0.5 };

  let store = open();
  try {
    const results: Record<string, unknown> = {};
    let fillMs = 0;
    let filled = 0;
    for (const [size, label] of [[SMALL, '10k'], [LARGE, '100k']] as const) {
      for (let i = filled; i < size; i++) stored.set(randomUnitVector(random), i * DIMENSIONS);
      const fillStart = performance.now();
      for (; filled < size; filled += FILL_BATCH) {
        store.putMany(Array.from({ length: Math.min(FILL_BATCH, size - filled) }, (_, k) => storedEntry(filled + k, stored)));
      }
      fillMs += performance.now() - fillStart;
      const cache = createSemanticCache({ embedder, store, config });
      const measured = await measureLookups(cache, stored, pending, size, random);
      results[`cache.lookup_p50_ms_${label}`] = round(percentile(measured.latencies, 0.5));
      results[`cache.lookup_p99_ms_${label}`] = round(percentile(measured.latencies, 0.99));
      results[`cache.nn_recall_${label}`] = measured.recall;
      results[`cache.false_hits_${label}`] = measured.falseHits;
    }
    results['cache.fill_ms_100k'] = Math.round(fillMs);

    // One answer stored at a time, as turns do: normalise, embed, write, index, evict check.
    const cache = createSemanticCache({ embedder, store, config });
    const putLatencies: number[] = [];
    for (let i = 0; i < SINGLE_PUTS; i++) {
      const query = `a new question ${i}`;
      pending.set(normalizeQuery(query), randomUnitVector(random));
      const start = performance.now();
      await cache.store({ query, scopeKey: SCOPE, response: 'answer', provenance: null, agents: ['bench'], quality: 1, now: 2_000_000 + i });
      putLatencies.push(performance.now() - start);
      pending.clear();
    }
    results['cache.put_p50_ms_100k'] = round(percentile(putLatencies, 0.5));
    results['cache.put_p99_ms_100k'] = round(percentile(putLatencies, 0.99));

    store.close();
    const openStart = performance.now();
    store = open();
    results['cache.open_ms_100k'] = Math.round(performance.now() - openStart);
    const reopened = await measureLookups(createSemanticCache({ embedder, store, config }), stored, pending, LARGE, random, 200);
    results['cache.nn_recall_100k_after_reopen'] = reopened.recall;
    return results;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function storedEntry(i: number, stored: Float32Array): CacheEntry {
  const query = `Stored question ${i}?`;
  const normalizedQuery = normalizeQuery(query);
  const createdAt = 1_000 + i;
  return {
    id: entryId(SCOPE, normalizedQuery),
    query,
    normalizedQuery,
    scopeKey: SCOPE,
    embedding: stored.slice(i * DIMENSIONS, (i + 1) * DIMENSIONS),
    response: `Answer ${i}.`,
    provenance: { agents: ['bench'] },
    agents: ['bench'],
    createdAt,
    ttlMs: 86_400_000,
    expiresAt: createdAt + 86_400_000,
    lastHitAt: null,
    hitCount: 0,
  };
}

async function measureLookups(
  cache: SemanticCache,
  stored: Float32Array,
  pending: Map<string, Float32Array>,
  storedCount: number,
  random: () => number,
  queries = QUERIES,
) {
  const latencies: number[] = [];
  let nearFound = 0;
  let nearAsked = 0;
  let falseHits = 0;
  for (let i = 0; i < WARMUP_QUERIES + queries; i++) {
    const nearDuplicate = i % 2 === 0;
    const source = Math.floor(random() * storedCount);
    const query = `Query ${i} ${nearDuplicate ? `like ${source}` : 'unlike anything'}`;
    const vector = nearDuplicate
      ? perturb(stored.subarray(source * DIMENSIONS, (source + 1) * DIMENSIONS), random)
      : randomUnitVector(random);
    pending.set(normalizeQuery(query), vector);
    const start = performance.now();
    const { hit } = await cache.lookup(query, SCOPE, 10_000_000 + i);
    const elapsed = performance.now() - start;
    pending.clear();
    if (i < WARMUP_QUERIES) continue;
    latencies.push(elapsed);
    if (nearDuplicate) {
      nearAsked++;
      if (hit?.query === `Stored question ${source}?`) nearFound++;
    } else if (hit !== null) {
      falseHits++;
    }
  }
  return { latencies, recall: nearFound / nearAsked, falseHits };
}


function normalised(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return vector.map((value) => value / norm);
}

function randomUnitVector(random: () => number): Float32Array {
  return normalised(Float32Array.from({ length: DIMENSIONS }, () => random() * 2 - 1));
}

function perturb(vector: Float32Array, random: () => number): Float32Array {
  return normalised(vector.map((value) => value + (random() * 2 - 1) * NEAR_DUPLICATE_NOISE));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
