import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PcmAudio } from '../../ports/audio.ts';
import { decodeWav, encodeWav } from '../audio/wav.ts';

// A local server that speaks the OpenAI REST wire format (chat completions, JSON and SSE
// streaming; embeddings; audio transcriptions, multipart in; speech, streamed audio out), so the
// real `openai` SDK can be tested against it. Each endpoint's behaviour is scripted per request;
// every request is recorded, and so is each connection that the client closed before the reply
// ended (how tests see that a cancel reached the network).


export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON; for a transcription, its form fields plus `file` {name, type, bytes} and `audio` {sampleRate, samples}. */
  body: unknown;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string };
}

export type FakeReply =
  | {
      kind: 'text';
      content: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
      delayMs?: number;
      /** Before each streamed piece (a word and the space after it): a fixed token rate. */
      chunkDelayMs?: number;
      /** Right after each streamed piece is written, with the text written so far. */
      onPiece?: (written: string) => void;
      /** Awaited before writing streamed piece `index` (0-based) of `count`: lets a test hold the stream at a point. */
      beforePiece?: (index: number, count: number) => void | Promise<void>;
    }
  /**
   * The model calls tools (after `content`, if any). Streamed as the API does: each call's id and
   * name in one delta, its arguments in fragments, finish_reason "tool_calls".
   */
  | { kind: 'tool_calls'; content?: string; calls: { name: string; arguments: string }[]; delayMs?: number; chunkDelayMs?: number }
  | { kind: 'error'; status: number; message: string; type?: string; code?: string }
  /** A 200 whose body is not what the API returns. */
  | { kind: 'raw'; status?: number; contentType?: string; body: string }
  /** Accepts the request and never answers. */
  | { kind: 'hang' };

/** The failure modes every endpoint can be scripted with. */
export type FakeFault = Extract<FakeReply, { kind: 'error' | 'raw' | 'hang' }>;

/** A transcription request as the fake decoded it from the multipart body. */
export interface TranscriptionRequest {
  model: string;
  language: string | null;
  responseFormat: string | null;
  prompt: string | null;
  fileName: string;
  fileType: string;
  /** The uploaded WAV, decoded. */
  audio: PcmAudio;
}

export type TranscriptionReply =
  /** `language` is what verbose_json reports; Whisper says names ("english"), defaulting to the hint's name. */
  | { kind: 'transcript'; text: string; language?: string; delayMs?: number }
  | FakeFault;

export interface SpeechRequestBody {
  model: string;
  input: string;
  voice: string;
  response_format?: string;
  speed?: number;
  instructions?: string;
}

export type SpeechReply =
  | {
      kind: 'audio';
      /** 24 kHz mono; sent as raw PCM16 LE ('pcm') or as a WAV file ('wav'). */
      samples: Int16Array;
      /** Bytes per written chunk (odd sizes split samples across chunks); default: the body in 4 chunks. */
      chunkBytes?: number;
      /** Before the response headers. */
      delayMs?: number;
      /** Before each chunk after the first. */
      chunkDelayMs?: number;
      /** Awaited before writing chunk `index` (0-based), and before stopping there: lets a test release chunks one by one. */
      beforeChunk?: (index: number) => void | Promise<void>;
      /** After `count` chunks, 'stall' keeps the connection open and silent; 'break' destroys it. */
      stopAfterChunks?: { count: number; then: 'stall' | 'break' };
    }
  | FakeFault;

export interface FakeOpenAiOptions {
  chat?: (body: ChatRequestBody) => FakeReply | Promise<FakeReply>;
  /** What GET /v1/models lists. */
  models?: string[];
  /** Vectors for each input; defaults to a deterministic bag-of-letters vector. */
  embeddings?: (inputs: string[], model: string) => number[][];
  /** Defaults to the transcript "fake transcript". */
  transcription?: (request: TranscriptionRequest) => TranscriptionReply | Promise<TranscriptionReply>;
  /** Defaults to a 440 Hz tone of 40 ms per input character (divided by `speed`). */
  speech?: (body: SpeechRequestBody) => SpeechReply | Promise<SpeechReply>;
}

