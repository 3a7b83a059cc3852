import type { ProviderFault } from '../../../../shared/provider-fault.ts';
import { faultOf } from '../../errors.ts';
import type { AgentRunStatus } from '../../../../shared/trace.ts';
import type { Agent, AgentOutput } from '../agent.ts';
import { buildAgentGraph, type GraphNode } from './agent-graph.ts';
import { checkAgentOutput } from './agent-output.ts';
import { CompletionChannel } from './completion-channel.ts';
import type { AgentRun, ExecutionClock, ExecutionRequest, Executor, SetTimer } from './executor.ts';
import { unlimitedLimiter, type ProviderLimiter } from './provider-limiter.ts';

export interface DagExecutorOptions {
  clock: ExecutionClock;
  /** Per-provider concurrency and rate limits; none by default. */
  limiter?: ProviderLimiter;
  /** Defaults to the global setTimeout; tests pass fake timers or a manual scheduler. */
  setTimer?: SetTimer;
}

// setTimeout fires at once for delays above this, so longer waits are re-armed in steps.
const MAX_TIMER_MS = 2_147_483_647;

const defaultSetTimer: SetTimer = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

/**
 * Runs the agents of a request as a dependency graph and yields each run as it completes.
 *
 * - An agent starts as soon as every dependency it has in the request has finished (not level by
 *   level), then waits for its provider's limits. Names in `dependsOn` that are not in the request
 *   are ignored.
 * - A failed dependency (error, timeout, cycle) does not stop its dependants: they run without it,
 *   and `context.dependencies` holds only the dependencies that succeeded.
 * - Agents on a dependency cycle, and repeats of a name, end 'error' at once; the others run.
 * - `agentTimeoutMs` runs from the call to `execute`; at `deadline` the finished runs stand and the
 *   unfinished end 'timeout'; aborting `request.signal` ends the unfinished 'cancelled'. In each case
 *   the agent's own signal aborts, and the run is settled even if the agent ignores its signal.
 * - A thrown error ends 'error' with its message; output that is not `{ text, confidence in 0..1 }`
 *   ends 'error' with "malformed output: ..."; an abstention ends 'abstained' with its reason as
 *   the run's `error` (dependants run without it).
 * - Stopping the iteration early aborts every agent still running.
 */
export function createDagExecutor(options: DagExecutorOptions): Executor {
  const env: Environment = {
    clock: options.clock,
    limiter: options.limiter ?? unlimitedLimiter,
    setTimer: options.setTimer ?? defaultSetTimer,
  };
  return { run: (request) => iterateRuns(request, env) };
}

interface Environment {
  clock: ExecutionClock;
  limiter: ProviderLimiter;
  setTimer: SetTimer;
}

async function* iterateRuns(request: ExecutionRequest, env: Environment): AsyncGenerator<AgentRun> {
  const channel = new CompletionChannel<AgentRun>();
  const execution = new DagExecution(request, env, (run) => channel.push(run));
  try {
    execution.start();
    for (let remaining = request.agents.length; remaining > 0; remaining -= 1) yield await channel.take();
  } finally {
    execution.stop();
  }
}

interface NodeState {
  node: GraphNode;
  unfinishedDependencies: number;
  settled: boolean;
  output: AgentOutput | null;
  controller: AbortController | null;
  startedAt: number | null;
  cancelTimeout: (() => void) | null;
}

class DagExecution {
  private readonly request: ExecutionRequest;
  private readonly env: Environment;
  private readonly emit: (run: AgentRun) => void;
  private readonly states = new Map<string, NodeState>();
  private unsettled = 0;
  /** Set once the query is stopped as a whole; nothing new starts after that. */
  private stopped = false;
  private cancelDeadline: (() => void) | null = null;
  private readonly onAbort = (): void => this.stopAll('cancelled', 'cancelled: the query was aborted before this agent finished');

  constructor(request: ExecutionRequest, env: Environment, emit: (run: AgentRun) => void) {
    this.request = request;
    this.env = env;
    this.emit = emit;
  }

  start(): void {
    const { request } = this;
    const graph = buildAgentGraph(request.agents);
    for (const { agent, error } of graph.duplicates) this.emitRun(agent, 'error', null, error, null);
    for (const node of graph.nodes.values()) {
      const state: NodeState = {
        node,
        unfinishedDependencies: node.dependsOn.length,
        settled: false,
        output: null,
        controller: null,
        startedAt: null,
        cancelTimeout: null,
      };
      this.states.set(node.agent.name, state);
    }
    this.unsettled = this.states.size;

    if (request.signal.aborted) return this.stopAll('cancelled', 'cancelled: the query was aborted before this agent started');
    if (this.env.clock.now() >= request.deadline) return this.stopAll('timeout', 'timeout: the query deadline had passed before this agent started');

    // Mark every cycle member settled before settling any, so that settling one cannot bring the
    // dependency count of another member to zero and start it.
    for (const { name } of graph.cycles) this.states.get(name)!.settled = true;
    for (const state of this.states.values()) {
      state.unfinishedDependencies = state.node.dependsOn.filter((name) => !this.states.get(name)!.settled).length;
    }
    for (const { name, error } of graph.cycles) this.finish(this.states.get(name)!, 'error', null, error, { startDependants: false });
    if (this.unsettled === 0) return;

    request.signal.addEventListener('abort', this.onAbort, { once: true });
    this.armDeadline();
    for (const state of this.states.values()) {
      if (!state.settled && state.unfinishedDependencies === 0) this.launch(state);
    }
  }

