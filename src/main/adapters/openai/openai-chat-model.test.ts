import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../testing/fake-openai-server.ts';
import { createOpenAiChatModel } from './openai-chat-model.ts';

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.close());

async function modelReplying(reply: FakeReply | ((body: unknown) => FakeReply), timeoutMs = 5000) {
  server = await startFakeOpenAiServer({ chat: (body) => (typeof reply === 'function' ? reply(body) : reply) });
  return createOpenAiChatModel({ apiKey: 'sk-test', baseURL: server.baseURL, model: 'gpt-test', timeoutMs, maxRetries: 0 });
}

describe('OpenAI chat model against the fake server', () => {
  it('completes, sending the model, options and key as the SDK does', async () => {
    const model = await modelReplying({ kind: 'text', content: 'Paris.', usage: { prompt_tokens: 12, completion_tokens: 2 } });
    const result = await model.complete({
      messages: [{ role: 'user', content: 'Capital of France?' }],
      temperature: 0.2,
      maxTokens: 50,
      responseFormat: 'json_object',
    });
    expect(result).toEqual({ text: 'Paris.', model: 'gpt-test', inputTokens: 12, outputTokens: 2 });
    const sent = server!.requests[0]!;
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({ model: 'gpt-test', temperature: 0.2, max_tokens: 50, response_format: { type: 'json_object' } });
  });

  it('streams text deltas in order', async () => {
    const model = await modelReplying({ kind: 'text', content: 'One two three. Four.' });
    const pieces: string[] = [];
    const events: string[] = [];
    for await (const event of model.stream({ messages: [{ role: 'user', content: 'count' }] })) {
      events.push(event.type);
      if (event.type === 'text') pieces.push(event.delta);
    }
    expect(pieces.join('')).toBe('One two three. Four.');
    expect(pieces.length).toBeGreaterThan(2);
    expect(events.at(-1)).toBe('done');
  });

  it('streams tool calls as the API does, fragment by fragment, and sends tools and tool results back', async () => {
    const model = await modelReplying({
      kind: 'tool_calls',
      content: 'Let me check.',
      calls: [
        { name: 'current_time', arguments: '{"city":"Tokyo"}' },
        { name: 'calculate', arguments: '{"expression":"17*23"}' },
      ],
    });
    const events = [];
    for await (const event of model.stream({
      messages: [
        { role: 'user', content: 'time in Tokyo and 17 times 23' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_a', name: 'current_time', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_a', content: '10:00' },
      ],
      tools: [{ name: 'current_time', description: 'time', parameters: { type: 'object', properties: {} } }],
    })) {
      events.push(event);
    }
    expect(events.filter((event) => event.type === 'text').map((event) => (event as { delta: string }).delta).join('')).toBe('Let me check.');
    const calls = events.find((event) => event.type === 'tool_calls');
    expect(calls).toEqual({
      type: 'tool_calls',
      calls: [
        { id: expect.any(String), name: 'current_time', arguments: '{"city":"Tokyo"}' },
        { id: expect.any(String), name: 'calculate', arguments: '{"expression":"17*23"}' },
      ],
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'tool_calls' });
    const sent = server!.requests.at(-1)!.body as { tools: unknown[]; messages: Record<string, unknown>[] };
    expect(sent.tools).toEqual([{ type: 'function', function: { name: 'current_time', description: 'time', parameters: { type: 'object', properties: {} } } }]);
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'current_time', arguments: '{}' } }] });
    expect(sent.messages[2]).toEqual({ role: 'tool', content: '10:00', tool_call_id: 'call_a' });
  });

  it('turns HTTP errors into AppError saying whether a retry helps', async () => {
    const limited = await modelReplying({ kind: 'error', status: 429, message: 'slow down', type: 'rate_limit_error' });
    const error = await limited.complete({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    await server!.close();

    const refused = await modelReplying({ kind: 'error', status: 401, message: 'bad key', type: 'invalid_request_error' });
    const refusal = await refused.complete({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'bad_request', retryable: false });
    expect((refusal as Error).message).toMatch(/key was refused/);
  });

  it('rejects garbage bodies with a clear error instead of returning nonsense', async () => {
    const model = await modelReplying({ kind: 'raw', body: '{"choices": "no"}' });
    const error = await model.complete({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as Error).message).toMatch(/no message text/);
  });

  it('times out on a server that hangs', async () => {
    const model = await modelReplying({ kind: 'hang' }, 300);
    const error = await model.complete({ messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('aborts the HTTP request when the signal fires, and the server sees the connection close', async () => {
    const model = await modelReplying({ kind: 'hang' });
    const controller = new AbortController();
    const pending = model.complete({ messages: [{ role: 'user', content: 'x' }], signal: controller.signal });
    await expect.poll(() => server!.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ message: expect.stringMatching(/cancelled/) });
    await expect.poll(() => server!.abortedRequests.length).toBe(1);
  });
});
