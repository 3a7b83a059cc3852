import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentContext, AgentOutput } from '../../core/moe/agent.ts';
import { createDagExecutor } from '../../core/moe/execution/dag-executor.ts';
import type { AgentRun, ExecutionRequest } from '../../core/moe/execution/executor.ts';
import { sleeping, testAgent, testRequest } from '../../core/moe/execution/testing/test-agents.ts';
import { createPQueueProviderLimiter, type ProviderLimitsConfig } from './p-queue-provider-limiter.ts';

// p-queue reads Date.now and setTimeout, so fake timers drive its windows as well as the agents.
let t0 = 0;
beforeEach(() => {
  vi.useFakeTimers({ now: 5_000_000 });
  t0 = Date.now();
});
afterEach(() => {
  vi.useRealTimers();
});

async function collect(config: ProviderLimitsConfig, request: ExecutionRequest, advanceMs: number): Promise<AgentRun[]> {
  const executor = createDagExecutor({ clock: { now: () => Date.now() }, limiter: createPQueueProviderLimiter(config) });
  const runs: AgentRun[] = [];
  const done = (async () => {
    for await (const run of executor.run(request)) runs.push(run);
  })();
  await vi.advanceTimersByTimeAsync(advanceMs);
  await done;
  return runs;
}

const timing = (runs: AgentRun[]) => Object.fromEntries(runs.map((run) => [run.agent, [run.status, run.startedAt - t0, run.endedAt - t0]]));

/** Counts how many agents of each provider run at once. */
function concurrencyProbe() {
  const running: Record<string, number> = {};
  const most: Record<string, number> = {};
  const agent = (name: string, provider: string, ms: number) =>
    testAgent(
      name,
      async (query: string, context: AgentContext, signal: AbortSignal): Promise<AgentOutput> => {
        running[provider] = (running[provider] ?? 0) + 1;
        most[provider] = Math.max(most[provider] ?? 0, running[provider]);
        try {
          return await sleeping(ms, name)(query, context, signal);
        } finally {
          running[provider] -= 1;
        }
      },
      { provider },
    );
  return { agent, most };
}

describe('p-queue provider limiter in the executor', () => {
  it('runs at most maxConcurrency agents of one provider while another provider is not held up', async () => {
    const probe = concurrencyProbe();
    const runs = await collect(
      { default: { maxConcurrency: 8 }, providers: { openai: { maxConcurrency: 2 } } },
      testRequest([
        probe.agent('o1', 'openai', 100),
        probe.agent('o2', 'openai', 100),
        probe.agent('o3', 'openai', 100),
        probe.agent('o4', 'openai', 100),
        probe.agent('o5', 'openai', 100),
        probe.agent('clock', 'local', 50),
        probe.agent('math', 'local', 50),
      ]),
      1_000,
    );
    expect(probe.most).toEqual({ openai: 2, local: 2 });
    expect(timing(runs)).toEqual({
      o1: ['success', 0, 100],
      o2: ['success', 0, 100],
      o3: ['success', 100, 200],
      o4: ['success', 100, 200],
      o5: ['success', 200, 300],
      clock: ['success', 0, 50],
      math: ['success', 0, 50],
    });
  });

  it('runs the skills of this process at once: no slot and no rate, whatever the limits say', async () => {
    const probe = concurrencyProbe();
    const runs = await collect(
      { maxTotalConcurrency: 1, default: { maxConcurrency: 1, requestsPerMinute: 1 } },
      testRequest([probe.agent('clock', 'local', 50), probe.agent('math', 'local', 50), probe.agent('dates', 'local', 50)]),
      1_000,
    );
    expect(probe.most).toEqual({ local: 3 });
    expect(timing(runs)).toEqual({ clock: ['success', 0, 50], math: ['success', 0, 50], dates: ['success', 0, 50] });
  });

  it('starts no more than requestsPerMinute agents of a provider in any minute', async () => {
    const runs = await collect(
      { providers: { 'open-meteo': { requestsPerMinute: 2 } } },
      testRequest([
        testAgent('w1', sleeping(10, 'a'), { provider: 'open-meteo' }),
        testAgent('w2', sleeping(10, 'b'), { provider: 'open-meteo' }),
        testAgent('w3', sleeping(10, 'c'), { provider: 'open-meteo' }),
        testAgent('other', sleeping(10, 'd'), { provider: 'local' }),
      ]),
      61_000,
    );
    expect(timing(runs)).toEqual({
      w1: ['success', 0, 10],
      w2: ['success', 0, 10],
      other: ['success', 0, 10],
      w3: ['success', 60_000, 60_010],
    });
  });

  it('times out an agent still waiting for its provider at the deadline without running it', async () => {
    const execute = vi.fn(sleeping(10, 'late'));
    const runs = await collect(
      { providers: { openai: { requestsPerMinute: 1 } } },
      testRequest([testAgent('first', sleeping(10, 'ok'), { provider: 'openai' }), testAgent('queued', execute, { provider: 'openai' })], {
        deadline: t0 + 2_000,
      }),
      2_000,
    );
    expect(timing(runs)).toEqual({ first: ['success', 0, 10], queued: ['timeout', 2_000, 2_000] });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(execute).not.toHaveBeenCalled();
  });

  it('gives the slot of a hanging agent to the next one once it times out', async () => {
    const runs = await collect(
      { providers: { openai: { maxConcurrency: 1 } } },
      testRequest(
        [testAgent('hangs', () => new Promise<AgentOutput>(() => {}), { provider: 'openai' }), testAgent('next', sleeping(10, 'ok'), { provider: 'openai' })],
        { agentTimeoutMs: 100 },
      ),
      500,
    );
    expect(timing(runs)).toEqual({ hangs: ['timeout', 0, 100], next: ['success', 100, 110] });
  });

  it('caps the agents running across all providers with maxTotalConcurrency', async () => {
    const probe = concurrencyProbe();
    const runs = await collect(
      { maxTotalConcurrency: 2 },
      testRequest([probe.agent('a', 'p1', 100), probe.agent('b', 'p2', 100), probe.agent('c', 'p3', 100)]),
      500,
    );
    expect(timing(runs)).toEqual({ a: ['success', 0, 100], b: ['success', 0, 100], c: ['success', 100, 200] });
  });
});