/** Rate of the audio the speech endpoint returns, as OpenAI's 'pcm' format. */
export const FAKE_SPEECH_SAMPLE_RATE = 24_000;

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
    const raw = await readBody(request);
    if (request.method === 'POST' && request.url === '/v1/audio/transcriptions') return handleTranscription(request, response, raw);
    const text = raw.toString('utf8');
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      return sendJson(response, 400, apiError('body is not JSON', 'invalid_request_error'));
    }
    record(request, response, body);

    if (request.method === 'GET' && request.url === '/v1/models') {
      const models = options.models ?? ['gpt-4o-mini', 'gpt-4o-mini-transcribe', 'gpt-4o-mini-tts'];
      return sendJson(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
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
    if (request.method === 'POST' && request.url === '/v1/audio/speech') {
      const speechBody = body as SpeechRequestBody;
      const reply = options.speech ? await options.speech(speechBody) : defaultSpeech(speechBody);
      return sendSpeech(response, speechBody, reply);
    }
    sendJson(response, 404, apiError(`no route ${request.method} ${request.url}`, 'invalid_request_error'));
  }

  function record(request: IncomingMessage, response: ServerResponse, body: unknown): void {
    const recorded: RecordedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body };
    requests.push(recorded);
    response.on('close', () => {
      if (!response.writableFinished) abortedRequests.push(recorded);
    });
  }

  async function handleTranscription(request: IncomingMessage, response: ServerResponse, raw: Buffer): Promise<void> {
    let form: FormData;
    try {
      const contentType = request.headers['content-type'] ?? '';
      form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    } catch {
      return sendJson(response, 400, apiError('body is not multipart/form-data', 'invalid_request_error'));
    }
    const fields: Record<string, string> = {};
    let file: File | null = null;
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file') file = value;
    }
    const audio = file ? decodeUpload(new Uint8Array(await file.arrayBuffer())) : null;
    record(request, response, {
      ...fields,
      file: file ? { name: file.name, type: file.type, bytes: file.size } : null,
      audio: audio ? { sampleRate: audio.sampleRate, samples: audio.samples.length } : null,
    });
    if (!file || !fields.model) return sendJson(response, 400, apiError('file and model are required', 'invalid_request_error'));
    if (!audio) return sendJson(response, 400, apiError('Invalid file format: the fake reads mono 16-bit WAV only', 'invalid_request_error'));

    const transcriptionRequest: TranscriptionRequest = {
      model: fields.model,
      language: fields.language ?? null,
      responseFormat: fields.response_format ?? null,
      prompt: fields.prompt ?? null,
      fileName: file.name,
      fileType: file.type,
      audio,
    };
    const reply = options.transcription ? await options.transcription(transcriptionRequest) : ({ kind: 'transcript', text: 'fake transcript' } as const);
    return sendTranscription(response, transcriptionRequest, reply);
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

/** Answers a fault; false when the reply is not one. */
function sendFault(response: ServerResponse, reply: { kind: string }): boolean {
  const fault = reply as FakeFault;
  if (fault.kind === 'hang') return true;
  if (fault.kind === 'error') {
    sendJson(response, fault.status, apiError(fault.message, fault.type ?? 'server_error', fault.code));
    return true;
  }
  if (fault.kind === 'raw') {
    response.writeHead(fault.status ?? 200, { 'Content-Type': fault.contentType ?? 'application/json' });
    response.end(fault.body);
    return true;
  }
  return false;
}

async function sendChat(response: ServerResponse, body: ChatRequestBody, reply: FakeReply): Promise<void> {
  if (reply.kind === 'tool_calls') return sendToolCalls(response, body, reply);
  if (reply.kind !== 'text') {
    sendFault(response, reply);
    return;
  }
  if (reply.delayMs) await sleep(reply.delayMs);
  const id = `chatcmpl-fake-${Math.floor(performance.now() * 1000)}`;
  const created = Math.floor(Date.now() / 1000);
  const usage = reply.usage ?? { prompt_tokens: countWords(body.messages.map((m) => m.content ?? '').join(' ')), completion_tokens: countWords(reply.content) };
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
  let written = '';
  const pieces = reply.content.match(/\S+\s*|\s+/g) ?? [];
  for (const [index, piece] of pieces.entries()) {
    if (response.destroyed) return;
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    await reply.beforePiece?.(index, pieces.length);
    if (response.destroyed) return;
    response.write(chunk({ content: piece }, null));
    written += piece;
    reply.onPiece?.(written);
  }
  response.write(chunk({}, 'stop'));
  response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: totals })}\n\n`);
  response.end('data: [DONE]\n\n');
}

async function sendToolCalls(response: ServerResponse, body: ChatRequestBody, reply: Extract<FakeReply, { kind: 'tool_calls' }>): Promise<void> {
  if (reply.delayMs) await sleep(reply.delayMs);
  const id = `chatcmpl-fake-${Math.floor(performance.now() * 1000)}`;
  const created = Math.floor(Date.now() / 1000);
  const calls = reply.calls.map((call, index) => ({ id: `call_${id.slice(-6)}_${index}`, ...call }));
  const content = reply.content ?? '';
  const usage = { prompt_tokens: countWords(body.messages.map((m) => m.content ?? '').join(' ')), completion_tokens: countWords(content) + calls.length * 8 };
  const totals = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
  if (!body.stream) {
    return sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: content || null, refusal: null, tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }, finish_reason: 'tool_calls', logprobs: null }],
      usage: totals,
    });
  }
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
  const pause = async () => {
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
  };
  response.write(chunk({ role: 'assistant', content: content === '' ? null : '' }, null));
  for (const piece of content.match(/\S+\s*|\s+/g) ?? []) {
    if (response.destroyed) return;
    await pause();
    response.write(chunk({ content: piece }, null));
  }
  for (const [index, call] of calls.entries()) {
    await pause();
    response.write(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, null));
    // Arguments arrive in pieces of a few characters, as real models stream them.
    for (const piece of call.arguments.match(/.{1,7}/gs) ?? []) {
      if (response.destroyed) return;
      await pause();
      response.write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
    }
  }
  response.write(chunk({}, 'tool_calls'));
  response.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage: totals })}\n\n`);
  response.end('data: [DONE]\n\n');
}

