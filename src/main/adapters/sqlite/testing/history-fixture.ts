// Real store files with history for the corruption and recovery tests: sessions, turns and traces
// written through the stores, a semantic cache after them, and ways to damage the file.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import { turnTrace } from '../../tracing/testing/turn-trace-fixture.ts';
import { SqliteCacheStore } from '../sqlite-cache-store.ts';
import { SqliteSessionStore } from '../sqlite-session-store.ts';
import { SqliteTraceStore } from '../sqlite-trace-store.ts';

export const T0 = 1_790_000_000_000;
export const CACHE_DIMENSIONS = 64;

export interface HistorySize {
  sessions: number;
  /** Question and answer pairs per session; each pair has one trace. */
  runsPerSession: number;
  cacheEntries: number;
  /** The first session this call writes (to add history to a file that has some). */
  firstSession?: number;
}

export const DEFAULT_SIZE: HistorySize = { sessions: 30, runsPerSession: 4, cacheEntries: 400 };

/**
 * Writes history on `db` (opened and migrated) through the real stores, leaving the connection
 * open. The first session's first answer is long enough to need overflow pages, as is one trace.
 */
export function writeHistory(db: DatabaseSync, size: HistorySize = DEFAULT_SIZE): void {
  const sessions = new SqliteSessionStore(db, 'fixture');
  const traces = new SqliteTraceStore(db);
  const cache = new SqliteCacheStore(db, { dimensions: CACHE_DIMENSIONS, maxEntries: 1_000_000 });
  const first = size.firstSession ?? 0;
  for (let s = first; s < first + size.sessions; s++) {
    const sessionId = `session-${s}`;
    const startedAt = T0 + s * 60_000;
    sessions.createSession({ id: sessionId, host: s % 3 === 0 ? 'electron' : 'headless', startedAt });
    for (let r = 0; r < size.runsPerSession; r++) {
      const runId = `run-${s}-${r}`;
      const at = startedAt + r * 1000;
      const long = s === first && r === 0;
      sessions.appendTurn({ id: `${runId}:user`, sessionId, runId, role: 'user', text: `question ${s}.${r}`, startedAt: at, endedAt: at, interrupted: false });
      const answer = long ? `a long answer ${'with many words '.repeat(600)}` : `answer ${s}.${r} `.repeat(6);
      sessions.appendTurn({ id: `${runId}:assistant`, sessionId, runId, role: 'assistant', text: answer, startedAt: at, endedAt: at + 500, interrupted: r === 3 });
      traces.record(turnTrace({ id: runId, sessionId, startedAt: at, ...(long ? { answer } : {}) }));
    }
    if (s % 2 === 0) sessions.endSession(sessionId, startedAt + 50_000);
  }
  const entries = [];
  for (let i = 0; i < size.cacheEntries; i++) {
    const embedding = new Float32Array(CACHE_DIMENSIONS).map((_, d) => Math.sin(i * 7 + d));
    entries.push({
      id: `cache-${first}-${i}`,
      query: `q ${i}`,
      normalizedQuery: `q ${first} ${i}`,
      scopeKey: 'v1',
      embedding,
      response: `cached answer ${i} `.repeat(20),
      provenance: { agents: ['clock'] },
      agents: ['clock'],
      createdAt: T0,
      ttlMs: 1e12,
      expiresAt: T0 + 1e12,
      lastHitAt: null,
      hitCount: 0,
    });
  }
  if (entries.length > 0) cache.putMany(entries);
}

export interface HistoryRows {
  sessions: Record<string, SQLOutputValue>[];
  turns: Record<string, SQLOutputValue>[];
  traces: Record<string, SQLOutputValue>[];
}

/** Every history row, in table order, for comparing a recovered database with the original. */
export function readHistory(db: DatabaseSync): HistoryRows {
  return {
    sessions: db.prepare('SELECT id, host, title, started_at, ended_at FROM sessions ORDER BY rowid').all(),
    turns: db.prepare('SELECT id, session_id, run_id, seq, role, text, started_at, ended_at, interrupted FROM turns ORDER BY rowid').all(),
    traces: db.prepare('SELECT id, session_id, turn_id, created_at, data FROM traces ORDER BY rowid').all(),
  };
}

/** Pages of one b-tree (a table or an index) by name; `type` narrows to leaf, internal or overflow pages. */
export function pagesOf(path: string, name: string, type?: 'leaf' | 'internal' | 'overflow'): number[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const rows = db.prepare('SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno').all(name);
    return rows.filter((row) => type === undefined || row.pagetype === type).map((row) => Number(row.pageno));
  } finally {
    db.close();
  }
}

export function pageSizeOf(path: string): number {
  return readFileSync(path).readUInt16BE(16);
}

/** Overwrites whole pages with random bytes (seeded by nothing: any garbage will do) or zeros. */
export function overwritePages(path: string, pages: readonly number[], fill: 'random' | 'zero' = 'random'): void {
  const size = pageSizeOf(path);
  const fd = openSync(path, 'r+');
  try {
    for (const page of pages) writeSync(fd, fill === 'zero' ? Buffer.alloc(size) : randomBytes(size), 0, size, (page - 1) * size);
  } finally {
    closeSync(fd);
  }
}

export function overwriteBytes(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
