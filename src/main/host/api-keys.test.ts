import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../shared/contract.ts';
import type { EventName } from '../../shared/contract-names.ts';
import type { Result } from '../../shared/result.ts';
import type { VoiceEventPayload } from '../../shared/voice.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../adapters/testing/fake-openai-server.ts';
import { speak, withSilence } from '../adapters/testing/speech-fixtures.ts';
import { readLogText } from '../adapters/logging/log-file-names.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';
import { createApiKeys, environmentWithKeys, keyHint } from './api-keys.ts';
import type { SecretStore } from '../ports/secret-store.ts';
import type { AssistantHost } from './assistant-host.ts';

const STORED_KEY = 'sk-proj-Stored0123456789secretWXYZ';
const CLOUD = 'https://api.openai.com/v1';
const ENV_KEY = 'sk-env-0123456789environmentKEYQ';
/** The part of the key that must never leave main (the hint shows only the last four). */
const SECRET_PART = 'Stored0123456789secret';

let host: AssistantHost | undefined;
let server: FakeOpenAiServer | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  host?.close();
  await server?.close();
  temp?.remove();
});

const client = { clientId: 'window-1' };

function recordEvents(target: AssistantHost) {
  const events: { event: EventName; payload: unknown }[] = [];
  target.subscribe((event, payload) => events.push({ event, payload }));
  return events;
}

const value = <T>(result: Result<unknown>) => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
};

const openaiStatus = async (target: AssistantHost) =>
  value<AppStatus>(await target.dispatch('getStatus', undefined, client)).providers.find((p) => p.id === 'openai')!;

