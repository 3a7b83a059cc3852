import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import { createOpenAiEmbedder } from './openai-embedder.ts';

let fake: FakeOpenAiServer | undefined;
let raw: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (raw) await new Promise<void>((resolve) => raw!.close(() => resolve()));
  raw = undefined;
});

const norm = (vector: Float32Array) => Math.hypot(...vector);

/** A server answering every request with one fixed status and body (for failures the fake does not script). */
async function startRawServer(status: number, body: unknown): Promise<string> {
  raw = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
}

describe('OpenAI embedder against a local server speaking the embeddings wire format', () => {
  it('embeds texts in order as unit vectors and sends model and inputs as the SDK does', async () => {
    fake = await startFakeOpenAiServer({ embeddings: (inputs) => inputs.map((text) => [text.length, 1, 0, 2]) });
    const embedder = createOpenAiEmbedder({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'text-embedding-3-small', dimensions: 4, maxRetries: 0 });
    const vectors = await embedder.embed(['hi', 'hello there']);
    expect(vectors).toHaveLength(2);
    for (const vector of vectors) expect(norm(vector)).toBeCloseTo(1, 5);
    expect(vectors[0]![0]! / vectors[0]![1]!).toBeCloseTo(2, 5);
    expect(vectors[1]![0]! / vectors[1]![1]!).toBeCloseTo(11, 5);
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/embeddings');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({ model: 'text-embedding-3-small', input: ['hi', 'hello there'] });
    expect(embedder.dimensions).toBe(4);
  });

  it('splits large inputs into batches and keeps their order', async () => {
    fake = await startFakeOpenAiServer({ embeddings: (inputs) => inputs.map((text) => [Number(text.slice(1)), 1]) });
    const embedder = createOpenAiEmbedder({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', dimensions: 2, batchSize: 2, maxRetries: 0 });
    const vectors = await embedder.embed(['t1', 't2', 't3', 't4', 't5']);
    expect(fake.requests).toHaveLength(3);
    expect(vectors.map((vector) => Math.round(vector[0]! / vector[1]!))).toEqual([1, 2, 3, 4, 5]);
  });

  it('sends dimensions when asked to shorten vectors', async () => {
    fake = await startFakeOpenAiServer({ embeddings: (inputs) => inputs.map(() => [3, 4]) });
    const embedder = createOpenAiEmbedder({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', dimensions: 2, requestDimensions: true, maxRetries: 0 });
    const [vector] = await embedder.embed(['x']);
    expect(Array.from(vector!)).toEqual([expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)]);
    expect(fake.requests[0]!.body).toMatchObject({ dimensions: 2 });
  });

  it('rejects vectors of the wrong length instead of passing them on', async () => {
    fake = await startFakeOpenAiServer({ embeddings: (inputs) => inputs.map(() => [1, 2, 3]) });
    const embedder = createOpenAiEmbedder({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', dimensions: 4, maxRetries: 0 });
    const error = await embedder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/3 dimensions, expected 4/);
  });

  it('maps a server error to a retryable AppError', async () => {
    fake = await startFakeOpenAiServer({
      embeddings: () => {
        throw new Error('overloaded');
      },
    });
    const embedder = createOpenAiEmbedder({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', dimensions: 2, maxRetries: 0 });
    const error = await embedder.embed(['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', retryable: true });
    expect((error as AppError).message).toMatch(/500/);
  });

  it('maps 429 to retryable and 400 to a bad request that is not retried', async () => {
    const limitedUrl = await startRawServer(429, { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: null } });
    const limited = createOpenAiEmbedder({ apiKey: 'k', baseURL: limitedUrl, model: 'm', dimensions: 2, maxRetries: 0 });
    await expect(limited.embed(['x'])).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    await new Promise<void>((resolve) => raw!.close(() => resolve()));
    const badUrl = await startRawServer(400, { error: { message: 'input too long', type: 'invalid_request_error', param: null, code: null } });
    const bad = createOpenAiEmbedder({ apiKey: 'k', baseURL: badUrl, model: 'm', dimensions: 2, maxRetries: 0 });
    await expect(bad.embed(['x'])).rejects.toMatchObject({ code: 'bad_request', retryable: false });
  });

  it('times out as a retryable AppError when the server does not answer', async () => {
    raw = createServer(() => {
      // Accepts the request and never answers.
    });
    await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
    const embedder = createOpenAiEmbedder({
      apiKey: 'k',
      baseURL: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`,
      model: 'm',
      dimensions: 2,
      timeoutMs: 200,
      maxRetries: 0,
    });
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'unavailable', retryable: true });
    raw.closeAllConnections();
  });

  it('refuses empty texts without calling the server', async () => {
    fake = await startFakeOpenAiServer();
    const embedder = createOpenAiEmbedder({ apiKey: 'k', baseURL: fake.baseURL, model: 'm', dimensions: 26, maxRetries: 0 });
    await expect(embedder.embed(['  '])).rejects.toMatchObject({ code: 'bad_request' });
    expect(fake.requests).toHaveLength(0);
  });
});
