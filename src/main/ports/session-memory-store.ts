import type { SessionMemory } from '../core/conversation/session-memory.ts';

/** Each session's core memory, kept across restarts. */
export interface SessionMemoryStore {
  /** Null when the session has none yet, or what is stored no longer reads as a memory. */
  get(sessionId: string): SessionMemory | null;
  put(sessionId: string, memory: SessionMemory): void;
}
