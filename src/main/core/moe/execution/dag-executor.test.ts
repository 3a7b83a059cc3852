import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentContext, AgentOutput } from '../agent.ts';
import { createDagExecutor } from './dag-executor.ts';
import type { AgentRun, ExecutionRequest, SetTimer } from './executor.ts';
import { sleeping, testAgent, testRequest } from './testing/test-agents.ts';

// Fake timers drive both the agents' sleeps and the executor's timers; the clock reads the faked
// Date, so every time below is exact.
const clock = { now: () => Date.now() };
const executor = createDagExecutor({ clock });
let t0 = 0;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  t0 = Date.now();
});
afterEach(() => {
  vi.useRealTimers();
});

async function collect(request: ExecutionRequest, advanceMs = 10_000): Promise<AgentRun[]> {
  const runs: AgentRun[] = [];
  const done = (async () => {
    for await (const run of executor.run(request)) runs.push(run);
  })();
  await vi.advanceTimersByTimeAsync(advanceMs);
  await done;
  return runs;
}

const byName = (runs: AgentRun[]) => Object.fromEntries(runs.map((run) => [run.agent, run]));
const summary = (runs: AgentRun[]) =>
  runs.map((run) => ({ agent: run.agent, status: run.status, start: run.startedAt - t0, end: run.endedAt - t0 }));

describe('parallel execution', () => {
  it('runs independent agents at the same time', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const counted = (ms: number, text: string) => async (q: string, c: AgentContext, s: AbortSignal) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      try {
        return await sleeping(ms, text)(q, c, s);
      } finally {
        running -= 1;
      }
    };
    const runs = await collect(
      testRequest([testAgent('a', counted(68, 'A')), testAgent('b', counted(80, 'B')), testAgent('c', counted(92, 'C'))]),
    );
    expect(mostAtOnce).toBe(3);
    expect(summary(runs)).toEqual([
      { agent: 'a', status: 'success', start: 0, end: 68 },
      { agent: 'b', status: 'success', start: 0, end: 80 },
      { agent: 'c', status: 'success', start: 0, end: 92 },
    ]);
    expect(runs[0]).toMatchObject({ provider: 'local', dependsOn: [], output: { text: 'A', confidence: 0.8 }, error: null });
  });

  it('yields each run as it completes, before slower agents finish', async () => {
    const iterator = executor
      .run(testRequest([testAgent('slow', sleeping(300, 'S')), testAgent('fast', sleeping(10, 'F')), testAgent('mid', sleeping(100, 'M'))]))
      [Symbol.asyncIterator]();
    const first = iterator.next();
    await vi.advanceTimersByTimeAsync(10);
    expect(await first).toMatchObject({ done: false, value: { agent: 'fast', status: 'success', endedAt: t0 + 10 } });
    const second = iterator.next();
    await vi.advanceTimersByTimeAsync(90);
    expect(await second).toMatchObject({ value: { agent: 'mid', endedAt: t0 + 100 } });
    const third = iterator.next();
    await vi.advanceTimersByTimeAsync(200);
    expect(await third).toMatchObject({ value: { agent: 'slow', endedAt: t0 + 300 } });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('yields nothing for no agents', async () => {
    expect(await collect(testRequest([]))).toEqual([]);
  });
});

