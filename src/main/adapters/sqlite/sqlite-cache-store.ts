import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import { AppError } from '../../core/errors.ts';
import { VectorIndex } from '../../core/moe/cache/vector-index.ts';
import type { CacheEntry, CacheInvalidation, CacheStore, NearestCacheEntry } from '../../ports/cache-store.ts';
import { openDatabase } from './database.ts';
import { createWriteBatch, type WriteBatch } from './write-batch.ts';
import { storageFailure, type StorageErrorSink } from './storage-health.ts';

// Semantic cache entries in SQLite (table cache_entries, migration 2), with one in-memory vector
// index per scope key loaded at open and kept in step with every write, so a nearest-neighbour
// lookup reads no table rows except the one it returns.

type Row = Record<string, SQLOutputValue>;

export interface CacheStoreOptions {
  /** Embedding length every entry must have (the embedder's `dimensions`). */
  dimensions: number;
  /** A put that makes the count exceed this evicts expired, then least recently used entries. */
  maxEntries: number;
  /** Force the JavaScript kernel instead of WebAssembly SIMD (for tests). */
  simd?: boolean;
  /** Told about reads and writes the disk or file refused (the host shows them in Status). */
  onStorageError?: StorageErrorSink;
  /** The host's group commit (write-batch.ts); default: each write commits on its own. */
  writes?: WriteBatch;
}

/** What opening found: rows that could not be used are deleted and listed here. */
export interface CacheOpenReport {
  loaded: number;
  discarded: { id: string; reason: string }[];
}

/**
 * Hits are counted in memory and written in batches: a write on the lookup path would put WAL
 * commits and checkpoints (milliseconds on slow disks) in front of every cache hit. Reads see the
 * pending counts; a crash loses at most one batch of hit counts, never an entry.
 */
const HIT_FLUSH_BATCH = 256;
const HIT_FLUSH_DELAY_MS = 1_000;

const COLUMNS = `id, scope_key, query, normalized_query, embedding, response, provenance, agents,
  created_at, ttl_ms, expires_at, last_hit_at, hit_count`;

