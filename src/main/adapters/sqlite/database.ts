import { chmodSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';
import { checksPermissions, ensurePrivateDir, OWNER_ONLY_FILE } from './private-files.ts';

export const IN_MEMORY = ':memory:';

export interface OpenDatabaseOptions {
  /**
   * One connection owns the file (PRAGMA locking_mode = EXCLUSIVE, set before WAL is first used):
   * SQLite keeps the WAL index in heap memory and never maps a -shm file, and no other connection,
   * in this process or another, can open the file while this one is open. The host's mode.
   */
  exclusive?: boolean;
  /** How long a statement waits for a lock another connection holds, ms (default 5000). */
  busyTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** Opens (creating if needed) the database at `path`, configures the connection and migrates it. */
export function openDatabase(path: string, clockNow: () => number = Date.now, options: OpenDatabaseOptions = {}): DatabaseSync {
  const db = createConnection(path, options);
  try {
    configureConnection(db, options);
    migrate(db, clockNow);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A connection to `path`, its folder created owner-only if missing. A file SQLite creates here is
 * made 0600 at once, before anything is written; the -wal and -journal files SQLite creates later
 * copy the database file's mode.
 */
export function createConnection(path: string, options: Pick<OpenDatabaseOptions, 'platform'> = {}): DatabaseSync {
  if (path === IN_MEMORY) return new DatabaseSync(path);
  ensurePrivateDir(dirname(path), options.platform);
  const existed = existsSync(path);
  const db = new DatabaseSync(path);
  try {
    if (!existed && checksPermissions(options.platform)) chmodSync(path, OWNER_ONLY_FILE);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** The pragmas every connection gets; the first statements that touch the file. */
export function configureConnection(db: DatabaseSync, options: OpenDatabaseOptions = {}): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
  if (options.exclusive) db.exec('PRAGMA locking_mode = EXCLUSIVE');
  db.exec('PRAGMA journal_mode = WAL');
  // In WAL mode NORMAL skips the fsync on each commit: a crash of the process loses nothing
  // (committed pages are in the WAL file the OS already holds); only an OS crash or power loss
  // can roll back the last few transactions, and never corrupts the file.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}