  /** Called when the consumer stops iterating, early or not: nothing may keep running. */
  stop(): void {
    this.stopped = true;
    this.release();
    for (const state of this.states.values()) {
      state.cancelTimeout?.();
      if (state.settled) continue;
      state.settled = true;
      state.controller?.abort(new DOMException('the executor stopped', 'AbortError'));
    }
  }

  private launch(state: NodeState): void {
    const { agent } = state.node;
    const controller = new AbortController();
    state.controller = controller;
    const dependencies: Record<string, AgentOutput> = {};
    for (const name of state.node.dependsOn) {
      const output = this.states.get(name)!.output;
      if (output) dependencies[name] = output;
    }
    const context = { ...this.request.context, dependencies };
    const task = (signal: AbortSignal): Promise<unknown> => {
      if (state.settled) return Promise.reject(new DOMException('the run was already settled', 'AbortError'));
      state.startedAt = this.env.clock.now();
      this.armAgentTimeout(state);
      try {
        return Promise.resolve(agent.execute(this.request.query, context, signal));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    let scheduled: Promise<unknown>;
    try {
      scheduled = this.env.limiter.schedule(agent.provider, task, controller.signal);
    } catch (error) {
      scheduled = Promise.reject(error);
    }
    scheduled.then(
      (value) => {
        if (state.settled) return;
        const checked = checkAgentOutput(value);
        if (checked.kind === 'answer') this.finish(state, 'success', checked.output, null);
        else if (checked.kind === 'abstained') this.finish(state, 'abstained', null, checked.reason);
        else this.finish(state, 'error', null, checked.error);
      },
      (error: unknown) => {
        if (!state.settled) this.finish(state, 'error', null, messageOf(error, agent.name), {}, faultOf(error));
      },
    );
  }

  private armAgentTimeout(state: NodeState): void {
    const ms = this.request.agentTimeoutMs;
    if (!(ms < MAX_TIMER_MS)) return;
    state.cancelTimeout = this.env.setTimer(() => {
      state.cancelTimeout = null;
      if (state.settled) return;
      this.finish(state, 'timeout', null, `timeout: no answer within ${ms} ms`);
      state.controller?.abort(new DOMException(`agent timed out after ${ms} ms`, 'TimeoutError'));
    }, Math.max(0, ms));
  }

  private armDeadline(): void {
    const remaining = this.request.deadline - this.env.clock.now();
    if (!Number.isFinite(remaining)) return;
    this.cancelDeadline = this.env.setTimer(
      () => {
        this.cancelDeadline = null;
        // Timers and the injected clock may disagree slightly: the clock decides.
        if (this.env.clock.now() < this.request.deadline) return this.armDeadline();
        this.stopAll('timeout', 'timeout: the query deadline passed before this agent finished');
      },
      Math.min(Math.max(0, remaining), MAX_TIMER_MS),
    );
  }

  private stopAll(status: 'timeout' | 'cancelled', error: string): void {
    if (this.stopped) return;
    this.stopped = true;
    const reason =
      status === 'timeout' ? new DOMException('query deadline passed', 'TimeoutError') : this.request.signal.reason;
    for (const state of this.states.values()) {
      if (state.settled) continue;
      this.finish(state, status, null, error);
      state.controller?.abort(reason);
    }
  }

  private finish(
    state: NodeState,
    status: AgentRunStatus,
    output: AgentOutput | null,
    error: string | null,
    { startDependants = true } = {},
    fault?: ProviderFault,
  ): void {
    state.settled = true;
    state.output = output;
    state.cancelTimeout?.();
    state.cancelTimeout = null;
    this.unsettled -= 1;
    this.emitRun(state.node.agent, status, output, error, state.startedAt, fault);
    if (this.unsettled === 0) this.release();
    if (!startDependants || this.stopped) return;
    for (const name of state.node.dependants) {
      const dependant = this.states.get(name)!;
      dependant.unfinishedDependencies -= 1;
      if (!dependant.settled && dependant.unfinishedDependencies === 0) this.launch(dependant);
    }
  }

  private emitRun(agent: Agent, status: AgentRunStatus, output: AgentOutput | null, error: string | null, startedAt: number | null, fault?: ProviderFault): void {
    const endedAt = this.env.clock.now();
    this.emit({
      agent: agent.name,
      provider: agent.provider,
      dependsOn: [...agent.dependsOn],
      status,
      output,
      error,
      ...(fault ? { fault } : {}),
      startedAt: startedAt ?? endedAt,
      endedAt,
    });
  }

  private release(): void {
    this.request.signal.removeEventListener('abort', this.onAbort);
    this.cancelDeadline?.();
    this.cancelDeadline = null;
  }
}

function messageOf(error: unknown, agentName: string): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return `agent ${agentName} failed without a message`;
}
