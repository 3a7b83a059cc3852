import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TurnRecord } from '../../ports/session-store.ts';
import { openDatabase } from './database.ts';
import { latestSchemaVersion, migrate, migrations } from './migrations.ts';
import { openSessionStore, type SqliteSessionStore } from './sqlite-session-store.ts';

let dir: string;
let dbPath: string;
const open: { close(): void }[] = [];

function track<T extends { close(): void }>(handle: T): T {
  open.push(handle);
  return handle;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'session-store-'));
  dbPath = join(dir, 'nested', 'history.db');
});

afterEach(() => {
  for (const handle of open.splice(0)) {
    try {
      handle.close();
    } catch {
      // already closed by the test
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const turn = (sessionId: string, id: string, overrides: Partial<TurnRecord> = {}): TurnRecord => ({
  id,
  sessionId,
  runId: 'run-1',
  role: 'user',
  text: `text of ${id}`,
  startedAt: 1_000,
  endedAt: 1_500,
  interrupted: false,
  ...overrides,
});

describe('migrations', () => {
  it('runs each migration once and is idempotent on reopen', () => {
    openDatabase(dbPath, () => 42).close();
    const db = track(new DatabaseSync(dbPath));
    expect(migrate(db, () => 99)).toEqual([]);
    const rows = db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
    expect(rows.map((r) => ({ ...r }))).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name, applied_at: 42 })),
    );
  });

  it('applies only the missing migrations', () => {
    const db = track(new DatabaseSync(':memory:'));
    const extra = { version: latestSchemaVersion + 1, name: 'extra', up: 'CREATE TABLE extra (x INTEGER)' };
    expect(migrate(db, () => 1)).toEqual(migrations.map((m) => m.version));
    expect(migrate(db, () => 2, [...migrations, extra])).toEqual([extra.version]);
    expect(migrate(db, () => 3, [...migrations, extra])).toEqual([]);
  });

  it('rolls back a failing migration and names it', () => {
    const db = track(new DatabaseSync(':memory:'));
    const broken = { version: latestSchemaVersion + 1, name: 'broken', up: 'CREATE TABLE ok (x); NOT SQL' };
    expect(() => migrate(db, () => 1, [...migrations, broken])).toThrow(/Migration \d+ \(broken\) failed/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()?.v).toBe(latestSchemaVersion);
  });

  it('refuses a database written by a newer schema', () => {
    openDatabase(dbPath).close();
    const db = new DatabaseSync(dbPath);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      latestSchemaVersion + 1,
      'from the future',
      0,
    );
    db.close();
    expect(() => openSessionStore(dbPath)).toThrow(
      new RegExp(`schema version ${latestSchemaVersion + 1} is newer than this app supports \\(${latestSchemaVersion}\\)`),
    );
  });
});

describe('database', () => {
  it('turns on WAL, and it persists in the file', () => {
    track(openDatabase(dbPath));
    const other = track(new DatabaseSync(dbPath));
    expect(other.prepare('PRAGMA journal_mode').get()?.journal_mode).toBe('wal');
  });

  it('configures each connection', () => {
    const db = track(openDatabase(dbPath));
    expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
    expect(db.prepare('PRAGMA synchronous').get()?.synchronous).toBe(1); // NORMAL
    expect(db.prepare('PRAGMA busy_timeout').get()?.timeout).toBe(5000);
  });
});

