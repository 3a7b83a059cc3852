import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { turnTrace } from '../tracing/testing/turn-trace-fixture.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { inUseMessage, openHostDatabase, type HostDatabase } from './host-database.ts';
import { quarantineName } from './quarantine.ts';
import { SqliteCacheStore } from './sqlite-cache-store.ts';
import { SqliteSessionStore } from './sqlite-session-store.ts';
import { SqliteTraceStore } from './sqlite-trace-store.ts';
import type { StorageLog } from './storage-health.ts';
import { CACHE_DIMENSIONS, T0, writeHistory } from './testing/history-fixture.ts';

const HOLDER = fileURLToPath(new URL('./testing/store-server-child.ts', import.meta.url));

let temp: ReturnType<typeof makeTempDir> | undefined;
const open: HostDatabase[] = [];
afterEach(() => {
  for (const database of open.splice(0)) database.close();
  temp?.remove();
  temp = undefined;
});

function openHere(name = 'assistant.sqlite', log?: StorageLog): HostDatabase {
  temp ??= makeTempDir('host-database');
  const database = openHostDatabase(join(temp.path, name), { now: () => T0, lockTimeoutMs: 100, ...(log ? { log } : {}) });
  open.push(database);
  return database;
}

function stores(database: HostDatabase) {
  const report = database.health.report;
  return {
    sessions: new SqliteSessionStore(database.db, database.path, { onStorageError: report }),
    traces: new SqliteTraceStore(database.db, { onStorageError: report }),
    cache: new SqliteCacheStore(database.db, { dimensions: CACHE_DIMENSIONS, maxEntries: 100, onStorageError: report }),
  };
}

describe.skipIf(process.platform === 'win32')('links planted beside the store', () => {
  it('sets aside a store file that is a link, and starts a fresh one of its own without writing through it', () => {
    temp = makeTempDir('host-database');
    const victim = join(temp.path, 'elsewhere.sqlite');
    symlinkSync(victim, join(temp.path, 'assistant.sqlite'));
    symlinkSync(`${victim}-wal`, join(temp.path, 'assistant.sqlite-wal'));
    const database = openHere();
    writeHistory(database.db, { sessions: 1, runsPerSession: 1, cacheEntries: 0 });
    expect(existsSync(victim)).toBe(false);
    expect(existsSync(`${victim}-wal`)).toBe(false);
    expect(lstatSync(join(temp.path, 'assistant.sqlite')).isFile()).toBe(true);
    expect(database.health.status().problems).toEqual([expect.objectContaining({ kind: 'corrupt', message: expect.stringMatching(/assistant\.sqlite and .*assistant\.sqlite-wal are links; the history is kept only in files of its own/) })]);
  });

  it('never copies an invalid -wal aside through a link planted at the name it would take', () => {
    temp = makeTempDir('host-database');
    const first = openHere();
    writeHistory(first.db, { sessions: 1, runsPerSession: 1, cacheEntries: 0 });
    first.close();
    open.splice(0);
    writeFileSync(join(temp.path, 'assistant.sqlite-wal'), Buffer.alloc(64, 9));
    const victim = join(temp.path, 'victim-wal');
    symlinkSync(victim, `${quarantineName(join(temp.path, 'assistant.sqlite'), T0)}-wal`);
    const database = openHere();
    expect(existsSync(victim)).toBe(false);
    expect(database.health.status().problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/was not a valid write-ahead log/) })]);
  });
});

