import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../shared/trace.ts';
import { startFakeOpenAiServer, type ChatRequestBody, type FakeOpenAiServer, type FakeReply } from '../adapters/testing/fake-openai-server.ts';
import type { AssistantHost } from './assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// The whole host with a configured provider: the real openai SDK against the local fake server
// drives the LLM classifier, the general agent and the LLM synthesis.

let server: FakeOpenAiServer | undefined;
let host: AssistantHost | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

type Role = 'classifier' | 'general' | 'synthesis';
const roleOf = (body: ChatRequestBody): Role =>
  body.response_format?.type === 'json_object'
    ? 'classifier'
    : body.messages[0]?.content?.startsWith('You combine answers')
      ? 'synthesis'
      : 'general';

async function startHost(reply: (role: Role, body: ChatRequestBody) => FakeReply) {
  server = await startFakeOpenAiServer({ chat: (body) => reply(roleOf(body), body) });
  temp = makeTempDir('moe-openai');
  writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
  host = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test' } });
  const session = await host.dispatch('startSession', undefined, { clientId: 'c' });
  return (session as { ok: true; value: { id: string } }).value.id;
}

async function ask(sessionId: string, text: string): Promise<{ answer: string; trace: TurnTrace }> {
  const result = await host!.dispatch('ask', { sessionId, text }, { clientId: 'c' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { answer: string; trace: TurnTrace };
}

describe('the orchestrator with an OpenAI-compatible provider', () => {
  it('asks the classifier below the fast path, and the general agent answers', async () => {
    const sessionId = await startHost((role) => {
      if (role === 'classifier') return { kind: 'text', content: JSON.stringify({ scores: { general: 0.9, calculator: 0.05, clock: 0 } }) };
      return { kind: 'text', content: 'Octopuses have three hearts and blue blood.' };
    });
    const { answer, trace } = await ask(sessionId, 'tell me something surprising about octopuses');
    expect(answer).toContain('three hearts');
    expect(trace.routing?.strategy).toBe('hybrid');
    expect(trace.routing?.selected).toContain('general');
    const general = trace.agents.find((agent) => agent.agent === 'general');
    expect(general).toMatchObject({ status: 'success', provider: 'openai' });
    expect(general?.inputTokens).toBeGreaterThan(0);
    const roles = server!.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => roleOf(request.body as ChatRequestBody));
    expect(roles).toContain('classifier');
    expect(roles).toContain('general');
  });

  it('falls back to embedding scores when the classifier returns garbage, and says so in the trace', async () => {
    const sessionId = await startHost((role) =>
      role === 'classifier' ? { kind: 'text', content: 'I think the calculator, probably?' } : { kind: 'text', content: 'Jazz began in New Orleans.' },
    );
    const { answer, trace } = await ask(sessionId, 'where did jazz music begin');
    // Nothing clears the bar on embedding scores alone, so the fallback agent answers.
    expect(trace.routing?.strategy).toBe('fallback');
    expect(trace.routing?.selected).toEqual(['general']);
    expect(answer).toContain('New Orleans');
    expect(trace.routing?.error).toBeTruthy();
    expect(trace.errors.some((error) => error.startsWith('routing:'))).toBe(true);
  });

  it('completes the turn when the model times out everywhere', async () => {
    const sessionId = await startHost(() => ({ kind: 'error', status: 503, message: 'overloaded' }));
    const { answer, trace } = await ask(sessionId, 'what is 12 times 7');
    expect(answer).toContain('84');
    expect(trace.agents.find((agent) => agent.agent === 'calculator')?.status).toBe('success');
  });

  it('records provenance and a quality score for the synthesis', async () => {
    const sessionId = await startHost((role) => {
      if (role === 'classifier') return { kind: 'text', content: JSON.stringify({ scores: { general: 0.8, date_calculator: 0.7 } }) };
      if (role === 'synthesis') return { kind: 'text', content: 'Christmas Day falls on December 25.' };
      return { kind: 'text', content: 'Christmas Day is celebrated on December 25 each year.' };
    });
    const { trace } = await ask(sessionId, 'what day of the year is christmas celebrated');
    expect(trace.aggregation).not.toBeNull();
    expect(trace.aggregation!.provenance.length).toBeGreaterThan(0);
    expect(trace.aggregation!.quality).toBeGreaterThan(0);
  });
});
