import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import { summariseTrace, type TraceSummary } from '../../../shared/contract.ts';
import { TurnTraceSchema, type TurnTrace } from '../../../shared/trace.ts';
import { AppError } from '../../core/errors.ts';
import type { ListTracesQuery, TraceReader, TraceSink } from '../../ports/trace-sink.ts';
import { openDatabase } from './database.ts';
import { createWriteBatch, type WriteBatch } from './write-batch.ts';
import { storageFailure, type StorageErrorSink } from './storage-health.ts';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;

/** A stored trace that no longer parses or no longer matches `TurnTraceSchema`. */
export interface CorruptTrace {
  id: string;
  error: string;
}

export type TraceLookup =
  | { status: 'found'; trace: TurnTrace }
  | { status: 'missing' }
  | ({ status: 'corrupt' } & CorruptTrace);

export interface TraceListing {
  traces: TraceSummary[];
  /** Rows met while listing that could not be read; they are not counted against the limit. */
  skipped: CorruptTrace[];
}

export interface TraceStoreOptions {
  /** Told about every unreadable row met by `list` or `get` (the host logs it as a warning). */
  onCorrupt?: (corrupt: CorruptTrace) => void;
  /** Told about reads and writes the disk or file refused (the host shows them in Status). */
  onStorageError?: StorageErrorSink;
  /** The host's group commit (write-batch.ts); default: each write commits on its own. */
  writes?: WriteBatch;
}

export function openTraceStore(
  path: string,
  options: TraceStoreOptions & { clockNow?: () => number } = {},
): SqliteTraceStore {
  return new SqliteTraceStore(openDatabase(path, options.clockNow), options);
}

/** The trace history: one row per turn in `traces`, the `TurnTrace` stored whole as JSON. */
export class SqliteTraceStore implements TraceSink, TraceReader {
  readonly name = 'sqlite';
  readonly #db: DatabaseSync;
  readonly #onCorrupt: (corrupt: CorruptTrace) => void;
  readonly #onStorageError: StorageErrorSink | undefined;
  readonly #writes: WriteBatch;
  readonly #upsert: StatementSync;
  readonly #get: StatementSync;
  readonly #listAll: StatementSync;
  readonly #listSession: StatementSync;
  readonly #listAllBefore: StatementSync;
  readonly #listSessionBefore: StatementSync;

