import type { AgentTrace, TurnTrace } from '../../../../shared/trace.ts';

// A realistic turn for tests: cache miss, hybrid routing to two agents (one of them fails), LLM
// synthesis with one conflict. Epoch times are real dates so OpenTelemetry reads them as such.

export const FIXTURE_STARTED_AT = Date.UTC(2026, 10, 22, 3, 0, 0);

export function agentRun(agent: string, overrides: Partial<AgentTrace> = {}): AgentTrace {
  return {
    agent,
    provider: 'local',
    dependsOn: [],
    status: 'success',
    error: null,
    confidence: 0.9,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    startAtMs: 20,
    endAtMs: 60,
    ...overrides,
  };
}

export function turnTrace(overrides: Partial<TurnTrace> = {}): TurnTrace {
  return {
    id: 'turn-1',
    sessionId: 'session-1',
    query: 'What time is it in Tokyo, and what is 12% of 250?',
    voiceMode: false,
    startedAt: FIXTURE_STARTED_AT,
    totalMs: 140,
    answer: "It's 12:00 in Tokyo. 12% of 250 is 30.",
    cache: {
      checked: true,
      hit: false,
      similarity: 0.41,
      entryId: null,
      note: 'answer depends on the time',
      startAtMs: 0,
      endAtMs: 3,
    },
    routing: {
      strategy: 'hybrid',
      candidates: [
        { agent: 'clock', embeddingScore: 0.7, classifierScore: 0.9, score: 0.82, selected: true },
        { agent: 'general', embeddingScore: 0.5, classifierScore: 0.6, score: 0.56, selected: true },
        { agent: 'weather', embeddingScore: 0.1, classifierScore: 0.05, score: 0.07, selected: false },
      ],
      selected: ['clock', 'general'],
      explanation: 'clock scored 0.82 (embedding 0.70, classifier 0.90); general 0.56',
      error: null,
      startAtMs: 3,
      endAtMs: 18,
    },
    agents: [
      agentRun('clock', { startAtMs: 18, endAtMs: 25, confidence: 0.95 }),
      agentRun('general', {
        provider: 'openai',
        status: 'error',
        error: 'AppError(unavailable): upstream returned 503',
        confidence: null,
        inputTokens: 120,
        outputTokens: 0,
        costUsd: 0.0001,
        startAtMs: 18,
        endAtMs: 95,
      }),
    ],
    aggregation: {
      strategy: 'llm',
      weights: { clock: 1 },
      conflicts: [
        { kind: 'number', agents: ['clock', 'general'], values: ['12:00', '11:00'], resolvedTo: '12:00', resolution: 'weight 0.95 vs 0.40' },
      ],
      provenance: [{ sentence: "It's 12:00 in Tokyo.", agents: ['clock'] }],
      quality: 0.8,
      speakingTimeMs: null,
      error: null,
      startAtMs: 95,
      endAtMs: 138,
    },
    errors: ['general: AppError(unavailable): upstream returned 503'],
    ...overrides,
  };
}