describe('dependencies', () => {
  it('starts an agent when its own dependencies finish and hands it their outputs', async () => {
    const seen: Record<string, AgentContext['dependencies']> = {};
    const recording = (name: string, ms: number, output: AgentOutput) =>
      testAgent(
        name,
        async (q, context, signal) => {
          seen[name] = context.dependencies;
          await sleeping(ms, '')(q, context, signal);
          return output;
        },
        { dependsOn: { a: [], slow: [], b: ['a'], c: ['b', 'a'] }[name] ?? [] },
      );
    const runs = await collect(
      testRequest([
        recording('c', 5, { text: 'C', confidence: 0.5 }),
        recording('b', 20, { text: 'B', confidence: 0.6, data: { n: 2 } }),
        recording('a', 10, { text: 'A', confidence: 0.9, data: 42 }),
        recording('slow', 100, { text: 'S', confidence: 0.4 }),
      ]),
    );
    // b does not wait for `slow`, which shares a's level: the graph is not run level by level.
    expect(summary(runs)).toEqual([
      { agent: 'a', status: 'success', start: 0, end: 10 },
      { agent: 'b', status: 'success', start: 10, end: 30 },
      { agent: 'c', status: 'success', start: 30, end: 35 },
      { agent: 'slow', status: 'success', start: 0, end: 100 },
    ]);
    expect(seen.a).toEqual({});
    expect(seen.b).toEqual({ a: { text: 'A', confidence: 0.9, data: 42 } });
    expect(seen.c).toEqual({ a: { text: 'A', confidence: 0.9, data: 42 }, b: { text: 'B', confidence: 0.6, data: { n: 2 } } });
    expect(byName(runs).c!.dependsOn).toEqual(['b', 'a']);
  });

  it('ignores dependencies that are not part of the request', async () => {
    let dependencies: AgentContext['dependencies'] | null = null;
    const runs = await collect(
      testRequest([
        testAgent(
          'weather',
          async (_q, context) => {
            dependencies = context.dependencies;
            return { text: 'sunny', confidence: 0.7 };
          },
          { dependsOn: ['geocoder'] },
        ),
      ]),
    );
    expect(summary(runs)).toEqual([{ agent: 'weather', status: 'success', start: 0, end: 0 }]);
    expect(runs[0]!.dependsOn).toEqual(['geocoder']);
    expect(dependencies).toEqual({});
  });

  it('runs a dependant without a dependency that failed', async () => {
    let dependencies: AgentContext['dependencies'] | null = null;
    const runs = await collect(
      testRequest([
        testAgent('broken', async () => {
          throw new Error('service down');
        }),
        testAgent('fine', sleeping(5, 'ok')),
        testAgent(
          'summary',
          async (_q, context) => {
            dependencies = context.dependencies;
            return { text: 'partial summary', confidence: 0.5 };
          },
          { dependsOn: ['broken', 'fine'] },
        ),
      ]),
    );
    expect(byName(runs).broken).toMatchObject({ status: 'error', error: 'service down' });
    expect(byName(runs).summary).toMatchObject({ status: 'success', startedAt: t0 + 5 });
    expect(dependencies).toEqual({ fine: { text: 'ok', confidence: 0.8 } });
  });

  it('fails the agents of a cycle with the cycle in words and still runs the rest', async () => {
    const called: string[] = [];
    const agent = (name: string, dependsOn: string[]) =>
      testAgent(
        name,
        async (_q, context) => {
          called.push(name);
          return { text: `${name} saw ${Object.keys(context.dependencies).join(',') || 'nothing'}`, confidence: 0.6 };
        },
        { dependsOn },
      );
    const runs = await collect(
      testRequest([
        agent('a', ['b']),
        agent('b', ['c']),
        agent('c', ['a']),
        agent('self', ['self']),
        agent('after', ['a', 'free']),
        agent('free', []),
      ]),
    );
    const runsByName = byName(runs);
    expect(runsByName.a).toMatchObject({ status: 'error', error: 'dependency cycle: a -> b -> c -> a (each agent depends on the next)' });
    expect(runsByName.b!.error).toBe('dependency cycle: b -> c -> a -> b (each agent depends on the next)');
    expect(runsByName.c!.error).toBe('dependency cycle: c -> a -> b -> c (each agent depends on the next)');
    expect(runsByName.self).toMatchObject({ status: 'error', error: 'dependency cycle: self -> self (each agent depends on the next)' });
    expect(runsByName.free).toMatchObject({ status: 'success', output: { text: 'free saw nothing' } });
    expect(runsByName.after).toMatchObject({ status: 'success', output: { text: 'after saw free' } });
    expect(called.sort()).toEqual(['after', 'free']);
    expect(runs).toHaveLength(6);
  });

  it('runs only the first of two agents with the same name', async () => {
    const runs = await collect(testRequest([testAgent('twin', sleeping(5, 'first')), testAgent('twin', sleeping(1, 'second'))]));
    expect(runs.map((run) => [run.status, run.output?.text ?? run.error])).toEqual([
      ['error', 'duplicate agent name "twin": only the first one runs'],
      ['success', 'first'],
    ]);
  });
});

