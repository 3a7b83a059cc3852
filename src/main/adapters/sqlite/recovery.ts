import { constants, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { DatabaseSync, type SQLInputValue, type SQLOutputValue } from 'node:sqlite';
import { scanDatabaseFile, type ScannedRow, type ScannedValue } from './page-scan.ts';
import { OWNER_ONLY_DIR } from './private-files.ts';

// Copies what can still be read of a damaged database's history (sessions, turns, traces) into a
// fresh, migrated one. Two readers, and the union of what they find:
//  1. SQLite itself, on a scratch copy of the file and its -wal (opening the original would let
//     SQLite checkpoint into it): each table row by row in rowid order; where a read fails, the
//     rowid ranges after it are probed until rows can be read again, so one bad page costs only
//     the rows on it.
//  2. A scan of every page (page-scan.ts), which also finds rows under damaged interior pages and
//     in files SQLite cannot open at all (a zeroed header, a destroyed schema page).
// Rows keep their original order. A turn or trace whose session was lost gets a placeholder
// session, so foreign keys hold. The cache is disposable and not recovered.

export interface RecoveredCounts {
  sessions: number;
  turns: number;
  traces: number;
}

export interface RecoveryReport extends RecoveredCounts {
  /** Sessions re-created (title "Recovered conversation") for turns or traces whose session was lost. */
  placeholders: number;
  /** Rows read but refused by the fresh database's constraints. */
  skipped: number;
  /** Places where SQLite could not read the copy and the rows after them were probed for. */
  unreadable: number;
  /** Rows only the page scan found. */
  scannedOnly: number;
  /** Why SQLite could not read the copy at all, if it could not. */
  sqliteError: string | null;
}

type Table = 'sessions' | 'turns' | 'traces';
type Values = Record<string, SQLOutputValue>;

interface FoundRow {
  rowid: number;
  values: Values;
  fromWal: boolean;
  scanned: boolean;
}

const COLUMNS: Record<Table, readonly string[]> = {
  sessions: ['id', 'host', 'title', 'started_at', 'ended_at'],
  turns: ['id', 'session_id', 'run_id', 'seq', 'role', 'text', 'started_at', 'ended_at', 'interrupted'],
  traces: ['id', 'session_id', 'turn_id', 'created_at', 'data'],
};
const TABLES = Object.keys(COLUMNS) as Table[];

export const PLACEHOLDER_TITLE = 'Recovered conversation';

export interface RecoveryOptions {
  /** A folder that may be created and removed for the scratch copy (inside the data directory). */
  scratchDir: string;
}

/** Reads the damaged database at `source` (never writing to it) and inserts its history into `target`. */
export function recoverHistory(source: string, target: DatabaseSync, options: RecoveryOptions): RecoveryReport {
  const found: Record<Table, Map<string, FoundRow>> = { sessions: new Map(), turns: new Map(), traces: new Map() };
  const fromSqlite = readWithSqlite(source, options.scratchDir);
  for (const table of TABLES) for (const row of fromSqlite.rows[table]) found[table].set(String(row.values.id), row);

  let scannedOnly = 0;
  const scan = scanDatabaseFile(source, { accept: (values) => classify(values) !== null });
  for (const row of scan.rows) {
    const table = classify(row.values)!;
    const candidate = scannedRow(table, row);
    const id = String(candidate.values.id);
    const known = found[table].get(id);
    if (known === undefined) {
      found[table].set(id, candidate);
      scannedOnly++;
    } else if (known.scanned && better(table, candidate, known)) {
      // Two copies of a row only the scan saw (a stale page left behind): keep the likelier latest.
      found[table].set(id, candidate);
    }
  }

  const report = insertAll(target, found);
  return { ...report, unreadable: fromSqlite.unreadable, scannedOnly, sqliteError: fromSqlite.error };
}

/** Which history table a decoded record belongs to, judged by its shape, or null. */
function classify(values: readonly ScannedValue[]): Table | null {
  const text = (i: number) => typeof values[i] === 'string';
  const int = (i: number) => typeof values[i] === 'number' && Number.isSafeInteger(values[i]);
  const orNull = (i: number, test: (i: number) => boolean) => values[i] === null || test(i);
  if (values.length === 5 && text(0) && (values[1] === 'electron' || values[1] === 'headless')) {
    return orNull(2, text) && int(3) && orNull(4, int) ? 'sessions' : null;
  }
  if (values.length === 9) {
    const shaped =
      text(0) && text(1) && text(2) && int(3) && (values[4] === 'user' || values[4] === 'assistant') &&
      text(5) && int(6) && orNull(7, int) && (values[8] === 0 || values[8] === 1);
    return shaped ? 'turns' : null;
  }
  if (values.length === 5 && text(0) && orNull(1, text) && orNull(2, text) && int(3) && text(4)) {
    // A trace's document names the trace: anything else is a different table or a stray page.
    try {
      const document = JSON.parse(values[4] as string) as { id?: unknown };
      return document !== null && typeof document === 'object' && document.id === values[0] ? 'traces' : null;
    } catch {
      return null;
    }
  }
  return null;
}

function scannedRow(table: Table, row: ScannedRow): FoundRow {
  const values: Values = {};
  COLUMNS[table].forEach((column, i) => {
    const value = row.values[i];
    values[column] = value === undefined ? null : (value as SQLOutputValue);
  });
  return { rowid: row.rowid, values, fromWal: row.fromWal, scanned: true };
}

/** Of two scanned copies of one row, whether `a` is likelier the latest. */
function better(table: Table, a: FoundRow, b: FoundRow): boolean {
  if (a.fromWal !== b.fromWal) return a.fromWal;
  if (table === 'sessions') return a.values.ended_at !== null && b.values.ended_at === null;
  // A trace stored again later (voice timings amended) only grows.
  if (table === 'traces') return String(a.values.data).length > String(b.values.data).length;
  return false;
}

interface SqliteRead {
  rows: Record<Table, FoundRow[]>;
  unreadable: number;
  error: string | null;
}

function readWithSqlite(source: string, scratchDir: string): SqliteRead {
  const read: SqliteRead = { rows: { sessions: [], turns: [], traces: [] }, unreadable: 0, error: null };
  let db: DatabaseSync | null = null;
  try {
    // A new folder of its own (mkdir fails on anything already there, a link included), and new files in it.
    mkdirSync(scratchDir, { mode: OWNER_ONLY_DIR });
    const copy = `${scratchDir}/salvage.sqlite`;
    copyFileSync(source, copy, constants.COPYFILE_EXCL);
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${copy}-wal`, constants.COPYFILE_EXCL);
    db = new DatabaseSync(copy);
    // No -shm file for the copy either; the copy may be written to (its WAL replayed) freely.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all().map((row) => String(row.name)));
    for (const table of TABLES) {
      if (!tables.has(table)) continue;
      const salvaged = salvageTable(db, table);
      read.rows[table] = salvaged.rows;
      read.unreadable += salvaged.unreadable;
    }
  } catch (error) {
    read.error = (error as Error).message;
  } finally {
    try {
      db?.close();
    } catch {
      // The copy is about to be removed.
    }
    rmSync(scratchDir, { recursive: true, force: true });
  }
  return read;
}

/** The stores never choose rowids, so SQLite numbers rows from 1. */
const BEFORE_FIRST_ROWID = 0;
/** Enough for rowids up to 2^53; a probe costs one b-tree descent. */
const MAX_PROBE_DOUBLINGS = 53;
const MAX_UNREADABLE_PLACES = 100_000;

/** Every row SQLite can still read, in rowid order, stepping over the ranges it cannot. */
function salvageTable(db: DatabaseSync, table: Table): { rows: FoundRow[]; unreadable: number } {
  const columns = COLUMNS[table].join(', ');
  const from = db.prepare(`SELECT rowid AS rowid_, ${columns} FROM ${table} WHERE rowid > ? ORDER BY rowid`);
  const first = db.prepare(`SELECT rowid AS rowid_, ${columns} FROM ${table} WHERE rowid >= ? ORDER BY rowid LIMIT 1`);
  const rows: FoundRow[] = [];
  let after = BEFORE_FIRST_ROWID;
  let unreadable = 0;
  const keep = (row: Values) => {
    const { rowid_: rowid, ...values } = row;
    rows.push({ rowid: Number(rowid), values, fromWal: false, scanned: false });
    after = Number(rowid);
  };
  /** The first readable row at or after `at`: the row, null if there are none, or 'unreadable'. */
  const probe = (at: number): Values | null | 'unreadable' => {
    try {
      return first.get(at) ?? null;
    } catch {
      return 'unreadable';
    }
  };
  while (unreadable < MAX_UNREADABLE_PLACES) {
    try {
      for (const row of from.iterate(after)) keep(row);
      break;
    } catch {
      unreadable++;
    }
    // Something after `after` cannot be read: find the next place that can, doubling the step,
    // then narrowing back so that readable rows just past the damage are not jumped over.
    let failed = 0;
    let found: { step: number; row: Values | null } | null = null;
    for (let doubling = 0, step = 1; doubling <= MAX_PROBE_DOUBLINGS; doubling++, step *= 2) {
      const result = probe(after + step);
      if (result !== 'unreadable') {
        found = { step, row: result };
        break;
      }
      failed = step;
    }
    if (found === null) break;
    let { step, row } = found;
    while (step - failed > 1) {
      const middle = failed + Math.floor((step - failed) / 2);
      const result = probe(after + middle);
      if (result === 'unreadable') failed = middle;
      else [step, row] = [middle, result];
    }
    if (row === null) break;
    keep(row);
  }
  return { rows, unreadable };
}

function insertAll(target: DatabaseSync, found: Record<Table, Map<string, FoundRow>>): Omit<RecoveryReport, 'unreadable' | 'scannedOnly' | 'sqliteError'> {
  const ordered = (table: Table) => [...found[table].values()].sort((a, b) => a.rowid - b.rowid);
  const insert = (table: Table) => {
    const columns = COLUMNS[table];
    return target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  };
  const counts = { sessions: 0, turns: 0, traces: 0, placeholders: 0, skipped: 0 };
  const sessions = new Set<string>();
  const turns = new Set<string>();
  const tryInsert = (statement: ReturnType<typeof insert>, values: SQLInputValue[]): boolean => {
    try {
      statement.run(...values);
      return true;
    } catch {
      counts.skipped++;
      return false;
    }
  };

  target.exec('BEGIN IMMEDIATE');
  try {
    const insertSession = insert('sessions');
    const hosts = new Map<string, number>();
    for (const { values } of ordered('sessions')) {
      if (!tryInsert(insertSession, COLUMNS.sessions.map((column) => input(values[column])))) continue;
      sessions.add(String(values.id));
      counts.sessions++;
      hosts.set(String(values.host), (hosts.get(String(values.host)) ?? 0) + 1);
    }

    // Sessions that turns or traces point at but that were lost: re-created, spanning their rows.
    const missing = new Map<string, { startedAt: number; endedAt: number }>();
    const span = (sessionId: SQLOutputValue | undefined, start: SQLOutputValue | undefined, end: SQLOutputValue | undefined) => {
      if (typeof sessionId !== 'string' || sessions.has(sessionId)) return;
      const startedAt = typeof start === 'number' ? start : 0;
      const endedAt = typeof end === 'number' ? end : startedAt;
      const known = missing.get(sessionId);
      missing.set(sessionId, {
        startedAt: Math.min(known?.startedAt ?? startedAt, startedAt),
        endedAt: Math.max(known?.endedAt ?? endedAt, endedAt),
      });
    };
    for (const { values } of found.turns.values()) span(values.session_id, values.started_at, values.ended_at);
    for (const { values } of found.traces.values()) span(values.session_id, values.created_at, values.created_at);
    const host = [...hosts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'headless';
    for (const [id, { startedAt, endedAt }] of [...missing].sort((a, b) => a[1].startedAt - b[1].startedAt)) {
      if (!tryInsert(insertSession, [id, host, PLACEHOLDER_TITLE, startedAt, endedAt])) continue;
      sessions.add(id);
      counts.placeholders++;
    }

    const insertTurn = insert('turns');
    for (const { values } of ordered('turns')) {
      if (!tryInsert(insertTurn, COLUMNS.turns.map((column) => input(values[column])))) continue;
      turns.add(String(values.id));
      counts.turns++;
    }

    const insertTrace = insert('traces');
    for (const { values } of ordered('traces')) {
      const sessionId = typeof values.session_id === 'string' && sessions.has(values.session_id) ? values.session_id : null;
      const turnId = typeof values.turn_id === 'string' && turns.has(values.turn_id) ? values.turn_id : null;
      const row: Values = { ...values, session_id: sessionId, turn_id: turnId };
      if (tryInsert(insertTrace, COLUMNS.traces.map((column) => input(row[column])))) counts.traces++;
    }
    target.exec('COMMIT');
  } catch (error) {
    if (target.isTransaction) target.exec('ROLLBACK');
    throw error;
  }
  return counts;
}

function input(value: SQLOutputValue | undefined): SQLInputValue {
  return value === undefined ? null : (value as SQLInputValue);
}