async function sendTranscription(response: ServerResponse, request: TranscriptionRequest, reply: TranscriptionReply): Promise<void> {
  if (reply.kind !== 'transcript') {
    sendFault(response, reply);
    return;
  }
  if (reply.delayMs) await sleep(reply.delayMs);
  const format = request.responseFormat ?? 'json';
  if (format === 'text' || format === 'srt' || format === 'vtt') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(reply.text);
    return;
  }
  if (format === 'verbose_json') {
    const duration = request.audio.samples.length / request.audio.sampleRate;
    const language = reply.language ?? languageName(request.language ?? 'en');
    return sendJson(response, 200, {
      task: 'transcribe',
      language,
      duration,
      text: reply.text,
      segments: [{ id: 0, seek: 0, start: 0, end: duration, text: reply.text, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0.01 }],
    });
  }
  if (format !== 'json') return sendJson(response, 400, apiError(`unsupported response_format ${format}`, 'invalid_request_error'));
  sendJson(response, 200, { text: reply.text, usage: { type: 'duration', seconds: Math.ceil(request.audio.samples.length / request.audio.sampleRate) } });
}

async function sendSpeech(response: ServerResponse, body: SpeechRequestBody, reply: SpeechReply): Promise<void> {
  if (reply.kind !== 'audio') {
    sendFault(response, reply);
    return;
  }
  const format = body.response_format ?? 'mp3';
  if (format !== 'pcm' && format !== 'wav') {
    return sendJson(response, 400, apiError(`the fake speaks only pcm and wav, not ${format}`, 'invalid_request_error'));
  }
  if (typeof body.input !== 'string' || !body.input || typeof body.voice !== 'string') {
    return sendJson(response, 400, apiError('input and voice are required', 'invalid_request_error'));
  }
  if (reply.delayMs) await sleep(reply.delayMs);
  const pcm = Buffer.from(reply.samples.buffer, reply.samples.byteOffset, reply.samples.byteLength);
  const bytes = format === 'pcm' ? pcm : Buffer.from(encodeWav({ samples: reply.samples, sampleRate: FAKE_SPEECH_SAMPLE_RATE }));
  const chunkBytes = Math.max(1, reply.chunkBytes ?? Math.ceil(bytes.length / 4));
  response.writeHead(200, { 'Content-Type': format === 'pcm' ? 'audio/pcm' : 'audio/wav', 'Transfer-Encoding': 'chunked' });
  for (let index = 0, offset = 0; offset < bytes.length; index++, offset += chunkBytes) {
    if (index > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    await reply.beforeChunk?.(index);
    if (reply.stopAfterChunks && index === reply.stopAfterChunks.count) {
      if (reply.stopAfterChunks.then === 'break') response.destroy();
      return;
    }
    if (response.destroyed) return;
    response.write(bytes.subarray(offset, offset + chunkBytes));
  }
  response.end();
}

function defaultSpeech(body: SpeechRequestBody): SpeechReply {
  const seconds = (0.04 * (body.input?.length ?? 0)) / (body.speed ?? 1);
  return { kind: 'audio', samples: tone(440, seconds, FAKE_SPEECH_SAMPLE_RATE) };
}

/** A sine tone at a third of full scale. */
export function tone(frequencyHz: number, seconds: number, sampleRate: number): Int16Array {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(10_000 * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
  return samples;
}

export { encodeWav };

/** The uploaded WAV as PcmAudio; null when it is not a WAV the app could have sent. */
function decodeUpload(bytes: Uint8Array): PcmAudio | null {
  try {
    return decodeWav(bytes);
  } catch {
    return null;
  }
}

/** "en" -> "english", as Whisper's verbose_json names languages. */
function languageName(code: string): string {
  return (new Intl.DisplayNames('en', { type: 'language', fallback: 'none' }).of(code) ?? code).toLowerCase();
}

function apiError(message: string, type: string, code?: string) {
  return { error: { message, type, param: null, code: code ?? null } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts)));
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