describe('API keys saved in Settings', () => {
  it('configure the provider, show only a hint, and are forgotten when removed', async () => {
    temp = makeTempDir('api-keys');
    host = createTestHost(temp.path);
    const events = recordEvents(host);
    const replies: unknown[] = [];
    const call = async (method: string, params?: unknown) => {
      const reply = await host!.dispatch(method, params, client);
      replies.push(reply);
      return reply;
    };
    expect(await openaiStatus(host)).toMatchObject({ configured: false });
    expect(host.status().providers.find((p) => p.id === 'general')).toMatchObject({ configured: false });

    const saved = await call('setApiKey', { provider: 'openai', key: `  ${STORED_KEY}\n` });

    expect(saved).toEqual({
      ok: true,
      value: { provider: 'openai', set: true, hint: 'sk-…WXYZ', source: 'stored', storage: 'file', storageProblem: null, origin: 'https://api.openai.com', savedFor: [] },
    });
    const status = await openaiStatus(host);
    expect(status).toMatchObject({ configured: true, detail: expect.stringContaining('key set (sk-…WXYZ)') });
    // The orchestrator was rebuilt with the key: the general agent is available now.
    expect(host.status().providers.find((p) => p.id === 'general')).toMatchObject({ configured: true });
    expect(events.some((e) => e.event === 'status' && JSON.stringify(e.payload).includes('sk-…WXYZ'))).toBe(true);
    await call('getStatus');
    await call('getSettings');
    await call('getApiKeyStatus', { provider: 'openai' });
    await call('listSessions', { limit: 10 });
    expect(statSync(join(temp.path, 'secrets.json')).mode & 0o777).toBe(0o600);

    const cleared = await call('clearApiKey', { provider: 'openai' });

    expect(cleared).toMatchObject({ ok: true, value: { set: false, hint: null, source: null } });
    expect(await openaiStatus(host)).toMatchObject({ configured: false });
    expect(host.status().providers.find((p) => p.id === 'general')).toMatchObject({ configured: false });
    // Waits for a periodic status push too, so that path is covered by the check below.
    const pushes = events.filter((e) => e.event === 'status').length;
    await expect.poll(() => events.filter((e) => e.event === 'status').length).toBeGreaterThan(pushes);

    for (const seen of [...replies, ...events.map((e) => e.payload)]) expect(JSON.stringify(seen)).not.toContain(SECRET_PART);
    expect(events.map((e) => e.event)).toContain('log');
    await host.logReady;
    expect(readLogText(join(temp.path, 'logs'))).not.toContain(SECRET_PART);
  });

  it('start without keys, saying so in the log, when the secrets file is corrupt', async () => {
    temp = makeTempDir('api-keys');
    writeFileSync(join(temp.path, 'secrets.json'), '{"version":1,"secrets":{"openai.apiKey":"sk-cut', { mode: 0o600 });
    host = createTestHost(temp.path, { clock: { now: () => 1234 } });
    expect(await openaiStatus(host)).toMatchObject({ configured: false });
    await host.logReady;
    expect(readLogText(join(temp.path, 'logs'))).toMatch(/secrets_corrupt.*kept as .*secrets\.json\.corrupt-1234/);
    expect(readFileSync(join(temp.path, 'secrets.json.corrupt-1234'), 'utf8')).toContain('sk-cut');
    expect(value(await host.dispatch('setApiKey', { provider: 'openai', key: STORED_KEY }, client))).toMatchObject({ set: true });
  });

  it('refuse a malformed key without quoting it', async () => {
    temp = makeTempDir('api-keys');
    host = createTestHost(temp.path);
    const pasted = 'sk-proj-first half second-half-XYZ';

    const reply = await host.dispatch('setApiKey', { provider: 'openai', key: pasted }, client);

    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('no spaces') } });
    expect(JSON.stringify(reply)).not.toContain('first half');
    const tooLong = await host.dispatch('setApiKey', { provider: 'openai', key: 'k'.repeat(513) }, client);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await host.dispatch('setApiKey', { provider: 'openai', key: '   ' }, client)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await openaiStatus(host)).toMatchObject({ configured: false });
  });

  it('win over OPENAI_API_KEY while saved, and survive a restart', async () => {
    server = await startFakeOpenAiServer({ chat: () => ({ kind: 'text', content: 'Fine, thanks.' }) });
    temp = makeTempDir('api-keys');
    writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    // The environment's key goes to the base URL the environment names.
    const env = { OPENAI_API_KEY: ENV_KEY, OPENAI_BASE_URL: server.baseURL };
    host = createTestHost(temp.path, { env });
    const sessionId = value<{ id: string }>(await host.dispatch('startSession', undefined, client)).id;
    const keysSent = () => server!.requests.map((request) => request.headers.authorization);
    const ask = async (text: string) => value(await host!.dispatch('ask', { sessionId, text }, client));

    await ask('tell me a story about a lighthouse keeper');
    expect(keysSent().at(-1)).toBe(`Bearer ${ENV_KEY}`);
    expect(value(await host.dispatch('getApiKeyStatus', { provider: 'openai' }, client))).toMatchObject({ source: 'environment', hint: 'sk-…KEYQ' });

    await host.dispatch('setApiKey', { provider: 'openai', key: STORED_KEY }, client);
    const before = keysSent().length;
    await ask('tell me a story about a mountain guide');
    expect(keysSent().slice(before)).not.toHaveLength(0);
    expect(new Set(keysSent().slice(before))).toEqual(new Set([`Bearer ${STORED_KEY}`]));

    host.close();
    host = createTestHost(temp.path, { env });
    expect(value(await host.dispatch('getApiKeyStatus', { provider: 'openai' }, client))).toMatchObject({ source: 'stored', hint: 'sk-…WXYZ' });
    expect(await openaiStatus(host)).toMatchObject({ detail: expect.stringMatching(/^key set \(sk-…WXYZ\)/) });

    await host.dispatch('clearApiKey', { provider: 'openai' }, client);
    const session2 = value<{ id: string }>(await host.dispatch('startSession', undefined, client)).id;
    const afterClear = keysSent().length;
    value(await host.dispatch('ask', { sessionId: session2, text: 'tell me a story about a baker' }, client));
    expect(new Set(keysSent().slice(afterClear))).toEqual(new Set([`Bearer ${ENV_KEY}`]));
    expect(await openaiStatus(host)).toMatchObject({ detail: expect.stringContaining('from OPENAI_API_KEY') });
  });

  it('reach speech recognition in voice sessions started after saving', async () => {
    server = await startFakeOpenAiServer({
      transcription: () => ({ kind: 'transcript', text: 'what is twelve times seven' }),
      chat: () => ({ kind: 'error', status: 503, message: 'no chat model in this test' }),
    });
    temp = makeTempDir('api-keys');
    writeFileSync(join(temp.path, 'settings.yaml'), `voice:\n  mode: hands_free\nproviders:\n  openai:\n    baseURL: ${server.baseURL}\n`);
    host = createTestHost(temp.path);
    const events = recordEvents(host);
    await host.dispatch('setApiKey', { provider: 'openai', key: STORED_KEY }, client);
    const sessionId = value<{ id: string }>(await host.dispatch('startSession', undefined, client)).id;

    const question = withSilence(await speak('what is twelve times seven'), { beforeMs: 300, afterMs: 900 });
    const frame = 320;
    for (let offset = 0; offset < question.audio.samples.length; offset += frame) {
      const samples = question.audio.samples.subarray(offset, offset + frame);
      await host.dispatch('voiceAudio', { sessionId, pcm16: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString('base64') }, client);
    }

    const transcriptions = () => server!.requests.filter((request) => request.path.includes('/audio/transcriptions'));
    await expect.poll(() => transcriptions().length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(transcriptions()[0]!.headers.authorization).toBe(`Bearer ${STORED_KEY}`);
    const notices = () => events.filter((e) => e.event === 'voice').map((e) => (e.payload as VoiceEventPayload).notice);
    await expect.poll(() => notices().some((n) => n.kind === 'user_transcript' && n.final)).toBe(true);
    for (const { payload } of events) expect(JSON.stringify(payload)).not.toContain(SECRET_PART);
  });
});

