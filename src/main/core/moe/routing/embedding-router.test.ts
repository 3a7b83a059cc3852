import { describe, expect, it } from 'vitest';
import { RouteCandidateSchema } from '../../../../shared/trace.ts';
import { EmbeddingRouter } from './embedding-router.ts';
import { calculatorAgent, clockAgent, generalAgent, sampleAgents, translatorAgent, weatherAgent } from './testing/sample-agents.ts';

const route = (router: EmbeddingRouter, query: string, k = 2, minConfidence = 0.3) => router.route({ query, k, minConfidence });

describe('EmbeddingRouter', () => {
  it('routes queries worded unlike any example to the agent that owns them', async () => {
    const router = new EmbeddingRouter(sampleAgents, { fallbackAgent: 'general' });
    expect((await route(router, 'what time is it in Tokyo')).selected[0]).toBe('clock');
    expect((await route(router, 'convert 10 kilometers to miles')).selected[0]).toBe('calculator');
    expect((await route(router, 'will it snow tomorrow')).selected[0]).toBe('weather');
  });

  it('scores every agent in 0..1, best first, and lists candidates in the trace shape', async () => {
    const router = new EmbeddingRouter(sampleAgents);
    const scores = router.scoreAgents('what is the weather in Paris');
    expect(scores.map((entry) => entry.agent).sort()).toEqual(sampleAgents.map((agent) => agent.name).sort());
    for (const entry of scores) expect(entry.score).toBeGreaterThanOrEqual(0);
    for (const entry of scores) expect(entry.score).toBeLessThanOrEqual(1);
    expect(scores.map((entry) => entry.score)).toEqual([...scores.map((entry) => entry.score)].sort((a, b) => b - a));
    const decision = await route(router, 'what is the weather in Paris');
    for (const candidate of decision.candidates) expect(RouteCandidateSchema.parse(candidate)).toEqual(candidate);
    expect(decision.candidates.filter((candidate) => candidate.selected).map((candidate) => candidate.agent)).toEqual(decision.selected);
  });

  it('selects at most k agents, each at or above the minimum confidence', async () => {
    const router = new EmbeddingRouter(sampleAgents);
    const all = await route(router, 'what time is it and will it rain', 3, 0);
    expect(all.selected).toHaveLength(3);
    const one = await route(router, 'what time is it and will it rain', 1, 0);
    expect(one.selected).toEqual([all.selected[0]]);
    const strict = await route(router, 'what time is it and will it rain', 3, 0.05);
    const scoreOf = new Map(strict.candidates.map((candidate) => [candidate.agent, candidate.score]));
    for (const name of strict.selected) expect(scoreOf.get(name)).toBeGreaterThanOrEqual(0.05);
    expect(strict.strategy).toBe('embedding_only');
  });

  it('falls back to the configured agent when nothing clears the threshold', async () => {
    const router = new EmbeddingRouter(sampleAgents, { fallbackAgent: 'general' });
    const decision = await route(router, 'qwxz plorf', 2, 0.5);
    expect(decision.strategy).toBe('fallback');
    expect(decision.selected).toEqual(['general']);
    expect(decision.explanation).toMatch(/No agent reached the minimum confidence 0\.50.*fallback agent general/);
    expect(decision.candidates.find((candidate) => candidate.agent === 'general')?.selected).toBe(true);
  });

  it('selects nobody when nothing clears the threshold and no fallback is configured or registered', async () => {
    const withoutFallback = new EmbeddingRouter(sampleAgents);
    expect((await route(withoutFallback, '', 2, 0.1)).selected).toEqual([]);
    const missingFallback = new EmbeddingRouter([clockAgent], { fallbackAgent: 'general' });
    const decision = await route(missingFallback, 'qwxz', 2, 0.9);
    expect(decision).toMatchObject({ strategy: 'fallback', selected: [] });
    expect(decision.explanation).toMatch(/general is not registered/);
    expect((await route(new EmbeddingRouter(), 'anything', 2, 0)).selected).toEqual([]);
  });

  it('knows an agent without examples by its description and capabilities', async () => {
    const router = new EmbeddingRouter(sampleAgents);
    const [best] = router.scoreAgents('translate this sentence into French');
    expect(best?.agent).toBe(translatorAgent.name);
  });

  it('registers and removes agents at run time', async () => {
    const router = new EmbeddingRouter([clockAgent, generalAgent], { fallbackAgent: 'general' });
    expect((await route(router, 'will it rain tomorrow in Denver', 1, 0.3)).selected).not.toContain('weather');
    router.register(weatherAgent);
    expect(router.agents().map((agent) => agent.name)).toEqual(['clock', 'general', 'weather']);
    expect((await route(router, 'will it rain tomorrow in Denver', 1, 0.3)).selected).toEqual(['weather']);
    router.remove('weather');
    expect(router.agents().map((agent) => agent.name)).toEqual(['clock', 'general']);
    const after = await route(router, 'will it rain tomorrow in Denver', 1, 0.3);
    expect(after.candidates.map((candidate) => candidate.agent)).not.toContain('weather');
  });

  it('registers 150 agents without training until the next query', async () => {
    const router = new EmbeddingRouter();
    for (let i = 0; i < 150; i++) {
      router.register({ ...calculatorAgent, name: `agent-${i}`, examples: [`unique topic number ${i} zq${i}x`, `ask about zq${i}x please`] });
    }
    expect(router.agents()).toHaveLength(150);
    expect(router.isTrained).toBe(false);
    const decision = await route(router, 'tell me about zq42x', 1, 0);
    expect(decision.selected).toEqual(['agent-42']);
    expect(router.isTrained).toBe(true);
  });

  it('re-registering a name replaces the agent', async () => {
    const router = new EmbeddingRouter([clockAgent, weatherAgent]);
    router.register({ ...clockAgent, examples: ['play some jazz music', 'put on a song', 'play my playlist'], description: 'Plays music.' });
    expect(router.agents()).toHaveLength(2);
    expect((await route(router, 'play a song by miles davis', 1, 0)).selected).toEqual(['clock']);
  });

  it('is deterministic: the same registry gives the same scores', () => {
    const a = new EmbeddingRouter(sampleAgents).scoreAgents('how many grams in a pound');
    const b = new EmbeddingRouter(sampleAgents).scoreAgents('how many grams in a pound');
    expect(a).toEqual(b);
  });

  it('explains the last decision and rejects a query whose signal already aborted', async () => {
    const router = new EmbeddingRouter(sampleAgents, { fallbackAgent: 'general' });
    expect(router.explain()).toBe('No query has been routed yet.');
    await route(router, 'what is 15 percent of 80', 1, 0.3);
    expect(router.explain()).toMatch(/^Query "what is 15 percent of 80": Embedding scores, top 1 at or above the minimum confidence 0\.30: selected calculator\. Scores: calculator [01]\.\d\d; general 0\.\d\d/);
    await expect(router.route({ query: 'x', k: 1, minConfidence: 0, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