export function openCacheStore(path: string, options: CacheStoreOptions, clockNow: () => number = Date.now): SqliteCacheStore {
  const db = openDatabase(path, clockNow);
  try {
    return new SqliteCacheStore(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

export class SqliteCacheStore implements CacheStore {
  readonly dimensions: number;
  readonly maxEntries: number;
  readonly openReport: CacheOpenReport;
  readonly #db: DatabaseSync;
  readonly #simd: boolean | undefined;
  readonly #onStorageError: StorageErrorSink | undefined;
  readonly #writes: WriteBatch;
  readonly #indexes = new Map<string, VectorIndex>();
  readonly #pendingHits = new Map<string, { count: number; lastHitAt: number }>();
  #hitFlushTimer: ReturnType<typeof setTimeout> | null = null;
  readonly #findExact: StatementSync;
  readonly #getById: StatementSync;
  readonly #deleteConflicting: StatementSync;
  readonly #insert: StatementSync;
  readonly #recordHit: StatementSync;
  readonly #deleteExpired: StatementSync;
  readonly #deleteLeastRecentlyUsed: StatementSync;

  /** Takes a database already opened and migrated by `openDatabase`; closing the store closes it. */
  constructor(db: DatabaseSync, options: CacheStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions <= 0) {
      throw new AppError('bad_request', `Cache dimensions must be a positive integer, got ${options.dimensions}`);
    }
    if (!Number.isInteger(options.maxEntries) || options.maxEntries <= 0) {
      throw new AppError('bad_request', `Cache max entries must be a positive integer, got ${options.maxEntries}`);
    }
    this.#db = db;
    this.#writes = options.writes ?? createWriteBatch(db, { grouped: false });
    this.dimensions = options.dimensions;
    this.maxEntries = options.maxEntries;
    this.#simd = options.simd;
    this.#onStorageError = options.onStorageError;
    this.#findExact = db.prepare(
      `SELECT ${COLUMNS} FROM cache_entries WHERE scope_key = ? AND normalized_query = ? AND expires_at > ?`,
    );
    this.#getById = db.prepare(`SELECT ${COLUMNS} FROM cache_entries WHERE id = ?`);
    this.#deleteConflicting = db.prepare(
      `DELETE FROM cache_entries WHERE id = ? OR (scope_key = ? AND normalized_query = ?) RETURNING id, scope_key`,
    );
    this.#insert = db.prepare(
      `INSERT INTO cache_entries (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#recordHit = db.prepare(
      'UPDATE cache_entries SET hit_count = hit_count + ?, last_hit_at = MAX(COALESCE(last_hit_at, ?), ?) WHERE id = ?',
    );
    this.#deleteExpired = db.prepare('DELETE FROM cache_entries WHERE expires_at <= ? RETURNING id, scope_key');
    this.#deleteLeastRecentlyUsed = db.prepare(
      `DELETE FROM cache_entries WHERE id IN (
         SELECT id FROM cache_entries WHERE id <> ? ORDER BY COALESCE(last_hit_at, created_at), rowid LIMIT ?
       ) RETURNING id, scope_key`,
    );
    this.openReport = this.#load();
  }

  findExact(normalizedQuery: string, scopeKey: string, now: number): CacheEntry | null {
    const row = this.#attempt('Cannot read the cache', 'read', () => this.#findExact.get(scopeKey, normalizedQuery, now));
    return row === undefined ? null : this.#toEntry(row);
  }

  findNearest(embedding: Float32Array, scopeKey: string, minSimilarity: number, now: number, accept?: (entry: CacheEntry) => boolean): NearestCacheEntry | null {
    this.#checkEmbedding(embedding, 'the query embedding');
    let accepted: CacheEntry | null = null;
    const read = (id: string): CacheEntry => {
      const row = this.#attempt('Cannot read the cache', 'read', () => this.#getById.get(id));
      if (row === undefined) throw new AppError('internal', `Cache index out of step with the database: entry ${id} is indexed but not stored`);
      return this.#toEntry(row);
    };
    const filter = accept
      ? (id: string) => {
          const entry = read(id);
          if (accept(entry)) accepted = entry;
          return accepted !== null;
        }
      : undefined;
    const match = this.#indexes.get(scopeKey)?.nearest(embedding, minSimilarity, now, filter) ?? null;
    if (match === null) return null;
    return { entry: accepted ?? read(match.id), similarity: match.similarity };
  }

  put(entry: CacheEntry): void {
    this.putMany([entry]);
  }

  /** Puts entries in order in one transaction (bulk loads); eviction applies after each as in `put`. */
  putMany(entries: readonly CacheEntry[]): void {
    const rows = entries.map((entry) => this.#toRow(entry));
    try {
      this.#transaction(() => {
        // Eviction reads last use from the table, so pending hits go in first.
        this.#writePendingHits();
        rows.forEach((row, i) => this.#write(entries[i]!, row));
      });
      this.#pendingHits.clear();
    } catch (error) {
      // The indexes were updated as rows were written; after a rollback, rebuild them from disk.
      this.#indexes.clear();
      try {
        this.#load();
      } catch {
        // A disk that refused the write may refuse this read too; the next put rebuilds again.
      }
      const action = `Cannot store ${entries.length === 1 ? `cache entry ${entries[0]!.id}` : `${entries.length} cache entries`}`;
      throw storageFailure(error, action, 'write', this.#onStorageError) ?? asStoreError(error, action);
    }
  }

  recordHit(id: string, now: number): void {
    const pending = this.#pendingHits.get(id);
    if (pending === undefined) this.#pendingHits.set(id, { count: 1, lastHitAt: now });
    else this.#pendingHits.set(id, { count: pending.count + 1, lastHitAt: Math.max(pending.lastHitAt, now) });
    if (this.#pendingHits.size >= HIT_FLUSH_BATCH) this.flushHits();
    else if (this.#hitFlushTimer === null) {
      this.#hitFlushTimer = setTimeout(() => {
        try {
          this.flushHits();
        } catch {
          // The counts stay pending; the next put, flush or close writes them.
        }
      }, HIT_FLUSH_DELAY_MS);
      this.#hitFlushTimer.unref();
    }
  }

  /** Writes hit counts recorded since the last flush (also done by put, close and a timer). */
  flushHits(): void {
    if (this.#hitFlushTimer !== null) clearTimeout(this.#hitFlushTimer);
    this.#hitFlushTimer = null;
    if (this.#pendingHits.size === 0 || !this.#db.isOpen) return;
    this.#attempt('Cannot record cache hits', 'write', () => this.#transaction(() => this.#writePendingHits()));
    this.#pendingHits.clear();
  }

  invalidate(filter: CacheInvalidation): number {
    if ('all' in filter && filter.all === true) {
      const { changes } = this.#attempt('Cannot clear the cache', 'write', () => this.#db.prepare('DELETE FROM cache_entries').run());
      this.#indexes.clear();
      return Number(changes);
    }
    const { scopeKey, agent } = filter as { scopeKey?: string; agent?: string };
    const conditions: string[] = [];
    const parameters: SQLInputValue[] = [];
    if (scopeKey !== undefined) {
      conditions.push('scope_key = ?');
      parameters.push(scopeKey);
    }
    if (agent !== undefined) {
      conditions.push('EXISTS (SELECT 1 FROM json_each(cache_entries.agents) WHERE value = ?)');
      parameters.push(agent);
    }
    if (conditions.length === 0) {
      throw new AppError('bad_request', 'Cache invalidation needs { all: true }, a scopeKey or an agent');
    }
    const removed = this.#attempt('Cannot invalidate cache entries', 'write', () =>
      this.#db.prepare(`DELETE FROM cache_entries WHERE ${conditions.join(' AND ')} RETURNING id, scope_key`).all(...parameters),
    );
    this.#unindex(removed);
    return removed.length;
  }

  evictExpired(now: number): number {
    const removed = this.#attempt('Cannot evict expired cache entries', 'write', () => this.#deleteExpired.all(now));
    this.#unindex(removed);
    return removed.length;
  }

  count(): number {
    let total = 0;
    for (const index of this.#indexes.values()) total += index.size;
    return total;
  }

  close(): void {
    try {
      this.flushHits();
    } finally {
      this.#indexes.clear();
      // Closing with the shared transaction open would roll it back.
      this.#writes.flush();
      if (this.#db.isOpen) this.#db.close();
    }
  }

  #toRow(entry: CacheEntry): SQLInputValue[] {
    this.#checkEmbedding(entry.embedding, `the embedding of cache entry ${entry.id}`);
    const provenance = JSON.stringify(entry.provenance);
    if (provenance === undefined) throw new AppError('bad_request', `Cache entry ${entry.id}: provenance is not JSON-serialisable`);
    if (!Number.isSafeInteger(entry.ttlMs) || entry.ttlMs <= 0 || entry.expiresAt !== entry.createdAt + entry.ttlMs) {
      throw new AppError('bad_request', `Cache entry ${entry.id}: expiresAt must be createdAt + ttlMs with a positive ttlMs`);
    }
    if (!entry.agents.every((agent) => typeof agent === 'string')) {
      throw new AppError('bad_request', `Cache entry ${entry.id}: agents must be names (strings)`);
    }
    return [
      entry.id,
      entry.scopeKey,
      entry.query,
      entry.normalizedQuery,
      blobOf(entry.embedding),
      entry.response,
      provenance,
      JSON.stringify(entry.agents),
      entry.createdAt,
      entry.ttlMs,
      entry.expiresAt,
      entry.lastHitAt,
      entry.hitCount,
    ];
  }

  #writePendingHits(): void {
    // An entry invalidated since its hit simply has nothing left to count.
    for (const [id, { count, lastHitAt }] of this.#pendingHits) this.#recordHit.run(count, lastHitAt, lastHitAt, id);
  }

  /** Inside a transaction: replace, insert, index, then evict down to maxEntries. */
  #write(entry: CacheEntry, row: SQLInputValue[]): void {
    this.#unindex(this.#deleteConflicting.all(entry.id, entry.scopeKey, entry.normalizedQuery));
    this.#insert.run(...row);
    this.#indexFor(entry.scopeKey).set(entry.id, entry.embedding, entry.expiresAt);
    if (this.count() <= this.maxEntries) return;
    this.#unindex(this.#deleteExpired.all(entry.createdAt));
    const over = this.count() - this.maxEntries;
    if (over > 0) this.#unindex(this.#deleteLeastRecentlyUsed.all(entry.id, over));
  }

  #load(): CacheOpenReport {
    const discarded: CacheOpenReport['discarded'] = [];
    let loaded = 0;
    const rows = this.#db.prepare('SELECT id, scope_key, embedding, agents, created_at, ttl_ms, expires_at FROM cache_entries');
    for (const row of rows.iterate()) {
      try {
        const read = rowReader(row);
        read.integer('created_at');
        read.integer('ttl_ms');
        read.agents();
        this.#indexFor(read.text('scope_key')).set(String(row.id), read.embedding(this.dimensions), read.integer('expires_at'));
        loaded++;
      } catch (error) {
        discarded.push({ id: String(row.id), reason: (error as Error).message });
      }
    }
    if (discarded.length > 0) {
      const remove = this.#db.prepare('DELETE FROM cache_entries WHERE id = ?');
      this.#transaction(() => discarded.forEach(({ id }) => remove.run(id)));
    }
    return { loaded, discarded };
  }

  #indexFor(scopeKey: string): VectorIndex {
    let index = this.#indexes.get(scopeKey);
    if (index === undefined) {
      index = new VectorIndex({ dimensions: this.dimensions, simd: this.#simd });
      this.#indexes.set(scopeKey, index);
    }
    return index;
  }

  #unindex(rows: readonly Row[]): void {
    for (const row of rows) {
      const scopeKey = String(row.scope_key);
      const index = this.#indexes.get(scopeKey);
      if (index === undefined) continue;
      index.delete(String(row.id));
      if (index.size === 0) this.#indexes.delete(scopeKey);
    }
  }

  /** All of `work`'s statements or none (in the host's shared transaction when there is one). */
  #transaction<T>(work: () => T): T {
    return this.#writes.atomically(work);
  }

  #attempt<T>(action: string, access: 'read' | 'write', work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storageFailure(error, action, access, this.#onStorageError) ?? asStoreError(error, action);
    }
  }

  #checkEmbedding(embedding: Float32Array, what: string): void {
    if (!(embedding instanceof Float32Array) || embedding.length !== this.dimensions) {
      const length = embedding instanceof Float32Array ? `${embedding.length} dimensions` : 'not a Float32Array';
      throw new AppError('bad_request', `Cannot use ${what}: ${length}, the cache holds ${this.dimensions}-dimensional embeddings`);
    }
  }

  #toEntry(row: Row): CacheEntry {
    const read = rowReader(row);
    const id = read.text('id');
    const storedLastHitAt = row.last_hit_at === null ? null : read.integer('last_hit_at');
    const pending = this.#pendingHits.get(id);
    return {
      id,
      query: read.text('query'),
      normalizedQuery: read.text('normalized_query'),
      scopeKey: read.text('scope_key'),
      embedding: read.embedding(this.dimensions),
      response: read.text('response'),
      provenance: read.json('provenance'),
      agents: read.agents(),
      createdAt: read.integer('created_at'),
      ttlMs: read.integer('ttl_ms'),
      expiresAt: read.integer('expires_at'),
      lastHitAt: pending === undefined ? storedLastHitAt : Math.max(storedLastHitAt ?? pending.lastHitAt, pending.lastHitAt),
      hitCount: read.integer('hit_count') + (pending?.count ?? 0),
    };
  }
}

/** Typed reads of one row; anything unexpected is an AppError naming the entry and column. */
function rowReader(row: Row) {
  const id = String(row.id);
  const malformed = (column: string, problem: string) =>
    new AppError('internal', `Cache entry ${id} is malformed: column ${column} ${problem}`);
  const text = (column: string): string => {
    const value = row[column];
    if (typeof value !== 'string') throw malformed(column, `holds ${typeof value}, expected text`);
    return value;
  };
  const integer = (column: string): number => {
    const value = row[column];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw malformed(column, `holds ${String(value)}, expected an integer`);
    return value;
  };
  const json = (column: string): unknown => {
    const source = text(column);
    try {
      return JSON.parse(source) as unknown;
    } catch {
      throw malformed(column, 'holds invalid JSON');
    }
  };
  return {
    text,
    integer,
    json,
    agents(): string[] {
      const agents = json('agents');
      if (!Array.isArray(agents) || !agents.every((agent) => typeof agent === 'string')) {
        throw malformed('agents', 'is not a JSON array of agent names');
      }
      return agents as string[];
    },
    embedding(dimensions: number): Float32Array {
      const blob = row.embedding;
      if (!(blob instanceof Uint8Array)) throw malformed('embedding', `holds ${typeof blob}, expected a BLOB`);
      if (blob.byteLength !== dimensions * 4) {
        throw malformed('embedding', `holds ${blob.byteLength} bytes, expected ${dimensions * 4} (${dimensions} float32 values)`);
      }
      return floatsOf(blob);
    },
  };
}

/** SQLite failures become AppError; busy or locked databases may succeed on a retry. */
function asStoreError(error: unknown, action: string): AppError {
  if (error instanceof AppError) return error;
  const errcode = (error as { errcode?: unknown }).errcode;
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), including their extended codes.
  const retryable = typeof errcode === 'number' && [5, 6].includes(errcode & 0xff);
  return new AppError('unavailable', `${action}: ${(error as Error).message}`, { retryable, cause: error });
}

// Embeddings are stored as the platform's float32 bytes; every platform Electron and Node ship on
// is little-endian.
function blobOf(embedding: Float32Array): Uint8Array {
  return new Uint8Array(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

function floatsOf(blob: Uint8Array): Float32Array {
  // Copy: the BLOB's bytes may not be 4-byte aligned.
  return new Float32Array(blob.slice().buffer);
}
