import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { TurnTrace } from '../../../shared/trace.ts';
import { createAgentRegistry } from '../agents/agent-definition.ts';
import { createHandoffService } from '../agents/handoff-service.ts';
import { demoAgents, demoScenario } from '../agents/testing/demo-agents.ts';
import type { TurnContext } from '../moe/orchestrator-types.ts';
import { defineTool, type Tool } from '../tools/tool.ts';
import { createConversationEngine, type EngineEvent, type MoeTurns } from './conversation-engine.ts';
import { initialMemory, type SessionMemory } from './session-memory.ts';
import { scriptedChatModel, type ScriptedReply } from './testing/scripted-chat-model.ts';

// Event lists in, events out: a fake MoE that answers by expert, a scripted chat model.

function fakeMoe(): MoeTurns & { asked: { query: string; experts: readonly string[] | undefined }[] } {
  const asked: { query: string; experts: readonly string[] | undefined }[] = [];
  return {
    asked,
    async *processStream(query: string, context: TurnContext) {
      asked.push({ query, experts: context.experts });
      const text = /times/.test(query) ? '3 times 4 is 12.' : 'It is 10:00 in Tokyo.';
      yield { type: 'partial', turnId: 'm1', agent: 'calculator', text, confidence: 0.9 };
      const trace = { id: 'm1', routing: { selected: ['calculator'] }, errors: [] } as unknown as TurnTrace;
      yield { type: 'final', turnId: 'm1', text, trace, settled: Promise.resolve(trace) };
    },
  };
}

const agents = createAgentRegistry(demoAgents);
function engine(replies: ScriptedReply[] | null, tools: Tool[] = []) {
  const moe = fakeMoe();
  const chatModel = replies ? scriptedChatModel(replies) : null;
  let ids = 0;
  let now = 1000;
  const instance = createConversationEngine({
    agents,
    handoffs: createHandoffService(demoScenario, agents),
    moe,
    chatModel,
    tools: new Map(tools.map((tool) => [tool.name, tool])),
    clock: { now: () => (now += 5) },
    setTimer: () => () => undefined,
    newId: () => `t${++ids}`,
    toolTimeoutMs: 5000,
    maxHandoffsPerTurn: 2,
    languageSwitchAfter: 2,
  });
  return { instance, moe, chatModel };
}

async function turn(target: ReturnType<typeof engine>, query: string, memory: SessionMemory = initialMemory('front_desk', 'concierge', 0), signal = new AbortController().signal) {
  const events: EngineEvent[] = [];
  for await (const event of target.instance.runTurn({
    query,
    sessionId: 's1',
    memory,
    history: [{ role: 'user', text: 'earlier question', interrupted: false }, { role: 'assistant', text: 'half of an ans', interrupted: true }],
    vars: { assistant_name: 'Ada', user_name: null, language: 'en' },
    voiceMode: true,
    timeZone: 'UTC',
    locale: 'en',
    signal,
  })) {
    events.push(event);
  }
  const final = events.at(-1) as Extract<EngineEvent, { type: 'final' }>;
  const spoken = events.filter((e): e is Extract<EngineEvent, { type: 'delta' }> => e.type === 'delta').map((e) => e.text).join('');
  return { events, final, spoken, kinds: events.map((e) => e.type) };
}

describe('the conversation engine, offline', () => {
  it('answers through the MoE over the active agent\'s experts; the final is exactly the deltas', async () => {
    const target = engine(null);
    const { final, spoken, kinds } = await turn(target, 'what is 3 times 4', initialMemory('front_desk', 'math_tutor', 0));
    expect(target.moe.asked).toEqual([{ query: 'what is 3 times 4', experts: ['calculator'] }]);
    expect(kinds).toEqual(['partial', 'delta', 'final']);
    expect(final.text).toBe(spoken);
    expect(final.trace.conversation).toEqual({ scenario: 'front_desk', agent: 'math_tutor', engine: 'moe', tools: [], handoffs: [] });
  });

  it('takes an announced handoff from a trigger phrase: the target greets and becomes active', async () => {
    const { final, events, spoken } = await turn(engine(null), 'Can I talk to the timekeeper?');
    expect(events.find((e) => e.type === 'handoff')).toMatchObject({ from: 'concierge', to: 'timekeeper', handoffType: 'announced', via: 'trigger' });
    expect(spoken).toBe('Timekeeper here, .');
    expect(final.memory).toMatchObject({ activeAgent: 'timekeeper', visitedAgents: ['concierge', 'timekeeper'] });
    expect(final.trace.conversation).toMatchObject({ agent: 'timekeeper', engine: 'handoff', handoffs: [{ from: 'concierge', to: 'timekeeper', via: 'trigger', type: 'announced' }] });
  });

  it('takes a discrete handoff: the target answers the same words, with no greeting', async () => {
    const target = engine(null);
    const { final, spoken } = await turn(target, 'I need help with math: what is 3 times 4');
    expect(spoken).toBe('3 times 4 is 12.');
    expect(target.moe.asked[0]!.experts).toEqual(['calculator']);
    expect(final.memory.activeAgent).toBe('math_tutor');
  });
});

