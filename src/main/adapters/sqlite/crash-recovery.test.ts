import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { openHostDatabase } from './host-database.ts';
import { openSessionStore, SqliteSessionStore } from './sqlite-session-store.ts';

const CHILD = fileURLToPath(new URL('./testing/turn-writer-child.ts', import.meta.url));
const KILL_AFTER = 300;
const TIME_LIMIT_MS = 15_000;

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  /** Every complete line the child wrote, including those still in the pipe when it was killed. */
  reported: string[];
  signal: NodeJS.Signals | null;
}

function runAndKill(dbPath: string, sessionId: string, layout: 'host' | 'shared' = 'shared'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, dbPath, sessionId, layout], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: string[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `turn writer reported ${reported.length} of ${KILL_AFTER} turns within ${TIME_LIMIT_MS} ms; stderr:\n${stderr}`,
        ),
      );
    }, TIME_LIMIT_MS);

    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      reported.push(...lines);
      if (!killed && reported.length >= KILL_AFTER) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close' waits for stdout to drain, so lines written before the kill are all counted.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!killed) reject(new Error(`turn writer exited on its own (code ${code}); stderr:\n${stderr}`));
      else resolve({ reported, signal });
    });
  });
}

it('keeps every committed turn when the writer is SIGKILLed mid-stream', async () => {
  dir = mkdtempSync(join(tmpdir(), 'crash-recovery-'));
  const dbPath = join(dir, 'history.db');
  const sessionId = 'crash-session';

  const { reported, signal } = await runAndKill(dbPath, sessionId);
  expect(signal).toBe('SIGKILL');
  expect(reported.length).toBeGreaterThanOrEqual(KILL_AFTER);

  const store = openSessionStore(dbPath);
  const check = openDatabase(dbPath);
  try {
    expect(check.prepare('PRAGMA integrity_check').all().map((row) => row.integrity_check)).toEqual(['ok']);
    expect(check.prepare('PRAGMA foreign_key_check').all()).toEqual([]);

    const stored = store.listTurns(sessionId).map((t) => t.id);
    // The child writes ids turn-1, turn-2, ... in order; the kill may land between a commit and its
    // line, so the store may hold exactly one turn more than was reported.
    expect(stored.slice(0, reported.length)).toEqual(reported);
    expect(stored.length - reported.length).toBeLessThanOrEqual(1);
    expect(stored).toEqual(stored.map((_, i) => `turn-${i + 1}`));
  } finally {
    check.close();
    store.close();
  }
});

it('keeps every committed turn when a writer with the host\'s exclusive connection is SIGKILLed mid-stream', async () => {
  dir = mkdtempSync(join(tmpdir(), 'crash-recovery-'));
  const dbPath = join(dir, 'assistant.sqlite');
  const sessionId = 'crash-session';

  const { reported, signal } = await runAndKill(dbPath, sessionId, 'host');
  expect(signal).toBe('SIGKILL');
  expect(reported.length).toBeGreaterThanOrEqual(KILL_AFTER);
  // The WAL index was in the dead process's memory only: the next open rebuilds it from the -wal.
  expect(existsSync(`${dbPath}-wal`)).toBe(true);
  expect(existsSync(`${dbPath}-shm`)).toBe(false);

  const database = openHostDatabase(dbPath);
  try {
    expect(database.health.status().problems).toEqual([]);
    expect(database.opened.check).toBe('quick_check');
    expect(database.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    const stored = new SqliteSessionStore(database.db, dbPath).listTurns(sessionId).map((t) => t.id);
    expect(stored.slice(0, reported.length)).toEqual(reported);
    expect(stored.length - reported.length).toBeLessThanOrEqual(1);
    expect(stored).toEqual(stored.map((_, i) => `turn-${i + 1}`));
  } finally {
    database.close();
  }
});
