import type { DatabaseSync } from 'node:sqlite';
import type { StorageErrorSink } from './storage-health.ts';

// Group commit for the host's one connection. A commit writes every page a transaction changed to
// the WAL (and, each 1,000 pages, checkpoints); one per write cost the host about a millisecond a
// turn (a turn writes its exchange, its memory, its trace and often a cache entry). Writes joined
// here share one transaction that commits once the current turn of the event loop has run
// (setImmediate): under load, the writes of many turns in one commit; alone, one turn's in one.
//
// What a crash can lose is what the process did in its last turn of the event loop, as with
// synchronous = NORMAL, where an OS crash loses the last commits. Reads on the connection see the
// joined writes at once. A statement that fails is undone by SQLite alone and its caller is told;
// the others stay. A group of statements that must stand or fall together runs in `atomically`.

export interface WriteBatch {
  /** Call before a write: opens the shared transaction when none is open and schedules its commit. */
  join(): void;
  /** Runs `work` so its statements all land or none does (a savepoint inside the shared transaction). */
  atomically<T>(work: () => T): T;
  /** Commits now (before the connection closes, or when a caller needs the writes on disk). */
  flush(): void;
}

export interface WriteBatchOptions {
  /** False: every write commits on its own (a store used without a host: tests, tools). */
  grouped?: boolean;
  onStorageError?: StorageErrorSink;
  /** When the shared transaction commits; default: once the current turn of the event loop has run. */
  schedule?: (flush: () => void) => void;
}

export function createWriteBatch(db: DatabaseSync, options: WriteBatchOptions = {}): WriteBatch {
  const grouped = options.grouped ?? true;
  const schedule = options.schedule ?? ((flush) => void setImmediate(flush));
  let open = false;
  let savepoints = 0;

  function flush(): void {
    if (!open) return;
    open = false;
    // SQLite ends a transaction by itself on some failures (a full disk): nothing is left to commit.
    if (!db.isOpen || !db.isTransaction) return;
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      options.onStorageError?.(error, 'Cannot save the latest changes', 'write');
    }
  }

  const batch: WriteBatch = {
    join() {
      if (!grouped || (open && db.isTransaction)) return;
      // A transaction someone else opened (a migration, a recovery) is theirs to commit.
      if (db.isTransaction) return;
      db.exec('BEGIN IMMEDIATE');
      open = true;
      schedule(flush);
    },
    atomically(work) {
      batch.join();
      // Outside a transaction a savepoint opens one and its release commits it.
      const name = `atomic_${++savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = work();
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        // After a failure that ended the transaction, there is no savepoint left to roll back to.
        if (db.isTransaction) {
          db.exec(`ROLLBACK TO ${name}`);
          db.exec(`RELEASE ${name}`);
        }
        throw error;
      } finally {
        savepoints--;
      }
    },
    flush,
  };
  return batch;
}
