import type { SessionSummary } from '../../shared/contract.ts';

export type HostKind = SessionSummary['host'];

export interface NewSession {
  id: string;
  host: HostKind;
  startedAt: number;
  title?: string | null;
}

export interface TurnRecord {
  id: string;
  sessionId: string;
  /** The voice run this turn belongs to; several turns (user, assistant) share one run. */
  runId: string;
  role: 'user' | 'assistant';
  text: string;
  startedAt: number;
  endedAt: number | null;
  /** True when the user cut the assistant off; `text` then holds only what was heard. */
  interrupted: boolean;
}

export interface ListSessionsQuery {
  limit: number;
  beforeStartedAt?: number;
}

/** Durable history: sessions and their turns. Traces live in the trace store (ports/trace-sink.ts). */
export interface SessionStore {
  readonly path: string;
  readonly sqliteVersion: string;
  createSession(session: NewSession): SessionSummary;
  getSession(id: string): SessionSummary | null;
  endSession(id: string, endedAt: number): void;
  reopenSession(id: string): void;
  /** Forgets a session with its turns, traces and memory (a throwaway one, asked from the command line). */
  deleteSession(id: string): void;
  /** Newest first. */
  listSessions(query: ListSessionsQuery): SessionSummary[];
  appendTurn(turn: TurnRecord): void;
  /** In order, in one transaction: all of them, or none when one is refused (an exchange: question and answer). */
  appendTurns(turns: readonly TurnRecord[]): void;
  /** In the order they were appended. */
  listTurns(sessionId: string): TurnRecord[];
  close(): void;
}
