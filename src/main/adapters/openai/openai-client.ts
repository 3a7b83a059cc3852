import OpenAI from 'openai';

/** What every OpenAI adapter is configured with; `baseURL` may name any OpenAI-compatible server. */
export interface OpenAiConnection {
  apiKey: string;
  baseURL?: string;
  /** Per request, ms. */
  timeoutMs?: number;
  /** The SDK's own retries of 408, 429 and 5xx replies. */
  maxRetries?: number;
}

/** The one place the SDK client is built; `defaultTimeoutMs` is the caller's kind of request. */
export function createOpenAiClient(connection: OpenAiConnection, defaultTimeoutMs: number): OpenAI {
  return new OpenAI({
    apiKey: connection.apiKey,
    baseURL: connection.baseURL,
    timeout: connection.timeoutMs ?? defaultTimeoutMs,
    maxRetries: connection.maxRetries ?? 1,
  });
}
