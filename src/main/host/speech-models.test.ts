import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpeechModelView } from '../../shared/contract.ts';
import { defaultSettings, type Settings } from '../../shared/settings.ts';
import type { SpeechModel } from '../adapters/local-stt/speech-model-catalog.ts';
import { generatedFile, startModelFileServer } from '../adapters/local-stt/testing/model-file-server.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import type { SpeechToText } from '../ports/stt.ts';
import { createSpeechModels } from './speech-models.ts';
import { STT_NEEDS_PROVIDER, voiceProvidersFromSettings } from './voice-providers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const KB = 1024;
const files = [generatedFile('enc.onnx', 256 * KB), generatedFile('dec.onnx', 128 * KB), generatedFile('tokens.txt', 8 * KB)];
const model: SpeechModel = {
  id: 'test-whisper',
  label: 'Test Whisper',
  languages: ['en'],
  multilingual: false,
  repo: 'someone/test-whisper',
  revision: 'main',
  files: files.map((file) => ({ name: file.name, sizeBytes: file.bytes.length })),
  engine: { kind: 'whisper', encoder: 'enc.onnx', decoder: 'dec.onnx', tokens: 'tokens.txt', language: '' },
};

async function setUp() {
  const server = await startModelFileServer(model, files);
  cleanups.push(server.close);
  const data = makeTempDir('speech-models');
  cleanups.push(data.remove);
  const events: SpeechModelView[] = [];
  const installedChanges: string[] = [];
  const models = createSpeechModels({
    dataDir: data.path,
    baseUrl: server.baseUrl,
    logger: pino({ level: 'silent' }),
    catalog: [model],
    onChange: (view) => events.push(view),
    onInstalledChange: (id) => installedChanges.push(id),
  });
  cleanups.push(() => models.close());
  return { server, models, events, installedChanges };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const total = files.reduce((sum, file) => sum + file.bytes.length, 0);

describe('speech models (host service)', () => {
  it('lists a model not downloaded, downloads it with progress events, and then it is ready with a recognizer', async () => {
    const { models, events, installedChanges } = await setUp();
    expect(models.list()).toEqual([
      { id: 'test-whisper', label: 'Test Whisper', languages: ['en'], multilingual: false, sizeBytes: total, state: 'not-downloaded', downloadedBytes: 0, totalBytes: total, error: null },
    ]);
    expect(models.sttFor('test-whisper')).toBeNull();

    models.download('test-whisper');
    models.download('test-whisper'); // Already downloading: one download.
    await until(() => events.at(-1)?.state === 'ready');

    expect(events[0]).toMatchObject({ state: 'downloading', downloadedBytes: 0 });
    const downloading = events.filter((event) => event.state === 'downloading');
    for (let i = 1; i < downloading.length; i++) expect(downloading[i]!.downloadedBytes).toBeGreaterThanOrEqual(downloading[i - 1]!.downloadedBytes);
    expect(events.at(-1)).toMatchObject({ state: 'ready', downloadedBytes: total, totalBytes: total, error: null });
    expect(installedChanges).toEqual(['test-whisper']);
    const stt = models.sttFor('test-whisper');
    expect(stt?.provider).toBe('sherpa-onnx');
    expect(models.sttFor('test-whisper')).toBe(stt);
  });

  it('keeps a cancelled download to resume, shows a failure with its reason, and deletes a model', async () => {
    const { server, models, events, installedChanges } = await setUp();
    server.sendSlowly(20);
    models.download('test-whisper');
    await until(() => (events.at(-1)?.downloadedBytes ?? 0) > 32 * KB);
    models.cancel('test-whisper');
    await until(() => events.at(-1)?.state === 'not-downloaded');
    const kept = events.at(-1)!.downloadedBytes;
    expect(kept).toBeGreaterThan(0);
    expect(models.list()[0]).toMatchObject({ state: 'not-downloaded', downloadedBytes: kept, error: null });

    server.sendSlowly(0);
    server.remove('dec.onnx');
    models.download('test-whisper');
    await until(() => events.at(-1)?.state === 'failed');
    expect(models.list()[0]!.error).toMatch(/answered 404 Not Found \(the file is not there\) for Test Whisper \(dec\.onnx\)/);

    await models.remove('test-whisper');
    expect(models.list()[0]).toMatchObject({ state: 'not-downloaded', downloadedBytes: 0, error: null });
    expect(installedChanges).toEqual(['test-whisper']);
  });

  it('refuses an unknown model', async () => {
    const { models } = await setUp();
    expect(() => models.download('nope')).toThrow(/no speech model nope \(there are: test-whisper\)/);
  });
});

describe('voiceProvidersFromSettings: which speech recognizer', () => {
  const localStt: SpeechToText = { provider: 'sherpa-onnx', transcribe: async () => ({ text: 'hi', language: 'en' }) };
  const withModel = (id: string | null, baseURL = 'https://api.openai.com/v1'): Settings => {
    const settings = defaultSettings();
    return { ...settings, voice: { ...settings.voice, localSpeechModel: id }, providers: { openai: { ...settings.providers.openai, baseURL } } };
  };
  const installed = (id: string) => (id === 'whisper-tiny-en' ? localStt : null);

  it('is the OpenAI-compatible provider when a key or a local server is set, even with a model chosen', () => {
    expect(voiceProvidersFromSettings(withModel('whisper-tiny-en'), 'sk-test', installed).stt.provider).toBe('openai');
    expect(voiceProvidersFromSettings(withModel('whisper-tiny-en', 'http://127.0.0.1:8000/v1'), undefined, installed).stt.provider).toBe('openai');
  });

  it('is the downloaded model with no provider', () => {
    const providers = voiceProvidersFromSettings(withModel('whisper-tiny-en'), undefined, installed);
    expect(providers.stt).toBe(localStt);
    expect(providers.describe.stt).toBe('whisper-tiny-en (sherpa-onnx, on this computer)');
  });

  it('says what is missing otherwise: a chosen model not downloaded, or nothing at all', async () => {
    const notThere = voiceProvidersFromSettings(withModel('whisper-base-en'), undefined, installed);
    await expect(notThere.stt.transcribe({ audio: { samples: new Int16Array(10), sampleRate: 16000 } })).rejects.toThrow(
      /^The speech model whisper-base-en chosen in Settings is not downloaded \(or not completely\): download it in Settings › Speech models/,
    );
    const none = voiceProvidersFromSettings(withModel(null), undefined, installed);
    await expect(none.stt.transcribe({ audio: { samples: new Int16Array(10), sampleRate: 16000 } })).rejects.toThrow(STT_NEEDS_PROVIDER);
    expect(STT_NEEDS_PROVIDER).toMatch(/speech model downloaded in Settings › Speech models/);
  });

  it('refuses a download while the model is being deleted, then takes one', async () => {
    const { server, models } = await setUp();
    server.sendSlowly(5);
    models.download(model.id);
    const removed = models.remove(model.id);
    expect(() => models.download(model.id)).toThrow(/is being deleted/);
    await removed;
    expect(models.list()[0]!.state).toBe('not-downloaded');
    server.sendSlowly(0);
    models.download(model.id);
    await until(() => models.list()[0]!.state === 'ready');
  });
});
