import type { ChatModel, ChatRequest, ChatStreamEvent, ToolCall } from '../../../ports/chat-model.ts';

/** One model reply: text pieces, then tool calls (if any). */
export interface ScriptedReply {
  text?: string[];
  calls?: ToolCall[];
}

/** A chat model that answers each stream request with the next scripted reply, and records the requests. */
export function scriptedChatModel(replies: ScriptedReply[]): ChatModel & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    provider: 'scripted',
    requests,
    complete: async () => {
      throw new Error('not used');
    },
    async *stream(request): AsyncGenerator<ChatStreamEvent> {
      requests.push(structuredClone({ ...request, signal: undefined }));
      const reply = replies.shift() ?? { text: ['(no more replies)'] };
      for (const delta of reply.text ?? []) yield { type: 'text', delta };
      if (reply.calls && reply.calls.length > 0) yield { type: 'tool_calls', calls: reply.calls };
      yield { type: 'done', model: 'scripted-1', finishReason: reply.calls ? 'tool_calls' : 'stop', inputTokens: 10, outputTokens: 5 };
    },
  };
}
