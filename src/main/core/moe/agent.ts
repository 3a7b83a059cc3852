import type { Language } from '../language/language.ts';

// A specialist the orchestrator can route to. Plain data plus one async function, so agents are
// easy to declare in config and to fake in tests.

/** What an agent's answer may depend on besides the query; the cache key includes each of these. */
export type CacheVary = 'session' | 'locale' | 'timeZone';

export type CachePolicy =
  /** Never cached: the answer depends on the moment (time, live data) or on personal data. */
  | { cacheable: false; reason: string }
  | { cacheable: true; varyBy: CacheVary[] };

export interface AgentProfile {
  /** Unique, stable id: used in routing, traces and config. */
  name: string;
  description: string;
  capabilities: string[];
  /** Utterances this agent should receive; the embedded router learns from them. */
  examples: string[];
  /** Rate limits and concurrency are per provider (e.g. "openai", "local", "open-meteo"). */
  provider: string;
  cache: CachePolicy;
  /** Names of agents whose results this one consumes; they run first. */
  dependsOn: string[];
  /**
   * Cheap, local and sure of its own scope (a parser, not a model): asked on every turn the agent
   * may take, it abstains from what is not its own. The router chooses among the others.
   */
  selfSelecting?: boolean;
}

export interface AgentContext {
  sessionId: string | null;
  /** Milliseconds since the epoch, from the injected clock. */
  now: number;
  timeZone: string;
  locale: string;
  /** The language to answer in; local skills write their answers in it. */
  language: Language;
  /** The user's own words (the query may be their English reading, for the local skills). */
  utterance: string;
  voiceMode: boolean;
  /** Results of the agents named in `dependsOn`, by name; only successful ones. */
  dependencies: Readonly<Record<string, AgentOutput>>;
  /** Earlier turns of this session, oldest first. */
  conversation: readonly { role: 'user' | 'assistant'; text: string }[];
  /**
   * Set when this agent alone answers the turn: text it produces may be passed here as it forms
   * (it is spoken at once), and the output's text must then be exactly what was passed.
   */
  onText?: (delta: string) => void;
}

export interface AgentOutput {
  text: string;
  /** 0..1: how sure the agent is that it answered the question asked. */
  confidence: number;
  /** Structured result for dependants (e.g. a number, a list). */
  data?: unknown;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

/**
 * The agent declines the question (it is not for it, or it lacks what it needs). The run ends
 * 'abstained' with the reason on the trace: not an answer, not a failure, never weighed or quoted.
 */
export interface AgentAbstention {
  abstained: true;
  /** Why, for the trace, in plain words ("not a weather question"). */
  reason: string;
}

export const abstain = (reason: string): AgentAbstention => ({ abstained: true, reason });

export const isAbstention = (result: AgentOutput | AgentAbstention): result is AgentAbstention => 'abstained' in result && result.abstained === true;

export interface Agent extends AgentProfile {
  /** Must honour `signal`: stop work and reject when it aborts. */
  execute(query: string, context: AgentContext, signal: AbortSignal): Promise<AgentOutput | AgentAbstention>;
}
