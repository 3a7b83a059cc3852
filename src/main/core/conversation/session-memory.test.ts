import { describe, expect, it } from 'vitest';
import { afterHandoff, initialMemory, memoryForScenario } from './session-memory.ts';

describe('session memory', () => {
  it('records the handoff: active agent, visits in order, what was passed on', () => {
    const start = initialMemory('front_desk', 'concierge', 1);
    const moved = afterHandoff(start, { from: 'concierge', to: 'timekeeper', reason: 'time', fields: { topic: 'Tokyo' } }, 2);
    expect(moved).toMatchObject({ activeAgent: 'timekeeper', visitedAgents: ['concierge', 'timekeeper'], handoffContext: { from: 'concierge', reason: 'time', fields: { topic: 'Tokyo' } }, updatedAt: 2 });
    const back = afterHandoff(moved, { from: 'timekeeper', to: 'concierge', reason: null, fields: {} }, 3);
    expect(back.visitedAgents).toEqual(['concierge', 'timekeeper']);
    expect(start.activeAgent).toBe('concierge');
  });

  it('starts over for another scenario, keeping what it knows about the user', () => {
    const stored = { ...initialMemory('front_desk', 'timekeeper', 1), profile: { user_name: 'Sam' } };
    const scenario = { name: 'desktop', startAgent: 'assistant', agents: ['assistant'] };
    expect(memoryForScenario(stored, scenario, 5)).toMatchObject({ scenario: 'desktop', activeAgent: 'assistant', visitedAgents: ['assistant'], profile: { user_name: 'Sam' } });
    expect(memoryForScenario(null, scenario, 5).activeAgent).toBe('assistant');
    const same = { name: 'front_desk', startAgent: 'concierge', agents: ['concierge', 'timekeeper'] };
    expect(memoryForScenario(stored, same, 5).activeAgent).toBe('timekeeper');
  });
});
