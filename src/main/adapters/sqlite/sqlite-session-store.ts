import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { SessionSummary } from '../../../shared/contract.ts';
import type {
  HostKind,
  ListSessionsQuery,
  NewSession,
  SessionStore,
  TurnRecord,
} from '../../ports/session-store.ts';
import { openDatabase } from './database.ts';
import { createWriteBatch, type WriteBatch } from './write-batch.ts';
import { storageFailure, type StorageErrorSink } from './storage-health.ts';

type Row = Record<string, SQLOutputValue>;

const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

/** Long enough for a question; the list shortens it further where it must. */
const TITLE_CHARS = 120;

/** A session without a title of its own is called by its first question (History lists it so). */
const SESSION_COLUMNS = `s.id, s.host,
  COALESCE(s.title, (SELECT SUBSTR(t.text, 1, ${TITLE_CHARS}) FROM turns t WHERE t.session_id = s.id AND t.role = 'user' ORDER BY t.seq LIMIT 1)) AS title,
  s.started_at, s.ended_at,
  (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.role = 'user') AS turn_count`;

export interface SessionStoreOptions {
  /** Told about reads and writes the disk or file refused (the host shows them in Status). */
  onStorageError?: StorageErrorSink;
  /** The host's group commit (write-batch.ts); default: each write commits on its own. */
  writes?: WriteBatch;
}

export function openSessionStore(path: string, clockNow: () => number = Date.now): SqliteSessionStore {
  return new SqliteSessionStore(openDatabase(path, clockNow), path);
}

export class SqliteSessionStore implements SessionStore {
  readonly path: string;
  readonly sqliteVersion: string;
  readonly #db: DatabaseSync;
  readonly #onStorageError: StorageErrorSink | undefined;
  readonly #writes: WriteBatch;
  readonly #insertSession: StatementSync;
  readonly #endSession: StatementSync;
  readonly #getSession: StatementSync;
  readonly #listSessions: StatementSync;
  readonly #listSessionsBefore: StatementSync;
  readonly #insertTurn: StatementSync;
  readonly #listTurns: StatementSync;

