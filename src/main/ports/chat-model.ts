export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** An assistant message that asked for tools. */
  toolCalls?: ToolCall[];
  /** A tool message: the call it answers. */
  toolCallId?: string;
}

/** A function call a model asked for; `arguments` is JSON text as the model wrote it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A tool as offered to the model (OpenAI's function tools). */
export interface ToolSpec {
  name: string;
  description: string;
  /** JSON schema of the arguments, an object. */
  parameters: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Defaults to the adapter's configured model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** 'json_object' asks the model for one JSON object (OpenAI response_format). */
  responseFormat?: 'text' | 'json_object';
  /** Tools the model may call (stream only). */
  tools?: ToolSpec[];
  signal?: AbortSignal;
}

/**
 * What a streamed completion yields: text as it comes, the tool calls once their arguments are
 * complete (all the calls of the reply together, in order), and finally the usage.
 */
export type ChatStreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'tool_calls'; calls: ToolCall[] }
  | { type: 'done'; model: string; finishReason: string | null; inputTokens: number | null; outputTokens: number | null };

export interface ChatResult {
  text: string;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
}

/**
 * A chat-completion model (OpenAI or any OpenAI-compatible server). Failures reject with AppError:
 * `unavailable` + retryable for timeouts, rate limits and 5xx; `bad_request` for refusals.
 */
export interface ChatModel {
  readonly provider: string;
  /** The server it talks to (the base URL's origin), named when it cannot be reached. */
  readonly address?: string;
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Text deltas as they arrive, then any tool calls, then `done`. */
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}