describe('a key and the address it was saved for', () => {
  it('is not sent to a base URL changed to another server until a key is saved for that server', async () => {
    server = await startFakeOpenAiServer({ chat: () => ({ kind: 'text', content: 'Fine, thanks.' }) });
    const other = await startFakeOpenAiServer({ chat: () => ({ kind: 'text', content: 'Thanks for the key.' }) });
    try {
      temp = makeTempDir('api-keys');
      writeFileSync(join(temp.path, 'settings.yaml'), `providers:\n  openai:\n    baseURL: ${server.baseURL}\n`);
      host = createTestHost(temp.path, { env: { OPENAI_API_KEY: ENV_KEY } });
      const sessionId = value<{ id: string }>(await host.dispatch('startSession', undefined, client)).id;
      const ask = async (text: string) => value(await host!.dispatch('ask', { sessionId, text }, client));
      const authorizations = (fake: FakeOpenAiServer) => fake.requests.map((request) => request.headers.authorization ?? '');

      await host.dispatch('setApiKey', { provider: 'openai', key: STORED_KEY }, client);
      await ask('tell me a story about a lighthouse keeper');
      expect(authorizations(server)).toContain(`Bearer ${STORED_KEY}`);

      // Whoever can change Settings points the base URL at their own server.
      value(await host.dispatch('updateSettings', { providers: { openai: { baseURL: other.baseURL } } }, client));
      await ask('tell me a story about a mountain guide');
      expect(other.requests.length).toBeGreaterThan(0);
      for (const header of authorizations(other)) {
        expect(header).not.toContain(SECRET_PART);
        expect(header).not.toContain(ENV_KEY);
      }
      const otherOrigin = new URL(other.baseURL).origin;
      expect(value(await host.dispatch('getApiKeyStatus', { provider: 'openai' }, client))).toMatchObject({
        set: false,
        origin: otherOrigin,
        savedFor: [new URL(server.baseURL).origin],
      });
      expect(await openaiStatus(host)).toMatchObject({ detail: expect.stringContaining(`not sent to ${otherOrigin}`) });

      // The user enters a key for the new address: that one goes there; the first stays with its own.
      const OTHER_KEY = 'sk-other-0123456789abcdefOTHR';
      await host.dispatch('setApiKey', { provider: 'openai', key: OTHER_KEY }, client);
      await ask('tell me a story about a baker');
      expect(authorizations(other).at(-1)).toBe(`Bearer ${OTHER_KEY}`);
      value(await host.dispatch('updateSettings', { providers: { openai: { baseURL: server.baseURL } } }, client));
      await ask('tell me a story about a fisher');
      expect(authorizations(server).at(-1)).toBe(`Bearer ${STORED_KEY}`);
    } finally {
      await other.close();
    }
  });

  it('accepts only http(s) base URLs', async () => {
    temp = makeTempDir('api-keys');
    host = createTestHost(temp.path);
    for (const baseURL of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/v1', 'not a url']) {
      const reply = await host.dispatch('updateSettings', { providers: { openai: { baseURL } } }, client);
      expect(reply, baseURL).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/baseURL/) } });
    }
    expect(host.settings.current().providers.openai.baseURL).toBe(CLOUD);
  });
});

