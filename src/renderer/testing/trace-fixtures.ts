import { summariseTrace, type TurnChunk } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';

/**
 * A realistic finished turn: three specialists routed by the hybrid router, one of them timed
 * out at the 900 ms agent timeout, the two others disagreed on a number and the synthesis kept
 * the heavier one.
 */
export const sampleTrace = (overrides: Partial<TurnTrace> = {}): TurnTrace => ({
  id: 'turn-eiffel',
  sessionId: 'mine',
  query: 'How tall is the Eiffel Tower in feet?',
  voiceMode: false,
  startedAt: 1_700_000_100_000,
  totalMs: 1_240,
  answer: 'The Eiffel Tower is 1083 feet tall. It was finished in 1889.',
  cache: {
    checked: true,
    hit: false,
    similarity: 0.41,
    entryId: null,
    note: null,
    startAtMs: 0,
    endAtMs: 3,
  },
  routing: {
    strategy: 'hybrid',
    candidates: [
      { agent: 'clock', embeddingScore: 0.08, classifierScore: 0.02, score: 0.044, selected: false },
      { agent: 'general', embeddingScore: 0.55, classifierScore: 0.7, score: 0.64, selected: true },
      { agent: 'units', embeddingScore: 0.81, classifierScore: 0.9, score: 0.864, selected: true },
      { agent: 'wikipedia', embeddingScore: 0.62, classifierScore: null, score: 0.62, selected: true },
    ],
    selected: ['units', 'general', 'wikipedia'],
    explanation:
      'Best embedding score 0.81 (units) is below the fast-path threshold 0.85, so the classifier was asked; kept the top 3 above 0.3.',
    error: null,
    startAtMs: 3,
    endAtMs: 212,
  },
  agents: [
    {
      agent: 'units',
      provider: 'local',
      dependsOn: [],
      status: 'success',
      error: null,
      confidence: 0.92,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      startAtMs: 214,
      endAtMs: 219,
    },
    {
      agent: 'general',
      provider: 'openai',
      dependsOn: [],
      status: 'success',
      error: null,
      confidence: 0.7,
      inputTokens: 182,
      outputTokens: 41,
      costUsd: 0.00021,
      startAtMs: 214,
      endAtMs: 1_020,
    },
    {
      agent: 'wikipedia',
      provider: 'http',
      dependsOn: [],
      status: 'timeout',
      error: 'No answer within 900 ms',
      confidence: null,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      startAtMs: 214,
      endAtMs: 1_114,
    },
  ],
  aggregation: {
    strategy: 'extractive',
    weights: { units: 0.57, general: 0.43 },
    conflicts: [
      {
        kind: 'number',
        agents: ['units', 'general'],
        values: ['1083', '1063'],
        resolvedTo: '1083',
        resolution: 'weight 0.57 vs 0.43',
      },
    ],
    provenance: [
      { sentence: 'The Eiffel Tower is 1083 feet tall.', agents: ['units', 'general'] },
      { sentence: 'It was finished in 1889.', agents: ['general'] },
    ],
    quality: 0.78,
    speakingTimeMs: null,
    error: null,
    startAtMs: 1_114,
    endAtMs: 1_240,
  },
  errors: ['wikipedia: No answer within 900 ms'],
  ...overrides,
});

/** The same question answered again from the semantic cache: no routing, no agents. */
export const sampleCachedTrace = (overrides: Partial<TurnTrace> = {}): TurnTrace =>
  sampleTrace({
    id: 'turn-eiffel-again',
    startedAt: 1_700_000_200_000,
    totalMs: 4,
    cache: { checked: true, hit: true, similarity: 0.97, entryId: 'cache-7', note: null, startAtMs: 0, endAtMs: 4 },
    routing: null,
    agents: [],
    aggregation: null,
    errors: [],
    ...overrides,
  });

/** Fixtures summarise traces as the host does. */
export const summaryOf = summariseTrace;

export const sampleChunk = (overrides: Partial<TurnChunk> = {}): TurnChunk => ({
  turnId: 'turn-eiffel',
  sessionId: 'mine',
  agent: 'units',
  text: '1083 feet',
  confidence: 0.92,
  final: false,
  ...overrides,
});
