import { describe, expect, it } from 'vitest';
import { createAgentRegistry } from './agent-definition.ts';
import { createHandoffService } from './handoff-service.ts';
import { scenarioProblems } from './scenario.ts';
import type { SystemVars } from './system-vars.ts';
import { demoAgents, demoScenario } from './testing/demo-agents.ts';

const agents = createAgentRegistry(demoAgents);
const service = createHandoffService(demoScenario, agents);
const vars: SystemVars = { assistant_name: 'Ada', user_name: 'Sam', language: 'en', active_agent: 'concierge', previous_agent: null, handoff_reason: null, handoff_context: {}, scenario: 'front_desk' };

describe('handoff service', () => {
  it("offers each agent its scenario edges as tools, with a reason and the shared context fields", () => {
    expect(service.toolsFor('concierge').map((tool) => tool.name)).toEqual(['transfer_to_timekeeper', 'transfer_to_math_tutor']);
    const tool = service.toolsFor('concierge')[1]!;
    expect(tool.description).toBe('Sums.');
    expect(Object.keys(tool.parameters.properties)).toEqual(['reason', 'topic']);
    expect(service.toolsFor('concierge')[0]!.description).toBe('Hand the conversation to Timekeeper: Times and dates.');
    expect(service.isHandoffTool('timekeeper', 'back_to_concierge')).toBe(true);
    expect(service.isHandoffTool('timekeeper', 'transfer_to_math_tutor')).toBe(false);
  });

  it('resolves an announced handoff with the first-visit greeting, then the return greeting', () => {
    const first = service.resolveTool({ tool: 'transfer_to_timekeeper', args: { reason: 'wants the time', topic: 'Tokyo', extra: 'dropped' }, source: 'concierge', vars, visited: ['concierge'] })!;
    expect(first).toMatchObject({ via: 'tool', reason: 'wants the time', firstVisit: true, greeting: 'Timekeeper here, Sam.' });
    expect(first.vars).toMatchObject({ active_agent: 'timekeeper', previous_agent: 'concierge', handoff_reason: 'wants the time', handoff_context: { topic: 'Tokyo' } });
    const again = service.resolveTool({ tool: 'transfer_to_timekeeper', args: {}, source: 'concierge', vars, visited: ['concierge', 'timekeeper'] })!;
    expect(again).toMatchObject({ firstVisit: false, greeting: 'Timekeeper again.' });
  });

  it('gives a discrete handoff no greeting, and an unknown tool no handoff', () => {
    expect(service.resolveTool({ tool: 'transfer_to_math_tutor', args: {}, source: 'concierge', vars, visited: [] })).toMatchObject({ greeting: null, edge: { type: 'discrete' } });
    expect(service.resolveTool({ tool: 'transfer_to_math_tutor', args: {}, source: 'timekeeper', vars, visited: [] })).toBeNull();
  });

  it('takes an edge from a trigger phrase in the words, ignoring case and punctuation; the longest phrase wins', () => {
    expect(service.resolveUtterance({ utterance: 'Can I talk to the Timekeeper, please?', source: 'concierge', vars, visited: [] })).toMatchObject({ via: 'trigger', target: { name: 'timekeeper' } });
    expect(service.resolveUtterance({ utterance: 'I need help with math: 3 times 4', source: 'concierge', vars, visited: [] })).toMatchObject({ target: { name: 'math_tutor' }, remainder: '3 times 4' });
    expect(service.resolveUtterance({ utterance: 'Help with Math, please. What is 2+2?', source: 'concierge', vars, visited: [] })?.remainder).toBe('What is 2+2?');
    expect(service.resolveUtterance({ utterance: 'I need help with math.', source: 'concierge', vars, visited: [] })?.remainder).toBeNull();
    expect(service.resolveUtterance({ utterance: 'what is the time', source: 'concierge', vars, visited: [] })).toBeNull();
    // Whole words only: "timekeepers" is not "timekeeper".
    expect(service.resolveUtterance({ utterance: 'timekeepers of old', source: 'concierge', vars, visited: [] })).toBeNull();
  });

  it('finds what is wrong with a scenario', () => {
    expect(scenarioProblems(demoScenario, agents)).toEqual([]);
    const broken = { ...demoScenario, startAgent: 'nobody', agents: [...demoScenario.agents, 'ghost'], handoffs: [...demoScenario.handoffs, { ...demoScenario.handoffs[0]!, to: 'concierge' }] };
    expect(scenarioProblems(broken, agents)).toEqual([
      'agent "ghost" is not defined',
      'start agent "nobody" is not one of its agents',
      'handoff transfer_to_timekeeper leads from concierge to itself',
      'handoff tool transfer_to_timekeeper is defined twice for concierge',
    ]);
  });
});
