import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isLanguage } from '../../core/language/language.ts';
import type { Reminder, ReminderState, TimerBook } from '../../ports/timer-book.ts';
import { storageFailure, type StorageErrorSink } from './storage-health.ts';

// Timers, alarms and reminders (migration 5), one row each. Writes happen when the user sets,
// snoozes, dismisses or cancels one and when one fires, so a restart finds every one as it was.

const COLUMNS = 'id, kind, label, session_id, language, created_at, due_at, duration_ms, state, fired_at, ended_by, snoozes';

export class SqliteTimerBook implements TimerBook {
  readonly #insert: StatementSync;
  readonly #get: StatementSync;
  readonly #all: StatementSync;
  readonly #db: DatabaseSync;
  readonly #onStorageError: StorageErrorSink | undefined;

  /** Takes the host's connection (opened and migrated); does not close it. */
  constructor(db: DatabaseSync, options: { onStorageError?: StorageErrorSink } = {}) {
    this.#db = db;
    this.#onStorageError = options.onStorageError;
    this.#insert = db.prepare(`INSERT INTO reminders (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM reminders WHERE id = ?`);
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM reminders ORDER BY created_at, id`);
  }

  add(reminder: Reminder): void {
    this.#write(`Cannot save the ${reminder.kind}`, () =>
      this.#insert.run(
        reminder.id,
        reminder.kind,
        reminder.label,
        reminder.sessionId,
        reminder.language,
        reminder.createdAt,
        reminder.dueAt,
        reminder.durationMs,
        reminder.state,
        reminder.firedAt,
        reminder.endedBy,
        reminder.snoozes,
      ),
    );
  }

  get(id: string): Reminder | null {
    const row = this.#read(() => this.#get.get(id));
    return row ? toReminder(row) : null;
  }

  list(states?: readonly ReminderState[]): Reminder[] {
    const rows = this.#read(() => this.#all.all());
    const all = rows.map(toReminder);
    return states ? all.filter((reminder) => states.includes(reminder.state)) : all;
  }

  update(id: string, patch: Partial<Pick<Reminder, 'dueAt' | 'state' | 'firedAt' | 'endedBy' | 'snoozes'>>): Reminder | null {
    const current = this.get(id);
    if (!current) return null;
    const next = { ...current, ...patch };
    this.#write(`Cannot update the ${current.kind}`, () =>
      this.#db.prepare('UPDATE reminders SET due_at = ?, state = ?, fired_at = ?, ended_by = ?, snoozes = ? WHERE id = ?').run(next.dueAt, next.state, next.firedAt, next.endedBy, next.snoozes, id),
    );
    return next;
  }

  #read<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw storageFailure(error, 'Cannot read the timers', 'read', this.#onStorageError) ?? error;
    }
  }

  #write(what: string, run: () => unknown): void {
    try {
      run();
    } catch (error) {
      throw storageFailure(error, what, 'write', this.#onStorageError) ?? error;
    }
  }
}

function toReminder(row: Record<string, unknown>): Reminder {
  const language = String(row.language);
  return {
    id: String(row.id),
    kind: row.kind as Reminder['kind'],
    label: row.label === null ? null : String(row.label),
    sessionId: row.session_id === null ? null : String(row.session_id),
    language: isLanguage(language) ? language : 'en',
    createdAt: Number(row.created_at),
    dueAt: Number(row.due_at),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    state: row.state as ReminderState,
    firedAt: row.fired_at === null ? null : Number(row.fired_at),
    endedBy: (row.ended_by ?? null) as Reminder['endedBy'],
    snoozes: Number(row.snoozes),
  };
}
