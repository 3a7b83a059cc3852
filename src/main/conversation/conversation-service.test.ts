import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/contract.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import { startFakeOpenAiServer, type ChatRequestBody, type FakeOpenAiServer, type FakeReply } from '../adapters/testing/fake-openai-server.ts';
import type { AssistantHost } from '../host/assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// The whole host: the shipped agents and scenarios, the real SQLite store, and for the model the
// real openai SDK against the fake server (streamed chat with tool calls).

let host: AssistantHost | undefined;
let server: FakeOpenAiServer | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

const client = { clientId: 'window-1' };

async function call<T>(method: string, params?: unknown): Promise<T> {
  const result = await host!.dispatch(method, params, client);
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function startSession(): Promise<string> {
  return (await call<{ id: string }>('startSession')).id;
}

const ask = (sessionId: string, text: string) => call<{ answer: string; trace: TurnTrace }>('ask', { sessionId, text });

function frontDesk(extraSettings = ''): string {
  temp = makeTempDir('conversation');
  writeFileSync(join(temp.path, 'settings.yaml'), `conversation:\n  scenario: front_desk\n${extraSettings}`);
  return temp.path;
}

describe('the front-desk scenario with no model', () => {
  it('answers as the concierge, hands over on a trigger phrase, and the handoff survives a restart', async () => {
    const dataDir = frontDesk();
    host = createTestHost(dataDir);
    const status = await call<AppStatus>('getStatus');
    expect(status.conversation).toMatchObject({ scenario: 'front_desk', startAgent: 'concierge', agents: expect.arrayContaining([{ name: 'math_tutor', title: 'Math tutor' }]) });
    const sessionId = await startSession();

    // Announced: the timekeeper greets; it is active from now on.
    const greeted = await ask(sessionId, 'Could I talk to the timekeeper please?');
    expect(greeted.answer).toBe('Timekeeper here. Ask me the time anywhere, or about dates.');
    expect(greeted.trace.conversation).toMatchObject({ agent: 'timekeeper', engine: 'handoff', handoffs: [{ from: 'concierge', to: 'timekeeper', type: 'announced', via: 'trigger' }] });

    // Its turns go over its experts only (clock, date_calculator).
    const time = await ask(sessionId, 'what time is it in Tokyo');
    expect(time.answer).toMatch(/\d{1,2}:\d{2}/);
    expect(time.trace.conversation).toMatchObject({ agent: 'timekeeper', engine: 'moe' });
    expect(time.trace.routing?.candidates.every((candidate) => ['clock', 'date_calculator'].includes(candidate.agent))).toBe(true);

    host.close();
    host = createTestHost(dataDir);
    await call('resumeSession', { sessionId });
    // Restored from SQLite: still the timekeeper, and the way back greets with the return greeting.
    const back = await ask(sessionId, 'take me back to the front desk');
    expect(back.answer).toBe('Back at the front desk. What else can I do for you?');
    const again = await ask(sessionId, 'I want the timekeeper');
    expect(again.answer).toBe('Timekeeper again. What would you like to know?');
  });

  it('takes a discrete handoff: the math tutor answers the same words', async () => {
    host = createTestHost(frontDesk());
    const sessionId = await startSession();
    const answered = await ask(sessionId, 'I need help with math: what is 17 times 23?');
    expect(answered.answer).toContain('391');
    expect(answered.trace.conversation).toMatchObject({ agent: 'math_tutor', handoffs: [{ to: 'math_tutor', type: 'discrete' }] });
  });
});

describe('the desktop scenario', () => {
  it('keeps one history for the session: the stored turns are what a later turn sees', async () => {
    temp = makeTempDir('conversation');
    host = createTestHost(temp.path);
    const sessionId = await startSession();
    await ask(sessionId, 'what is 6 times 7');
    await ask(sessionId, 'what is 2 plus 2');
    expect(host.store.listTurns(sessionId).map((turn) => [turn.role, turn.text])).toEqual([
      ['user', 'what is 6 times 7'],
      ['assistant', expect.stringContaining('42')],
      ['user', 'what is 2 plus 2'],
      ['assistant', expect.stringContaining('4')],
    ]);
  });
});

describe('the front-desk scenario with a model', () => {
  async function withModel(reply: (body: ChatRequestBody) => FakeReply) {
    server = await startFakeOpenAiServer({ chat: reply });
    const dataDir = frontDesk(`providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(dataDir, { env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL } });
    return startSession();
  }
  const agentOf = (body: ChatRequestBody) => /You are the (\w+)/.exec(body.messages[0]?.content ?? '')?.[1] ?? 'moe';

  it('the model calls a handoff tool; the conversation moves and the target greets', async () => {
    const sessionId = await withModel((body) =>
      agentOf(body) === 'concierge' && body.tools?.some((tool) => tool.function.name === 'transfer_to_timekeeper')
        ? { kind: 'tool_calls', content: 'Let me put you through.', calls: [{ name: 'transfer_to_timekeeper', arguments: '{"reason":"the time in Tokyo","topic":"Tokyo"}' }] }
        : { kind: 'text', content: 'ok' },
    );
    const answered = await ask(sessionId, 'what is the time in Tokyo');
    expect(answered.answer).toBe('Let me put you through. Timekeeper here. Ask me the time anywhere, or about dates.');
    expect(answered.trace.conversation).toMatchObject({ agent: 'timekeeper', engine: 'llm', handoffs: [{ via: 'tool', tool: 'transfer_to_timekeeper', reason: 'the time in Tokyo' }] });
  });

  it('the agent calls a tool, gets its result and carries on; the trace shows the call', async () => {
    let round = 0;
    const sessionId = await withModel((body) => {
      if (agentOf(body) !== 'concierge') return { kind: 'text', content: 'ok' };
      round++;
      if (round === 1) return { kind: 'tool_calls', calls: [{ name: 'consult_experts', arguments: '{"question":"what is 17 times 23"}' }] };
      const toolMessage = body.messages.find((message) => message.role === 'tool');
      return { kind: 'text', content: `The experts say: ${toolMessage?.content ?? 'nothing'}` };
    });
    const answered = await ask(sessionId, 'what is 17 times 23, roughly?');
    expect(answered.answer).toMatch(/^The experts say: .*391/);
    expect(answered.trace.conversation!.tools).toEqual([
      expect.objectContaining({ name: 'consult_experts', agent: 'concierge', ok: true, arguments: '{"question":"what is 17 times 23"}', result: expect.stringContaining('391') }),
    ]);
  });
});
