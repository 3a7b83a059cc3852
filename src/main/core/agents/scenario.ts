import type { AgentRegistry } from './agent-definition.ts';

// A scenario: which agents are in play, who starts, and the handoff edges between them. The same
// agents behave differently in different scenarios because the edges (and so their handoff tools
// and trigger phrases) differ.

/** announced: the target greets the user; discrete: it carries on with the user's words, no greeting. */
export type HandoffType = 'announced' | 'discrete';

export interface HandoffEdge {
  from: string;
  to: string;
  /** The tool a model calls to take this edge (`transfer_to_math_tutor`). */
  tool: string;
  type: HandoffType;
  /** When to take it, for the model choosing. */
  description: string;
  /** Context fields (tool arguments) that pass to the target as handoff context. */
  shareContext: string[];
  /** Phrases that take this edge with no model: a match in the user's words (case and punctuation ignored). */
  triggers: string[];
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  startAgent: string;
  agents: string[];
  handoffs: HandoffEdge[];
}

/** What is wrong with a scenario against the agents known, in words; empty when it can run. */
export function scenarioProblems(scenario: Scenario, agents: AgentRegistry): string[] {
  const problems: string[] = [];
  const inPlay = new Set(scenario.agents);
  for (const name of scenario.agents) if (!agents.get(name)) problems.push(`agent "${name}" is not defined`);
  if (!inPlay.has(scenario.startAgent)) problems.push(`start agent "${scenario.startAgent}" is not one of its agents`);
  const tools = new Map<string, string>();
  for (const edge of scenario.handoffs) {
    for (const end of [edge.from, edge.to]) if (!inPlay.has(end)) problems.push(`handoff ${edge.tool}: "${end}" is not one of its agents`);
    if (edge.from === edge.to) problems.push(`handoff ${edge.tool} leads from ${edge.from} to itself`);
    const key = `${edge.from}|${edge.tool}`;
    if (tools.has(key)) problems.push(`handoff tool ${edge.tool} is defined twice for ${edge.from}`);
    tools.set(key, edge.to);
  }
  return problems;
}
