import { afterEach, describe, expect, it } from 'vitest';
import { deadPort } from '../../testing/dead-port.ts';
import { AppError } from '../../core/errors.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../testing/fake-openai-server.ts';
import { createOpenAiChatModel } from './openai-chat-model.ts';
import { probeOpenAi } from './openai-probe.ts';

// What each way a server can fail becomes: the fault a user is told (unreachable, timed out, key
// refused, quota spent, rate limited, server failed, request refused), with the address it was.

let server: FakeOpenAiServer | undefined;
afterEach(async () => server?.close());

const ask = { messages: [{ role: 'user' as const, content: 'who wrote Hamlet' }] };

async function failureOf(reply: FakeReply, timeoutMs = 5000): Promise<AppError> {
  server = await startFakeOpenAiServer({ chat: () => reply });
  const model = createOpenAiChatModel({ apiKey: 'sk-test', baseURL: server.baseURL, model: 'gpt-test', timeoutMs, maxRetries: 0 });
  return model.complete(ask).then(
    () => expect.fail('the call succeeded'),
    (error: unknown) => error as AppError,
  );
}


describe('provider faults from the OpenAI SDK', () => {
  it('a server that is not running: unreachable, connection refused, at its origin', async () => {
    const port = await deadPort();
    const model = createOpenAiChatModel({ apiKey: 'sk-test', baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', maxRetries: 0 });
    const error = (await model.complete(ask).catch((e: unknown) => e)) as AppError;
    expect(error.fault).toEqual({ kind: 'unreachable', address: `http://127.0.0.1:${port}`, status: null, detail: 'connection refused: nothing listens there' });
    expect(error.message).not.toMatch(/Connection error/);
  });

  it('a refused key, a spent quota, a rate limit, a failing server, an unknown model', async () => {
    expect((await failureOf({ kind: 'error', status: 401, message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' })).fault).toMatchObject({
      kind: 'key_refused',
      status: 401,
      detail: 'Incorrect API key provided',
    });
    await server?.close();
    expect((await failureOf({ kind: 'error', status: 429, message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' })).fault).toMatchObject({ kind: 'quota_spent', status: 429 });
    await server?.close();
    expect((await failureOf({ kind: 'error', status: 429, message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' })).fault).toMatchObject({ kind: 'rate_limited', status: 429 });
    await server?.close();
    expect((await failureOf({ kind: 'error', status: 503, message: 'overloaded' })).fault).toMatchObject({ kind: 'server_error', status: 503 });
    await server?.close();
    expect((await failureOf({ kind: 'error', status: 404, message: "model 'gpt-test' not found", type: 'invalid_request_error' })).fault).toMatchObject({ kind: 'rejected', status: 404, detail: "model 'gpt-test' not found" });
  });

  it('a server that never answers: timed out', async () => {
    const error = await failureOf({ kind: 'hang' }, 300);
    expect(error.fault).toMatchObject({ kind: 'timeout', address: new URL(server!.baseURL).origin });
  });

  it('"Test connection" says the same fault as a reply would, not "could not reach the server (Connection error.)"', async () => {
    const port = await deadPort();
    const probed = await probeOpenAi({ apiKey: 'x', baseURL: `http://127.0.0.1:${port}/v1` });
    expect(probed.reachable).toBe(false);
    if (probed.reachable) return;
    expect(probed.error).toBe(`The server at http://127.0.0.1:${port} does not answer (connection refused: nothing listens there). Start that server, or set another base URL in Settings.`);
  });
});
