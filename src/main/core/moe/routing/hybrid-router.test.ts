import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import type { ChatModel, ChatRequest, ChatResult } from '../../../ports/chat-model.ts';
import { ClassifierRouter } from './classifier-router.ts';
import { EmbeddingRouter } from './embedding-router.ts';
import { HybridRouter, type HybridRouterOptions } from './hybrid-router.ts';
import { sampleAgents, weatherAgent } from './testing/sample-agents.ts';

/** A ChatModel whose replies the test scripts; records every request. */
function scriptedChat(reply: (request: ChatRequest) => Promise<string> | string): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    provider: 'test',
    requests,
    async complete(request): Promise<ChatResult> {
      requests.push(request);
      return { text: await reply(request), model: 'test-model', inputTokens: null, outputTokens: null };
    },
    async *stream() {
      yield* [];
      throw new Error('the router never streams');
    },
  };
}

/** Scores every agent named in the prompt: `scores` for the listed ones, 0 for the others. */
const scoring = (scores: Record<string, number>) => (request: ChatRequest) => {
  const prompt = request.messages.map((message) => message.content).join('\n');
  const named = [...prompt.matchAll(/^- ([\w-]+):/gm)].map((match) => match[1]!);
  return JSON.stringify({ scores: Object.fromEntries(named.map((name) => [name, scores[name] ?? 0])) });
};

function hybrid(chat: ChatModel, options: Partial<HybridRouterOptions> = {}) {
  const router = new HybridRouter(new EmbeddingRouter(), new ClassifierRouter(chat), {
    k: 2,
    minConfidence: 0.3,
    fastPathThreshold: 0.85,
    embeddingWeight: 0.4,
    classifierWeight: 0.6,
    fallbackAgent: 'general',
    ...options,
  });
  for (const agent of sampleAgents) router.register(agent);
  return router;
}

