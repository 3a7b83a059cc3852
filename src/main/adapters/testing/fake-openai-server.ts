import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local server that speaks the OpenAI REST wire format (chat completions, JSON and SSE
// streaming; embeddings), so the real `openai` SDK can be tested against it. Each endpoint's
// behaviour is scripted per request; every request is recorded, and so is each connection that
// the client closed before the reply ended (how tests see that a cancel reached the network).

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string };
}

export type FakeReply =
  | { kind: 'text'; content: string; usage?: { prompt_tokens: number; completion_tokens: number }; delayMs?: number; chunkDelayMs?: number }
  | { kind: 'error'; status: number; message: string; type?: string; code?: string }
  /** A 200 whose body is not what the API returns. */
  | { kind: 'raw'; status?: number; contentType?: string; body: string }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

export interface FakeOpenAiOptions {
  chat?: (body: ChatRequestBody) => FakeReply | Promise<FakeReply>;
  /** Vectors for each input; defaults to a deterministic bag-of-letters vector. */
  embeddings?: (inputs: string[], model: string) => number[][];
}

export interface FakeOpenAiServer {
  /** Pass as the SDK's baseURL. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Requests whose connection the client closed before the reply was complete. */
  abortedRequests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const requests: RecordedRequest[] = [];
  const abortedRequests: RecordedRequest[] = [];

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, apiError(`fake server fault: ${(error as Error).message}`, 'server_error'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const text = await readBody(request);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      return sendJson(response, 400, apiError('body is not JSON', 'invalid_request_error'));
    }
    const recorded: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
    requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) abortedRequests.push(recorded);
    });

    if (request.method === 'POST' && request.url === '/v1/chat/completions') {
      const chatBody = body as ChatRequestBody;
      const reply = options.chat ? await options.chat(chatBody) : ({ kind: 'text', content: 'ok' } as const);
      return sendChat(response, chatBody, reply);
    }
    if (request.method === 'POST' && request.url === '/v1/embeddings') {
      const { input, model } = body as { input: string | string[]; model: string };
      const inputs = Array.isArray(input) ? input : [input];
      const vectors = (options.embeddings ?? letterVectors)(inputs, model);
      return sendJson(response, 200, {
        object: 'list',
        data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
        model,
        usage: { prompt_tokens: inputs.join(' ').split(/\s+/).length, total_tokens: inputs.join(' ').split(/\s+/).length },
      });
    }
    sendJson(response, 404, apiError(`no route ${request.method} ${request.url}`, 'invalid_request_error'));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    abortedRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sendChat(response: ServerResponse, body: ChatRequestBody, reply: FakeReply): Promise<void> {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'error') return sendJson(response, reply.status, apiError(reply.message, reply.type ?? 'server_error', reply.code));
  if (reply.kind === 'raw') {
    response.writeHead(reply.status ?? 200, { 'Content-Type': reply.contentType ?? 'application/json' });
    response.end(reply.body);
    return;
  }
  if (reply.delayMs) await sleep(reply.delayMs);
  const id = `chatcmpl-fake-${Math.floor(performance.now() * 1000)}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = reply.usage ?? { prompt_tokens: countWords(body.messages.map((m) => m.content).join(' ')), completion_tokens: countWords(reply.content) };
  const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  if (!body.stream) {
    return sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: totals,
    });
  }
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }, null));
  for (const piece of reply.content.match(/\S+\s*|\s+/g) ?? []) {
    if (response.destroyed) return;
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    response.write(chunk({ content: piece }, null));
  }
  response.write(chunk({}, 'stop'));
  response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: totals })}\n\n`);
  response.end('data: [DONE]\n\n');
}

function apiError(message: string, type: string, code?: string) {
  return { error: { message, type, param: null, code: code ?? null } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** 26 letter counts, normalised: texts sharing letters are similar. */
function letterVectors(inputs: string[]): number[][] {
  return inputs.map((input) => {
    const vector = new Array<number>(26).fill(0);
    for (const char of input.toLowerCase()) {
      const index = char.charCodeAt(0) - 97;
      if (index >= 0 && index < 26) vector[index]! += 1;
    }
    const norm = Math.hypot(...vector) || 1;
    return vector.map((value) => value / norm);
  });
}
