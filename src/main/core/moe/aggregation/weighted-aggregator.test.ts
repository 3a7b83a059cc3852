import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest } from '../../../ports/chat-model.ts';
import type { AgentAnswer } from './aggregator.ts';
import { buildSynthesisPrompt } from './llm-synthesizer.ts';
import { MoeConfigSchema } from '../moe-config.ts';
import { createAggregatorFromConfig, createWeightedAggregator, type WeightedAggregatorOptions } from './weighted-aggregator.ts';

const LLM = { temperature: 0.3, maxTokens: 200 };

function chatReplying(reply: string | Error): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    provider: 'test',
    requests,
    async complete(request) {
      requests.push(request);
      if (reply instanceof Error) throw reply;
      return { text: reply, model: request.model ?? 'test-model', inputTokens: 10, outputTokens: 10 };
    },
    async *stream() {
      yield* [];
    },
  };
}

const aggregator = (overrides: Partial<WeightedAggregatorOptions> = {}) =>
  createWeightedAggregator({ minConfidence: 0.2, mode: 'extractive', chatModel: null, llm: LLM, ...overrides });

const EVEREST: AgentAnswer[] = [
  { agent: 'geo', text: 'Mount Everest is 8,849 metres tall. It sits on the border of Nepal and China.', confidence: 0.9 },
  { agent: 'trivia', text: 'Everest is 8,611 m tall. It sits on the Nepal and China border.', confidence: 0.5 },
];

