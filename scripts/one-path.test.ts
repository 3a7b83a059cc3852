import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../src/main/testing/temp-dir.ts';
import { createTestHost, REPO_CONFIG_DIR } from '../src/main/testing/test-host.ts';
import type { TurnTrace } from '../src/shared/trace.ts';
import { ask } from './ask.ts';
import { askInSession, openConversationHost } from './ask-conversation.ts';
import { EVAL_NOW, evaluateEveryday } from './eval-everyday.ts';
import type { EverydayQuestion } from './everyday/checks.ts';

// One path for every surface: the window (the contract's `ask`, as the WebSocket gateway and IPC
// call it), `npm run ask`, `ask --session`, `ask --jsonl` and `eval:everyday` all answer through the
// same conversation engine, so language reading, timers, follow-ups and memory work in each, and
// each gives the same answer to the same conversation.

const clock = { now: () => EVAL_NOW };
/** One conversation: a language other than English, a timer, a result and a follow-up on it. */
const CONVERSATION = ['quelle heure est-il à Tokyo', 'set a timer for 5 minutes', 'multiply 12 by 7', 'now divide that by 4'];

let temps: ReturnType<typeof makeTempDir>[] = [];
const temp = () => {
  const made = makeTempDir('one-path');
  temps.push(made);
  return made.path;
};
afterEach(() => {
  for (const made of temps) made.remove();
  temps = [];
});

async function throughTheWindow(): Promise<{ answers: string[]; traces: TurnTrace[] }> {
  const host = createTestHost(temp(), { clock });
  try {
    const client = { clientId: 'window' };
    const started = await host.dispatch('startSession', undefined, client);
    const sessionId = (started as { ok: true; value: { id: string } }).value.id;
    const answers: string[] = [];
    const traces: TurnTrace[] = [];
    for (const text of CONVERSATION) {
      const reply = await host.dispatch('ask', { sessionId, text }, client);
      if (!reply.ok) throw new Error(reply.error.message);
      const { answer, trace } = reply.value as { answer: string; trace: TurnTrace };
      answers.push(answer);
      traces.push(trace);
    }
    return { answers, traces };
  } finally {
    host.close();
  }
}

describe('one path for every surface', () => {
  it('the window, ask, ask --session, ask --jsonl and eval:everyday give the same answers through the conversation engine', async () => {
    const window = await throughTheWindow();
    // The engine did its part: French read, the timer set, the follow-up resolved.
    expect(window.answers[0]).toMatch(/Tokyo/);
    expect(window.answers[0]).toMatch(/23:04|11:04/);
    expect(window.answers[1]).toMatch(/5 minutes/);
    expect(window.answers[3]).toMatch(/\b21\b/);
    expect(window.traces.every((trace) => trace.conversation?.agent !== undefined)).toBe(true);

    // ask --session NAME, one command per question: the same conversation across runs.
    const named = temp();
    const bySession: string[] = [];
    for (const question of CONVERSATION) {
      bySession.push((await ask({ question, session: 'kitchen', tts: 'espeak', trace: false, configDir: REPO_CONFIG_DIR, dataDir: named, verbose: false, env: {}, clock })).answer);
    }
    expect(bySession).toEqual(window.answers);

    // ask --jsonl FILE: the questions of a file in one throwaway session.
    const jsonl = temp();
    const file = join(jsonl, 'questions.jsonl');
    writeFileSync(file, CONVERSATION.map((q) => JSON.stringify({ q })).join('\n'));
    const host = openConversationHost({ configDir: REPO_CONFIG_DIR, dataDir: jsonl, env: {}, verbose: false, clock });
    const byFile: string[] = [];
    try {
      await askInSession(host, null, CONVERSATION, (answer) => byFile.push(answer.answer));
      // Thrown away: nothing of it in the history, but the timer it set stays set.
      expect(host.store.listSessions({ limit: 10 })).toEqual([]);
      expect((await host.dispatch('listReminders', undefined, { clientId: 'cli' })) as { ok: true; value: { pending: unknown[] } }).toMatchObject({ value: { pending: [expect.objectContaining({ kind: 'timer' })] } });
    } finally {
      host.close();
    }
    expect(byFile).toEqual(window.answers);

    // eval:everyday: the conversation as one session of the set.
    const asked: EverydayQuestion[] = CONVERSATION.map((q, index) => ({ id: `x-${index}`, lang: 'en', category: 'followup', q, session: 'one', expect: {} }));
    expect((await evaluateEveryday(asked)).map((result) => result.answer.text)).toEqual(window.answers);
  });

  it('a one-shot ask reads the language, sets timers and prints the trace the inspector shows', async () => {
    const dataDir = temp();
    const options = { tts: 'espeak' as const, trace: true, configDir: REPO_CONFIG_DIR, dataDir, verbose: false, env: {}, clock };
    // Spanish, read by the engine (the orchestrator alone answered 5 of 42 such questions).
    const spanish = await ask({ ...options, question: 'cuánto son 100 entre 8' });
    expect(spanish.answer).toMatch(/12,5/);
    const timer = await ask({ ...options, question: 'set a timer for 5 minutes' });
    expect(timer.answer).toMatch(/5 minutes/);
    expect(timer.answer).not.toMatch(/language model/);
    // The trace as stored (the inspector's): the conversation and the cache's outcome are on it.
    expect(timer.trace.conversation?.engine).toBeDefined();
    expect(timer.trace.cache.checked).toBe(true);
    // The timer is the app's: a host on that data directory has it pending.
    const host = createTestHost(dataDir, { clock });
    try {
      const reminders = await host.dispatch('listReminders', undefined, { clientId: 'x' });
      expect(reminders).toMatchObject({ ok: true, value: { pending: [expect.objectContaining({ kind: 'timer', durationMs: 300_000 })] } });
    } finally {
      host.close();
    }
  });
});
