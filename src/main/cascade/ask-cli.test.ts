import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ask } from '../../../scripts/ask.ts';
import { askInSession, openConversationHost, questionsOf, sessionIdFor } from '../../../scripts/ask-conversation.ts';
import { decodeWav } from '../adapters/audio/wav.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../testing/test-host.ts';
import { durationMs } from '../ports/audio.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
let server: FakeOpenAiServer | undefined;
afterEach(async () => {
  temp?.remove();
  await server?.close();
  temp = undefined;
  server = undefined;
});

describe('npm run ask', () => {
  it('answers offline with the local specialists and speaks the answer to a WAV with espeak-ng', async () => {
    temp = makeTempDir('ask-cli');
    const out = join(temp.path, 'answer.wav');
    const outcome = await ask({
      question: 'what is twelve times seven',
      out,
      tts: 'espeak',
      trace: false,
      configDir: REPO_CONFIG_DIR,
      dataDir: temp.path,
      verbose: false,
      env: {},
    });
    expect(outcome.answer).toMatch(/84/);
    expect(outcome.trace.query).toBe('what is twelve times seven');
    expect(outcome.trace.agents.map((agent) => agent.agent)).toContain('calculator');
    const wav = decodeWav(new Uint8Array(readFileSync(out)));
    expect(wav.sampleRate).toBe(22050);
    const words = outcome.answer.split(/\s+/).length;
    expect(durationMs(wav) / words).toBeGreaterThan(150);
    expect(durationMs(wav) / words).toBeLessThan(600);
  });

  it('uses OpenAI speech with --tts openai and a key, at the configured base URL', async () => {
    temp = makeTempDir('ask-cli');
    server = await startFakeOpenAiServer();
    writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    const out = join(temp.path, 'answer.wav');
    const outcome = await ask({
      question: 'what is twelve times seven',
      out,
      tts: 'openai',
      trace: false,
      configDir: REPO_CONFIG_DIR,
      dataDir: temp.path,
      verbose: false,
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: server.baseURL },
    });
    expect(outcome.answer).toMatch(/84/);
    const speech = server.requests.filter((request) => request.path === '/v1/audio/speech');
    expect(speech).toHaveLength(1);
    expect(speech[0]!.body).toMatchObject({ input: outcome.answer, voice: 'alloy' });
    expect(decodeWav(new Uint8Array(readFileSync(out))).sampleRate).toBe(24000);
  });

  it('does not send OPENAI_API_KEY to a base URL only settings.yaml names', async () => {
    temp = makeTempDir('ask-cli');
    server = await startFakeOpenAiServer();
    writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    const options = { question: 'what is twelve times seven', tts: 'openai' as const, trace: false, configDir: REPO_CONFIG_DIR, dataDir: temp.path, verbose: false };
    await expect(ask({ ...options, out: join(temp.path, 'a.wav'), env: { OPENAI_API_KEY: 'sk-secret-0123456789' } })).rejects.toThrow(/OPENAI_BASE_URL/);
    await ask({ ...options, tts: 'espeak', question: 'tell me a story about a lighthouse', env: { OPENAI_API_KEY: 'sk-secret-0123456789' } });
    for (const request of server.requests) expect(request.headers.authorization ?? '').not.toContain('sk-secret');
  });

  it('refuses --tts openai without a key instead of failing later', async () => {
    temp = makeTempDir('ask-cli');
    await expect(
      ask({ question: 'what is twelve times seven', out: join(temp.path, 'a.wav'), tts: 'openai', trace: false, configDir: REPO_CONFIG_DIR, dataDir: temp.path, verbose: false, env: {} }),
    ).rejects.toThrow(/OPENAI_API_KEY/);
  });
});

describe('npm run ask in a stored conversation', () => {
  it('continues a named session, so a follow-up asked later sees the question before it', async () => {
    temp = makeTempDir('ask-session');
    const options = { configDir: REPO_CONFIG_DIR, dataDir: temp.path, env: {}, verbose: false };
    const answers: string[] = [];
    let host = openConversationHost(options);
    await askInSession(host, 'kitchen', ['what is 12 times 7'], (answer) => answers.push(answer.answer));
    host.close();
    // Another run of the command: the same session from the store.
    host = openConversationHost(options);
    await askInSession(host, 'kitchen', ['now divide that by 4'], (answer) => answers.push(answer.answer));
    expect(host.store.listTurns(sessionIdFor('kitchen')).map((turn) => turn.text)).toHaveLength(4);
    host.close();
    expect(answers[1]).toMatch(/\b21\b/);
  });

  it('reads one question per line, plain or as JSON, and says which line is wrong', () => {
    temp = makeTempDir('ask-jsonl');
    const file = join(temp.path, 'questions.jsonl');
    writeFileSync(file, 'what is 2 plus 2\n# a comment\n{"q": "und 3 mal 3?"}\n"hello"\n');
    expect(questionsOf(file)).toEqual(['what is 2 plus 2', 'und 3 mal 3?', 'hello']);
    writeFileSync(file, '{"question": 42}\n');
    expect(() => questionsOf(file)).toThrow(/questions.jsonl:1: expected \{"q": "your question"\}/);
    expect(() => sessionIdFor('  !!  ')).toThrow(/--session needs a name/);
  });
});