describe('timeouts and the deadline', () => {
  it('times out one slow agent and aborts its signal', async () => {
    let abortedWith: unknown = null;
    const runs = await collect(
      testRequest(
        [
          testAgent('slow', async (q, c, signal) => {
            signal.addEventListener('abort', () => (abortedWith = signal.reason));
            return sleeping(500, 'late')(q, c, signal);
          }),
          testAgent('quick', sleeping(40, 'on time')),
        ],
        { agentTimeoutMs: 100 },
      ),
    );
    expect(summary(runs)).toEqual([
      { agent: 'quick', status: 'success', start: 0, end: 40 },
      { agent: 'slow', status: 'timeout', start: 0, end: 100 },
    ]);
    expect(byName(runs).slow).toMatchObject({ error: 'timeout: no answer within 100 ms', output: null });
    expect(abortedWith).toMatchObject({ name: 'TimeoutError' });
  });

  it('counts the agent timeout from the start of the agent, not of the query', async () => {
    const runs = await collect(
      testRequest([testAgent('first', sleeping(80, '1')), testAgent('second', sleeping(80, '2'), { dependsOn: ['first'] })], {
        agentTimeoutMs: 100,
      }),
    );
    expect(summary(runs)).toEqual([
      { agent: 'first', status: 'success', start: 0, end: 80 },
      { agent: 'second', status: 'success', start: 80, end: 160 },
    ]);
  });

  it('keeps finished results at the deadline and times out only the unfinished', async () => {
    const runs = await collect(
      testRequest(
        [
          testAgent('a', sleeping(30, 'A')),
          testAgent('b', sleeping(60, 'B')),
          testAgent('c', sleeping(200, 'C')),
          testAgent('waits-for-c', sleeping(1, 'D'), { dependsOn: ['c'] }),
        ],
        { deadline: t0 + 100 },
      ),
    );
    expect(summary(runs)).toEqual([
      { agent: 'a', status: 'success', start: 0, end: 30 },
      { agent: 'b', status: 'success', start: 0, end: 60 },
      { agent: 'c', status: 'timeout', start: 0, end: 100 },
      { agent: 'waits-for-c', status: 'timeout', start: 100, end: 100 },
    ]);
    expect(byName(runs).a!.output).toEqual({ text: 'A', confidence: 0.8 });
    expect(byName(runs).c!.error).toBe('timeout: the query deadline passed before this agent finished');
  });

  it('times out every agent when the deadline has already passed', async () => {
    const execute = vi.fn(sleeping(1, 'never'));
    const runs = await collect(testRequest([testAgent('a', execute)], { deadline: t0 - 1 }));
    expect(runs).toMatchObject([{ agent: 'a', status: 'timeout' }]);
    expect(execute).not.toHaveBeenCalled();
  });

  it('settles an agent that ignores its signal and never answers', async () => {
    const hang = () => new Promise<AgentOutput>(() => {});
    const byTimeout = await collect(testRequest([testAgent('hang', hang)], { agentTimeoutMs: 250 }));
    expect(summary(byTimeout)).toEqual([{ agent: 'hang', status: 'timeout', start: 0, end: 250 }]);

    t0 = Date.now();
    const byDeadline = await collect(testRequest([testAgent('hang', hang), testAgent('ok', sleeping(10, 'fine'))], { deadline: t0 + 400 }));
    expect(summary(byDeadline)).toEqual([
      { agent: 'ok', status: 'success', start: 0, end: 10 },
      { agent: 'hang', status: 'timeout', start: 0, end: 400 },
    ]);
  });

  it('re-arms the deadline when a timer fires before the clock reaches it', async () => {
    // A scheduler whose timers fire early, as real timers and a separate clock may disagree.
    let now = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const setTimer: SetTimer = (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    };
    const early = createDagExecutor({ clock: { now: () => now }, setTimer });
    const runs: AgentRun[] = [];
    const done = (async () => {
      for await (const run of early.run(testRequest([testAgent('hang', () => new Promise(() => {}))], { deadline: 100 }))) runs.push(run);
    })();
    expect(timers.map((timer) => timer.at)).toEqual([100]);
    now = 95;
    timers.shift()!.fn();
    expect(runs).toEqual([]);
    expect(timers.map((timer) => timer.at)).toEqual([100]);
    now = 100;
    timers.shift()!.fn();
    await done;
    expect(runs).toMatchObject([{ agent: 'hang', status: 'timeout', startedAt: 0, endedAt: 100 }]);
  });
});

