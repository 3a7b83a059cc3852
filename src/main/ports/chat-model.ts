export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Defaults to the adapter's configured model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** 'json_object' asks the model for one JSON object (OpenAI response_format). */
  responseFormat?: 'text' | 'json_object';
  signal?: AbortSignal;
}

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
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Text deltas as they arrive. */
  stream(request: ChatRequest): AsyncIterable<string>;
}
