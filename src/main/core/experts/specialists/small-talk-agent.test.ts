import { describe, expect, it } from 'vitest';
import { contextForTests, resultOf } from '../testing/context-for-tests.ts';
import { createSmallTalkAgent } from './small-talk-agent.ts';

const ask = (query: string, options: { modelConfigured?: boolean; language?: 'en' | 'fr' | 'de' | 'es' } = {}) =>
  resultOf(createSmallTalkAgent({ modelConfigured: options.modelConfigured ?? false }).execute(query, contextForTests({ language: options.language ?? 'en' }), new AbortController().signal));

describe('small talk and help', () => {
  it('answers greetings, thanks and goodbyes in the user language', async () => {
    expect((await ask('hello')).text).toBe('Hello! What can I do for you?');
    expect((await ask('thanks', { language: 'fr' })).text).toMatch(/de rien/);
    expect((await ask('bye', { language: 'de' })).text).toMatch(/Tschüss/);
    expect((await ask('how are you', { language: 'es' })).text).toMatch(/bien/);
  });

  it('says what works offline, and what a key or a local server would add', async () => {
    const offline = (await ask('what can you do')).text!;
    expect(offline).toMatch(/time anywhere.*dates.*calculate.*timers/);
    expect(offline).toMatch(/OpenAI API key or a local OpenAI-compatible server/);
    expect((await ask('help', { modelConfigured: true })).text).toMatch(/also answer general questions/);
  });

  it('abstains from everything else', async () => {
    expect(await ask('what time is it')).toMatchObject({ abstained: true });
    expect(await ask('thanks, and what is 2 plus 2 and how tall is everest')).toMatchObject({ abstained: true });
  });
});
