import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { openHostDatabase, type HostDatabase } from './host-database.ts';
import { PLACEHOLDER_TITLE } from './recovery.ts';
import { SqliteCacheStore } from './sqlite-cache-store.ts';
import { openSessionStore, SqliteSessionStore } from './sqlite-session-store.ts';
import { SqliteTraceStore } from './sqlite-trace-store.ts';
import type { StorageLog } from './storage-health.ts';
import {
  CACHE_DIMENSIONS,
  T0,
  overwriteBytes,
  overwritePages,
  pageSizeOf,
  pagesOf,
  readHistory,
  sha256,
  writeHistory,
  type HistoryRows,
} from './testing/history-fixture.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
const open: HostDatabase[] = [];
afterEach(() => {
  for (const database of open.splice(0)) database.close();
  temp?.remove();
  temp = undefined;
});

interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

function recordingLog(lines: LogLine[]): StorageLog {
  const at = (level: LogLine['level']) => (fields: object, message: string) => lines.push({ level, fields: fields as Record<string, unknown>, message });
  return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** A store with history (and a cache after it), closed cleanly. */
function buildStore(): { path: string; original: HistoryRows } {
  temp = makeTempDir('corruption');
  const path = join(temp.path, 'assistant.sqlite');
  const database = openHostDatabase(path, { now: () => T0 });
  writeHistory(database.db);
  const original = readHistory(database.db);
  database.close();
  return { path, original };
}

function reopen(path: string) {
  const lines: LogLine[] = [];
  const database = openHostDatabase(path, { now: () => T0 + 5_000, log: recordingLog(lines) });
  open.push(database);
  const quarantined = lines.filter((line) => line.fields.code === 'store_quarantined');
  return { database, lines, quarantined, problems: database.health.status().problems, history: readHistory(database.db) };
}

type Table = keyof HistoryRows;
const TABLES: Table[] = ['sessions', 'turns', 'traces'];

/** Ids missing from `recovered`, and ids whose row differs: small enough to read when a test fails. */
function differences(recovered: HistoryRows, original: HistoryRows) {
  const result: Record<string, string[]> = {};
  for (const table of TABLES) {
    const got = new Map(recovered[table].map((row) => [row.id, JSON.stringify(row)]));
    const missing = original[table].filter((row) => !got.has(row.id)).map((row) => String(row.id));
    const changed = original[table].filter((row) => got.has(row.id) && got.get(row.id) !== JSON.stringify(row)).map((row) => String(row.id));
    const extra = recovered[table].filter((row) => !original[table].some((o) => o.id === row.id)).map((row) => String(row.id));
    if (missing.length > 0) result[`${table} missing`] = missing;
    if (changed.length > 0) result[`${table} changed`] = changed;
    if (extra.length > 0) result[`${table} extra`] = extra;
  }
  const order = TABLES.every((table) => {
    const ids = original[table].map((row) => row.id).filter((id) => recovered[table].some((row) => row.id === id));
    return JSON.stringify(ids) === JSON.stringify(recovered[table].map((row) => row.id).filter((id) => ids.includes(id)));
  });
  if (!order) result.order = ['rows are not in their original order'];
  return result;
}

/** The same rows, in the same order, unchanged. */
function expectWhole(recovered: HistoryRows, original: HistoryRows): void {
  expect(differences(recovered, original)).toEqual({});
}

/** Every recovered row is the original row of that id, unchanged (placeholder sessions aside). */
function expectUnchanged(recovered: HistoryRows, original: HistoryRows): void {
  for (const table of ['sessions', 'turns', 'traces'] as const) {
    const byId = new Map(original[table].map((row) => [row.id, row]));
    for (const row of recovered[table]) {
      if (table === 'sessions' && row.title === PLACEHOLDER_TITLE) continue;
      if (table === 'traces' && row.session_id !== byId.get(row.id)?.session_id) {
        // A trace whose session was lost entirely keeps its document, without the link.
        expect(row.session_id).toBeNull();
        expect({ ...row, session_id: byId.get(row.id)?.session_id }).toEqual(byId.get(row.id));
        continue;
      }
      expect(row).toEqual(byId.get(row.id));
    }
  }
}

/** The stores start on the result, and the foreign keys hold. */
function expectServes(database: HostDatabase): void {
  const sessions = new SqliteSessionStore(database.db, database.path, { onStorageError: database.health.report });
  const traces = new SqliteTraceStore(database.db);
  const cache = new SqliteCacheStore(database.db, { dimensions: CACHE_DIMENSIONS, maxEntries: 1000 });
  sessions.createSession({ id: 'after', host: 'headless', startedAt: T0 + 10_000 });
  sessions.appendTurn({ id: 'after:1', sessionId: 'after', runId: 'r', role: 'user', text: 'hello', startedAt: T0, endedAt: T0, interrupted: false });
  expect(sessions.listTurns('after')).toHaveLength(1);
  expect(traces.listWithWarnings({ limit: 1000 }).skipped).toEqual([]);
  expect(cache.openReport.discarded).toEqual([]);
  expect(database.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  expect(database.db.prepare('PRAGMA integrity_check').all().map((row) => row.integrity_check)).toEqual(['ok']);
}

function expectQuarantined(opened: ReturnType<typeof reopen>, damagedHash: string, kind: 'corrupt' | 'truncated') {
  expect(opened.problems).toHaveLength(1);
  const [problem] = opened.problems;
  expect(problem).toMatchObject({ kind, quarantinedAs: expect.stringMatching(/assistant\.corrupt-.+\.sqlite$/), at: T0 + 5_000, count: 1 });
  // Kept as it was found: renamed, never written to.
  expect(sha256(problem!.quarantinedAs!)).toBe(damagedHash);
  expect(opened.quarantined).toHaveLength(1);
  expect(opened.quarantined[0]!.fields).toMatchObject({ path: opened.database.path, quarantinedAs: problem!.quarantinedAs, kind });
  expect(opened.quarantined[0]!.message).toContain(problem!.quarantinedAs!);
  return problem!;
}

describe('a damaged database at start', () => {
  it('an intact store opens as it is, checked by quick_check', () => {
    const { path, original } = buildStore();
    const opened = reopen(path);
    expect(opened.problems).toEqual([]);
    expect(opened.database.opened).toMatchObject({ check: 'quick_check', quarantinedAs: null });
    expectWhole(opened.history, original);
  });

  it('a file truncated to 0 bytes (which SQLite silently opens as a new, empty history) is set aside and reported', () => {
    const { path } = buildStore();
    truncateSync(path, 0);
    // What happened before: an empty history and no word about it.
    const copy = join(temp!.path, 'copy.sqlite');
    copyFileSync(path, copy);
    const unchecked = openSessionStore(copy);
    expect(unchecked.listSessions({ limit: 10 })).toEqual([]);
    unchecked.close();
    const hash = sha256(path);
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'truncated');
    expect(statSync(problem.quarantinedAs!).size).toBe(0);
    expect(problem.message).toMatch(/empty \(0 bytes\)/);
    expect(problem.recovered).toEqual({ sessions: 0, turns: 0, traces: 0 });
    expectServes(opened.database);
  });

  it('a file cut short mid-file keeps the history its remaining pages hold', () => {
    const { path, original } = buildStore();
    truncateSync(path, Math.floor(statSync(path).size / 2) + 123);
    const hash = sha256(path);
    expect(() => openSessionStore(path).close()).toThrow(/malformed/);
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(problem.recovered!.sessions).toBe(original.sessions.length);
    expect(problem.recovered!.traces).toBeGreaterThan(0);
    expectUnchanged(opened.history, original);
    expectServes(opened.database);
  });

  it('a file cut where the cache begins loses no history', () => {
    const { path, original } = buildStore();
    const historyTrees = ['sessions', 'turns', 'traces', 'sqlite_autoindex_sessions_1', 'sqlite_autoindex_turns_1', 'sqlite_autoindex_turns_2', 'turns_by_run', 'sqlite_autoindex_traces_1', 'traces_by_session', 'traces_by_turn', 'traces_by_created_at', 'sessions_by_started_at'];
    const lastHistoryPage = Math.max(...historyTrees.flatMap((name) => pagesOf(path, name)));
    expect(lastHistoryPage * pageSizeOf(path)).toBeLessThan(statSync(path).size);
    truncateSync(path, lastHistoryPage * pageSizeOf(path));
    const hash = sha256(path);
    const opened = reopen(path);
    expectQuarantined(opened, hash, 'corrupt');
    expectWhole(opened.history, original);
  });

  it('a file cut to less than one page starts fresh, saying nothing could be recovered', () => {
    const { path } = buildStore();
    truncateSync(path, 1000);
    const hash = sha256(path);
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(problem.recovered).toEqual({ sessions: 0, turns: 0, traces: 0 });
    expectServes(opened.database);
  });

  it('a zeroed header (file is not a database) gives back every row, read page by page', () => {
    const { path, original } = buildStore();
    overwriteBytes(path, 0, Buffer.alloc(100));
    const hash = sha256(path);
    expect(() => openSessionStore(path).close()).toThrow(/file is not a database/);
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(problem.message).toMatch(/SQLITE_NOTADB/);
    expectWhole(opened.history, original);
    expect(opened.database.opened.recovery).toMatchObject({ sqliteError: expect.stringMatching(/not a database/) });
    expectServes(opened.database);
  });

  it('read page by page, gives back the latest version of rows written again, not stale copies left on free pages', () => {
    temp = makeTempDir('corruption');
    const path = join(temp.path, 'assistant.sqlite');
    const writer = openHostDatabase(path, { now: () => T0 });
    writeHistory(writer.db, { sessions: 10, runsPerSession: 4, cacheEntries: 200 });
    const traces = new SqliteTraceStore(writer.db);
    const sessions = new SqliteSessionStore(writer.db, path);
    // Traces stored again with more in them (voice timings amended) move to other pages; the
    // pages they left, like the cache's after it is cleared, go to the free list with old copies.
    for (const summary of traces.list({ limit: 15 })) {
      const trace = traces.get(summary.id)!;
      traces.record({ ...trace, answer: `${trace.answer} ${'amended '.repeat(300)}` });
    }
    for (let s = 1; s < 10; s += 2) sessions.endSession(`session-${s}`, T0 + 99_000);
    new SqliteCacheStore(writer.db, { dimensions: CACHE_DIMENSIONS, maxEntries: 1000 }).invalidate({ all: true });
    // What a table rebuilt by a migration leaves behind: older, here longer, copies of its rows on
    // pages now free (SQLite does not wipe them).
    writer.db.exec('CREATE TABLE traces_before (id TEXT PRIMARY KEY, session_id TEXT, turn_id TEXT, created_at INTEGER NOT NULL, data TEXT NOT NULL)');
    writer.db.exec(`INSERT INTO traces_before SELECT id, session_id, turn_id, created_at, json_set(data, '$.answer', 'stale ' || hex(zeroblob(3000))) FROM traces`);
    writer.db.exec('DROP TABLE traces_before');
    writer.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(Number(writer.db.prepare('PRAGMA freelist_count').get()!.freelist_count)).toBeGreaterThan(0);
    const original = readHistory(writer.db);
    writer.close();
    // Only the page scan can read it now, and it must keep the free list's copies out.
    overwriteBytes(path, 0, Buffer.alloc(16));
    const opened = reopen(path);
    expect(opened.database.opened.recovery!.sqliteError).toMatch(/not a database/);
    expectWhole(opened.history, original);
  });

  it('a destroyed schema page (page 1) gives back every row', () => {
    const { path, original } = buildStore();
    overwriteBytes(path, 100, randomBytes(pageSizeOf(path) - 100));
    const hash = sha256(path);
    const opened = reopen(path);
    expectQuarantined(opened, hash, 'corrupt');
    expectWhole(opened.history, original);
  });

  it('random pages overwritten: what they held is lost, nothing else, and no row comes back altered', () => {
    const { path, original } = buildStore();
    const history = [...pagesOf(path, 'turns', 'leaf'), ...pagesOf(path, 'traces', 'leaf')];
    const hit = [history[1]!, history[Math.floor(history.length / 2)]!, history[history.length - 2]!];
    overwritePages(path, hit);
    const hash = sha256(path);
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(problem.message).toMatch(/quick_check|malformed/);
    expectUnchanged(opened.history, original);
    expect(opened.history.sessions).toEqual(original.sessions);
    const lost = original.turns.length + original.traces.length - opened.history.turns.length - opened.history.traces.length;
    expect(lost).toBeGreaterThan(0);
    // Three pages of rows at most: about a tenth of the turns or traces each.
    expect(lost).toBeLessThan((original.turns.length + original.traces.length) / 4);
    expectServes(opened.database);
  });

  it('a damaged index, which reads do not notice, is found by quick_check and costs no row', () => {
    const { path, original } = buildStore();
    overwritePages(path, pagesOf(path, 'traces_by_session'));
    const hash = sha256(path);
    // Before: opened and served as if nothing were wrong.
    const unchecked = openSessionStore(path);
    expect(unchecked.listSessions({ limit: 100 })).toHaveLength(original.sessions.length);
    unchecked.close();
    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(problem.message).toMatch(/PRAGMA quick_check: Tree \d+ page \d+/);
    expectWhole(opened.history, original);
    expectServes(opened.database);
  });

  it('damaged cache pages only: the cache starts empty and the history is whole', () => {
    const { path, original } = buildStore();
    overwritePages(path, pagesOf(path, 'cache_entries'));
    const hash = sha256(path);
    const opened = reopen(path);
    expectQuarantined(opened, hash, 'corrupt');
    expectWhole(opened.history, original);
    expect(opened.database.db.prepare('SELECT count(*) AS n FROM cache_entries').get()!.n).toBe(0);
    expectServes(opened.database);
  });

  it('a file too big for quick_check at every start is checked by the first scans (the cache load)', () => {
    const { path, original } = buildStore();
    overwritePages(path, pagesOf(path, 'cache_entries', 'leaf').slice(0, 3));
    const hash = sha256(path);
    // Before: the cache store's start-up scan was what failed, and the host with it.
    const copy = join(temp!.path, 'copy.sqlite');
    copyFileSync(path, copy);
    expect(() => new SqliteCacheStore(openSessionStoreDb(copy), { dimensions: CACHE_DIMENSIONS, maxEntries: 1000 })).toThrow(/malformed/);
    const lines: LogLine[] = [];
    const database = openHostDatabase(path, { now: () => T0 + 5_000, log: recordingLog(lines), quickCheckMaxBytes: 1024 });
    open.push(database);
    expect(database.opened.check).toBe('scans');
    expect(database.health.status().problems).toEqual([expect.objectContaining({ kind: 'corrupt', message: expect.stringMatching(/malformed/) })]);
    expect(sha256(database.opened.quarantinedAs!)).toBe(hash);
    expectWhole(readHistory(database.db), original);
  });

  it('a destroyed interior page of the traces table: the rows under it are found page by page', () => {
    const { path, original } = buildStore();
    const interior = pagesOf(path, 'traces', 'internal');
    expect(interior.length).toBeGreaterThan(0);
    overwritePages(path, interior);
    const hash = sha256(path);
    const opened = reopen(path);
    expectQuarantined(opened, hash, 'corrupt');
    expectWhole(opened.history, original);
  });

  it('a lost sessions page: its turns and traces stay, under re-created sessions', () => {
    const { path, original } = buildStore();
    overwritePages(path, pagesOf(path, 'sessions', 'leaf'), 'zero');
    const opened = reopen(path);
    const problem = opened.problems[0]!;
    expect(problem.recovered).toMatchObject({ turns: original.turns.length, traces: original.traces.length });
    const placeholders = opened.history.sessions.filter((session) => session.title === PLACEHOLDER_TITLE);
    expect(placeholders.length + problem.recovered!.sessions).toBe(original.sessions.length);
    expect(placeholders.length).toBeGreaterThan(0);
    expect(problem.message).toMatch(/sessions re-created/);
    expectUnchanged(opened.history, original);
    expectServes(opened.database);
  });

  it('a garbage -wal file is kept aside; the database itself, checked, is used as it is', () => {
    const { path, original } = buildStore();
    const garbage = randomBytes(50_000);
    writeFileSync(`${path}-wal`, garbage);
    const opened = reopen(path);
    expect(opened.problems).toEqual([
      expect.objectContaining({ kind: 'corrupt', quarantinedAs: expect.stringMatching(/assistant\.corrupt-.+\.sqlite-wal$/), recovered: null }),
    ]);
    expect(sha256(opened.problems[0]!.quarantinedAs!)).toBe(sha256Buffer(garbage));
    expect(opened.quarantined).toEqual([]);
    expectWhole(opened.history, original);
    expect(opened.database.db.prepare('SELECT count(*) AS n FROM cache_entries').get()!.n).toBeGreaterThan(0);
  });

  it('recovers the commits still in the -wal of a crashed process, with the database file damaged', () => {
    temp = makeTempDir('corruption');
    const live = join(temp.path, 'live.sqlite');
    const writer = openHostDatabase(live, { now: () => T0 });
    writeHistory(writer.db, { sessions: 12, runsPerSession: 4, cacheEntries: 0 });
    writer.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = readHistory(writer.db);
    const firstTurnsPage = Number(writer.db.prepare("SELECT min(pageno) AS p FROM dbstat WHERE name = 'turns' AND pagetype = 'leaf'").get()!.p);
    // These commits stay in the -wal: the copy below is what a SIGKILL now would leave.
    writeHistory(writer.db, { sessions: 5, runsPerSession: 4, cacheEntries: 20, firstSession: 12 });
    const original = readHistory(writer.db);
    const path = join(temp.path, 'assistant.sqlite');
    copyFileSync(live, path);
    copyFileSync(`${live}-wal`, `${path}-wal`);
    writer.close();
    // The oldest turns' page, in the database file only.
    overwritePages(path, [firstTurnsPage]);
    const [hash, walHash] = [sha256(path), sha256(`${path}-wal`)];

    const opened = reopen(path);
    const problem = expectQuarantined(opened, hash, 'corrupt');
    expect(sha256(`${problem.quarantinedAs}-wal`)).toBe(walHash);
    const lost = differences(opened.history, original);
    expect(Object.keys(lost)).toEqual(['turns missing']);
    // Only turns of the first batch (on the overwritten page); everything the -wal held is back.
    const firstBatch = new Set(before.turns.map((turn) => turn.id));
    expect(lost['turns missing']!.every((id) => firstBatch.has(id))).toBe(true);
    expect(lost['turns missing']!.length).toBeLessThan(before.turns.length);
  });

  it('a file with content but no schema left is not taken for a new database', () => {
    const { path } = buildStore();
    // Page 1 rewritten as a valid but empty schema page: SQLite would migrate it as a new file.
    const empty = join(temp!.path, 'empty.sqlite');
    const fresh = new DatabaseSync(empty);
    fresh.exec('PRAGMA journal_mode = WAL');
    fresh.exec('PRAGMA user_version = 1');
    fresh.close();
    const page1 = readPage1(empty);
    overwriteBytes(path, 0, page1);
    const opened = reopen(path);
    const problem = opened.problems[0]!;
    expect(problem).toMatchObject({ kind: 'truncated', message: expect.stringMatching(/no tables: its schema was lost/) });
    expect(problem.recovered!.traces).toBeGreaterThan(0);
  });

  it('names a second quarantine differently, keeping both', () => {
    const { path } = buildStore();
    truncateSync(path, 0);
    reopen(path).database.close();
    truncateSync(path, 0);
    reopen(path).database.close();
    const kept = readdirSync(temp!.path).filter((name) => name.startsWith('assistant.corrupt-'));
    expect(kept).toHaveLength(2);
    expect(existsSync(path)).toBe(true);
  });
});

/** A plain connection, as the stores had before the host opened them through openHostDatabase. */
function openSessionStoreDb(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  return db;
}

function sha256Buffer(buffer: Buffer): string {
  const path = join(temp!.path, 'buffer.bin');
  writeFileSync(path, buffer);
  return sha256(path);
}

function readPage1(path: string): Buffer {
  return readFileSync(path).subarray(0, pageSizeOf(path));
}