  /** Takes a database opened and migrated by `openDatabase` (it may be shared); closing the store closes it. */
  constructor(db: DatabaseSync, options: TraceStoreOptions = {}) {
    this.#db = db;
    this.#onCorrupt = options.onCorrupt ?? (() => {});
    this.#onStorageError = options.onStorageError;
    this.#writes = options.writes ?? createWriteBatch(db, { grouped: false });
    // Recording a turn twice (say, once streamed, once final) keeps the latest version.
    this.#upsert = db.prepare(
      `INSERT INTO traces (id, session_id, created_at, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         session_id = excluded.session_id, created_at = excluded.created_at, data = excluded.data`,
    );
    this.#get = db.prepare('SELECT id, data FROM traces WHERE id = ?');
    this.#listAll = db.prepare('SELECT id, data FROM traces ORDER BY created_at DESC, rowid DESC');
    this.#listSession = db.prepare(
      'SELECT id, data FROM traces WHERE session_id = ? ORDER BY created_at DESC, rowid DESC',
    );
    // Pages continue after a trace in the same order; an unknown id compares as NULL: no rows.
    const olderThan = '(created_at, rowid) < (SELECT created_at, rowid FROM traces WHERE id = ?)';
    this.#listAllBefore = db.prepare(`SELECT id, data FROM traces WHERE ${olderThan} ORDER BY created_at DESC, rowid DESC`);
    this.#listSessionBefore = db.prepare(
      `SELECT id, data FROM traces WHERE session_id = ? AND ${olderThan} ORDER BY created_at DESC, rowid DESC`,
    );
  }

  record(trace: TurnTrace): void {
    const checked = TurnTraceSchema.safeParse(trace);
    if (!checked.success) {
      throw new AppError('internal', `Cannot save trace ${String(trace.id)}: ${z.prettifyError(checked.error)}`);
    }
    const valid = checked.data;
    try {
      this.#writes.join();
      this.#upsert.run(valid.id, valid.sessionId, Math.round(valid.startedAt), JSON.stringify(valid));
    } catch (error) {
      throw storageFailure(error, `Cannot save trace ${valid.id}`, 'write', this.#onStorageError) ?? saveError(error, valid);
    }
  }

  list(query: ListTracesQuery): TraceSummary[] {
    return this.listWithWarnings(query).traces;
  }

  #rows({ sessionId, before }: ListTracesQuery) {
    if (before === undefined) return sessionId === undefined ? this.#listAll.iterate() : this.#listSession.iterate(sessionId);
    return sessionId === undefined ? this.#listAllBefore.iterate(before) : this.#listSessionBefore.iterate(sessionId, before);
  }

  /** `list`, also returning the unreadable rows it skipped. */
  listWithWarnings(query: ListTracesQuery): TraceListing {
    const listing: TraceListing = { traces: [], skipped: [] };
    if (!(query.limit >= 1)) return listing;
    try {
      this.#collect(query, listing);
    } catch (error) {
      throw storageFailure(error, 'Cannot list traces', 'read', this.#onStorageError) ?? error;
    }
    return listing;
  }

  #collect(query: ListTracesQuery, listing: TraceListing): void {
    const rows = this.#rows(query);
    for (const row of rows) {
      const read = parseRow(row);
      if (read.status === 'found') {
        listing.traces.push(summariseTrace(read.trace));
        if (listing.traces.length >= query.limit) break;
      } else if (read.status === 'corrupt') {
        listing.skipped.push({ id: read.id, error: read.error });
        this.#onCorrupt({ id: read.id, error: read.error });
      }
    }
  }

  get(id: string): TurnTrace | null {
    const read = this.read(id);
    if (read.status === 'corrupt') this.#onCorrupt({ id: read.id, error: read.error });
    return read.status === 'found' ? read.trace : null;
  }

  /** `get` that says why nothing came back: no such trace, or a stored record that cannot be read. */
  read(id: string): TraceLookup {
    let row;
    try {
      row = this.#get.get(id);
    } catch (error) {
      throw storageFailure(error, `Cannot read trace ${id}`, 'read', this.#onStorageError) ?? error;
    }
    return row === undefined ? { status: 'missing' } : parseRow(row);
  }

  close(): void {
    // Closing with the shared transaction open would roll it back.
    this.#writes.flush();
    if (this.#db.isOpen) this.#db.close();
  }
}

function parseRow(row: Record<string, SQLOutputValue>): TraceLookup {
  const id = String(row.id);
  const corrupt = (error: string): TraceLookup => ({ status: 'corrupt', id, error: `Trace ${id} is unreadable: ${error}` });
  if (typeof row.data !== 'string') return corrupt(`its data column holds ${typeof row.data}, not JSON text`);
  let json: unknown;
  try {
    json = JSON.parse(row.data);
  } catch (error) {
    return corrupt(`invalid JSON (${(error as Error).message})`);
  }
  const parsed = TurnTraceSchema.safeParse(json);
  if (!parsed.success) return corrupt(`it does not match the trace schema: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.id !== id) return corrupt(`its document describes trace ${parsed.data.id}`);
  return { status: 'found', trace: parsed.data };
}

function saveError(error: unknown, trace: TurnTrace): AppError {
  const errcode = (error as { errcode?: unknown }).errcode;
  const action = `Cannot save trace ${trace.id}`;
  if (errcode === SQLITE_CONSTRAINT_FOREIGNKEY) {
    return new AppError('not_found', `${action}: session ${String(trace.sessionId)} does not exist`, { cause: error });
  }
  // Extended result codes carry the primary code in their low byte (SQLITE_BUSY_SNAPSHOT is 517).
  const primary = typeof errcode === 'number' ? errcode & 0xff : undefined;
  const busy = primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
  return new AppError(busy ? 'unavailable' : 'internal', `${action}: ${(error as Error).message}`, {
    retryable: busy,
    cause: error,
  });
}