/** A secret store in memory; `secrets` is what it holds. */
function memorySecrets(entries: [string, string][] = []) {
  const secrets = new Map(entries);
  const store: SecretStore = {
    kind: 'file',
    path: '/nowhere/secrets.json',
    openWarnings: [],
    get: (name) => secrets.get(name) ?? null,
    set: async (name, secret) => void secrets.set(name, secret),
    delete: async (name) => void secrets.delete(name),
    names: () => [...secrets.keys()],
    unavailableReason: () => null,
  };
  return { secrets, store };
}

describe('api keys', () => {
  it('hint at a key by its last four characters only, and not at all when short', () => {
    expect(keyHint('sk-proj-abcdefghijklmnop1234')).toBe('sk-…1234');
    expect(keyHint('gsk_abcdefghijklmnop9876')).toBe('…9876');
    expect(keyHint('sk-short')).toBe('sk-…');
    expect(keyHint('tiny')).toBe('…');
  });

  it('give the services an environment whose key follows what is saved', async () => {
    const { secrets, store } = memorySecrets();
    const keys = createApiKeys(store, { OPENAI_API_KEY: ` ${ENV_KEY} `, HOME: '/home/me' });
    let baseURL = CLOUD;
    const env = environmentWithKeys({ OPENAI_API_KEY: ENV_KEY, HOME: '/home/me' }, keys, () => baseURL);

    expect(env.OPENAI_API_KEY).toBe(ENV_KEY);
    await keys.set('openai', CLOUD, STORED_KEY);
    expect(env.OPENAI_API_KEY).toBe(STORED_KEY);
    expect(env.HOME).toBe('/home/me');
    // Another server gets neither the saved key nor the environment's.
    baseURL = 'http://127.0.0.1:9999/v1';
    expect(env.OPENAI_API_KEY).toBeUndefined();
    baseURL = `${CLOUD}/other/path`;
    expect(env.OPENAI_API_KEY).toBe(STORED_KEY);
    await keys.clear('openai', CLOUD);
    expect(env.OPENAI_API_KEY).toBe(ENV_KEY);
    expect([...secrets.keys()]).toEqual([]);
  });

  it('bind a key saved before keys had an origin to the base URL it was used with', async () => {
    const { secrets, store } = memorySecrets([['openai.apiKey', STORED_KEY]]);
    const keys = createApiKeys(store, {});
    expect(keys.keyFor('openai', 'http://127.0.0.1:1234/v1')).toBeNull();
    expect(await keys.bindUnbound('openai', 'http://127.0.0.1:1234/v1')).toBe('http://127.0.0.1:1234');
    expect(keys.keyFor('openai', 'http://127.0.0.1:1234/v1')).toEqual({ key: STORED_KEY, source: 'stored' });
    expect(keys.keyFor('openai', 'http://127.0.0.1:4321/v1')).toBeNull();
    expect([...secrets.keys()]).toEqual(['openai.apiKey@http://127.0.0.1:1234']);
    expect(await keys.bindUnbound('openai', 'http://127.0.0.1:1234/v1')).toBeNull();
  });
});
