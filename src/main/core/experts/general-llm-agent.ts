import type { ChatMessage, ChatModel, ChatRequest, ChatResult } from '../../ports/chat-model.ts';
import type { Agent, AgentContext, AgentOutput } from '../moe/agent.ts';

// The generalist: anything the specialists do not cover goes to a chat model. Its confidence is an
// honest guess from the reply itself, since a chat model does not report how sure it is.

export interface GeneralLlmAgentOptions {
  chatModel: ChatModel;
  name?: string;
  description?: string;
  /** Extra utterances appended to the built-in examples. */
  examples?: string[];
  /** Defaults to the chat model's configured model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  systemPrompt?: string;
  /** Earlier turns sent with each question; older ones are left out. */
  historyTurns?: number;
  /** Provider for rate limits; defaults to the chat model's. */
  provider?: string;
}

export const DEFAULT_SYSTEM_PROMPT =
  'You are the general-knowledge expert inside a desktop voice assistant. Answer the question directly and ' +
  'correctly in one to four short sentences of plain text: no markdown, lists or links. If you are not sure, ' +
  "say so plainly instead of guessing. You have no live data: for the current time, today's date, weather or " +
  'news, say that you cannot know it rather than inventing it.';

/** Phrases with which a reply admits it does not know or cannot answer. */
const HEDGES =
  /\b(?:i(?:'m| am) not (?:sure|certain)|i don'?t know|i do not know|i(?:'m| am) unable|i can(?:no|')t (?:know|access|browse|provide|determine|say|tell|answer|help)|i do not have (?:access|real-time)|i don'?t have (?:access|real-time|live|current)|as an ai\b|no (?:way|means) (?:of|to) know|real[- ]time (?:data|information)|not able to (?:know|access|provide)|it(?:'s| is) (?:unclear|hard to say|difficult to say)|i(?:'m| am) sorry, but)\b/i;
const SOFT_HEDGES = /\b(?:probably|likely|might|may be|i think|i believe|approximately|roughly|it depends)\b/i;

export const DEFAULT_CONFIDENCE = 0.6;

/** 0.6 for a plain answer, less when it hedges, much less when it declines or is empty. */
export function replyConfidence(reply: string): number {
  const text = reply.trim();
  if (text.length === 0) return 0;
  if (HEDGES.test(text)) return 0.2;
  if (SOFT_HEDGES.test(text)) return 0.45;
  return DEFAULT_CONFIDENCE;
}

export function createGeneralLlmAgent(options: GeneralLlmAgentOptions): Agent {
  const { chatModel } = options;
  const historyTurns = options.historyTurns ?? 10;
  return {
    name: options.name ?? 'general',
    description:
      options.description ??
      'Answers general questions with a language model: facts, explanations, definitions, advice, writing help and everyday conversation.',
    capabilities: ['general knowledge', 'explanations', 'definitions', 'advice', 'conversation', 'writing help'],
    examples: [...GENERAL_EXAMPLES, ...(options.examples ?? [])],
    provider: options.provider ?? chatModel.provider,
    // The reply reads the conversation so far, so it is only reused within the same session.
    cache: { cacheable: true, varyBy: ['session'] },
    dependsOn: [],
    async execute(query: string, context: AgentContext, signal: AbortSignal): Promise<AgentOutput> {
      signal.throwIfAborted();
      const messages: ChatMessage[] = [
        { role: 'system', content: options.systemPrompt ?? DEFAULT_SYSTEM_PROMPT },
        ...context.conversation.slice(-historyTurns).map((turn) => ({ role: turn.role, content: turn.text })),
        // The user's own words: a model reads every language.
        { role: 'user', content: context.utterance || query },
      ];
      const request = {
        messages,
        ...(options.model ? { model: options.model } : {}),
        temperature: options.temperature ?? 0.5,
        maxTokens: options.maxTokens ?? 400,
        signal,
      };
      const result = context.onText ? await streamReply(chatModel, request, context.onText) : await chatModel.complete(request);
      signal.throwIfAborted();
      const text = result.text.trim();
      return {
        text: text || 'The language model returned an empty answer.',
        confidence: replyConfidence(text),
        data: { model: result.model },
        ...(result.inputTokens !== null ? { inputTokens: result.inputTokens } : {}),
        ...(result.outputTokens !== null ? { outputTokens: result.outputTokens } : {}),
      };
    },
  };
}

/** The reply token by token to `onText` (the orchestrator speaks it as it comes), then whole. */
async function streamReply(chatModel: ChatModel, request: ChatRequest, onText: (delta: string) => void): Promise<ChatResult> {
  let text = '';
  let result: ChatResult = { text: '', model: request.model ?? '', inputTokens: null, outputTokens: null };
  for await (const event of chatModel.stream(request)) {
    if (event.type === 'text') {
      // The reply is trimmed as a whole; whitespace before its first word is not passed on either.
      const delta = text === '' ? event.delta.trimStart() : event.delta;
      if (delta === '') continue;
      text += delta;
      onText(delta);
    } else if (event.type === 'done') {
      result = { text, model: event.model, inputTokens: event.inputTokens, outputTokens: event.outputTokens };
    }
  }
  return { ...result, text };
}

const GENERAL_EXAMPLES = [
  'who wrote Pride and Prejudice',
  'what is the capital of Australia',
  'explain how photosynthesis works',
  'why is the sky blue',
  'what does the word ubiquitous mean',
  'tell me a joke',
  'give me a fun fact about octopuses',
  'how do I boil an egg',
  'what is the difference between a virus and a bacterium',
  'who was the first person on the moon',
  'summarize the plot of Hamlet',
  'what are some tips for sleeping better',
  'how does a credit score work',
  'translate good morning into Spanish',
  'write a short birthday message for my sister',
  'what is machine learning',
  'recommend a good science fiction book',
  'how tall is Mount Everest',
  'what causes earthquakes',
  'how do I make my houseplants grow faster',
  'what is the meaning of life',
  'can you help me plan a dinner menu',
];
