// What of the conversation a model sees: the newest messages that fit both a message count and a
// token budget, oldest first. Tokens are estimated at 4 characters each (OpenAI's rule of thumb for
// English), which is what a budget needs; no tokenizer is shipped for it.

export interface HistoryMessage {
  role: 'user' | 'assistant';
  /** What was said, or for an interrupted answer what the user heard of it. */
  text: string;
  interrupted: boolean;
}

export interface HistoryWindow {
  /** Messages (a user question and an answer are two). */
  maxMessages: number;
  maxTokens: number;
}

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/** The newest messages within the window, in order. Never splits a message. */
export function selectHistory<M extends { text: string }>(messages: readonly M[], window: HistoryWindow): M[] {
  const picked: M[] = [];
  let tokens = 0;
  for (let i = messages.length - 1; i >= 0 && picked.length < window.maxMessages; i--) {
    const message = messages[i]!;
    tokens += estimateTokens(message.text) + 4;
    if (tokens > window.maxTokens) break;
    picked.push(message);
  }
  return picked.reverse();
}
