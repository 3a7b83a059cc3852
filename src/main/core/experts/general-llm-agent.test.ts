import { describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest, ChatResult } from '../../ports/chat-model.ts';
import { AppError } from '../errors.ts';
import { contextForTests, resultOf } from './testing/context-for-tests.ts';
import { createGeneralLlmAgent, DEFAULT_SYSTEM_PROMPT, replyConfidence } from './general-llm-agent.ts';

/** A chat model that answers from a script and records what it was asked. */
function scriptedModel(reply: (request: ChatRequest) => Promise<ChatResult> | ChatResult) {
  const requests: ChatRequest[] = [];
  const model: ChatModel = {
    provider: 'openai',
    async complete(request) {
      requests.push(request);
      return reply(request);
    },
    async *stream() {
      yield* [];
    },
  };
  return { model, requests };
}

const result = (text: string): ChatResult => ({ text, model: 'gpt-test', inputTokens: 42, outputTokens: 7 });

describe('general LLM agent', () => {
  it('sends the system prompt, the recent conversation and the question, with its options', async () => {
    const { model, requests } = scriptedModel(() => result('Canberra is the capital of Australia.'));
    const agent = createGeneralLlmAgent({ chatModel: model, model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 120, historyTurns: 2 });
    const context = contextForTests({
      conversation: [
        { role: 'user', text: 'hello' },
        { role: 'assistant', text: 'Hi! How can I help?' },
        { role: 'user', text: 'tell me about Australia' },
        { role: 'assistant', text: 'Australia is a country and a continent.' },
      ],
    });
    const output = await agent.execute('what is its capital?', context, new AbortController().signal);

    expect(output).toEqual({
      text: 'Canberra is the capital of Australia.',
      confidence: 0.6,
      data: { model: 'gpt-test' },
      inputTokens: 42,
      outputTokens: 7,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      maxTokens: 120,
      messages: [
        { role: 'system', content: DEFAULT_SYSTEM_PROMPT },
        { role: 'user', content: 'tell me about Australia' },
        { role: 'assistant', content: 'Australia is a country and a continent.' },
        { role: 'user', content: 'what is its capital?' },
      ],
    });
    expect(requests[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('leaves the model to the adapter when none is configured and omits unknown token counts', async () => {
    const { model, requests } = scriptedModel(() => ({ text: 'Sure.', model: 'llama3', inputTokens: null, outputTokens: null }));
    const agent = createGeneralLlmAgent({ chatModel: model });
    const output = await resultOf(agent.execute('say sure', contextForTests(), new AbortController().signal));
    expect(requests[0]).not.toHaveProperty('model');
    expect(output).not.toHaveProperty('inputTokens');
    expect(output.text).toBe('Sure.');
  });

  it.each([
    ['Paris is the capital of France.', 0.6],
    ['It is probably around 8,849 metres tall.', 0.45],
    ["I'm not sure, but it might be 1912.", 0.2],
    ["I don't have access to real-time data, so I can't tell you today's weather.", 0.2],
    ['As an AI, I cannot know that.', 0.2],
    ['   ', 0],
  ])('confidence of "%s" is %d', (reply, expected) => {
    expect(replyConfidence(reply)).toBe(expected);
  });

  it('says so when the model returns nothing', async () => {
    const { model } = scriptedModel(() => result('  '));
    const output = await createGeneralLlmAgent({ chatModel: model }).execute('hi', contextForTests(), new AbortController().signal);
    expect(output).toMatchObject({ text: 'The language model returned an empty answer.', confidence: 0 });
  });

  it('passes model failures on as they are', async () => {
    const { model } = scriptedModel(() => {
      throw new AppError('unavailable', 'rate limited', { retryable: true });
    });
    const agent = createGeneralLlmAgent({ chatModel: model });
    await expect(agent.execute('hi', contextForTests(), new AbortController().signal)).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
  });

  it('stops waiting for the model when the signal aborts', async () => {
    const { model } = scriptedModel(
      (request) =>
        new Promise<ChatResult>((_resolve, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal!.reason), { once: true });
        }),
    );
    const agent = createGeneralLlmAgent({ chatModel: model });
    const controller = new AbortController();
    const pending = agent.execute('a question that hangs', contextForTests(), controller.signal);
    controller.abort(new Error('turn cancelled'));
    await expect(pending).rejects.toThrow('turn cancelled');
  });

  it('declares a global cache policy, the provider of its model, and varied examples', () => {
    const { model } = scriptedModel(() => result('x'));
    const agent = createGeneralLlmAgent({ chatModel: model, examples: ['who painted the Mona Lisa'] });
    expect(agent.cache).toEqual({ cacheable: true, varyBy: ['session'] });
    expect(agent.provider).toBe('openai');
    expect(agent.examples.length).toBeGreaterThanOrEqual(15);
    expect(agent.examples).toContain('who painted the Mona Lisa');
  });
});
