import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { FIXTURE_STARTED_AT, turnTrace } from '../tracing/testing/turn-trace-fixture.ts';
import { openDatabase } from './database.ts';
import { migrate, migrations } from './migrations.ts';
import { openSessionStore } from './sqlite-session-store.ts';
import { openTraceStore, type CorruptTrace, type SqliteTraceStore } from './sqlite-trace-store.ts';

let dir: string;
let dbPath: string;
const open: { close(): void }[] = [];

function track<T extends { close(): void }>(handle: T): T {
  open.push(handle);
  return handle;
}

function storeWithSessions(onCorrupt?: (corrupt: CorruptTrace) => void): SqliteTraceStore {
  const sessions = track(openSessionStore(dbPath));
  for (const id of ['session-1', 'session-2']) sessions.createSession({ id, host: 'headless', startedAt: 1 });
  return track(openTraceStore(dbPath, onCorrupt ? { onCorrupt } : {}));
}

/** Writes a row behind the store's back, as a bug or a damaged file would. */
function insertRaw(id: string, createdAt: number, data: string): void {
  const db = track(new DatabaseSync(dbPath));
  db.prepare('INSERT INTO traces (id, session_id, created_at, data) VALUES (?, NULL, ?, ?)').run(id, createdAt, data);
  db.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trace-store-'));
  dbPath = join(dir, 'history.db');
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

describe('SqliteTraceStore', () => {
  it('round-trips a trace and keeps it across reopening the file', () => {
    const store = storeWithSessions();
    const trace = turnTrace();
    store.record(trace);
    expect(store.get('turn-1')).toEqual(trace);
    store.close();

    const reopened = track(openTraceStore(dbPath));
    expect(reopened.get('turn-1')).toEqual(trace);
    expect(reopened.get('no-such-trace')).toBeNull();
    expect(reopened.read('no-such-trace')).toEqual({ status: 'missing' });
  });

  it('stores traces of turns that belong to no session', () => {
    const store = storeWithSessions();
    const trace = turnTrace({ id: 'typed', sessionId: null });
    store.record(trace);
    expect(store.get('typed')).toEqual(trace);
    expect(store.list({ limit: 10 }).map((s) => [s.id, s.sessionId])).toEqual([['typed', null]]);
  });

  it('lists summaries newest first, by session, up to the limit', () => {
    const store = storeWithSessions();
    store.record(turnTrace({ id: 'a', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 1_000 }));
    store.record(turnTrace({ id: 'b', sessionId: 'session-2', startedAt: FIXTURE_STARTED_AT + 3_000 }));
    store.record(turnTrace({ id: 'c', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 2_000 }));
    // Same start as `c`: the one recorded later counts as newer.
    store.record(turnTrace({ id: 'd', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 2_000 }));

    expect(store.list({ limit: 10 }).map((s) => s.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(store.list({ limit: 2 }).map((s) => s.id)).toEqual(['b', 'd']);
    expect(store.list({ sessionId: 'session-1', limit: 10 }).map((s) => s.id)).toEqual(['d', 'c', 'a']);
    expect(store.list({ sessionId: 'session-9', limit: 10 })).toEqual([]);
    expect(store.list({ limit: 0 })).toEqual([]);

    expect(store.list({ sessionId: 'session-2', limit: 1 })).toEqual([
      {
        id: 'b',
        sessionId: 'session-2',
        query: 'What time is it in Tokyo, and what is 12% of 250?',
        answer: "It's 12:00 in Tokyo. 12% of 250 is 30.",
        startedAt: FIXTURE_STARTED_AT + 3_000,
        totalMs: 140,
        cacheHit: false,
        agents: ['clock', 'general'],
      },
    ]);
  });

  it('pages after a given trace, also between traces that started in the same millisecond', () => {
    const store = storeWithSessions();
    store.record(turnTrace({ id: 'a', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 1_000 }));
    store.record(turnTrace({ id: 'b', sessionId: 'session-2', startedAt: FIXTURE_STARTED_AT + 3_000 }));
    store.record(turnTrace({ id: 'c', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 2_000 }));
    store.record(turnTrace({ id: 'd', sessionId: 'session-1', startedAt: FIXTURE_STARTED_AT + 2_000 }));

    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const page = store.list({ limit: 1, ...(before ? { before } : {}) }).map((s) => s.id);
      if (page.length === 0) break;
      pages.push(page);
      before = page.at(-1);
    }
    expect(pages).toEqual([['b'], ['d'], ['c'], ['a']]);
    expect(store.list({ sessionId: 'session-1', limit: 10, before: 'd' }).map((s) => s.id)).toEqual(['c', 'a']);
    expect(store.list({ sessionId: 'session-2', limit: 10, before: 'd' })).toEqual([]);
    expect(store.list({ limit: 10, before: 'no-such-trace' })).toEqual([]);
  });

  it('summarises a cache hit with the hit flag and no agents', () => {
    const store = storeWithSessions();
    const base = turnTrace();
    store.record({ ...base, cache: { ...base.cache, hit: true, similarity: 0.97, entryId: 'e1' }, routing: null, agents: [], aggregation: null });
    expect(store.list({ limit: 1 })[0]).toMatchObject({ id: 'turn-1', cacheHit: true, agents: [] });
  });

  it('keeps the latest version when a turn is recorded twice', () => {
    const store = storeWithSessions();
    store.record(turnTrace({ answer: 'partial' }));
    store.record(turnTrace({ answer: 'final', totalMs: 200 }));
    expect(store.list({ limit: 10 }).map((s) => [s.id, s.answer, s.totalMs])).toEqual([['turn-1', 'final', 200]]);
  });

  it('skips unreadable rows in lists, reports them, and still fills the limit', () => {
    const warnings: CorruptTrace[] = [];
    const store = storeWithSessions((corrupt) => warnings.push(corrupt));
    store.record(turnTrace({ id: 'old', startedAt: FIXTURE_STARTED_AT }));
    store.record(turnTrace({ id: 'older', startedAt: FIXTURE_STARTED_AT - 1_000 }));
    insertRaw('not-json', FIXTURE_STARTED_AT + 3_000, '{"id": "not-json", ');
    insertRaw('wrong-shape', FIXTURE_STARTED_AT + 2_000, JSON.stringify({ ...turnTrace({ id: 'wrong-shape' }), cache: { hit: 'yes' } }));
    insertRaw('renamed', FIXTURE_STARTED_AT + 1_000, JSON.stringify(turnTrace({ id: 'someone-else' })));

    const listing = store.listWithWarnings({ limit: 2 });
    expect(listing.traces.map((s) => s.id)).toEqual(['old', 'older']);
    expect(listing.skipped.map((s) => s.id)).toEqual(['not-json', 'wrong-shape', 'renamed']);
    expect(listing.skipped[0]?.error).toMatch(/^Trace not-json is unreadable: invalid JSON/);
    expect(listing.skipped[1]?.error).toMatch(/^Trace wrong-shape is unreadable: it does not match the trace schema:[\s\S]*cache\.hit/);
    expect(listing.skipped[2]?.error).toBe('Trace renamed is unreadable: its document describes trace someone-else');
    expect(warnings).toEqual(listing.skipped);

    warnings.length = 0;
    expect(store.list({ limit: 1 }).map((s) => s.id)).toEqual(['old']);
    expect(warnings.map((w) => w.id)).toEqual(['not-json', 'wrong-shape', 'renamed']);
  });

  it('returns null for an unreadable trace and says why', () => {
    const warnings: CorruptTrace[] = [];
    const store = storeWithSessions((corrupt) => warnings.push(corrupt));
    insertRaw('broken', FIXTURE_STARTED_AT, 'not json at all');
    expect(store.get('broken')).toBeNull();
    expect(warnings).toEqual([{ id: 'broken', error: expect.stringMatching(/^Trace broken is unreadable: invalid JSON/) }]);
    expect(store.read('broken')).toMatchObject({ status: 'corrupt', id: 'broken' });
  });

  it('refuses a trace that does not match the schema or names an unknown session', () => {
    const store = storeWithSessions();
    const malformed = { ...turnTrace(), totalMs: 'slow' } as unknown as ReturnType<typeof turnTrace>;
    expect(() => store.record(malformed)).toThrow(AppError);
    expect(() => store.record(malformed)).toThrow(/Cannot save trace turn-1: [\s\S]*totalMs/);

    let failure: unknown;
    try {
      store.record(turnTrace({ sessionId: 'ghost' }));
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'not_found', retryable: false, message: 'Cannot save trace turn-1: session ghost does not exist' });
    expect(store.list({ limit: 10 })).toEqual([]);
  });
});

describe('migration 3 (nullable trace sessions)', () => {
  it('keeps the traces written under the first schema', () => {
    const db = track(new DatabaseSync(dbPath));
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, () => 1, migrations.filter((m) => m.version === 1));
    db.prepare("INSERT INTO sessions (id, host, started_at) VALUES ('session-1', 'headless', 1)").run();
    const old = turnTrace({ id: 'from-v1' });
    db.prepare('INSERT INTO traces (id, session_id, turn_id, created_at, data) VALUES (?, ?, NULL, ?, ?)').run(
      old.id,
      'session-1',
      old.startedAt,
      JSON.stringify(old),
    );
    db.close();

    openDatabase(dbPath).close();
    const store = track(openTraceStore(dbPath));
    expect(store.get('from-v1')).toEqual(old);
    expect(store.list({ sessionId: 'session-1', limit: 5 }).map((s) => s.id)).toEqual(['from-v1']);
    store.record(turnTrace({ id: 'no-session', sessionId: null, startedAt: old.startedAt + 1 }));
    expect(store.list({ limit: 5 }).map((s) => s.id)).toEqual(['no-session', 'from-v1']);
  });
});
