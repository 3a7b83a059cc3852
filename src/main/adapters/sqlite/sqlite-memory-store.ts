import { LANGUAGES } from '../../core/language/language.ts';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { SessionMemory } from '../../core/conversation/session-memory.ts';
import { AppError } from '../../core/errors.ts';
import type { SessionMemoryStore } from '../../ports/session-memory-store.ts';
import { createWriteBatch, type WriteBatch } from './write-batch.ts';
import { storageFailure, type StorageErrorSink } from './storage-health.ts';

// Session memory (migration 4): one JSON row per session, replaced at each turn's end. What is read
// back is checked; a row that no longer parses is treated as no memory (the session starts over)
// and reported once, never a failed turn.

const MemorySchema = z.object({
  scenario: z.string(),
  activeAgent: z.string(),
  visitedAgents: z.array(z.string()),
  pendingHandoff: z.object({ to: z.string(), type: z.enum(['announced', 'discrete']), reason: z.string().nullable() }).nullable(),
  handoffContext: z.object({ from: z.string().nullable(), reason: z.string().nullable(), fields: z.record(z.string(), z.string()) }),
  profile: z.record(z.string(), z.string()),
  lastSlots: z.record(z.string(), z.union([z.string(), z.number()])),
  // Memories stored before languages were tracked have none.
  language: z
    .object({ current: z.enum(LANGUAGES), candidate: z.enum(LANGUAGES).nullable(), streak: z.number().int().min(0) })
    .nullable()
    .default(null),
  updatedAt: z.number(),
});

export interface MemoryStoreOptions {
  onStorageError?: StorageErrorSink;
  /** The host's group commit (write-batch.ts); default: each write commits on its own. */
  writes?: WriteBatch;
  /** Told about a row that does not read as a memory. */
  onUnreadable?: (sessionId: string, reason: string) => void;
}

export class SqliteMemoryStore implements SessionMemoryStore {
  readonly #get: StatementSync;
  readonly #put: StatementSync;
  readonly #options: MemoryStoreOptions;
  readonly #writes: WriteBatch;

  /** Takes the host's connection (opened and migrated); does not close it. */
  constructor(db: DatabaseSync, options: MemoryStoreOptions = {}) {
    this.#options = options;
    this.#writes = options.writes ?? createWriteBatch(db, { grouped: false });
    this.#get = db.prepare('SELECT data FROM session_memory WHERE session_id = ?');
    this.#put = db.prepare(
      `INSERT INTO session_memory (session_id, data, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
    );
  }

  get(sessionId: string): SessionMemory | null {
    let row: Record<string, unknown> | undefined;
    try {
      row = this.#get.get(sessionId);
    } catch (error) {
      throw storageFailure(error, `Cannot read the memory of session ${sessionId}`, 'read', this.#options.onStorageError) ?? error;
    }
    if (row === undefined) return null;
    try {
      return MemorySchema.parse(JSON.parse(String(row.data)));
    } catch (error) {
      this.#options.onUnreadable?.(sessionId, (error as Error).message.split('\n')[0]!);
      return null;
    }
  }

  put(sessionId: string, memory: SessionMemory): void {
    try {
      this.#writes.join();
      this.#put.run(sessionId, JSON.stringify(memory), memory.updatedAt);
    } catch (error) {
      const failure = storageFailure(error, `Cannot save the memory of session ${sessionId}`, 'write', this.#options.onStorageError);
      if (failure) throw failure;
      if ((error as { errcode?: number }).errcode === 787) throw new AppError('not_found', `no session ${sessionId}`);
      throw error;
    }
  }
}
