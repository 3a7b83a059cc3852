import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deadPort } from '../testing/dead-port.ts';
import type { TurnTrace } from '../../shared/trace.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../adapters/testing/fake-openai-server.ts';
import type { AppStatus } from '../../shared/contract.ts';
import type { AssistantHost } from './assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// The true reason, in the reply and in Status alike: a question the language model should answer,
// with its server down, refusing the key or out of quota, says so in the user's language; the
// local skills still answer what they cover.

let server: FakeOpenAiServer | undefined;
let host: AssistantHost | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

async function startHost(baseURL: string, env: Record<string, string> = {}) {
  temp = makeTempDir('provider-faults');
  writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${baseURL}\n`);
  host = createTestHost(temp.path, { env });
  const session = await host.dispatch('startSession', undefined, { clientId: 'c' });
  return (session as { ok: true; value: { id: string } }).value.id;
}

async function ask(sessionId: string, text: string): Promise<{ answer: string; trace: TurnTrace }> {
  const result = await host!.dispatch('ask', { sessionId, text }, { clientId: 'c' });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { answer: string; trace: TurnTrace };
}

const openaiStatus = () => (host!.status() as AppStatus).providers.find((provider) => provider.id === 'openai')!;


describe('why a question the model should answer got no answer', () => {
  it('a local server that is not running: the reply and Status both say it does not answer, in the language asked', async () => {
    const port = await deadPort();
    const sessionId = await startHost(`http://127.0.0.1:${port}/v1`);
    const { answer, trace } = await ask(sessionId, 'who wrote Hamlet');
    const said = `the server at http://127.0.0.1:${port} does not answer (connection refused: nothing listens there)`;
    expect(answer).toContain(said);
    expect(answer).toContain('Start that server, or set another base URL in Settings.');
    expect(answer).not.toMatch(/no skill/i);
    expect(trace.unanswered).toMatchObject({ kind: 'provider_failed', fault: { kind: 'unreachable' } });
    await expect.poll(() => openaiStatus().problem ?? '').toContain(said.replace(/^t/, 'T'));

    const french = await ask(sessionId, 'qui a écrit Hamlet ?');
    expect(french.answer).toContain(`le serveur à l'adresse http://127.0.0.1:${port} ne répond pas`);

    // What a local skill covers is still answered.
    expect((await ask(sessionId, "what's 2 plus 2")).answer).toContain('4');
  });

  it('a refused key and a spent quota are said as such, with what to do', async () => {
    let reply: FakeReply = { kind: 'error', status: 401, message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' };
    server = await startFakeOpenAiServer({ chat: () => reply });
    const sessionId = await startHost(server.baseURL, { OPENAI_API_KEY: 'sk-wrong' });
    const refused = await ask(sessionId, 'who wrote Hamlet');
    expect(refused.answer).toMatch(/refused the API key \(401: Incorrect API key provided\)\. Check the API key in Settings\./);
    await expect.poll(() => openaiStatus().problem ?? '').toContain('refused the API key (401');

    reply = { kind: 'error', status: 429, message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' };
    const spent = await ask(sessionId, 'Wer hat eigentlich das Theaterstück Hamlet geschrieben?');
    expect(spent.answer).toContain('Kontingent des API-Schlüssels');
    await expect.poll(() => openaiStatus().problem ?? '').toContain("quota at");

    // The server answers again: Status says so after the next answer.
    reply = { kind: 'text', content: 'Shakespeare wrote Hamlet.' };
    expect((await ask(sessionId, 'who wrote Macbeth')).answer).toContain('Shakespeare');
    await expect.poll(() => openaiStatus().reachable).toBe(true);
  });
});
