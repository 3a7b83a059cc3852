// Semantic cache lookups at 10,000 and 100,000 entries in one scope, on a temp-file SQLite cache
// (filled in batches of 1,000 per transaction; single puts are timed separately), 512 dimensions
// as the app's cache embedder. Each lookup goes through SemanticCache.lookup: normalisation, the
// exact-match query, embedding, the nearest-neighbour search, the numbers guard and, on a hit, the
// hit count. Two sets of entries:
//
// - Random vectors (`cache.lookup_*`, `cache.nn_recall_*`): seeded random unit vectors; half the
//   queries are near-duplicates of a stored entry (cosine about 0.96) worded differently with the
//   same number ("Stored question 345?" asked as "stored question 345, asked again"), so the exact
//   match misses and the guard accepts; half are random (misses). Recall: near-duplicates served
//   their own entry.
// - Realistic questions (`cache.reworded_*`): questions as people ask them, many one template with
//   other numbers, embedded by the app's own cache embedder; half the queries reword a stored
//   question keeping its numbers, half are questions never stored. The expected answer of each is
//   found by brute force: the most similar stored entry with the same numbers at or above the
//   threshold, or none. Recall: lookups that found it among those that have one; false hits:
//   lookups that returned anything else.
// Run alone: node --disable-warning=ExperimentalWarning bench/cache.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CacheEntry } from '../src/main/ports/cache-store.ts';
import { normalizeQuery } from '../src/main/core/moe/cache/normalize-query.ts';
import { createSemanticCache, entryId, numbersOf, type QueryEmbedder, type SemanticCache } from '../src/main/core/moe/cache/semantic-cache.ts';
import { openCacheStore, type SqliteCacheStore } from '../src/main/adapters/sqlite/sqlite-cache-store.ts';
import { cacheEmbedder, CACHE_DIMENSIONS } from '../src/main/host/moe-composition.ts';
import { seededRandom } from '../src/main/core/seeded-random.ts';
import { realisticQuestions } from './support/realistic-questions.ts';
import { sized } from './support/scale.ts';

const DIMENSIONS = CACHE_DIMENSIONS;
const SIZES = [
  [sized(10_000, 200), '10k'],
  [sized(100_000, 500), '100k'],
] as const;
const LARGE = SIZES[1][0];
const FILL_BATCH = 1_000;
const SINGLE_PUTS = sized(300, 10);
const QUERIES = sized(2_000, 30);
const WARMUP_QUERIES = sized(200, 4);
const REOPENED_QUERIES = sized(200, 10);
const SIMILARITY_THRESHOLD = 0.92; // config/moe_orchestrator.yaml
/** Per-dimension uniform noise giving near-duplicates a cosine of about 0.96 to their source (at 512 dimensions). */
const NEAR_DUPLICATE_NOISE = 0.023;
const SCOPE = 'v1';
const CONFIG = { similarityThreshold: SIMILARITY_THRESHOLD, ttlMs: 86_400_000, qualityBar: 0.5 };

export const figures = [
  ...SIZES.flatMap(([, label]) => [
    `cache.lookup_p50_ms_${label}`,
    `cache.lookup_p99_ms_${label}`,
    `cache.nn_recall_${label}`,
    `cache.false_hits_${label}`,
    `cache.reworded_lookup_p50_ms_${label}`,
    `cache.reworded_lookup_p99_ms_${label}`,
    `cache.reworded_recall_${label}`,
    `cache.reworded_served_share_${label}`,
    `cache.reworded_false_hits_${label}`,
  ]),
  'cache.fill_ms_100k',
  'cache.put_p50_ms_100k',
  'cache.put_p99_ms_100k',
  'cache.open_ms_100k',
  'cache.nn_recall_100k_after_reopen',
];

export async function run(): Promise<Record<string, unknown>> {
  return { ...(await randomVectors()), ...(await realistic()) };
}

