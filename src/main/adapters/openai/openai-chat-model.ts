import OpenAI from 'openai';
import { createOpenAiClient } from './openai-client.ts';
import { AppError } from '../../core/errors.ts';
import type { ChatMessage, ChatModel, ChatRequest, ChatResult, ChatStreamEvent, ToolCall } from '../../ports/chat-model.ts';
import { originOf, toAppError } from './openai-errors.ts';

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
    messages: request.messages.map(toOpenAiMessage),
    ...(request.tools && request.tools.length > 0
      ? { tools: request.tools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.parameters } })) }
      : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.responseFormat === 'json_object' ? { response_format: { type: 'json_object' as const } } : {}),
  });

  return {
    provider,
    address: originOf(options.baseURL),
    async complete(request): Promise<ChatResult> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({ ...body(request), stream: false }, { signal: request.signal });
      } catch (error) {
        throw toAppError(error, `${provider} chat completion`, options.baseURL);
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
    async *stream(request): AsyncGenerator<ChatStreamEvent> {
      const calls = new Map<number, ToolCall>();
      let finishReason: string | null = null;
      let model = body(request).model;
      let usage: { prompt_tokens?: number; completion_tokens?: number } | null = null;
      try {
        const stream = await client.chat.completions.create(
          { ...body(request), stream: true, stream_options: { include_usage: true } },
          { signal: request.signal },
        );
        for await (const chunk of stream) {
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = chunk.usage;
          const choice = chunk.choices?.[0];
          if (!choice) continue;
          const delta = choice.delta;
          if (delta?.content) yield { type: 'text', delta: delta.content };
          // Tool calls stream as fragments keyed by index: the id and name first, the arguments in pieces.
          for (const part of delta?.tool_calls ?? []) {
            const call = calls.get(part.index) ?? { id: '', name: '', arguments: '' };
            if (part.id) call.id = part.id;
            if (part.function?.name) call.name += part.function.name;
            if (part.function?.arguments) call.arguments += part.function.arguments;
            calls.set(part.index, call);
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
      } catch (error) {
        throw toAppError(error, `${provider} chat stream`, options.baseURL);
      }
      if (calls.size > 0) {
        const ordered = [...calls.entries()].sort(([a], [b]) => a - b).map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
        yield { type: 'tool_calls', calls: ordered.filter((call) => call.name !== '') };
      }
      yield { type: 'done', model, finishReason, inputTokens: usage?.prompt_tokens ?? null, outputTokens: usage?.completion_tokens ?? null };
    },
  };
}

/** Our message to the SDK's: tool calls and tool results in OpenAI's shape. */
function toOpenAiMessage(message: ChatMessage): OpenAI.Chat.Completions.ChatCompletionMessageParam {
  if (message.role === 'tool') return { role: 'tool', content: message.content, tool_call_id: message.toolCallId ?? '' };
  if (message.role === 'assistant' && message.toolCalls && message.toolCalls.length > 0) {
    return {
      role: 'assistant',
      content: message.content === '' ? null : message.content,
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } })),
    };
  }
  return { role: message.role, content: message.content } as OpenAI.Chat.Completions.ChatCompletionMessageParam;
}
