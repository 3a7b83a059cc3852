import type { ProviderFault } from '../../../../shared/provider-fault.ts';
import type { AgentRunStatus } from '../../../../shared/trace.ts';
import type { Agent, AgentContext, AgentOutput } from '../agent.ts';

/** The outcome of one agent in one query. */
export interface AgentRun {
  agent: string;
  provider: string;
  /** As declared by the agent, including names that were not part of the request. */
  dependsOn: string[];
  status: AgentRunStatus;
  /** The validated output; null unless `status` is 'success'. */
  output: AgentOutput | null;
  /** Why it did not answer: the error, or an abstention's reason. */
  error: string | null;
  /** The provider's fault behind `error`, when a server or the network failed. */
  fault?: ProviderFault;
  /**
   * Absolute ms from the injected clock. `startedAt` is when the agent's `execute` was called (after
   * waiting for its dependencies and its provider's limits); a run that never started has
   * `startedAt === endedAt`.
   */
  startedAt: number;
  endedAt: number;
}

export interface ExecutionRequest {
  query: string;
  agents: Agent[];
  /** Given to every agent; `dependencies` is filled per agent by the executor. */
  context: Omit<AgentContext, 'dependencies'>;
  /** Aborting it cancels the query: unfinished agents end 'cancelled'. */
  signal: AbortSignal;
  /** Counted from the moment an agent's `execute` is called; `Infinity` for none. */
  agentTimeoutMs: number;
  /** Absolute ms on the injected clock; unfinished agents end 'timeout' then. `Infinity` for none. */
  deadline: number;
}

export interface Executor {
  /** Yields exactly one run per agent of the request, in the order they complete. */
  run(request: ExecutionRequest): AsyncIterable<AgentRun>;
}

/** Milliseconds since the epoch; structurally the same as the Clock port (src/main/ports/clock.ts). */
export interface ExecutionClock {
  now(): number;
}

/** Calls `fn` once after `ms` unless the returned function is called first. */
export type SetTimer = (fn: () => void, ms: number) => () => void;
