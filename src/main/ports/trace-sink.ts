import type { TraceSummary } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';

/** Somewhere a finished turn's trace goes: the SQLite history, an OpenTelemetry exporter, the UI. */
export interface TraceSink {
  /** Names the sink in error reports ("sqlite", "otel"). */
  readonly name?: string;
  /** Failures are `AppError`s; callers fan out through `createTraceSinks` so none reaches the turn. */
  record(trace: TurnTrace): void | Promise<void>;
}

export interface ListTracesQuery {
  /** Only this session's traces; all sessions when absent. */
  sessionId?: string;
  limit: number;
  /** Only traces older than this one (a page after it); none when the id is unknown. */
  before?: string;
}

/** Reads stored traces back for the trace panel. */
export interface TraceReader {
  /** Newest first; traces that can no longer be read are left out. */
  list(query: ListTracesQuery): TraceSummary[];
  /** Null when no trace has this id or its stored record cannot be read. */
  get(id: string): TurnTrace | null;
}