  /** Takes a database already opened and migrated by `openDatabase` (it may be shared); closing the store closes it. */
  constructor(db: DatabaseSync, path: string, options: SessionStoreOptions = {}) {
    this.#db = db;
    this.path = path;
    this.#onStorageError = options.onStorageError;
    this.#writes = options.writes ?? createWriteBatch(db, { grouped: false });
    this.sqliteVersion = text(db.prepare('SELECT sqlite_version() AS v').get() ?? {}, 'v');
    this.#insertSession = db.prepare('INSERT INTO sessions (id, host, title, started_at) VALUES (?, ?, ?, ?)');
    this.#endSession = db.prepare('UPDATE sessions SET ended_at = ? WHERE id = ?');
    this.#getSession = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`);
    this.#listSessions = db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions s ORDER BY s.started_at DESC, s.rowid DESC LIMIT ?`,
    );
    this.#listSessionsBefore = db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.started_at < ?
       ORDER BY s.started_at DESC, s.rowid DESC LIMIT ?`,
    );
    this.#insertTurn = db.prepare(
      `INSERT INTO turns (id, session_id, run_id, seq, role, text, started_at, ended_at, interrupted)
       SELECT :id, :sessionId, :runId, COALESCE(MAX(seq), 0) + 1, :role, :text, :startedAt, :endedAt, :interrupted
       FROM turns WHERE session_id = :sessionId`,
    );
    this.#listTurns = db.prepare(
      `SELECT id, session_id, run_id, role, text, started_at, ended_at, interrupted
       FROM turns WHERE session_id = ? ORDER BY seq`,
    );
  }

  createSession(session: NewSession): SessionSummary {
    try {
      this.#insertSession.run(session.id, session.host, session.title ?? null, session.startedAt);
    } catch (error) {
      throw this.#failure(error, `Cannot create session ${session.id}`, 'write') ?? storeError(error, `Cannot create session ${session.id}`, {
        [SQLITE_CONSTRAINT_PRIMARYKEY]: 'a session with this id already exists',
      });
    }
    return {
      id: session.id,
      host: session.host,
      title: session.title ?? null,
      startedAt: session.startedAt,
      endedAt: null,
      turnCount: 0,
    };
  }

  endSession(id: string, endedAt: number): void {
    const { changes } = this.#attempt(`Cannot end session ${id}`, 'write', () => this.#endSession.run(endedAt, id));
    if (changes === 0) throw new Error(`Cannot end session ${id}: no such session`);
  }

  /** A resumed session is open again until its last window leaves. */
  reopenSession(id: string): void {
    const { changes } = this.#attempt(`Cannot reopen session ${id}`, 'write', () =>
      this.#db.prepare('UPDATE sessions SET ended_at = NULL WHERE id = ?').run(id),
    );
    if (changes === 0) throw new Error(`Cannot reopen session ${id}: no such session`);
  }

  deleteSession(id: string): void {
    // Turns, traces and memory go with it (ON DELETE CASCADE); timers set in it stay and go off.
    this.#attempt(`Cannot delete session ${id}`, 'write', () => this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(id));
  }

  listSessions(query: ListSessionsQuery): SessionSummary[] {
    const rows = this.#attempt('Cannot list sessions', 'read', () =>
      query.beforeStartedAt === undefined
        ? this.#listSessions.all(query.limit)
        : this.#listSessionsBefore.all(query.beforeStartedAt, query.limit),
    );
    return rows.map(toSession);
  }

  /** The session as stored now, or null. Not part of the port; handy for the host and tests. */
  getSession(id: string): SessionSummary | null {
    const row = this.#attempt(`Cannot read session ${id}`, 'read', () => this.#getSession.get(id));
    return row === undefined ? null : toSession(row);
  }

  appendTurn(turn: TurnRecord): void {
    try {
      this.#writes.join();
      this.#insertTurn.run({
        id: turn.id,
        sessionId: turn.sessionId,
        runId: turn.runId,
        role: turn.role,
        text: turn.text,
        startedAt: turn.startedAt,
        endedAt: turn.endedAt,
        interrupted: turn.interrupted ? 1 : 0,
      });
    } catch (error) {
      const action = `Cannot append turn ${turn.id} to session ${turn.sessionId}`;
      throw this.#failure(error, action, 'write') ?? storeError(error, action, {
        [SQLITE_CONSTRAINT_FOREIGNKEY]: `session ${turn.sessionId} does not exist`,
        [SQLITE_CONSTRAINT_PRIMARYKEY]: 'a turn with this id already exists',
      });
    }
  }

  appendTurns(turns: readonly TurnRecord[]): void {
    this.#writes.atomically(() => {
      for (const turn of turns) this.appendTurn(turn);
    });
  }

  listTurns(sessionId: string): TurnRecord[] {
    return this.#attempt(`Cannot list the turns of session ${sessionId}`, 'read', () => this.#listTurns.all(sessionId)).map(toTurn);
  }

  close(): void {
    // Closing with the shared transaction open would roll it back.
    this.#writes.flush();
    if (this.#db.isOpen) this.#db.close();
  }

  #failure(error: unknown, action: string, access: 'read' | 'write'): Error | null {
    return storageFailure(error, action, access, this.#onStorageError);
  }

  #attempt<T>(action: string, access: 'read' | 'write', work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw this.#failure(error, action, access) ?? error;
    }
  }
}

function storeError(error: unknown, action: string, reasons: Record<number, string>): Error {
  const errcode = (error as { errcode?: unknown }).errcode;
  const reason = typeof errcode === 'number' ? reasons[errcode] : undefined;
  return new Error(`${action}: ${reason ?? (error as Error).message}`, { cause: error });
}

function toSession(row: Row): SessionSummary {
  return {
    id: text(row, 'id'),
    host: oneOf(row, 'host', ['electron', 'headless'] as const satisfies readonly HostKind[]),
    title: nullable(row, 'title', text),
    startedAt: integer(row, 'started_at'),
    endedAt: nullable(row, 'ended_at', integer),
    turnCount: integer(row, 'turn_count'),
  };
}

function toTurn(row: Row): TurnRecord {
  return {
    id: text(row, 'id'),
    sessionId: text(row, 'session_id'),
    runId: text(row, 'run_id'),
    role: oneOf(row, 'role', ['user', 'assistant'] as const),
    text: text(row, 'text'),
    startedAt: integer(row, 'started_at'),
    endedAt: nullable(row, 'ended_at', integer),
    interrupted: oneOf(row, 'interrupted', [0, 1] as const) === 1,
  };
}

function badColumn(row: Row, column: string, expected: string): Error {
  return new Error(`Unexpected value in column ${column}: expected ${expected}, got ${String(row[column])}`);
}

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw badColumn(row, column, 'text');
  return value;
}

function integer(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badColumn(row, column, 'an integer');
  return value;
}

function nullable<T>(row: Row, column: string, read: (row: Row, column: string) => T): T | null {
  return row[column] === null ? null : read(row, column);
}

function oneOf<const T extends string | number>(row: Row, column: string, allowed: readonly T[]): T {
  const value = row[column];
  if (!allowed.includes(value as T)) throw badColumn(row, column, `one of ${allowed.join(', ')}`);
  return value as T;
}
