import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Append only: never edit a migration that has shipped, add a new one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, turns and traces',
    up: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL CHECK (host IN ('electron', 'headless')),
        title TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX sessions_by_started_at ON sessions (started_at);

      CREATE TABLE turns (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        run_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        text TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        interrupted INTEGER NOT NULL DEFAULT 0 CHECK (interrupted IN (0, 1)),
        UNIQUE (session_id, seq)
      );
      -- UNIQUE (session_id, seq) already indexes turns by session in append order.
      CREATE INDEX turns_by_run ON turns (run_id);

      CREATE TABLE traces (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        turn_id TEXT REFERENCES turns (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX traces_by_session ON traces (session_id, created_at);
      CREATE INDEX traces_by_turn ON traces (turn_id);
    `,
  },
  {
    version: 2,
    name: 'semantic cache entries',
    up: `
      CREATE TABLE cache_entries (
        id TEXT PRIMARY KEY,
        scope_key TEXT NOT NULL,
        query TEXT NOT NULL,
        normalized_query TEXT NOT NULL,
        -- float32 values, little-endian, 4 bytes per dimension
        embedding BLOB NOT NULL,
        response TEXT NOT NULL,
        provenance TEXT NOT NULL CHECK (json_valid(provenance)),
        agents TEXT NOT NULL CHECK (json_valid(agents)),
        created_at INTEGER NOT NULL,
        ttl_ms INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_hit_at INTEGER,
        hit_count INTEGER NOT NULL DEFAULT 0,
        UNIQUE (scope_key, normalized_query)
      );
      CREATE INDEX cache_entries_by_expiry ON cache_entries (expires_at);
      -- Least recently used first: eviction at max entries reads this index in order.
      CREATE INDEX cache_entries_by_last_use ON cache_entries (COALESCE(last_hit_at, created_at));
    `,
  },
  {
    version: 3,
    name: 'traces of turns without a session',
    // SQLite cannot drop NOT NULL in place: rebuild the table. Nothing references traces, so the
    // rebuild needs no foreign-key juggling.
    up: `
      CREATE TABLE traces_rebuilt (
        id TEXT PRIMARY KEY,
        session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
        turn_id TEXT REFERENCES turns (id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      INSERT INTO traces_rebuilt (id, session_id, turn_id, created_at, data)
        SELECT id, session_id, turn_id, created_at, data FROM traces;
      DROP TABLE traces;
      ALTER TABLE traces_rebuilt RENAME TO traces;
      CREATE INDEX traces_by_session ON traces (session_id, created_at);
      CREATE INDEX traces_by_turn ON traces (turn_id);
      CREATE INDEX traces_by_created_at ON traces (created_at);
    `,
  },
  {
    version: 4,
    name: 'session memory',
    // One JSON document per session (core/conversation/session-memory.ts), written at turn ends.
    up: `
      CREATE TABLE session_memory (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        data TEXT NOT NULL CHECK (json_valid(data)),
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'timers, alarms and reminders',
    // Kept when their session is deleted: an alarm set in a conversation outlives it.
    up: `
      CREATE TABLE reminders (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('timer', 'alarm', 'reminder')),
        label TEXT,
        session_id TEXT,
        language TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        duration_ms INTEGER,
        state TEXT NOT NULL CHECK (state IN ('pending', 'fired', 'done')),
        fired_at INTEGER,
        ended_by TEXT CHECK (ended_by IN ('dismissed', 'cancelled')),
        snoozes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX reminders_by_state_due ON reminders (state, due_at);
    `,
  },
];

export const latestSchemaVersion = Math.max(...migrations.map((m) => m.version));

/** Applies the migrations the database lacks, each in its own transaction; returns the versions applied. */
export function migrate(db: DatabaseSync, clockNow: () => number, known: readonly Migration[] = migrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const latestKnown = Math.max(0, ...known.map((m) => m.version));
  const current = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get()?.version ?? 0;
  if (typeof current !== 'number') throw new Error(`schema_migrations holds a non-integer version: ${String(current)}`);
  if (current > latestKnown) {
    throw new Error(
      `Database schema version ${current} is newer than this app supports (${latestKnown}); ` +
        'it was written by a newer version of the app. Update the app instead of opening it with this one.',
    );
  }

  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...known].sort((a, b) => a.version - b.version)) {
    // IMMEDIATE takes the write lock before the check, so two processes opening the same file
    // cannot both apply one migration.
    db.exec('BEGIN IMMEDIATE');
    try {
      if (isApplied.get(migration.version) === undefined) {
        db.exec(migration.up);
        record.run(migration.version, migration.name, clockNow());
        applied.push(migration.version);
      }
      db.exec('COMMIT');
    } catch (error) {
      // SQLite may have rolled back already (a full disk, a damaged page); another ROLLBACK would hide why.
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return applied;
}