describe('weighted aggregator', () => {
  it('answers with nothing when no answer is usable', async () => {
    const result = await aggregator().aggregate({ query: 'Hi?', voiceMode: false, answers: [{ agent: 'a', text: 'x', confidence: 0.1 }] });
    expect(result).toMatchObject({ strategy: 'none', text: '', quality: 0, provenance: [], weights: { a: 0 } });
    expect(result.error).toContain('a: confidence 0.10 below 0.2');
  });

  it('passes a single answer through', async () => {
    const result = await aggregator().aggregate({
      query: 'What time is it?',
      voiceMode: false,
      answers: [
        { agent: 'clock', text: 'It is 10:04. The sun sets at 18:10.', confidence: 0.9 },
        { agent: 'weak', text: 'No idea.', confidence: 0.05 },
      ],
    });
    expect(result.strategy).toBe('single');
    expect(result.text).toBe('It is 10:04. The sun sets at 18:10.');
    expect(result.provenance).toEqual([
      { sentence: 'It is 10:04.', agents: ['clock'] },
      { sentence: 'The sun sets at 18:10.', agents: ['clock'] },
    ]);
    expect(result.weights).toEqual({ clock: 1, weak: 0 });
    expect(result.quality).toBeCloseTo(0.9 * 0.9, 5);
  });

  it('synthesises extractively: drops the losing side and redundant sentences, keeps provenance', async () => {
    const result = await aggregator().aggregate({ query: 'How tall is Mount Everest?', voiceMode: false, answers: EVEREST });
    expect(result.strategy).toBe('extractive');
    expect(result.text).toBe('Mount Everest is 8,849 metres tall. It sits on the border of Nepal and China.');
    expect(result.provenance).toEqual([
      { sentence: 'Mount Everest is 8,849 metres tall.', agents: ['geo'] },
      { sentence: 'It sits on the border of Nepal and China.', agents: ['geo', 'trivia'] },
    ]);
    expect(result.conflicts).toEqual([
      { kind: 'number', agents: ['geo', 'trivia'], values: ['8,849 metres', '8,611 m'], resolvedTo: '8,849 metres', resolution: 'weight 0.64 vs 0.36' },
    ]);
    expect(result.speakingTimeMs).toBeNull();
    expect(result.quality).toBeGreaterThan(0.5);
    expect(result.quality).toBeLessThan(0.9);
  });

  it('orders sentences by the weight behind them', async () => {
    const result = await aggregator().aggregate({
      query: 'Tell me about Jupiter',
      voiceMode: false,
      answers: [
        { agent: 'a', text: 'Jupiter has a Great Red Spot.', confidence: 0.3 },
        { agent: 'b', text: 'Jupiter is a gas giant.', confidence: 0.9 },
        { agent: 'c', text: 'Jupiter is a huge gas giant.', confidence: 0.6 },
      ],
    });
    expect(result.provenance).toEqual([
      { sentence: 'Jupiter is a gas giant.', agents: ['b', 'c'] },
      { sentence: 'Jupiter has a Great Red Spot.', agents: ['a'] },
    ]);
  });

  it('uses the majority voter from three answers stating a fact', async () => {
    const result = await aggregator({ mode: 'llm', chatModel: chatReplying('unused') }).aggregate({
      query: 'How many moons does Mars have?',
      voiceMode: false,
      answers: [
        { agent: 'heavy', text: 'Mars has three moons.', confidence: 0.9, weight: 2 },
        { agent: 'x', text: 'Mars has two moons.', confidence: 0.6 },
        { agent: 'y', text: 'Mars has 2 moons, Phobos and Deimos.', confidence: 0.6 },
      ],
    });
    expect(result.strategy).toBe('majority');
    expect(result.text).toMatch(/^Mars has (two|2) moons/);
    expect(result.text).not.toContain('three');
    expect(result.conflicts[0]!.resolution).toMatch(/^majority 2 of 3/);
  });

  it('synthesises through the LLM with labelled answers and conflicts, and attributes its sentences', async () => {
    const chat = chatReplying('Mount Everest is 8,849 metres tall. It lies on the border of Nepal and China.');
    const result = await aggregator({ mode: 'auto', chatModel: chat, llm: { model: 'm1', temperature: 0.2, maxTokens: 99 } }).aggregate({
      query: 'How tall is Mount Everest?',
      voiceMode: false,
      answers: EVEREST,
    });
    expect(result.strategy).toBe('llm');
    expect(result.error).toBeNull();
    expect(result.provenance).toEqual([
      { sentence: 'Mount Everest is 8,849 metres tall.', agents: ['geo'] },
      { sentence: 'It lies on the border of Nepal and China.', agents: ['geo', 'trivia'] },
    ]);
    const request = chat.requests[0]!;
    expect(request).toMatchObject({ model: 'm1', temperature: 0.2, maxTokens: 99 });
    const prompt = request.messages[1]!.content;
    expect(prompt).toContain('[1] agent: geo, confidence 0.90, weight 0.64');
    expect(prompt).toContain('[2] agent: trivia, confidence 0.50, weight 0.36');
    expect(prompt).toContain('- number: geo says 8,849 metres; trivia says 8,611 m. Resolved to 8,849 metres (weight 0.64 vs 0.36).');
  });

  it.each([
    [new Error('503 from upstream'), 'LLM synthesis failed (503 from upstream)'],
    ['   ', 'the LLM returned an empty answer'],
    ['{{{ ### ||| }}} 0x00 ;;;', 'mostly symbols'],
    ['the the the the the the the the', 'repeats itself'],
    ['Bananas grow quickly underwater tonight.', 'nothing in common'],
    ['Everest is 8,611 metres tall.', 'lost the conflict'],
  ])('falls back to the extractive answer when the LLM gives %j', async (reply, reason) => {
    const result = await aggregator({ mode: 'llm', chatModel: chatReplying(reply) }).aggregate({ query: 'How tall is Mount Everest?', voiceMode: false, answers: EVEREST });
    expect(result.strategy).toBe('extractive');
    expect(result.text).toBe('Mount Everest is 8,849 metres tall. It sits on the border of Nepal and China.');
    expect(result.error).toContain(reason);
  });

  it('skips the LLM when the turn is already cancelled', async () => {
    const chat = chatReplying('Mount Everest is 8,849 metres tall.');
    const controller = new AbortController();
    controller.abort();
    const result = await aggregator({ mode: 'llm', chatModel: chat }).aggregate({ query: 'How tall is Mount Everest?', voiceMode: false, answers: EVEREST, signal: controller.signal });
    expect(chat.requests).toHaveLength(0);
    expect(result.error).toContain('cancelled');
  });

  it('asks for speakable output and post-processes it in voice mode', async () => {
    const chat = chatReplying('**Yes**, Berlin tap water is safe to drink [1]. See https://example.org for details.\n- tested daily\n- low in lead');
    const result = await aggregator({ mode: 'llm', chatModel: chat }).aggregate({
      query: 'Is Berlin tap water safe to drink?',
      voiceMode: true,
      answers: [
        { agent: 'a', text: 'Yes, Berlin tap water is safe to drink. It is tested daily.', confidence: 0.9 },
        { agent: 'b', text: 'Yes, it is safe.', confidence: 0.6 },
      ],
    });
    expect(chat.requests[0]!.messages[0]!.content).toContain('spoken aloud');
    expect(result.text).toBe('Yes, Berlin tap water is safe to drink. Tested daily and low in lead.');
    expect(result.speakingTimeMs).toBeGreaterThan(0);
    expect(result.provenance).toEqual([
      { sentence: 'Yes, Berlin tap water is safe to drink.', agents: ['a'] },
      { sentence: 'Tested daily and low in lead.', agents: ['a'] },
    ]);
  });
});