describe('createPQueueProviderLimiter', () => {
  it('removes a task whose signal aborts while it waits', async () => {
    const limiter = createPQueueProviderLimiter({ default: { maxConcurrency: 1 } });
    const first = limiter.schedule('p', (signal) => sleeping(100, 'first')('', {} as AgentContext, signal), new AbortController().signal);
    const controller = new AbortController();
    const task = vi.fn(async () => 'second');
    const second = limiter.schedule('p', task, controller.signal);
    expect(limiter.load('p')).toEqual({ running: 1, waiting: 1 });
    controller.abort(new Error('query cancelled'));
    await expect(second).rejects.toThrow('query cancelled');
    expect(limiter.load('p')).toEqual({ running: 1, waiting: 0 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(first).resolves.toEqual({ text: 'first', confidence: 0.8 });
    expect(task).not.toHaveBeenCalled();
  });

  it('passes the task a signal that aborts with the caller’s', async () => {
    const limiter = createPQueueProviderLimiter();
    const controller = new AbortController();
    let seen: AbortSignal | null = null;
    const pending = limiter.schedule(
      'p',
      (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
      controller.signal,
    );
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(seen!.aborted).toBe(true);
  });

  it('fills a provider’s missing limits from the default and leaves the rest unlimited', () => {
    const limiter = createPQueueProviderLimiter({
      default: { maxConcurrency: 4, requestsPerMinute: 600 },
      providers: { openai: { requestsPerMinute: 60 }, local: {} },
    });
    expect(limiter.limitsOf('openai')).toEqual({ maxConcurrency: 4, requestsPerMinute: 60 });
    expect(limiter.limitsOf('local')).toEqual({ maxConcurrency: 4, requestsPerMinute: 600 });
    expect(limiter.limitsOf('unknown')).toEqual({ maxConcurrency: 4, requestsPerMinute: 600 });
    expect(createPQueueProviderLimiter().limitsOf('any')).toEqual({});
    expect(limiter.load('never-used')).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses limits that p-queue cannot honour', () => {
    expect(() => createPQueueProviderLimiter({ default: { maxConcurrency: 0 } })).toThrow();
    expect(() => createPQueueProviderLimiter({ providers: { openai: { requestsPerMinute: 1.5 } } })).toThrow();
  });
});
