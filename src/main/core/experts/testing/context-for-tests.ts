import type { AgentAbstention, AgentContext, AgentOutput } from '../../moe/agent.ts';

/** Friday 20 November 2026, 14:04 UTC: 15:04 in Berlin, 23:04 in Tokyo, 09:04 in New York. */
export const FIXED_NOW = Date.UTC(2026, 10, 20, 14, 4);

/** An agent context at a fixed instant, for tests of the specialists. */
export function contextForTests(overrides: Partial<AgentContext> = {}): AgentContext {
  return {
    sessionId: 'session-1',
    now: FIXED_NOW,
    timeZone: 'Europe/Berlin',
    locale: 'en-US',
    language: 'en',
    utterance: '',
    voiceMode: false,
    dependencies: {},
    conversation: [],
    ...overrides,
  };
}

/** An agent's result with the fields of both shapes optional, so tests assert on either. */
export type AgentResultForTests = Partial<AgentOutput> & Partial<AgentAbstention>;

export const resultOf = (pending: Promise<AgentOutput | AgentAbstention>): Promise<AgentResultForTests> => pending;