describe('one exclusive connection for the host', () => {
  it('serves the session, trace and cache stores without a -shm file (no shared memory to map)', () => {
    const database = openHere();
    writeHistory(database.db, { sessions: 3, runsPerSession: 2, cacheEntries: 10 });
    const { sessions, traces, cache } = stores(database);
    expect(sessions.listSessions({ limit: 10 })).toHaveLength(3);
    expect(traces.list({ limit: 10 })).toHaveLength(6);
    expect(cache.count()).toBe(10);
    const files = readdirSync(temp!.path);
    expect(files).toContain('assistant.sqlite-wal');
    expect(files.filter((name) => name.endsWith('-shm'))).toEqual([]);
    expect(database.db.prepare('PRAGMA locking_mode').get()).toEqual({ locking_mode: 'exclusive' });
    expect(database.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    database.close();
    expect(readdirSync(temp!.path)).toEqual(['assistant.sqlite']);
  });

  it('removes a -shm file an earlier version left, which nothing maps any more', () => {
    temp = makeTempDir('host-database');
    writeFileSync(join(temp.path, 'assistant.sqlite-shm'), Buffer.alloc(32768));
    openHere();
    expect(existsSync(join(temp.path, 'assistant.sqlite-shm'))).toBe(false);
  });

  it('refuses a second opener in the same process, naming the file', () => {
    const first = openHere();
    expect(() => openHostDatabase(first.path, { lockTimeoutMs: 50 })).toThrow(inUseMessage(first.path));
    // The first is unharmed.
    stores(first).sessions.createSession({ id: 's', host: 'headless', startedAt: T0 });
  });

  it('takes a file another process empties under it for theirs, not for a truncated one to set aside', () => {
    const first = openHere();
    stores(first).sessions.createSession({ id: 's', host: 'headless', startedAt: T0 });
    first.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    truncateSync(first.path, 0);
    expect(() => openHostDatabase(first.path, { lockTimeoutMs: 50 })).toThrow(inUseMessage(first.path));
    expect(readdirSync(temp!.path).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('refuses another process with a clear error while this one serves', () => {
    const first = openHere();
    stores(first).sessions.createSession({ id: 's', host: 'headless', startedAt: T0 });
    const child = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', HOLDER, first.path, 'host', 'open-only'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.status).toBe(3);
    expect(child.stderr).toContain(inUseMessage(first.path));
  });

  it('is opened by the next process once this one has closed', () => {
    const first = openHere();
    first.close();
    const child = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', HOLDER, first.path, 'host', 'open-only'], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
  });
});

describe('write failures while serving', () => {
  function full(database: HostDatabase): void {
    // SQLITE_FULL for real: the file may not grow by another page.
    const pages = Number(database.db.prepare('PRAGMA page_count').get()!.page_count);
    database.db.exec(`PRAGMA max_page_count = ${pages}`);
  }

  it('are storage errors naming the reason, shown in the status and logged once with the path, and reads go on', () => {
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const log: StorageLog = { info: () => {}, warn: () => {}, error: (fields, message) => lines.push({ fields: fields as Record<string, unknown>, message }) };
    const database = openHere('assistant.sqlite', log);
    const { sessions, traces } = stores(database);
    sessions.createSession({ id: 's', host: 'headless', startedAt: T0 });
    const changes: number[] = [];
    database.health.onChange(() => changes.push(database.health.status().problems.length));
    full(database);

    const big = 'x'.repeat(20_000);
    const append = (n: number) =>
      sessions.appendTurn({ id: `t${n}`, sessionId: 's', runId: 'r', role: 'user', text: big, startedAt: T0, endedAt: T0, interrupted: false });
    expect(() => append(1)).toThrow(expect.objectContaining({ code: 'storage_error', message: expect.stringMatching(/database or disk is full \(SQLITE_FULL\)/) }));
    expect(() => append(2)).toThrow(/SQLITE_FULL/);
    expect(() => traces.record(turnTrace({ id: 'big', sessionId: 's', answer: big }))).toThrow(
      expect.objectContaining({ code: 'storage_error' }),
    );

    // One entry per reason, however many writes it refused.
    const { problems } = database.health.status();
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'write_failed', message: expect.stringContaining(`in ${database.path}: database or disk is full`), count: 3, quarantinedAs: null, recovered: null }),
    ]);
    expect(changes).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toMatchObject({ code: 'store_write_failed', path: database.path, reason: 'database or disk is full (SQLITE_FULL)' });

    // Still serving: reads work, and writes work again once there is room.
    expect(sessions.listSessions({ limit: 5 })).toHaveLength(1);
    database.db.exec('PRAGMA max_page_count = 1000000');
    append(3);
    expect(sessions.listTurns('s').map((turn) => turn.id)).toEqual(['t3']);
  });

  it('in the cache are reported the same way and leave the cache usable', () => {
    const database = openHere();
    const { cache } = stores(database);
    full(database);
    const entry = (id: string) => ({
      id,
      query: id,
      normalizedQuery: id,
      scopeKey: 'v1',
      embedding: new Float32Array(CACHE_DIMENSIONS).fill(0.5),
      response: 'r'.repeat(50_000),
      provenance: null,
      agents: ['clock'],
      createdAt: T0,
      ttlMs: 1000,
      expiresAt: T0 + 1000,
      lastHitAt: null,
      hitCount: 0,
    });
    expect(() => cache.put(entry('a'))).toThrow(expect.objectContaining({ code: 'storage_error' }));
    expect(cache.count()).toBe(0);
    expect(database.health.status().problems).toEqual([expect.objectContaining({ kind: 'write_failed', message: expect.stringMatching(/^Cannot store cache entry a in .*SQLITE_FULL/) })]);
    database.db.exec('PRAGMA max_page_count = 1000000');
    cache.put(entry('b'));
    expect(cache.count()).toBe(1);
  });
});