describe('cancellation', () => {
  it('aborts every running agent and marks only the unfinished as cancelled', async () => {
    const controller = new AbortController();
    const seen: Record<string, boolean> = {};
    const watching = (name: string, ms: number) =>
      testAgent(name, async (q, c, signal) => {
        try {
          return await sleeping(ms, name)(q, c, signal);
        } finally {
          seen[name] = signal.aborted;
        }
      });
    const runs: AgentRun[] = [];
    const done = (async () => {
      for await (const run of executor.run(
        testRequest([watching('done-early', 20), watching('x', 500), watching('y', 800), testAgent('z', sleeping(1, 'z'), { dependsOn: ['x'] })], {
          signal: controller.signal,
        }),
      ))
        runs.push(run);
    })();
    await vi.advanceTimersByTimeAsync(50);
    controller.abort(new Error('user barged in'));
    await done;
    expect(summary(runs)).toEqual([
      { agent: 'done-early', status: 'success', start: 0, end: 20 },
      { agent: 'x', status: 'cancelled', start: 0, end: 50 },
      { agent: 'y', status: 'cancelled', start: 0, end: 50 },
      { agent: 'z', status: 'cancelled', start: 50, end: 50 },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual({ 'done-early': false, x: true, y: true });
    expect(byName(runs).x!.error).toBe('cancelled: the query was aborted before this agent finished');
  });

  it('runs nothing when the signal is already aborted', async () => {
    const execute = vi.fn(sleeping(1, 'never'));
    const runs = await collect(testRequest([testAgent('a', execute), testAgent('b', execute)], { signal: AbortSignal.abort() }));
    expect(runs.map((run) => run.status)).toEqual(['cancelled', 'cancelled']);
    expect(execute).not.toHaveBeenCalled();
  });

  it('aborts the agents still running when the consumer stops iterating', async () => {
    const signals: AbortSignal[] = [];
    const request = testRequest([
      testAgent('fast', sleeping(5, 'F')),
      testAgent('slow', async (q, c, signal) => {
        signals.push(signal);
        return sleeping(1000, 'S')(q, c, signal);
      }),
    ]);
    const done = (async () => {
      for await (const run of executor.run(request)) return run;
    })();
    await vi.advanceTimersByTimeAsync(5);
    expect(await done).toMatchObject({ agent: 'fast' });
    expect(signals[0]!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('faulty agents', () => {
  it('reports a thrown error with its message', async () => {
    const runs = await collect(
      testRequest([
        testAgent('rejects', async () => {
          throw new Error('quota exceeded');
        }),
        testAgent('throws-synchronously', () => {
          throw new TypeError('cannot read properties of undefined');
        }),
        testAgent('throws-nothing-useful', () => Promise.reject(undefined)),
        testAgent('fine', sleeping(1, 'still answers')),
      ]),
    );
    expect(runs.map((run) => [run.agent, run.status, run.error])).toEqual([
      ['rejects', 'error', 'quota exceeded'],
      ['throws-synchronously', 'error', 'cannot read properties of undefined'],
      ['throws-nothing-useful', 'error', 'agent throws-nothing-useful failed without a message'],
      ['fine', 'success', null],
    ]);
  });

  it('rejects malformed output with what was wrong', async () => {
    const returning = (name: string, value: unknown) => testAgent(name, async () => value as AgentOutput);
    const runs = await collect(
      testRequest([
        returning('no-text', { confidence: 0.5 }),
        returning('too-sure', { text: 'yes', confidence: 1.5 }),
        returning('nan', { text: 'yes', confidence: Number.NaN }),
        returning('nothing', undefined),
        returning('string', 'just text'),
        returning('fine', { text: 'ok', confidence: 1, inputTokens: 12, extra: 'dropped' }),
      ]),
    );
    const errors = Object.fromEntries(runs.map((run) => [run.agent, run.error]));
    for (const name of ['no-text', 'too-sure', 'nan', 'nothing', 'string']) {
      expect(byName(runs)[name]!.status).toBe('error');
      expect(errors[name]).toMatch(/^malformed output: /);
    }
    expect(errors['no-text']).toContain('text:');
    expect(errors['too-sure']).toContain('confidence:');
    expect(errors.nan).toContain('confidence:');
    expect(byName(runs).fine).toMatchObject({ status: 'success', output: { text: 'ok', confidence: 1, inputTokens: 12 } });
    expect(byName(runs).fine!.output).not.toHaveProperty('extra');
  });
});