describe('SqliteSessionStore', () => {
  let store: SqliteSessionStore;
  beforeEach(() => {
    store = track(openSessionStore(dbPath));
  });

  it('reports its path and the SQLite version', () => {
    expect(store.path).toBe(dbPath);
    expect(store.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
  });

  it('creates, ends and lists sessions, newest first', () => {
    expect(store.createSession({ id: 'a', host: 'electron', startedAt: 100, title: 'First' })).toEqual({
      id: 'a',
      host: 'electron',
      title: 'First',
      startedAt: 100,
      endedAt: null,
      turnCount: 0,
    });
    store.createSession({ id: 'c', host: 'headless', startedAt: 300 });
    store.createSession({ id: 'b', host: 'electron', startedAt: 200 });
    store.endSession('a', 150);

    expect(store.listSessions({ limit: 10 }).map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect(store.listSessions({ limit: 2 }).map((s) => s.id)).toEqual(['c', 'b']);
    expect(store.listSessions({ limit: 10, beforeStartedAt: 300 }).map((s) => s.id)).toEqual(['b', 'a']);
    expect(store.getSession('a')).toEqual({
      id: 'a',
      host: 'electron',
      title: 'First',
      startedAt: 100,
      endedAt: 150,
      turnCount: 0,
    });
    expect(store.getSession('c')?.title).toBeNull();
    expect(store.getSession('nope')).toBeNull();
  });

  it('rejects a duplicate session and ending an unknown one', () => {
    store.createSession({ id: 'a', host: 'electron', startedAt: 1 });
    expect(() => store.createSession({ id: 'a', host: 'electron', startedAt: 2 })).toThrow(
      'Cannot create session a: a session with this id already exists',
    );
    expect(() => store.endSession('ghost', 5)).toThrow('Cannot end session ghost: no such session');
  });

  it('round-trips turns in append order and counts exchanges (questions) per session', () => {
    store.createSession({ id: 's1', host: 'electron', startedAt: 1 });
    store.createSession({ id: 's2', host: 'electron', startedAt: 2 });
    const turns = [
      turn('s1', 't1'),
      turn('s1', 't2', { role: 'assistant', interrupted: true, endedAt: null, text: 'Sure, the wea' }),
      turn('s2', 'u1', { runId: 'run-9' }),
      turn('s1', 't0', { startedAt: 0 }), // appended last, listed last whatever its times
    ];
    for (const t of turns) store.appendTurn(t);

    expect(store.listTurns('s1')).toEqual([turns[0], turns[1], turns[3]]);
    expect(store.listTurns('s2')).toEqual([turns[2]]);
    expect(store.listTurns('empty')).toEqual([]);
    // A question and its answer are one exchange.
    expect(store.listSessions({ limit: 10 }).map((s) => [s.id, s.turnCount])).toEqual([
      ['s2', 1],
      ['s1', 2],
    ]);
  });

  it('names the unknown session when a turn cannot be appended', () => {
    expect(() => store.appendTurn(turn('ghost', 't1'))).toThrow(
      'Cannot append turn t1 to session ghost: session ghost does not exist',
    );
    store.createSession({ id: 's', host: 'electron', startedAt: 1 });
    store.appendTurn(turn('s', 't1'));
    expect(() => store.appendTurn(turn('s', 't1'))).toThrow(/a turn with this id already exists/);
  });

  it('appends an exchange in one transaction: both turns or, when one is refused, neither', () => {
    store.createSession({ id: 's', host: 'electron', startedAt: 1 });
    store.appendTurns([turn('s', 'q1'), turn('s', 'a1', { role: 'assistant' })]);
    expect(store.listTurns('s').map((t) => t.id)).toEqual(['q1', 'a1']);
    expect(() => store.appendTurns([turn('s', 'q2'), turn('s', 'a1', { role: 'assistant' })])).toThrow(/a turn with this id already exists/);
    expect(store.listTurns('s').map((t) => t.id)).toEqual(['q1', 'a1']);
    store.appendTurns([turn('s', 'q2'), turn('s', 'a2', { role: 'assistant' })]);
    expect(store.listTurns('s').map((t) => t.id)).toEqual(['q1', 'a1', 'q2', 'a2']);
  });

  it('keeps everything across close and reopen', () => {
    store.createSession({ id: 's', host: 'electron', startedAt: 5, title: 'Kept' });
    store.appendTurn(turn('s', 't1'));
    store.appendTurn(turn('s', 't2', { role: 'assistant', interrupted: true }));
    store.endSession('s', 9);
    store.close();

    const reopened = track(openSessionStore(dbPath));
    expect(reopened.listSessions({ limit: 5 })).toEqual([
      { id: 's', host: 'electron', title: 'Kept', startedAt: 5, endedAt: 9, turnCount: 1 },
    ]);
    expect(reopened.listTurns('s').map((t) => [t.id, t.interrupted])).toEqual([
      ['t1', false],
      ['t2', true],
    ]);
  });

  it('works in memory', () => {
    const memory = track(openSessionStore(':memory:'));
    memory.createSession({ id: 'm', host: 'headless', startedAt: 1 });
    memory.appendTurn(turn('m', 't'));
    expect(memory.listSessions({ limit: 1 })[0]?.turnCount).toBe(1);
  });
});
