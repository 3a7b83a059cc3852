import { describe, expect, it } from 'vitest';
import { selectHistory } from './history-window.ts';

const message = (text: string, role: 'user' | 'assistant' = 'user') => ({ role, text, interrupted: false });

describe('the history a model sees', () => {
  it('keeps the newest messages within the count, oldest first', () => {
    const messages = ['a', 'b', 'c', 'd', 'e'].map((text) => message(text));
    expect(selectHistory(messages, { maxMessages: 3, maxTokens: 10_000 }).map((m) => m.text)).toEqual(['c', 'd', 'e']);
  });

  it('stops at the token budget without splitting a message', () => {
    const long = 'x'.repeat(400); // ~100 tokens
    const messages = [message(long), message('short one'), message('last')];
    expect(selectHistory(messages, { maxMessages: 10, maxTokens: 50 }).map((m) => m.text)).toEqual(['short one', 'last']);
    expect(selectHistory(messages, { maxMessages: 10, maxTokens: 1 })).toEqual([]);
  });
});
