// A process serving writes to a store, for the tests that do to it what kills processes:
//   store-server-child.ts <db path> <host|shared> open-only
//     opens the store and exits 0, or prints why not to stderr and exits 3;
//   store-server-child.ts <db path> <host|shared> serve <ms>
//     appends turns, traces and cache entries and reads sessions for <ms>, printing JSON lines:
//     {"event":"progress",...} every 50 ms, {"event":"log",...} for each storage log line, and
//     {"event":"done",...} at the end (then exits 0). Failed writes are counted, not fatal.
// "host" is the host's layout (one exclusive connection, openHostDatabase); "shared" the layout
// before it (three connections in WAL's shared-memory mode, as openSessionStore & co. open them).
import { writeSync } from 'node:fs';
import { turnTrace } from '../../tracing/testing/turn-trace-fixture.ts';
import { openHostDatabase } from '../host-database.ts';
import { openCacheStore, SqliteCacheStore } from '../sqlite-cache-store.ts';
import { openSessionStore, SqliteSessionStore } from '../sqlite-session-store.ts';
import { openTraceStore, SqliteTraceStore } from '../sqlite-trace-store.ts';
import type { StorageLog } from '../storage-health.ts';

const [path, layout, mode, duration] = process.argv.slice(2);
if (path === undefined || (layout !== 'host' && layout !== 'shared') || (mode !== 'open-only' && mode !== 'serve')) {
  process.stderr.write('usage: store-server-child.ts <db path> <host|shared> <open-only|serve> [ms]\n');
  process.exit(2);
}
// A file size limit (ulimit -f) makes writes fail with EFBIG instead of killing the process.
process.on('SIGXFSZ', () => {});

const print = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);
const log: StorageLog = {
  info: () => {},
  warn: (fields, message) => print({ event: 'log', level: 'warn', fields, message }),
  error: (fields, message) => print({ event: 'log', level: 'error', fields, message }),
};
const DIMENSIONS = 8;

let open;
try {
  open = openStores();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(3);
}
if (mode === 'open-only') {
  open.close();
  process.exit(0);
}
const { sessions, traces, cache, problems } = open;

function openStores() {
  if (layout === 'host') {
    const database = openHostDatabase(path!, { log, lockTimeoutMs: 200 });
    const report = database.health.report;
    const cacheStore = new SqliteCacheStore(database.db, { dimensions: DIMENSIONS, maxEntries: 200, onStorageError: report });
    return {
      sessions: new SqliteSessionStore(database.db, path!, { onStorageError: report }),
      traces: new SqliteTraceStore(database.db, { onStorageError: report }),
      cache: cacheStore,
      problems: () => database.health.status().problems,
      close: () => {
        cacheStore.close();
        database.close();
      },
    };
  }
  const sessionStore = openSessionStore(path!);
  const traceStore = openTraceStore(path!);
  const cacheStore = openCacheStore(path!, { dimensions: DIMENSIONS, maxEntries: 200 });
  return {
    sessions: sessionStore,
    traces: traceStore,
    cache: cacheStore,
    problems: () => [],
    close: () => [cacheStore, traceStore, sessionStore].forEach((store) => store.close()),
  };
}

sessions.createSession({ id: 'serving', host: 'headless', startedAt: Date.now() });
let ok = 0;
let failed = 0;
let okAfterFailure = 0;
let readsAfterFailure = 0;
const reasons = new Set<string>();
const until = Date.now() + Number(duration ?? 3000);

function serveSome(): void {
  for (let i = 0; i < 10; i++) {
    const n = ok + failed;
    try {
      const now = Date.now();
      sessions.appendTurn({ id: `turn-${n}`, sessionId: 'serving', runId: `run-${n}`, role: 'user', text: `turn ${n} `.repeat(200), startedAt: now, endedAt: now, interrupted: false });
      traces.record(turnTrace({ id: `run-${n}`, sessionId: 'serving', startedAt: now }));
      if (n % 5 === 0) {
        cache.put({
          id: `entry-${n}`, query: `q${n}`, normalizedQuery: `q${n}`, scopeKey: 'v1', embedding: new Float32Array(DIMENSIONS).fill(n % 7),
          response: 'cached', provenance: null, agents: ['clock'], createdAt: now, ttlMs: 60_000, expiresAt: now + 60_000, lastHitAt: null, hitCount: 0,
        });
      }
      ok++;
      if (failed > 0) okAfterFailure++;
    } catch (error) {
      failed++;
      reasons.add((error as Error).message.replace(/\d+/g, 'N'));
    }
    try {
      sessions.listSessions({ limit: 5 });
      if (failed > 0) readsAfterFailure++;
    } catch {
      // Counted by its absence.
    }
  }
}

const progress = setInterval(() => print({ event: 'progress', ok, failed }), 50);
const tick = () => {
  serveSome();
  if (Date.now() < until) {
    setTimeout(tick, 2);
    return;
  }
  clearInterval(progress);
  print({ event: 'done', ok, failed, okAfterFailure, readsAfterFailure, reasons: [...reasons], problems: problems() });
  process.exit(0);
};
tick();
