import type { AgentDefinition, AgentRegistry } from './agent-definition.ts';
import type { HandoffEdge, Scenario } from './scenario.ts';
import { renderTemplate, type SystemVars } from './system-vars.ts';

// One place that decides handoffs for every mode: which handoff tools an agent is offered, which
// trigger phrase (with no model) takes an edge, who the target is, what it is told, and what it
// says on arrival (a first visit's greeting or the return greeting; nothing on a discrete edge).

export interface HandoffToolSpec {
  name: string;
  description: string;
  /** JSON schema of the arguments: a reason and the edge's shared context fields, all strings. */
  parameters: { type: 'object'; properties: Record<string, { type: 'string'; description: string }>; additionalProperties: false };
}

export interface HandoffResolution {
  edge: HandoffEdge;
  source: AgentDefinition;
  target: AgentDefinition;
  via: 'tool' | 'trigger';
  reason: string | null;
  /** The target's system variables: previous agent, reason and the shared context. */
  vars: SystemVars;
  firstVisit: boolean;
  /** What the target says on arrival (announced edges only). */
  greeting: string | null;
  /** A trigger phrase's handoff: the user's words after the phrase ("...help with math: 3 times 4" -> "3 times 4"), or null. */
  remainder: string | null;
}

export interface HandoffRequest {
  source: string;
  vars: SystemVars;
  /** Agents the session has already visited (a return gets the return greeting). */
  visited: readonly string[];
}

export interface HandoffService {
  scenario: Scenario;
  /** The handoff tools an agent is offered in this scenario. */
  toolsFor(agent: string): HandoffToolSpec[];
  isHandoffTool(agent: string, tool: string): boolean;
  /** A handoff tool call; null when the tool is not one of the agent's edges. */
  resolveTool(request: HandoffRequest & { tool: string; args: Record<string, unknown> }): HandoffResolution | null;
  /** The edge a trigger phrase in the user's words takes, if any (the longest phrase wins). */
  resolveUtterance(request: HandoffRequest & { utterance: string }): HandoffResolution | null;
  /** What an agent says when the session first reaches it, or comes back to it. */
  greeting(agent: AgentDefinition, vars: SystemVars, firstVisit: boolean): string | null;
}

export function createHandoffService(scenario: Scenario, agents: AgentRegistry): HandoffService {
  const edgesFrom = (agent: string) => scenario.handoffs.filter((edge) => edge.from === agent && agents.get(edge.to));

  function greeting(agent: AgentDefinition, vars: SystemVars, firstVisit: boolean): string | null {
    const template = firstVisit ? agent.greeting : (agent.returnGreeting ?? agent.greeting);
    if (!template) return null;
    const text = renderTemplate(template, vars);
    return text === '' ? null : text;
  }

  function resolve(edge: HandoffEdge, request: HandoffRequest, via: 'tool' | 'trigger', args: Record<string, unknown>, remainder: string | null = null): HandoffResolution {
    const source = agents.get(edge.from)!;
    const target = agents.get(edge.to)!;
    const reason = text(args.reason);
    const shared: Record<string, string> = {};
    for (const field of edge.shareContext) {
      const value = text(args[field]);
      if (value !== null) shared[field] = value;
    }
    const vars: SystemVars = {
      ...request.vars,
      active_agent: target.name,
      previous_agent: source.name,
      handoff_reason: reason,
      handoff_context: shared,
    };
    const firstVisit = !request.visited.includes(target.name);
    return {
      edge,
      source,
      target,
      via,
      reason,
      vars,
      firstVisit,
      greeting: edge.type === 'announced' ? greeting(target, vars, firstVisit) : null,
      remainder,
    };
  }

  return {
    scenario,
    toolsFor: (agent) =>
      edgesFrom(agent).map((edge) => {
        const target = agents.get(edge.to)!;
        const properties: HandoffToolSpec['parameters']['properties'] = {
          reason: { type: 'string', description: 'Why the conversation moves on, in a few words.' },
        };
        for (const field of edge.shareContext) properties[field] = { type: 'string', description: `${field.replace(/_/g, ' ')} to pass on` };
        return {
          name: edge.tool,
          description: edge.description || `Hand the conversation to ${target.title}: ${target.description}`,
          parameters: { type: 'object', properties, additionalProperties: false },
        };
      }),
    isHandoffTool: (agent, tool) => edgesFrom(agent).some((edge) => edge.tool === tool),
    resolveTool(request) {
      const edge = edgesFrom(request.source).find((candidate) => candidate.tool === request.tool);
      return edge ? resolve(edge, request, 'tool', request.args) : null;
    },
    resolveUtterance(request) {
      const words = normalize(request.utterance);
      let best: { edge: HandoffEdge; phrase: string } | null = null;
      for (const edge of edgesFrom(request.source)) {
        for (const trigger of edge.triggers) {
          const phrase = normalize(trigger);
          if (phrase !== '' && ` ${words} `.includes(` ${phrase} `) && phrase.length > (best?.phrase.length ?? 0)) best = { edge, phrase };
        }
      }
      return best ? resolve(best.edge, request, 'trigger', { reason: request.utterance }, after(request.utterance, best.phrase)) : null;
    },
    greeting,
  };
}

/** Lowercase words with punctuation dropped and accents kept ("Talk to the Math-Tutor!" -> "talk to the math tutor"). */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words after `phrase` in `utterance`, without the punctuation and fillers that join them; null when none. */
function after(utterance: string, phrase: string): string | null {
  const words = phrase.split(' ').map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const match = new RegExp(`(?:^|[^\\p{L}\\p{N}])${words.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu').exec(utterance);
  if (!match) return null;
  const rest = utterance
    .slice(match.index + match[0].length)
    .replace(/^(?:[\s:;,.!?-]+|(?:please|so|and|then|now)\b)+/iu, '')
    .trim();
  return /[\p{L}\p{N}]/u.test(rest) ? rest : null;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().slice(0, 500);
  return trimmed === '' ? null : trimmed;
}
