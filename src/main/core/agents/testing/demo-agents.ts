import type { AgentDefinition } from '../agent-definition.ts';
import type { Scenario } from '../scenario.ts';

// A small scenario for tests: a concierge, a timekeeper (announced) and a math tutor (discrete).

const base = { description: '', model: null, voice: null, tools: [] as string[], experts: null as string[] | null };

export const demoAgents: AgentDefinition[] = [
  { ...base, name: 'concierge', title: 'Concierge', engine: 'llm', description: 'Front desk.', instructions: 'You are the concierge of {{assistant_name}}.{{#previous_agent}} You took over from {{previous_agent}}.{{/previous_agent}}', greeting: 'Hello, concierge here.', returnGreeting: 'Back at the front desk.' },
  { ...base, name: 'timekeeper', title: 'Timekeeper', engine: 'llm', description: 'Times and dates.', instructions: 'You keep time.{{#handoff_reason}} Reason: {{handoff_reason}}.{{/handoff_reason}}', greeting: 'Timekeeper here, {{user_name}}.', returnGreeting: 'Timekeeper again.', experts: ['clock'] },
  { ...base, name: 'math_tutor', title: 'Math tutor', engine: 'moe', description: 'Sums.', instructions: 'You teach maths. {{handoff_context}}', greeting: 'Math tutor here.', returnGreeting: null, experts: ['calculator'] },
];

export const demoScenario: Scenario = {
  name: 'front_desk',
  title: 'Front desk',
  description: 'test',
  startAgent: 'concierge',
  agents: ['concierge', 'timekeeper', 'math_tutor'],
  handoffs: [
    { from: 'concierge', to: 'timekeeper', tool: 'transfer_to_timekeeper', type: 'announced', description: '', shareContext: ['topic'], triggers: ['timekeeper', 'talk to the timekeeper'] },
    { from: 'concierge', to: 'math_tutor', tool: 'transfer_to_math_tutor', type: 'discrete', description: 'Sums.', shareContext: ['topic'], triggers: ['math tutor', 'help with math'] },
    { from: 'timekeeper', to: 'concierge', tool: 'back_to_concierge', type: 'announced', description: '', shareContext: [], triggers: ['front desk'] },
    { from: 'math_tutor', to: 'concierge', tool: 'back_to_concierge', type: 'announced', description: '', shareContext: [], triggers: ['front desk'] },
  ],
};
