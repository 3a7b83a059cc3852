import type { SessionLanguage } from '../language/session-language.ts';

// A session's core memory (the source's MemoManager): who the user is talking to, who they have
// talked to, what a handoff passed on, what is known about the user, and the slots of the last
// answer (place, amount, unit, date, result) for follow-ups. Persisted at turn boundaries, so a
// session resumed after a restart or a reload carries on where it was.

export interface SessionMemory {
  scenario: string;
  activeAgent: string;
  /** In the order first reached; the start agent first. */
  visitedAgents: string[];
  /** A handoff decided in a turn that has not ended yet (applied at the turn's end). */
  pendingHandoff: { to: string; type: 'announced' | 'discrete'; reason: string | null } | null;
  /** What the last handoff passed on (its edge's shared context fields) and from whom. */
  handoffContext: { from: string | null; reason: string | null; fields: Record<string, string> };
  /** Values about the user (name, preferred units...), by key. */
  profile: Record<string, string>;
  /** The last answer's slots, by name: `question` (its English reading, resolved) and `result`. */
  lastSlots: Record<string, string | number>;
  /** The session's language and the other one heard in a row, if any (null: not set yet). */
  language: SessionLanguage | null;
  updatedAt: number;
}

export function initialMemory(scenario: string, startAgent: string, now: number): SessionMemory {
  return {
    scenario,
    activeAgent: startAgent,
    visitedAgents: [startAgent],
    pendingHandoff: null,
    handoffContext: { from: null, reason: null, fields: {} },
    profile: {},
    lastSlots: {},
    language: null,
    updatedAt: now,
  };
}

/** The memory after a handoff to `to` takes effect. */
export function afterHandoff(
  memory: SessionMemory,
  handoff: { from: string; to: string; reason: string | null; fields: Record<string, string> },
  now: number,
): SessionMemory {
  return {
    ...memory,
    activeAgent: handoff.to,
    visitedAgents: memory.visitedAgents.includes(handoff.to) ? memory.visitedAgents : [...memory.visitedAgents, handoff.to],
    pendingHandoff: null,
    handoffContext: { from: handoff.from, reason: handoff.reason, fields: { ...handoff.fields } },
    updatedAt: now,
  };
}

/**
 * A stored memory for the scenario in force: a memory of another scenario, or naming an agent the
 * scenario no longer has, starts over (a settings change must not strand the session).
 */
export function memoryForScenario(stored: SessionMemory | null, scenario: { name: string; startAgent: string; agents: readonly string[] }, now: number): SessionMemory {
  if (!stored || stored.scenario !== scenario.name || !scenario.agents.includes(stored.activeAgent)) {
    return { ...initialMemory(scenario.name, scenario.startAgent, now), profile: stored?.profile ?? {}, lastSlots: stored?.lastSlots ?? {}, language: stored?.language ?? null };
  }
  return { ...stored, visitedAgents: stored.visitedAgents.filter((name) => scenario.agents.includes(name)) };
}