describe('weighted aggregator in voice mode without an LLM', () => {
  it('speaks the extractive answer and estimates its duration', async () => {
    const result = await aggregator({ wordsPerMinute: 150 }).aggregate({
      query: 'Is the museum open today?',
      voiceMode: true,
      answers: [
        { agent: 'hours', text: 'Yes, it is open today from 10:00 to 18:00 [1].\n- free entry\n- guided tours', confidence: 0.9 },
        { agent: 'general', text: 'No. The museum is closed today.', confidence: 0.3 },
      ],
    });
    expect(result.strategy).toBe('extractive');
    expect(result.text).toBe("Yes, it's open today from 10:00 to 18:00. Free entry. Guided tours.");
    expect(result.conflicts[0]).toMatchObject({ kind: 'yes_no', resolvedTo: 'yes' });
    expect(result.speakingTimeMs).toBe(Math.round((14 / 150) * 60_000 + 2 * 300));
    expect(result.provenance.map((item) => item.agents)).toEqual([['hours'], ['hours'], ['hours']]);
  });
});

describe('createAggregatorFromConfig', () => {
  it('uses the LLM in auto mode only when a chat model is given, with the configured options', async () => {
    const config = MoeConfigSchema.parse({ synthesis: { model: 'local-model', temperature: 0.1, maxTokens: 64, minConfidence: 0.6 } });
    const offline = await createAggregatorFromConfig(config, null).aggregate({ query: 'How tall is Mount Everest?', voiceMode: false, answers: EVEREST });
    expect(offline.strategy).toBe('single');
    expect(offline.weights).toEqual({ geo: 1, trivia: 0 });

    const chat = chatReplying('Mount Everest is 8,849 metres tall.');
    const both = EVEREST.map((answer) => ({ ...answer, confidence: 0.8 }));
    const online = await createAggregatorFromConfig(config, chat).aggregate({ query: 'How tall is Mount Everest?', voiceMode: false, answers: both });
    expect(online.strategy).toBe('llm');
    expect(chat.requests[0]).toMatchObject({ model: 'local-model', temperature: 0.1, maxTokens: 64 });
  });
});

describe('a fault inside aggregation', () => {
  it('still answers with the most confident answer and says what failed', async () => {
    const broken = { agent: 'broken', confidence: 0.9, get text(): string { throw new Error('bad getter'); } };
    const result = await aggregator().aggregate({
      query: 'Hi?',
      voiceMode: false,
      answers: [broken, { agent: 'ok', text: 'Hello there.', confidence: 0.5 }],
    });
    expect(result).toMatchObject({ text: 'Hello there.', strategy: 'single', quality: 0, weights: { broken: 0, ok: 1 } });
    expect(result.error).toBe("aggregation failed (bad getter); answered with ok's answer unchanged");
  });
});

describe('buildSynthesisPrompt', () => {
  it('says there are no conflicts when there are none', () => {
    const messages = buildSynthesisPrompt('Q?', [{ agent: 'a', text: 'A.', confidence: 1, weight: 1 }], { conflicts: [] } as never, false);
    expect(messages[1]!.content).toContain('Conflicts: none');
  });
});
