import OpenAI from 'openai';
import { createOpenAiClient } from './openai-client.ts';
import { AppError } from '../../core/errors.ts';
import type { ChatModel, ChatRequest, ChatResult } from '../../ports/chat-model.ts';
import { toAppError } from './openai-errors.ts';

export interface OpenAiChatOptions {
  apiKey: string;
  /** Any OpenAI-compatible server (Ollama, llama.cpp, LocalAI ...) works here. */
  baseURL: string;
  model: string;
  /** Per request, ms. */
  timeoutMs?: number;
  /** The SDK's own retries; the orchestrator has deadlines of its own, so few. */
  maxRetries?: number;
  provider?: string;
}

/** The ChatModel port over the official `openai` SDK's chat completions. */
export function createOpenAiChatModel(options: OpenAiChatOptions): ChatModel {
  const client = createOpenAiClient(options, 30_000);
  const provider = options.provider ?? 'openai';

  const body = (request: ChatRequest) => ({
    model: request.model ?? options.model,
    messages: request.messages,
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.responseFormat === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
  });

  return {
    provider,
    async complete(request): Promise<ChatResult> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({ ...body(request), stream: false }, { signal: request.signal });
      } catch (error) {
        throw toAppError(error, `${provider} chat completion`);
      }
      const text = completion?.choices?.[0]?.message?.content;
      if (typeof text !== 'string') {
        throw new AppError('unavailable', `${provider} chat completion returned no message text`, { retryable: true });
      }
      return {
        text,
        model: completion.model ?? body(request).model,
        inputTokens: completion.usage?.prompt_tokens ?? null,
        outputTokens: completion.usage?.completion_tokens ?? null,
      };
    },
    async *stream(request) {
      try {
        const stream = await client.chat.completions.create(
          { ...body(request), stream: true, stream_options: { include_usage: true } },
          { signal: request.signal },
        );
        for await (const chunk of stream) {
          const delta = chunk.choices?.[0]?.delta?.content;
          if (delta) yield delta;
        }
      } catch (error) {
        throw toAppError(error, `${provider} chat stream`);
      }
    },
  };
}
