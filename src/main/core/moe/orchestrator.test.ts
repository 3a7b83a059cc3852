import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../../shared/trace.ts';
import type { Agent, AgentOutput } from './agent.ts';
import { createWeightedAggregator } from './aggregation/weighted-aggregator.ts';
import type { Aggregator } from './aggregation/aggregator.ts';
import { createDagExecutor } from './execution/dag-executor.ts';
import { createOrchestrator } from './orchestrator.ts';
import type { CacheTier, OrchestratorOptions, TurnChunkOut, TurnContext } from './orchestrator-types.ts';
import { EmbeddingRouter } from './routing/embedding-router.ts';
import type { Router } from './routing/router.ts';
import { normalizeQuery } from './cache/normalize-query.ts';

// Data in, data out: real router, executor and aggregator from the core; agents, cache and trace
// sink are small in-test objects.

const clock = { now: () => Date.now() };
let ids = 0;

function agent(name: string, examples: string[], answer: (query: string, signal: AbortSignal) => Promise<AgentOutput>, cacheable = true): Agent {
  return {
    name,
    description: `${name} specialist`,
    capabilities: [name],
    examples,
    provider: 'local',
    cache: cacheable ? { cacheable: true, varyBy: [] } : { cacheable: false, reason: 'depends on the time' },
    dependsOn: [],
    execute: (query, _context, signal) => answer(query, signal),
  };
}