describe('the conversation engine with a model', () => {
  it('streams the agent\'s text, runs its tool calls in parallel and carries on with the results', async () => {
    const slowAdd = defineTool({ name: 'add', description: 'adds', parameters: z.object({ a: z.number(), b: z.number() }), run: async ({ a, b }) => String(a + b) });
    const concierge = { ...demoAgents[0]!, tools: ['add'] };
    const registry = createAgentRegistry([concierge, ...demoAgents.slice(1)]);
    const target = engine([
      { text: ['Let me ', 'work that out. '], calls: [{ id: 'c1', name: 'add', arguments: '{"a":2,"b":3}' }, { id: 'c2', name: 'add', arguments: '{"a":1,"b":1}' }] },
      { text: ['That makes ', '5 and 2.'] },
    ], [slowAdd]);
    const withTools = engineWith(registry, target);
    const { kinds, spoken, final } = await turn(withTools, 'add 2 and 3, and 1 and 1');
    expect(kinds).toEqual(['delta', 'delta', 'tool_call', 'tool_call', 'tool_result', 'tool_result', 'delta', 'delta', 'final']);
    expect(spoken).toBe('Let me work that out. That makes 5 and 2.');
    const second = target.chatModel!.requests[1]!;
    expect(second.messages.slice(-3)).toEqual([
      { role: 'assistant', content: 'Let me work that out. ', toolCalls: [{ id: 'c1', name: 'add', arguments: '{"a":2,"b":3}' }, { id: 'c2', name: 'add', arguments: '{"a":1,"b":1}' }] },
      { role: 'tool', toolCallId: 'c1', content: '5' },
      { role: 'tool', toolCallId: 'c2', content: '2' },
    ]);
    // The model heard what the user heard: the interrupted answer is marked.
    expect(target.chatModel!.requests[0]!.messages[2]).toEqual({ role: 'assistant', content: 'half of an ans [interrupted by the user]' });
    expect(target.chatModel!.requests[0]!.tools!.map((tool) => tool.name)).toEqual(['add', 'consult_experts', 'transfer_to_timekeeper', 'transfer_to_math_tutor']);
    expect(final.trace.conversation!.tools.map((call) => [call.name, call.arguments, call.ok, call.result])).toEqual([
      ['add', '{"a":2,"b":3}', true, '5'],
      ['add', '{"a":1,"b":1}', true, '2'],
    ]);
  });

  it('a turn cancelled while its tool runs aborts the tool and ends with no final', async () => {
    const cancel = new AbortController();
    let toolSignal: AbortSignal | undefined;
    const lookup = defineTool({
      name: 'lookup',
      description: 'looks something up, slowly',
      parameters: z.object({}),
      run: (_args, context) =>
        new Promise<string>((_resolve, reject) => {
          toolSignal = context.signal;
          // The user barges in while the tool works.
          queueMicrotask(() => cancel.abort(new DOMException('barge-in', 'AbortError')));
          context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
        }),
    });
    const concierge = { ...demoAgents[0]!, tools: ['lookup'] };
    const registry = createAgentRegistry([concierge, ...demoAgents.slice(1)]);
    const target = engine([{ text: ['Checking. '], calls: [{ id: 'c1', name: 'lookup', arguments: '{}' }] }, { text: ['never asked'] }]);
    const { kinds } = await turn(engineWith(registry, target, [lookup]), 'look it up', undefined, cancel.signal);
    expect(toolSignal?.aborted).toBe(true);
    expect(kinds).not.toContain('final');
    expect(target.chatModel!.requests).toHaveLength(1);
  });

  it('hands over when the model calls a handoff tool: announced, the target greets at the end of the turn', async () => {
    const target = engine([{ text: ['One moment. '], calls: [{ id: 'h1', name: 'transfer_to_timekeeper', arguments: '{"reason":"time in Tokyo","topic":"Tokyo"}' }] }]);
    const { spoken, final, events } = await turn(target, 'what time is it in Tokyo');
    expect(spoken).toBe('One moment. Timekeeper here, .');
    expect(events.find((e) => e.type === 'handoff')).toMatchObject({ via: 'tool', reason: 'time in Tokyo' });
    expect(final.memory).toMatchObject({ activeAgent: 'timekeeper', handoffContext: { from: 'concierge', reason: 'time in Tokyo', fields: { topic: 'Tokyo' } } });
  });

  it('continues with the target on a discrete handoff: its model answers the same words, told why', async () => {
    const target = engine([
      { calls: [{ id: 'h1', name: 'transfer_to_math_tutor', arguments: '{"reason":"a sum"}' }] },
    ]);
    // math_tutor is a `moe` agent: the MoE answers.
    const { spoken, final } = await turn(target, 'what is 3 times 4');
    expect(spoken).toBe('3 times 4 is 12.');
    expect(final.memory.activeAgent).toBe('math_tutor');
    expect(final.trace.conversation).toMatchObject({ agent: 'math_tutor', engine: 'moe', handoffs: [{ from: 'concierge', to: 'math_tutor', type: 'discrete', via: 'tool' }] });
  });
});

const addTool = defineTool({ name: 'add', description: 'adds', parameters: z.object({ a: z.number(), b: z.number() }), run: async ({ a, b }) => String(a + b) });

function engineWith(registry: ReturnType<typeof createAgentRegistry>, from: ReturnType<typeof engine>, tools: Tool[] = [addTool]) {
  let ids = 0;
  let now = 1000;
  const instance = createConversationEngine({
    agents: registry,
    handoffs: createHandoffService(demoScenario, registry),
    moe: from.moe,
    chatModel: from.chatModel,
    tools: new Map(tools.map((tool) => [tool.name, tool])),
    clock: { now: () => (now += 5) },
    setTimer: () => () => undefined,
    newId: () => `t${++ids}`,
    toolTimeoutMs: 5000,
    maxHandoffsPerTurn: 2,
    languageSwitchAfter: 2,
  });
  return { ...from, instance };
}
