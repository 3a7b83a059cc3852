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

export interface TraceRecord {
  id: string;
  sessionId: string;
  turnId: string | null;
  createdAt: number;
  /** The trace document, stored as JSON. */
  data: unknown;
}

export interface ListSessionsQuery {
  limit: number;
  beforeStartedAt?: number;
}

/** Durable history: sessions, their turns and the trace of each turn. */
export interface SessionStore {
  readonly path: string;
  readonly sqliteVersion: string;
  createSession(session: NewSession): SessionSummary;
  endSession(id: string, endedAt: number): void;
  /** Newest first. */
  listSessions(query: ListSessionsQuery): SessionSummary[];
  appendTurn(turn: TurnRecord): void;
  /** In the order they were appended. */
  listTurns(sessionId: string): TurnRecord[];
  saveTrace(trace: TraceRecord): void;
  getTrace(id: string): TraceRecord | null;
  close(): void;
}
