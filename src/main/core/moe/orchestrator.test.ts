import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../../shared/trace.ts';
import { abstain, type Agent, type AgentAbstention, type AgentOutput } from './agent.ts';
import { createWeightedAggregator } from './aggregation/weighted-aggregator.ts';
import type { Aggregator } from './aggregation/aggregator.ts';
import { createDagExecutor } from './execution/dag-executor.ts';
import { createOrchestrator } from './orchestrator.ts';
import type { CacheTier, OrchestratorOptions, TurnChunkOut, TurnContext } from './orchestrator-types.ts';
import { EmbeddingRouter } from './routing/embedding-router.ts';
import type { Router } from './routing/router.ts';
import { normalizeQuery } from './cache/normalize-query.ts';
import type { ChatModel, ChatStreamEvent } from '../../ports/chat-model.ts';
import { normaliseSentence, sentencesOf } from '../text/sentences.ts';

// Data in, data out: real router, executor and aggregator from the core; agents, cache and trace
// sink are small in-test objects.

const clock = { now: () => Date.now() };
let ids = 0;

function agent(name: string, examples: string[], answer: (query: string, signal: AbortSignal) => Promise<AgentOutput | AgentAbstention>, cacheable = true): Agent {
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

function setup(agents: Agent[], overrides: { router?: Router; aggregator?: Aggregator; options?: Partial<OrchestratorOptions>; tracerFails?: boolean; defer?: (task: () => void) => void } = {}) {
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
      defer: overrides.defer ?? ((task) => queueMicrotask(task)),
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
      leadIn: { enabled: false, minConfidence: 0.8 },
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

  it('caches an answer by what the agents that answered depend on, not those that abstained', async () => {
    const { orchestrator } = setup([
      agent('good', FACTS, after(5, { text: 'Everest is 8,849 metres tall.', confidence: 0.9 })),
      agent('clocklike', FACTS, async () => abstain('not about the time'), false),
    ]);
    expect((await orchestrator.process('how tall is mount everest', context)).trace.cache.note).toBe('stored');
    expect((await orchestrator.process('how tall is mount everest', context)).trace.cache.hit).toBe(true);
  });

  it('an agent that abstains is on the trace as abstained: not an error, a partial or an answer', async () => {
    const { orchestrator } = setup([
      agent('good', FACTS, after(5, { text: 'Everest is 8,849 metres tall.', confidence: 0.9 })),
      // Its answers would depend on the time, but it did not answer: the answer stays cacheable.
      agent('shy', FACTS, async () => abstain('not a question about mountains it knows'), false),
      agent('broken', FACTS, async () => ({ abstained: true, reason: '' }) as unknown as AgentOutput),
    ]);
    const chunks: TurnChunkOut[] = [];
    for await (const chunk of orchestrator.processStream('how tall is mount everest', context)) chunks.push(chunk);
    const final = chunks.at(-1)!;
    if (final.type !== 'final') throw new Error('no final');
    const trace = await final.settled;
    expect(chunks.filter((chunk) => chunk.type === 'partial').map((chunk) => chunk.type === 'partial' && chunk.agent)).toEqual(['good']);
    expect(trace.agents.find((run) => run.agent === 'shy')).toMatchObject({ status: 'abstained', error: 'not a question about mountains it knows', confidence: null });
    expect(trace.agents.find((run) => run.agent === 'broken')).toMatchObject({ status: 'error', error: expect.stringMatching(/malformed output: an abstention needs a reason/) });
    expect(trace.errors.some((error) => error.startsWith('shy'))).toBe(false);
    expect(trace.aggregation?.strategy).toBe('single');
    expect(Object.keys(trace.aggregation?.weights ?? {})).toEqual(['good']);
    expect(final.text).toBe('Everest is 8,849 metres tall.');
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

  it('says honestly what is missing when nothing answers: a model, the network, or a skill', async () => {
    const offline = agent('weather', ['weather in paris', 'will it rain tomorrow'], async () => {
      throw new Error('Open-Meteo geocoding could not be reached: fetch failed');
    });
    const { orchestrator } = setup([agent('math', MATH, async () => ({ text: '4', confidence: 1 })), { ...offline, provider: 'open-meteo' }]);
    const model = await orchestrator.process('compose a sonnet about autumn leaves', context);
    expect(model.trace.agents).toEqual([]);
    expect(model.trace.unanswered).toMatchObject({ kind: 'needs_model' });
    expect(model.text).toMatch(/needs a language model.*OpenAI API key.*local OpenAI-compatible server/);
    const network = await orchestrator.process('will it rain in paris tomorrow', context);
    expect(network.trace.unanswered).toMatchObject({ kind: 'needs_network' });
    expect(network.text).toMatch(/live data from the internet.*could not be reached/);
    const action = await orchestrator.process('book me a table for two', context);
    expect(action.trace.unanswered).toMatchObject({ kind: 'no_skill' });
    expect(action.text).toMatch(/no skill here covers it/);
    const french = await orchestrator.process('compose a sonnet', { ...context, language: 'fr' });
    expect(french.text).toMatch(/il faut un modèle de langue/);
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
    expect(text).toMatch(/needs a language model/);
    expect(trace.routing?.strategy).toBe('fallback');
    expect(trace.errors).toEqual(expect.arrayContaining(['routing failed: router exploded', 'trace not recorded: disk full']));

    const brokenAggregator: Aggregator = {
      shape: (text) => text,
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

  describe('streaming', () => {
    const collect = async (stream: AsyncIterable<TurnChunkOut>) => {
      const chunks: TurnChunkOut[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      const final = chunks.at(-1)!;
      if (final.type !== 'final') throw new Error('no final chunk');
      const deltas = chunks.flatMap((chunk) => (chunk.type === 'delta' ? [chunk.text] : []));
      return { chunks, final, deltas };
    };
    const sentenceCounts = (text: string) => {
      const counts = new Map<string, number>();
      for (const sentence of sentencesOf(text)) counts.set(normaliseSentence(sentence), (counts.get(normaliseSentence(sentence)) ?? 0) + 1);
      return [...counts.values()];
    };

    it("a lone specialist's text goes out as it forms, and the final is exactly that text", async () => {
      const streaming: Agent = {
        ...agent('general', FACTS, async () => ({ text: 'unused', confidence: 0.9 })),
        async execute(_query, agentContext) {
          for (const piece of ['Everest is ', '8,849 metres', ' tall.']) agentContext.onText?.(piece);
          return { text: 'Everest is 8,849 metres tall.', confidence: 0.9 };
        },
      };
      const { orchestrator } = setup([streaming]);
      const { final, deltas } = await collect(orchestrator.processStream('how tall is mount everest', context));
      expect(deltas).toEqual(['Everest is ', '8,849 metres', ' tall.']);
      expect(final.text).toBe(deltas.join(''));
    });

    it('the only routed specialist still streams when the local skills asked beside it abstain', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const general: Agent = {
        ...agent('general', FACTS, async () => ({ text: 'unused', confidence: 0.9 })),
        async execute(_query, agentContext) {
          agentContext.onText?.('Everest is ');
          await gate;
          agentContext.onText?.('8,849 metres tall.');
          return { text: 'Everest is 8,849 metres tall.', confidence: 0.9 };
        },
      };
      const localSkill: Agent = { ...agent('calculator', MATH, after(2, { text: 'unused', confidence: 0.9 })), selfSelecting: true, execute: async () => abstain('not arithmetic') };
      const { orchestrator } = setup([general, localSkill]);
      const stream = orchestrator.processStream('how tall is mount everest', context)[Symbol.asyncIterator]();
      let step = await stream.next();
      while (!step.done && step.value.type !== 'delta') step = await stream.next();
      // The first words are out while the model is still writing.
      expect(step.value).toMatchObject({ type: 'delta', text: 'Everest is ' });
      release();
      const rest: TurnChunkOut[] = [];
      for (step = await stream.next(); !step.done; step = await stream.next()) rest.push(step.value);
      expect(rest.filter((chunk) => chunk.type === 'delta').map((chunk) => chunk.type === 'delta' && chunk.text)).toEqual(['8,849 metres tall.']);
      const final = rest.at(-1)!;
      expect(final.type === 'final' && final.text).toBe('Everest is 8,849 metres tall.');
      expect(final.type === 'final' && final.trace.routing?.alsoAsked).toEqual(['calculator']);
    });

    it('a local skill that answers beside the only routed specialist: nothing is streamed early, both answers are weighed', async () => {
      const general: Agent = {
        ...agent('general', MATH, async () => ({ text: 'unused', confidence: 0.9 })),
        async execute(_query, agentContext) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          agentContext.onText?.('Two plus two is four.');
          return { text: 'Two plus two is four.', confidence: 0.7 };
        },
      };
      const localSkill: Agent = { ...agent('calculator', [], async () => ({ text: '2 + 2 = 4.', confidence: 0.95 })), selfSelecting: true };
      const { orchestrator } = setup([general, localSkill]);
      const { final, deltas } = await collect(orchestrator.processStream('what is 2 plus 2', context));
      expect(deltas).toEqual([]);
      expect(final.trace.agents.map((run) => [run.agent, run.status]).sort()).toEqual([
        ['calculator', 'success'],
        ['general', 'success'],
      ]);
      expect(final.trace.aggregation?.provenance.flatMap((sentence) => sentence.agents)).toContain('calculator');
    });

    it('a spoken turn leads with the only routed specialist that does not stream, while the local skills beside it are still out', async () => {
      const localSkill: Agent = { ...agent('clock', TIME, async () => abstain('unused')), selfSelecting: true, execute: (_query, _context, signal) => after(20, { text: 'unused', confidence: 0.9 })('', signal).then(() => abstain('not about the time')) };
      const { orchestrator } = setup([agent('math', MATH, after(2, { text: '15 times 3 is 45. That is all.', confidence: 0.9 })), localSkill], { options: { leadIn: { enabled: true, minConfidence: 0.8 } } });
      const { chunks, final, deltas } = await collect(orchestrator.processStream('calculate 15 times 3', { ...context, voiceMode: true }));
      expect(chunks.map((chunk) => (chunk.type === 'partial' ? `partial:${chunk.agent}` : chunk.type))).toEqual(['partial:math', 'delta', 'final']);
      expect(deltas).toEqual(['15 times 3 is 45.']);
      expect(final.text.startsWith('15 times 3 is 45.')).toBe(true);
    });

    it('a spoken turn leads with the first confident answer, and the synthesis does not repeat it', async () => {
      const { orchestrator } = setup(
        [
          agent('fast', FACTS, after(5, { text: 'Everest is 8,849 metres tall. It is on the border of Nepal and China.', confidence: 0.9 })),
          agent('slow', FACTS, after(40, { text: 'Everest is 8,849 metres tall. Climbers call it Chomolungma.', confidence: 0.7 })),
        ],
        { options: { leadIn: { enabled: true, minConfidence: 0.8 } } },
      );
      const { chunks, final, deltas } = await collect(orchestrator.processStream('how tall is mount everest', { ...context, voiceMode: true }));
      // The lead-in comes before the slow expert's answer is in.
      const firstDelta = chunks.findIndex((chunk) => chunk.type === 'delta');
      const slowPartial = chunks.findIndex((chunk) => chunk.type === 'partial' && chunk.agent === 'slow');
      expect(firstDelta).toBeLessThan(slowPartial);
      expect(deltas).toEqual(['Everest is 8,849 metres tall.']);
      // The final is the whole answer: what was said, then what the synthesis adds.
      expect(final.text.startsWith(deltas.join(''))).toBe(true);
      expect(final.text).toMatch(/Chomolungma/);
      expect(sentenceCounts(final.text).every((count) => count === 1)).toBe(true);
    });

    it('the lead-in waits for a confident answer and is off in typed turns', async () => {
      const experts = [agent('unsure', FACTS, after(5, { text: 'Maybe 8,000 metres.', confidence: 0.5 })), agent('sure', FACTS, after(20, { text: 'Everest is 8,849 metres tall.', confidence: 0.9 }))];
      const { orchestrator } = setup(experts, { options: { leadIn: { enabled: true, minConfidence: 0.8 } } });
      const spoken = await collect(orchestrator.processStream('how tall is mount everest', { ...context, voiceMode: true }));
      expect(spoken.deltas[0]).toMatch(/8,849/);
      const typed = await collect(orchestrator.processStream('how tall is mount everest', context));
      expect(typed.deltas).toEqual([]);
    });

    it("streams the LLM synthesis sentence by sentence while the model is still writing", async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const chatModel = {
        provider: 'gated',
        complete: async () => {
          throw new Error('not used');
        },
        async *stream(): AsyncGenerator<ChatStreamEvent> {
          yield { type: 'text', delta: 'Everest is 8,849 metres tall. ' };
          yield { type: 'text', delta: 'It sits on the border' };
          await gate;
          yield { type: 'text', delta: ' of Nepal and China.' };
          yield { type: 'done', model: 'gated-1', finishReason: 'stop', inputTokens: 1, outputTokens: 1 };
        },
      } satisfies ChatModel;
      const aggregator = createWeightedAggregator({ minConfidence: 0.2, mode: 'llm', chatModel, llm: { temperature: 0, maxTokens: 100 } });
      const { orchestrator } = setup(
        [agent('one', FACTS, after(5, { text: 'Everest is 8,849 m tall.', confidence: 0.9 })), agent('two', FACTS, after(5, { text: 'Mount Everest lies between Nepal and China.', confidence: 0.8 }))],
        { aggregator },
      );
      const stream = orchestrator.processStream('how tall is mount everest', context)[Symbol.asyncIterator]();
      let step = await stream.next();
      while (!step.done && step.value.type !== 'delta') step = await stream.next();
      expect(step.value).toMatchObject({ type: 'delta', text: 'Everest is 8,849 metres tall.' });
      release();
      const rest: TurnChunkOut[] = [];
      for (step = await stream.next(); !step.done; step = await stream.next()) rest.push(step.value);
      const final = rest.at(-1)!;
      expect(rest.filter((chunk) => chunk.type === 'delta').map((chunk) => chunk.type === 'delta' && chunk.text)).toEqual([' It sits on the border of Nepal and China.']);
      expect(final.type === 'final' && final.text).toBe('Everest is 8,849 metres tall. It sits on the border of Nepal and China.');
      expect(final.type === 'final' && final.trace.aggregation?.strategy).toBe('llm');
    });

    it('stores in the cache and records the trace only after the final has gone out', async () => {
      const deferred: (() => void)[] = [];
      const { orchestrator, traces, cache } = setup([agent('math', MATH, async () => ({ text: '2 plus 2 is 4.', confidence: 0.9 }))], { defer: (task) => deferred.push(task) });
      const { final } = await collect(orchestrator.processStream('what is 2 plus 2', context));
      expect(final.trace.cache.note).toBe('storing after the answer');
      expect(traces).toEqual([]);
      expect(cache.entries.size).toBe(0);
      expect(deferred).toHaveLength(1);
      deferred.shift()!();
      const settled = await final.settled;
      expect(settled.cache.note).toBe('stored');
      expect(cache.entries.size).toBe(1);
      expect(traces).toEqual([settled]);
    });
  });
});
