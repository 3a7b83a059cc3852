import { closeSync, constants, copyFileSync, existsSync, lstatSync, openSync, readSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../core/errors.ts';
import { configureConnection, createConnection, IN_MEMORY, openDatabase } from './database.ts';
import { migrate } from './migrations.ts';
import { walHeaderState } from './page-scan.ts';
import { tightenToOwner } from './private-files.ts';
import { quarantine, quarantineName, SIBLING_SUFFIXES } from './quarantine.ts';
import { recoverHistory, type RecoveryReport } from './recovery.ts';
import { isBusy, isCorruption, sqliteReason } from './sqlite-errors.ts';
import { createStorageHealth, type StorageHealth, type StorageLog } from './storage-health.ts';
import { createWriteBatch, type WriteBatch } from './write-batch.ts';

// The host's one connection to assistant.sqlite, shared by the session, trace and cache stores.
//
// Exclusive: PRAGMA locking_mode = EXCLUSIVE before WAL is first used keeps the WAL index in heap
// memory, so there is no memory-mapped -shm file (when one is truncated or its disk goes away
// under a mapping, the process dies of SIGBUS, which Node cannot catch). The price: one process
// at a time; a second one is told so at start.
//
// Checked: a damaged file (SQLITE_CORRUPT or SQLITE_NOTADB at open, migrate or the first scans, a
// failed PRAGMA quick_check, a file emptied or stripped of its schema) is renamed aside, never
// deleted, a fresh database is started, and the history that can still be read is copied into
// it; the answer cache starts empty. A status entry and one log line (store_quarantined) say so.

/**
 * PRAGMA quick_check runs at open for files up to this size. Read sequentially first, a 65 MB
 * store (10k traces, 10k turns, 10k cache entries) costs about 40 ms to read and 40 ms to check
 * from a cold page cache; bigger files rely on the first scans (the cache's, the first lists).
 */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;
/** How long start waits for a lock held elsewhere (say, an app still closing) before giving up. */
export const LOCK_TIMEOUT_MS = 2000;

export interface HostDatabaseOptions {
  /** Timestamps of problems and quarantined names, and the migrations' applied_at. */
  now?: () => number;
  log?: StorageLog;
  quickCheckMaxBytes?: number;
  lockTimeoutMs?: number;
  platform?: NodeJS.Platform;
}

export interface OpenReport {
  /** How the file was checked: quick_check, the first scans only (a big file), or not at all (new). */
  check: 'quick_check' | 'scans' | 'new';
  checkMs: number;
  /** Set when a damaged file was quarantined. */
  quarantinedAs: string | null;
  recovery: RecoveryReport | null;
}

export interface HostDatabase {
  readonly db: DatabaseSync;
  readonly path: string;
  readonly health: StorageHealth;
  readonly opened: OpenReport;
  /** The writes of one turn of the event loop, committed together (write-batch.ts); the stores join it. */
  readonly writes: WriteBatch;
  /** Commits what is pending, then closes. */
  close(): void;
}

interface Damage {
  kind: 'corrupt' | 'truncated';
  reason: string;
}

export function inUseMessage(path: string): string {
  return `another assistant process is using ${path} (the desktop app or a headless host); close it or pass --data-dir`;
}

function inUse(path: string, log: StorageLog | undefined, cause: unknown): AppError {
  log?.error({ code: 'store_in_use', path }, inUseMessage(path));
  return new AppError('unavailable', inUseMessage(path), { cause });
}

export function openHostDatabase(path: string, options: HostDatabaseOptions = {}): HostDatabase {
  const now = options.now ?? Date.now;
  const { log, platform } = options;
  const health = createStorageHealth(path, { now, log });
  const exclusive = { exclusive: true, busyTimeoutMs: options.lockTimeoutMs ?? LOCK_TIMEOUT_MS, platform };

  const tightened = tightenToOwner([path, `${path}-wal`, `${path}-journal`], platform);
  if (tightened.length > 0) {
    log?.warn(
      { code: 'store_permissions_tightened', files: tightened },
      `history files were readable by others; now readable only by you (600): ${tightened.map((file) => `${file.path} (was ${file.from})`).join(', ')}`,
    );
  }

  // SQLite opens through links: a store file that is one would write the history where it points.
  const links = [path, ...SIBLING_SUFFIXES.map((suffix) => path + suffix)].filter(isLink);
  const size = links.length === 0 && existsSync(path) ? statSync(path).size : null;
  const wal = links.length === 0 ? walHeaderState(`${path}-wal`) : 'absent';
  let damage: Damage | null = null;
  let db: DatabaseSync | null = null;
  /** The connection that found the damage: closed only once the files are renamed (see quarantineAndRecover). */
  let finder: DatabaseSync | null = null;
  const opened: OpenReport = { check: size === null ? 'new' : 'quick_check', checkMs: 0, quarantinedAs: null, recovery: null };

  if (links.length > 0) {
    damage = { kind: 'corrupt', reason: `${links.join(' and ')} ${links.length > 1 ? 'are links' : 'is a link'}; the history is kept only in files of its own, never written through a link` };
  } else if (size === 0 && wal !== 'valid') {
    // SQLite would silently start an empty history in it. A read-only connection takes the lock
    // (a writable one would first write a header into the empty file), so it is moved aside as found.
    const probe = new DatabaseSync(path, { readOnly: true });
    try {
      probe.exec(`PRAGMA busy_timeout = ${exclusive.busyTimeoutMs}`);
      probe.exec('PRAGMA locking_mode = EXCLUSIVE');
      probe.prepare('SELECT count(*) AS n FROM sqlite_schema').get();
    } catch (error) {
      probe.close();
      if (isBusy(error)) throw inUse(path, log, error);
      throw error;
    }
    finder = probe;
    damage = { kind: 'truncated', reason: 'the file is empty (0 bytes): its history was lost outside the app' };
  } else {
    // An invalid -wal is ignored by SQLite and deleted when the connection closes: copy it aside first.
    const walCopy = wal === 'invalid' ? `${quarantineName(path, now())}-wal` : null;
    // COPYFILE_EXCL: the copy is a new file, never written through whatever holds the name.
    if (walCopy !== null) copyFileSync(`${path}-wal`, walCopy, constants.COPYFILE_EXCL);
    db = createConnection(path, { platform });
    try {
      configureConnection(db, exclusive);
      // Take the lock now: a second process stops here, before anything is checked or moved.
      db.exec('BEGIN IMMEDIATE');
      db.exec('COMMIT');
    } catch (error) {
      if (walCopy !== null) rmSync(walCopy, { force: true });
      if (!isCorruption(error)) {
        db.close();
        if (isBusy(error)) throw inUse(path, log, error);
        throw error;
      }
      finder = db;
      db = null;
      damage = { kind: 'corrupt', reason: sqliteReason(error) };
    }
    if (db !== null && walCopy !== null) {
      if (walHeaderState(`${path}-wal`) === 'invalid') {
        const message = `${path}-wal was not a valid write-ahead log, so the changes it held (if any) are lost; it was kept as ${walCopy}`;
        health.add({ kind: 'corrupt', message, quarantinedAs: walCopy, recovered: null, at: now() });
        log?.warn({ code: 'store_wal_invalid', path: `${path}-wal`, quarantinedAs: walCopy }, message);
      } else {
        rmSync(walCopy, { force: true });
      }
    }
    if (db !== null) {
      const started = performance.now();
      try {
        damage = check(db, path, size, options.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES, opened);
        if (damage === null) migrate(db, now);
        if (damage === null && opened.check === 'scans') firstScans(db);
      } catch (error) {
        if (!isCorruption(error)) {
          db.close();
          throw error;
        }
        damage = { kind: 'corrupt', reason: sqliteReason(error) };
      }
      opened.checkMs = Math.round(performance.now() - started);
      if (damage !== null) {
        finder = db;
        db = null;
      }
    }
  }

  if (damage !== null) db = quarantineAndRecover(path, damage, { now, log, health, opened, exclusive, finder });
  if (db === null) throw new Error('unreachable: no database');
  // A -shm left by a version that mapped it: nothing uses it now, and the lock is ours.
  if (path !== IN_MEMORY && existsSync(`${path}-shm`)) unlinkQuietly(`${path}-shm`);
  log?.info({ code: 'store_opened', path, bytes: size, check: opened.check, checkMs: opened.checkMs }, 'history database opened');

  const database = db;
  const writes = createWriteBatch(database, { onStorageError: health.report });
  return {
    db: database,
    path,
    health,
    opened,
    writes,
    close() {
      writes.flush();
      if (database.isOpen) database.close();
    },
  };
}

/** Null if the file looks sound; otherwise what is wrong with it. Throws SQLite's errors. */
function check(db: DatabaseSync, path: string, size: number | null, quickCheckMaxBytes: number, opened: OpenReport): Damage | null {
  if (size === null) return null;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()?.n;
  const pageSize = Number(db.prepare('PRAGMA page_size').get()?.page_size ?? 4096);
  if (tables === 0 && size > pageSize) {
    return { kind: 'truncated', reason: `the file holds ${size} bytes but no tables: its schema was lost` };
  }
  if (size > quickCheckMaxBytes) {
    opened.check = 'scans';
    return null;
  }
  readAhead(path);
  const found = db.prepare('PRAGMA quick_check(10)').all().map((row) => String(row.quick_check));
  if (found.length === 1 && found[0] === 'ok') return null;
  // "*** in database main ***" comes first, in the same row as the first problem.
  const problems = found.join('\n').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('***'));
  const more = problems.length > 1 ? ` and ${problems.length - 1}${problems.length >= 10 ? '+' : ''} more` : '';
  return { kind: 'corrupt', reason: `PRAGMA quick_check: ${problems[0] ?? found[0]}${more}` };
}

