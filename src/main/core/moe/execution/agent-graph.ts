import type { Agent } from '../agent.ts';

export interface GraphNode {
  agent: Agent;
  /** Dependencies that are part of the request, without repeats; others are treated as absent. */
  dependsOn: string[];
  /** Agents of the request that depend on this one. */
  dependants: string[];
}

export interface AgentGraph {
  /** By agent name, in request order; the first agent of a repeated name wins. */
  nodes: Map<string, GraphNode>;
  /** Agents whose name came earlier in the request; they do not run. */
  duplicates: { agent: Agent; error: string }[];
  /** Names of the agents on a dependency cycle, in request order, each with the cycle in words. */
  cycles: { name: string; error: string }[];
}

/** Builds the dependency graph of one request and finds what cannot run. */
export function buildAgentGraph(agents: readonly Agent[]): AgentGraph {
  const nodes = new Map<string, GraphNode>();
  const duplicates: AgentGraph['duplicates'] = [];
  for (const agent of agents) {
    if (nodes.has(agent.name)) duplicates.push({ agent, error: `duplicate agent name "${agent.name}": only the first one runs` });
    else nodes.set(agent.name, { agent, dependsOn: [], dependants: [] });
  }
  for (const node of nodes.values()) {
    node.dependsOn = [...new Set(node.agent.dependsOn)].filter((name) => nodes.has(name));
    for (const name of node.dependsOn) nodes.get(name)!.dependants.push(node.agent.name);
  }
  const cycles = agentsInCycles(nodes).map((name) => ({
    name,
    error: `dependency cycle: ${shortestCycleThrough(name, nodes).join(' -> ')} (each agent depends on the next)`,
  }));
  return { nodes, duplicates, cycles };
}

/** Names of agents on at least one cycle (strongly connected components of Tarjan's algorithm). */
function agentsInCycles(nodes: Map<string, GraphNode>): string[] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[] = [];
  let counter = 0;

  const visit = (name: string): void => {
    index.set(name, counter);
    lowLink.set(name, counter);
    counter += 1;
    stack.push(name);
    onStack.add(name);
    for (const next of nodes.get(name)!.dependsOn) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(name, Math.min(lowLink.get(name)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(name, Math.min(lowLink.get(name)!, index.get(next)!));
      }
    }
    if (lowLink.get(name) !== index.get(name)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== name);
    const selfLoop = nodes.get(name)!.dependsOn.includes(name);
    if (component.length > 1 || selfLoop) result.push(...component);
  };

  for (const name of nodes.keys()) if (!index.has(name)) visit(name);
  const order = [...nodes.keys()];
  return result.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Breadth-first search along dependency edges back to `start`: [start, ..., start]. */
function shortestCycleThrough(start: string, nodes: Map<string, GraphNode>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head]!;
    for (const next of nodes.get(current)!.dependsOn) {
      if (next === start) {
        const path = [start];
        for (let step = current; step !== start; step = cameFrom.get(step)!) path.splice(1, 0, step);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return [start];
}