async function randomVectors(): Promise<Record<string, unknown>> {
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

  let store = open();
  try {
    const results: Record<string, unknown> = {};
    let fillMs = 0;
    let filled = 0;
    for (const [size, label] of SIZES) {
      for (let i = filled; i < size; i++) stored.set(randomUnitVector(random), i * DIMENSIONS);
      const fillStart = performance.now();
      while (filled < size) {
        const batch = Array.from({ length: Math.min(FILL_BATCH, size - filled) }, (_, k) => filled + k);
        store.putMany(batch.map((i) => entryOf(i, `Stored question ${i}?`, stored)));
        filled += batch.length;
      }
      fillMs += performance.now() - fillStart;
      const cache = createSemanticCache({ embedder, store, config: CONFIG });
      const measured = await randomLookups(cache, stored, pending, size, random);
      results[`cache.lookup_p50_ms_${label}`] = round(percentile(measured.latencies, 0.5));
      results[`cache.lookup_p99_ms_${label}`] = round(percentile(measured.latencies, 0.99));
      results[`cache.nn_recall_${label}`] = measured.recall;
      results[`cache.false_hits_${label}`] = measured.falseHits;
    }
    results['cache.fill_ms_100k'] = Math.round(fillMs);

    // One answer stored at a time, as turns do: normalise, embed, write, index, evict check.
    const cache = createSemanticCache({ embedder, store, config: CONFIG });
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
    const reopened = await randomLookups(createSemanticCache({ embedder, store, config: CONFIG }), stored, pending, LARGE, random, REOPENED_QUERIES);
    results['cache.nn_recall_100k_after_reopen'] = reopened.recall;
    return results;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function randomLookups(cache: SemanticCache, stored: Float32Array, pending: Map<string, Float32Array>, storedCount: number, random: () => number, queries = QUERIES) {
  const latencies: number[] = [];
  let nearFound = 0;
  let nearAsked = 0;
  let falseHits = 0;
  for (let i = 0; i < WARMUP_QUERIES + queries; i++) {
    const nearDuplicate = i % 2 === 0;
    const source = Math.floor(random() * storedCount);
    const query = nearDuplicate ? `stored question ${source}, asked again` : `Something else entirely, number ${i}`;
    const vector = nearDuplicate ? perturb(stored.subarray(source * DIMENSIONS, (source + 1) * DIMENSIONS), random) : randomUnitVector(random);
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
      else if (hit !== null) falseHits++;
    } else if (hit !== null) {
      falseHits++;
    }
  }
  return { latencies, recall: nearFound / nearAsked, falseHits };
}

async function realistic(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'cache-bench-realistic-'));
  const random = seededRandom(7);
  const embedder = cacheEmbedder();
  // The stored questions, then as many never stored: the misses.
  const corpus = realisticQuestions(LARGE + QUERIES, random);
  const texts = corpus.questions.map(normalizeQuery);
  const vectors = new Float32Array(LARGE * DIMENSIONS);
  (await embedder.embed(texts.slice(0, LARGE))).forEach((vector, i) => vectors.set(vector, i * DIMENSIONS));
  const byNumbers = new Map<string, number[]>();
  const store = openCacheStore(join(dir, 'cache.db'), { dimensions: DIMENSIONS, maxEntries: 2 * LARGE });
  try {
    const results: Record<string, unknown> = {};
    let filled = 0;
    for (const [size, label] of SIZES) {
      while (filled < size) {
        const batch = Array.from({ length: Math.min(FILL_BATCH, size - filled) }, (_, k) => filled + k);
        for (const i of batch) byNumbers.set(numbersOf(texts[i]!), [...(byNumbers.get(numbersOf(texts[i]!)) ?? []), i]);
        store.putMany(batch.map((i) => entryOf(i, corpus.questions[i]!, vectors)));
        filled += batch.length;
      }
      const cache = createSemanticCache({ embedder, store, config: CONFIG });
      const latencies: number[] = [];
      let expected = 0;
      let found = 0;
      let served = 0;
      let reworded = 0;
      let falseHits = 0;
      for (let i = 0; i < WARMUP_QUERIES + QUERIES; i++) {
        const query = i % 2 === 0 ? corpus.reword(Math.floor(random() * size)) : corpus.questions[LARGE + (i % QUERIES)]!;
        const start = performance.now();
        const { hit } = await cache.lookup(query, SCOPE, 10_000_000 + i);
        const elapsed = performance.now() - start;
        if (i < WARMUP_QUERIES) continue;
        latencies.push(elapsed);
        const truth = await expectedEntry(query, embedder, vectors, byNumbers);
        if (i % 2 === 0) reworded++;
        if (i % 2 === 0 && hit !== null) served++;
        if (truth !== null) expected++;
        if (truth !== null && hit?.query === corpus.questions[truth]) found++;
        else if (hit !== null) falseHits++;
      }
      results[`cache.reworded_lookup_p50_ms_${label}`] = round(percentile(latencies, 0.5));
      results[`cache.reworded_lookup_p99_ms_${label}`] = round(percentile(latencies, 0.99));
      results[`cache.reworded_recall_${label}`] = expected === 0 ? Number.NaN : found / expected;
      results[`cache.reworded_served_share_${label}`] = round(served / reworded);
      results[`cache.reworded_false_hits_${label}`] = falseHits;
    }
    return results;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** By brute force: the stored question with the query's numbers most similar to it, at or above the threshold. */
async function expectedEntry(query: string, embedder: QueryEmbedder, vectors: Float32Array, byNumbers: Map<string, number[]>): Promise<number | null> {
  const text = normalizeQuery(query);
  const [vector] = await embedder.embed([text]);
  let best: number | null = null;
  let bestSimilarity = SIMILARITY_THRESHOLD;
  for (const i of byNumbers.get(numbersOf(text)) ?? []) {
    let similarity = 0;
    for (let j = 0; j < DIMENSIONS; j++) similarity += vector![j]! * vectors[i * DIMENSIONS + j]!;
    if (similarity >= bestSimilarity) {
      bestSimilarity = similarity;
      best = i;
    }
  }
  return best;
}

function entryOf(i: number, query: string, vectors: Float32Array): CacheEntry {
  const normalizedQuery = normalizeQuery(query);
  const createdAt = 1_000 + i;
  return {
    id: entryId(SCOPE, normalizedQuery),
    query,
    normalizedQuery,
    scopeKey: SCOPE,
    embedding: vectors.slice(i * DIMENSIONS, (i + 1) * DIMENSIONS),
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
