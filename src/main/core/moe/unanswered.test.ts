import { describe, expect, it } from 'vitest';
import type { AgentRun } from './execution/executor.ts';
import { whyUnanswered } from './unanswered.ts';

const base = { runs: [] as AgentRun[], candidates: ['clock', 'calculator', 'timers'], modelConfigured: false };

describe('why a question has no answer', () => {
  it('needs the network for live data, or when an online expert could not reach its service', () => {
    expect(whyUnanswered({ ...base, query: "what's the weather in paris tomorrow" }).kind).toBe('needs_network');
    expect(whyUnanswered({ ...base, query: 'did arsenal win last night' }).kind).toBe('needs_network');
    const run = { agent: 'weather', provider: 'open-meteo', dependsOn: [], status: 'error', output: null, error: 'Open-Meteo geocoding could not be reached: fetch failed', startedAt: 0, endedAt: 1 } satisfies AgentRun;
    expect(whyUnanswered({ ...base, query: 'is it cold in oslo', runs: [run] }).kind).toBe('needs_network');
  });

  it('has no skill for an action, naming the nearest ones; needs a model for an open question', () => {
    expect(whyUnanswered({ ...base, query: 'book me a flight to rome' })).toEqual({ kind: 'no_skill', nearest: ['clock', 'calculator'] });
    expect(whyUnanswered({ ...base, query: 'turn on the lights in the living room' }).kind).toBe('no_skill');
    expect(whyUnanswered({ ...base, query: 'who wrote hamlet' }).kind).toBe('needs_model');
    expect(whyUnanswered({ ...base, query: 'who wrote hamlet', modelConfigured: true }).kind).toBe('no_skill');
  });
});
