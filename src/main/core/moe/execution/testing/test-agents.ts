import type { Agent, AgentContext, AgentOutput } from '../../agent.ts';
import type { ExecutionRequest } from '../executor.ts';

// Agents and requests for the executor's tests and benchmark: timers only, no I/O.

export type Behaviour = (query: string, context: AgentContext, signal: AbortSignal) => Promise<AgentOutput>;

export function testAgent(name: string, behaviour: Behaviour, options: { provider?: string; dependsOn?: string[] } = {}): Agent {
  return {
    name,
    description: `test agent ${name}`,
    capabilities: [],
    examples: [],
    provider: options.provider ?? 'local',
    cache: { cacheable: false, reason: 'test' },
    dependsOn: options.dependsOn ?? [],
    execute: behaviour,
  };
}

/** Answers `text` after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleeping(ms: number, text: string, confidence = 0.8): Behaviour {
  return (_query, _context, signal) =>
    new Promise<AgentOutput>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve({ text, confidence });
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

export function testRequest(agents: Agent[], overrides: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    query: 'what is the answer',
    agents,
    context: { sessionId: 's1', now: 0, timeZone: 'UTC', locale: 'en', language: 'en', utterance: 'what is the answer', voiceMode: false, conversation: [] },
    signal: new AbortController().signal,
    agentTimeoutMs: Number.POSITIVE_INFINITY,
    deadline: Number.POSITIVE_INFINITY,
    ...overrides,
  };
}
