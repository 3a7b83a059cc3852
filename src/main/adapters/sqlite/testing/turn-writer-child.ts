// Appends turns forever to the store at argv[2], session argv[3], writing each turn id to stdout
// right after its insert has committed. The crash-recovery test SIGKILLs it mid-stream. With
// argv[4] "host" the store is opened as the host opens it (one exclusive connection, the WAL index
// in heap memory); otherwise as openSessionStore opens it (WAL with a shared-memory -shm file).
import { writeSync } from 'node:fs';
import { openHostDatabase } from '../host-database.ts';
import { openSessionStore, SqliteSessionStore } from '../sqlite-session-store.ts';

const [dbPath, sessionId, layout] = process.argv.slice(2);
if (dbPath === undefined || sessionId === undefined) {
  process.stderr.write('usage: turn-writer-child.ts <db path> <session id> [host]\n');
  process.exit(2);
}

const store = layout === 'host' ? new SqliteSessionStore(openHostDatabase(dbPath).db, dbPath) : openSessionStore(dbPath);
store.createSession({ id: sessionId, host: 'headless', startedAt: Date.now() });

// A safety net should the parent vanish without killing us; a closed stdout (EPIPE) also ends us.
const deadline = Date.now() + 60_000;
for (let n = 1; Date.now() < deadline; n++) {
  const id = `turn-${n}`;
  const now = Date.now();
  store.appendTurn({
    id,
    sessionId,
    runId: `run-${Math.ceil(n / 2)}`,
    role: n % 2 === 1 ? 'user' : 'assistant',
    text: `turn number ${n} `.repeat(8),
    startedAt: now,
    endedAt: now,
    interrupted: false,
  });
  // Synchronous and below PIPE_BUF, so the line reaches the pipe whole before the next insert.
  writeSync(1, `${id}\n`);
}
process.exit(1);
