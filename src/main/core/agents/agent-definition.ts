// Conversational agents: who the user talks to. Each agent answers its turns either through the
// MoE orchestrator over its experts (`moe`) or with a chat model that can call tools and hand the
// conversation over (`llm`, which falls back to the MoE when no model is configured). Agents come
// from YAML (config/agents/*.yaml); scenarios (scenario.ts) pick which agents are in play.

export type AgentEngine = 'moe' | 'llm';

export interface AgentDefinition {
  /** Id used in scenarios, handoff edges and memory (lowercase, underscores). */
  name: string;
  /** How the UI names the agent ("Math tutor"). */
  title: string;
  /** One line on what it does; offered to a model choosing a handoff. */
  description: string;
  engine: AgentEngine;
  /** Mustache template over the system variables (system-vars.ts). */
  instructions: string;
  /** Spoken when the agent is reached for the first time in a session (announced handoffs, the start). */
  greeting: string | null;
  /** Spoken when the conversation comes back to it. */
  returnGreeting: string | null;
  /** Chat model for `llm` agents; null: the provider's configured model. */
  model: string | null;
  /** TTS voice; null: the app's voice. */
  voice: string | null;
  /** Names in the tool registry this agent may call (handoff tools come from the scenario). */
  tools: string[];
  /** MoE experts its turns are routed over; null: all of them. */
  experts: string[] | null;
}

export interface AgentRegistry {
  get(name: string): AgentDefinition | undefined;
  all(): AgentDefinition[];
}

export function createAgentRegistry(definitions: readonly AgentDefinition[]): AgentRegistry {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  return {
    get: (name) => byName.get(name),
    all: () => [...byName.values()],
  };
}