/**
 * Reads the file front to back so the OS caches it: quick_check then reads pages in b-tree order
 * from memory. Cold, this takes a 65 MB store's check from ~1.9 s (random reads) to ~80 ms.
 */
function readAhead(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = 0, read = 1; read > 0; position += read) read = readSync(fd, buffer, 0, buffer.length, position);
  } finally {
    closeSync(fd);
  }
}

/** What the stores read first when they open (the cache loads every entry): damage shows here. */
function firstScans(db: DatabaseSync): number {
  let read = 0;
  const cache = db.prepare('SELECT id, scope_key, embedding, agents, created_at, ttl_ms, expires_at FROM cache_entries');
  for (const row of cache.iterate()) read += row.id === null ? 0 : 1;
  read += db.prepare('SELECT id, started_at FROM sessions ORDER BY started_at DESC LIMIT 50').all().length;
  read += db.prepare('SELECT id, data FROM traces ORDER BY created_at DESC, rowid DESC LIMIT 50').all().length;
  return read;
}

function quarantineAndRecover(
  path: string,
  damage: Damage,
  context: {
    now: () => number;
    log: StorageLog | undefined;
    health: StorageHealth;
    opened: OpenReport;
    exclusive: { exclusive: boolean; busyTimeoutMs: number; platform: NodeJS.Platform | undefined };
    finder: DatabaseSync | null;
  },
): DatabaseSync {
  const { now, log, health, opened, finder } = context;
  const at = now();
  let quarantinedAs: string | null = null;
  let moveError: string | null = null;
  // Renamed while the connection that found the damage is still open: SQLite then sees the file
  // has moved and closes without checkpointing the -wal into it or deleting the -wal, so both are
  // kept exactly as found. (Where open files cannot be renamed, it is closed first.)
  for (const closeFirst of [false, true]) {
    if (closeFirst && finder !== null) closeQuietly(finder);
    try {
      quarantinedAs = quarantine(path, at).path;
      moveError = null;
      break;
    } catch (error) {
      moveError = (error as Error).message;
      if (finder === null) break;
    }
  }
  if (finder !== null) closeQuietly(finder);
  // The fresh database takes the old one's place; if the old one could not be moved, or no new
  // file can be created, history is kept in memory for this run rather than not starting.
  let fresh: DatabaseSync | null = null;
  if (quarantinedAs !== null) {
    try {
      fresh = openDatabase(path, now, context.exclusive);
    } catch (error) {
      moveError = `a new database could not be created: ${(error as Error).message}`;
    }
  }
  fresh ??= openDatabase(IN_MEMORY, now, context.exclusive);
  const inMemory = fresh.location() === null;
  const source = quarantinedAs ?? path;
  let recovery: RecoveryReport | null = null;
  let recoveryError: string | null = null;
  try {
    recovery = recoverHistory(source, fresh, { scratchDir: join(dirname(path), `.recovery-${at}`) });
  } catch (error) {
    recoveryError = (error as Error).message;
  }
  opened.quarantinedAs = quarantinedAs;
  opened.recovery = recovery;

  const what = damage.kind === 'truncated' ? 'was emptied or cut short' : 'is damaged';
  const kept =
    quarantinedAs === null
      ? `it could not be moved aside (${moveError}), so this run keeps its history in memory only`
      : inMemory
        ? `it was moved aside as ${quarantinedAs} but ${moveError}, so this run keeps its history in memory only`
        : `it was moved aside as ${quarantinedAs} and a fresh database started`;
  const recovered = recovery === null
    ? `nothing could be recovered (${recoveryError})`
    : `recovered ${recovery.sessions} sessions, ${recovery.turns} turns and ${recovery.traces} traces` +
      (recovery.placeholders > 0 ? ` (${recovery.placeholders} sessions re-created for turns whose session was lost)` : '');
  const message = `${path} ${what} (${damage.reason}); ${kept}; ${recovered}; the answer cache starts empty`;
  health.add({
    kind: damage.kind,
    message,
    quarantinedAs,
    recovered: recovery === null ? null : { sessions: recovery.sessions, turns: recovery.turns, traces: recovery.traces },
    at,
  });
  log?.error(
    {
      code: 'store_quarantined',
      path,
      kind: damage.kind,
      reason: damage.reason,
      quarantinedAs,
      recovered: recovery,
      ...(recoveryError === null ? {} : { recoveryError }),
      ...(moveError === null ? {} : { moveError }),
    },
    message,
  );
  return fresh;
}

function closeQuietly(db: DatabaseSync): void {
  try {
    if (db.isOpen) db.close();
  } catch {
    // Closing a damaged file may fail; it is about to be moved aside.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Harmless if it stays.
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
