import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';

export const IN_MEMORY = ':memory:';

/** Opens (creating if needed) the database at `path`, configures the connection and migrates it. */
export function openDatabase(path: string, clockNow: () => number = Date.now): DatabaseSync {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // In WAL mode NORMAL skips the fsync on each commit: a crash of the process loses nothing
    // (committed pages are in the WAL file the OS already holds); only an OS crash or power loss
    // can roll back the last few transactions, and never corrupts the file.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    migrate(db, clockNow);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