describe('HybridRouter', () => {
  it('takes the fast path on a confident embedding match without asking the classifier', async () => {
    const chat = scriptedChat(scoring({}));
    const router = hybrid(chat);
    const decision = await router.routeQuery('what time is it in Tokyo');
    expect(decision.strategy).toBe('fast_path');
    expect(decision.selected).toEqual(['clock']);
    expect(decision.error).toBeNull();
    expect(chat.requests).toHaveLength(0);
    expect(decision.candidates[0]).toMatchObject({ agent: 'clock', classifierScore: null, selected: true });
    expect(router.explain()).toMatch(/Fast path: the best embedding score 0\.\d\d \(clock\) reached the fast-path threshold 0\.85, so the classifier was not asked/);
  });

  it('blends embedding and classifier scores by the configured weights below the fast-path threshold', async () => {
    const chat = scriptedChat(scoring({ weather: 0.9, clock: 0.1 }));
    const router = hybrid(chat);
    const decision = await router.routeQuery('how warm is it in Rome today');
    expect(decision.strategy).toBe('hybrid');
    expect(decision.selected).toEqual(['weather']);
    const weather = decision.candidates.find((candidate) => candidate.agent === 'weather')!;
    expect(weather.classifierScore).toBe(0.9);
    expect(weather.score).toBeCloseTo(0.4 * weather.embeddingScore + 0.6 * 0.9, 3);
    const clock = decision.candidates.find((candidate) => candidate.agent === 'clock')!;
    expect(clock.embeddingScore).toBeGreaterThan(weather.embeddingScore); // the classifier overturned the embedding
    expect(clock.selected).toBe(false);

    const request = chat.requests[0]!;
    expect(request.responseFormat).toBe('json_object');
    expect(request.messages.map((message) => message.content).join('\n')).toContain('- weather: Gives the weather forecast for a place.');
    expect(request.messages.at(-1)!.content).toContain('Request: "how warm is it in Rome today"');
    expect(router.explain()).toMatch(/below the fast-path threshold 0\.85, so the classifier scored the top 5 candidates; score = 0\.40 x embedding \+ 0\.60 x classifier/);
    expect(router.explain()).toMatch(/selected weather/);
  });

  it('asks the classifier only about the best embedding candidates', async () => {
    const chat = scriptedChat(scoring({ weather: 1 }));
    const router = hybrid(chat, { classifierCandidates: 2 });
    await router.routeQuery('how warm is it in Rome today');
    const prompt = chat.requests[0]!.messages.at(-1)!.content;
    expect([...prompt.matchAll(/^- /gm)]).toHaveLength(2);
  });

  it.each([
    ['garbage text', () => 'Sure! The weather agent, definitely.', /not JSON/],
    ['JSON of the wrong shape', () => JSON.stringify({ scores: { weather: 'high' } }), /wrong shape \(scores\.weather/],
    ['scores out of range', () => JSON.stringify({ scores: { weather: 7 } }), /wrong shape/],
    ['scores for agents it was not asked about', () => JSON.stringify({ scores: { pirate: 1 } }), /scored none of the agents/],
    ['a rejection', () => Promise.reject(new AppError('unavailable', 'test chat failed (503): overloaded', { retryable: true })), /overloaded/],
    ['a plain error', () => Promise.reject(new Error('socket hang up')), /socket hang up/],
  ])('falls back to embedding scores when the classifier returns %s', async (_, reply, message) => {
    const router = hybrid(scriptedChat(reply));
    const decision = await router.routeQuery('how warm is it in Rome today');
    expect(decision.strategy).toBe('embedding_only');
    expect(decision.error).toMatch(message);
    expect(decision.selected.length).toBeGreaterThan(0);
    expect(decision.candidates.every((candidate) => candidate.classifierScore === null)).toBe(true);
    expect(router.explain()).toMatch(/the classifier was asked, but it failed/);
  });

  it('records a timeout when the signal aborts while the classifier hangs, and still decides', async () => {
    let started!: () => void;
    const asked = new Promise<void>((resolve) => (started = resolve));
    // A model that never answers and ignores the signal: the router must not wait for it.
    const router = hybrid(scriptedChat(() => (started(), new Promise<string>(() => {}))));
    const controller = new AbortController();
    const pending = router.routeQuery('how warm is it in Rome today', controller.signal);
    await asked;
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const decision = await pending;
    expect(decision.strategy).toBe('embedding_only');
    expect(decision.error).toMatch(/classifier: timed out/);
    expect(decision.selected.length).toBeGreaterThan(0);
  });

  it('passes the signal on to the chat model', async () => {
    const chat = scriptedChat(scoring({ weather: 1 }));
    const controller = new AbortController();
    await hybrid(chat).routeQuery('how warm is it in Rome today', controller.signal);
    expect(chat.requests[0]!.signal).toBe(controller.signal);
  });

  it('falls back when neither score clears the minimum confidence, keeping the classifier error', async () => {
    const router = hybrid(scriptedChat(() => 'nope'), { minConfidence: 0.95 });
    const decision = await router.routeQuery('who painted the mona lisa');
    expect(decision).toMatchObject({ strategy: 'fallback', selected: ['general'] });
    expect(decision.error).toMatch(/not JSON/);
    expect(decision.explanation).toMatch(/the classifier was asked, but it failed \(classifier reply is not JSON.*selected none\..*fallback agent general answers\./);
  });

  it('falls back when the classifier rates every candidate low', async () => {
    const router = hybrid(scriptedChat(scoring({})));
    const decision = await router.routeQuery('who painted the mona lisa');
    expect(decision.strategy).toBe('fallback');
    expect(decision.selected).toEqual(['general']);
    expect(decision.error).toBeNull();
  });

  it('registers and removes agents in both routers at run time', async () => {
    const chat = scriptedChat(scoring({ weather: 1 }));
    const router = hybrid(chat);
    router.remove('weather');
    expect(router.agents().map((agent) => agent.name)).not.toContain('weather');
    await router.routeQuery('how warm is it in Rome today');
    expect(chat.requests[0]!.messages.at(-1)!.content).not.toContain('- weather:');
    router.register(weatherAgent);
    expect((await router.routeQuery('will it snow in Denver tomorrow')).selected).toContain('weather');
  });

  it('runs the classifier under the signal the configured hook derives (e.g. a timeout)', async () => {
    const deadline = new AbortController();
    const router = hybrid(scriptedChat(() => new Promise<string>(() => {})), { classifierSignal: () => deadline.signal });
    const pending = router.routeQuery('how warm is it in Rome today');
    deadline.abort(new DOMException('classifier deadline', 'TimeoutError'));
    const decision = await pending;
    expect(decision).toMatchObject({ strategy: 'embedding_only', error: 'classifier: timed out' });
  });

  it('decides by embedding scores alone when no classifier is configured', async () => {
    const router = new HybridRouter(new EmbeddingRouter(sampleAgents), null, { fallbackAgent: 'general', minConfidence: 0.1 });
    const decision = await router.routeQuery('how warm is it in Rome today');
    expect(decision.strategy).toBe('embedding_only');
    expect(decision.error).toBeNull();
    expect(decision.selected.length).toBeGreaterThan(0);
    expect(router.explain()).toMatch(/no classifier is configured/);
    router.remove('clock');
    expect(router.agents().map((agent) => agent.name)).not.toContain('clock');
  });

  it('rejects a query whose signal aborted before routing began', async () => {
    const router = hybrid(scriptedChat(scoring({})));
    await expect(router.routeQuery('x', AbortSignal.abort())).rejects.toBeInstanceOf(AppError);
    expect(router.explain()).toBe('No query has been routed yet.');
  });
});

describe('ClassifierRouter on its own', () => {
  it('scores all agents and selects the top k above the threshold', async () => {
    const router = new ClassifierRouter(scriptedChat(scoring({ weather: 0.8, clock: 0.6, calculator: 0.2 })), sampleAgents, { fallbackAgent: 'general' });
    const decision = await router.route({ query: 'is it warm', k: 2, minConfidence: 0.5 });
    expect(decision.selected).toEqual(['weather', 'clock']);
    expect(decision.candidates[0]).toMatchObject({ agent: 'weather', classifierScore: 0.8, score: 0.8 });
    expect(router.explain()).toMatch(/Classifier scores only/);
  });

  it('accepts a reply wrapped in a code fence and rejects garbage with an AppError', async () => {
    const fenced = new ClassifierRouter(scriptedChat(() => '```json\n{"scores": {"clock": 1}}\n```'), sampleAgents);
    expect((await fenced.route({ query: 'time', k: 1, minConfidence: 0.5 })).selected).toEqual(['clock']);
    const garbage = new ClassifierRouter(scriptedChat(() => '<html>'), sampleAgents);
    await expect(garbage.route({ query: 'time', k: 1, minConfidence: 0.5 })).rejects.toMatchObject({ name: 'AppError', code: 'unavailable' });
  });
});