const after = (ms: number, output: AgentOutput) => (_query: string, signal: AbortSignal) =>
  new Promise<AgentOutput>((resolve, reject) => {
    const timer = setTimeout(() => resolve(output), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

const MATH = ['what is 2 plus 2', 'calculate 15 times 3', 'what is 10 divided by 4', 'add 7 and 8', 'multiply 6 by 9'];
const TIME = ['what time is it', 'current time please', 'time in tokyo', 'what is the time now', 'tell me the time'];
const FACTS = ['how tall is mount everest', 'what is the height of mount everest', 'everest height in meters', 'how high is everest'];

function memoryCache(): CacheTier & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    async lookup(query, scopeKeys) {
      const keys = typeof scopeKeys === 'string' ? [scopeKeys] : scopeKeys;
      for (const key of keys) {
        const response = entries.get(`${key}#${normalizeQuery(query)}`);
        if (response) {
          const hit = { id: key, response, agents: [] } as never;
          return { hit, similarity: 1, match: 'exact' as const };
        }
      }
      return { hit: null, similarity: null, match: null };
    },
    async store(request) {
      if (request.quality < 0.3) return { stored: false, reason: 'quality below the bar' };
      entries.set(`${request.scopeKey}#${normalizeQuery(request.query)}`, request.response);
      return { stored: true, entry: {} as never };
    },
  };
}

function setup(agents: Agent[], overrides: { router?: Router; aggregator?: Aggregator; options?: Partial<OrchestratorOptions>; tracerFails?: boolean } = {}) {
  const traces: TurnTrace[] = [];
  const cache = memoryCache();
  const orchestrator = createOrchestrator(
    {
      cache,
      router: overrides.router ?? new EmbeddingRouter([], { fallbackAgent: null }),
      executor: createDagExecutor({ clock }),
      aggregator: overrides.aggregator ?? createWeightedAggregator({ minConfidence: 0.2, mode: 'extractive', chatModel: null, llm: { temperature: 0, maxTokens: 100 } }),
      tracer: {
        record: (trace) => {
          if (overrides.tracerFails) throw new Error('disk full');
          traces.push(trace);
        },
      },
      clock,
      newId: () => `turn-${++ids}`,
    },
    {
      k: 3,
      minConfidence: 0.3,
      agentTimeoutMs: 500,
      queryDeadlineMs: 300,
      maxQueryChars: 200,
      voiceOptimize: false,
      agentWeights: {},
      unavailable: ['General questions need an API key.'],
      ...overrides.options,
    },
    agents,
  );
  return { orchestrator, traces, cache };
}

const context: TurnContext = { sessionId: 's1', voiceMode: false, timeZone: 'UTC', locale: 'en' };

describe('orchestrator', () => {
  it('routes, runs, synthesises and records one trace per turn', async () => {
    const { orchestrator, traces } = setup([
      agent('math', MATH, after(5, { text: '15 times 3 is 45.', confidence: 0.9 })),
      agent('clock', TIME, after(5, { text: 'It is noon.', confidence: 0.9 }), false),
    ]);
    const { text, trace } = await orchestrator.process('calculate 15 times 3', context);
    expect(text).toContain('45');
    expect(trace.routing?.selected).toEqual(['math']);
    expect(trace.routing?.candidates[0]).toMatchObject({ agent: 'math', selected: true });
    expect(trace.agents).toEqual([expect.objectContaining({ agent: 'math', status: 'success', confidence: 0.9 })]);
    expect(trace.aggregation?.provenance[0]?.agents).toEqual(['math']);
    expect(trace.cache).toMatchObject({ checked: true, hit: false, note: 'stored' });
    expect(traces).toEqual([trace]);
  });

  it("routes only over the experts a turn allows (a conversational agent's)", async () => {
    const { orchestrator } = setup([
      agent('math', MATH, after(5, { text: '15 times 3 is 45.', confidence: 0.9 })),
      agent('clock', TIME, after(5, { text: 'It is noon.', confidence: 0.9 }), false),
    ]);
    const allowed = await orchestrator.process('what time is it', { ...context, experts: ['clock'] });
    expect(allowed.trace.routing?.selected).toEqual(['clock']);
    const refused = await orchestrator.process('what time is it', { ...context, experts: ['math'] });
    expect(refused.trace.routing?.selected).toEqual([]);
    expect(refused.trace.routing?.candidates.map((candidate) => candidate.agent)).not.toContain('clock');
  });

  it('streams one partial per agent in completion order, then the synthesis', async () => {
    const fast = agent('fast', FACTS, after(5, { text: 'Everest is 8,849 metres tall.', confidence: 0.9 }));
    const slow = agent('slow', FACTS, after(40, { text: 'Mount Everest is about 8,849 m high.', confidence: 0.7 }));
    const { orchestrator } = setup([slow, fast]);
    const chunks: TurnChunkOut[] = [];
    for await (const chunk of orchestrator.processStream('how tall is mount everest', context)) chunks.push(chunk);
    expect(chunks.map((chunk) => (chunk.type === 'partial' ? chunk.agent : 'final'))).toEqual(['fast', 'slow', 'final']);
    const final = chunks.at(-1)!;
    expect(final.type === 'final' && final.text).toMatch(/8,849/);
  });

  it('serves a repeated question from the cache without routing', async () => {
    let calls = 0;
    const { orchestrator } = setup([agent('math', MATH, async () => ((calls += 1), { text: '2 plus 2 is 4.', confidence: 0.9 }))]);
    await orchestrator.process('what is 2 plus 2', context);
    const again = await orchestrator.process('What is 2 plus 2?', context);
    expect(again.text).toBe('2 plus 2 is 4.');
    expect(again.trace.cache.hit).toBe(true);
    expect(again.trace.routing).toBeNull();
    expect(calls).toBe(1);
  });

  it('never stores answers that depend on the time', async () => {
    const { orchestrator, cache } = setup([agent('clock', TIME, async () => ({ text: 'It is noon.', confidence: 0.9 }), false)]);
    const { trace } = await orchestrator.process('what time is it', context);
    expect(trace.cache.note).toBe('not stored: depends on the time');
    expect(cache.entries.size).toBe(0);
  });

  it('keeps the answers it has when an agent throws, returns garbage or hangs past the deadline', async () => {
    const { orchestrator } = setup([
      agent('good', FACTS, after(5, { text: 'Everest is 8,849 metres tall.', confidence: 0.9 })),
      agent('thrower', FACTS, async () => {
        throw new Error('boom');
      }),
      agent('hanger', FACTS, () => new Promise<AgentOutput>(() => {})),
    ]);
    const { text, trace } = await orchestrator.process('how tall is mount everest', context);
    expect(text).toContain('8,849');
    const status = Object.fromEntries(trace.agents.map((run) => [run.agent, run.status]));
    expect(status).toEqual({ good: 'success', thrower: 'error', hanger: 'timeout' });
    expect(trace.errors).toEqual(expect.arrayContaining([expect.stringMatching(/thrower error: boom/), expect.stringMatching(/hanger timeout/)]));
    expect(trace.cache.note).toBe('not stored: not every agent answered');
  });

  it('reports malformed agent output as an error of that agent', async () => {
    const { orchestrator } = setup([agent('math', MATH, async () => ({ text: 42 }) as unknown as AgentOutput)]);
    const { text, trace } = await orchestrator.process('what is 2 plus 2', context);
    expect(trace.agents[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/malformed output/) });
    expect(text).toMatch(/couldn't get an answer/);
  });

  it('answers empty and overlong questions with an explanation', async () => {
    const { orchestrator, traces } = setup([agent('math', MATH, async () => ({ text: '4', confidence: 1 }))]);
    const empty = await orchestrator.process('   ', context);
    expect(empty.text).toMatch(/didn't catch a question/);
    expect(empty.trace.errors).toEqual(['empty query']);
    const long = await orchestrator.process('x'.repeat(201), context);
    expect(long.text).toMatch(/too long/);
    expect(long.trace.errors[0]).toMatch(/201 > 200/);
    expect(traces).toHaveLength(2);
  });

  it('says what is missing when no specialist matches', async () => {
    const { orchestrator } = setup([agent('math', MATH, async () => ({ text: '4', confidence: 1 }))]);
    const { text, trace } = await orchestrator.process('compose a sonnet about autumn leaves', context);
    expect(trace.agents).toEqual([]);
    expect(text).toBe("Sorry, I don't have an answer for that. General questions need an API key.");
  });

  it('survives a router, an aggregator and a trace sink that throw', async () => {
    const brokenRouter: Router = {
      route: async () => {
        throw new Error('router exploded');
      },
      explain: () => '',
      register: () => {},
      remove: () => {},
      agents: () => [],
    };
    const { orchestrator } = setup([agent('math', MATH, async () => ({ text: '4', confidence: 1 }))], { router: brokenRouter, tracerFails: true });
    const { text, trace } = await orchestrator.process('what is 2 plus 2', context);
    expect(text).toMatch(/don't have an answer/);
    expect(trace.routing?.strategy).toBe('fallback');
    expect(trace.errors).toEqual(expect.arrayContaining(['routing failed: router exploded', 'trace not recorded: disk full']));

    const brokenAggregator: Aggregator = {
      aggregate: async () => {
        throw new Error('synth exploded');
      },
    };
    const second = setup([agent('math', MATH, async () => ({ text: '2 plus 2 is 4.', confidence: 0.9 }))], { aggregator: brokenAggregator });
    const result = await second.orchestrator.process('what is 2 plus 2', context);
    expect(result.text).toBe('2 plus 2 is 4.');
    expect(result.trace.aggregation?.strategy).toBe('single');
    expect(result.trace.errors).toContain('synthesis failed: synth exploded');
  });

  it('stops when the turn is cancelled, and the agents see the abort', async () => {
    let sawAbort = false;
    const { orchestrator } = setup([
      agent('math', MATH, (_query, signal) =>
        new Promise<AgentOutput>((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            reject(signal.reason);
          }),
        ),
      ),
    ]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const { text, trace } = await orchestrator.process('what is 2 plus 2', { ...context, signal: controller.signal });
    expect(text).toBe('Stopped.');
    expect(trace.agents[0]?.status).toBe('cancelled');
    expect(sawAbort).toBe(true);
  });

  it('registers and removes agents at run time', async () => {
    const { orchestrator } = setup([]);
    orchestrator.registerAgent(agent('math', MATH, async () => ({ text: '2 plus 2 is 4.', confidence: 0.9 })));
    expect((await orchestrator.process('what is 2 plus 2', context)).text).toBe('2 plus 2 is 4.');
    orchestrator.removeAgent('math');
    expect(orchestrator.agents()).toEqual([]);
    expect((await orchestrator.process('add 7 and 8', context)).trace.agents).toEqual([]);
  });
});
