import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { readLogText } from '../adapters/logging/log-file-names.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

const context = { clientId: 'test' };

describe('assistant host', () => {
  it('starts on defaults with a clear error when the user file has a syntax error', async () => {
    temp = makeTempDir('host');
    mkdirSync(temp.path, { recursive: true });
    writeFileSync(join(temp.path, 'settings.yaml'), 'voice:\n  mode: hands_free\n  pushToTalkKey: [\n');
    const host = createTestHost(temp.path);
    const status = await host.dispatch('getStatus', undefined, context);
    expect(status.ok).toBe(true);
    const errors = status.ok ? (status.value as { configErrors: unknown[] }).configErrors : [];
    expect(errors).toEqual([
      expect.objectContaining({ file: join(temp.path, 'settings.yaml'), line: expect.any(Number), message: expect.stringMatching(/syntax/) }),
    ]);
    expect(host.settings.current()).toEqual(defaultSettings());
    host.close();
  });

  it('starts on defaults for a field of the wrong type and names file, line and field', async () => {
    temp = makeTempDir('host');
    writeFileSync(join(temp.path, 'settings.yaml'), 'voice:\n  mode: hands_free\n  speakingRate: "very fast"\n');
    const host = createTestHost(temp.path);
    expect(host.settings.current().voice).toEqual({ ...defaultSettings().voice, mode: 'hands_free' });
    expect(host.status().configErrors).toEqual([
      expect.objectContaining({ file: join(temp.path, 'settings.yaml'), line: 3, field: 'voice.speakingRate' }),
    ]);
    await host.logReady;
    const log = readLogText(join(temp.path, 'logs'));
    expect(log).toMatch(/config_invalid.*voice\.speakingRate/);
    host.close();
  });

  it('survives a broken shipped defaults file', () => {
    temp = makeTempDir('host');
    const configDir = join(temp.path, 'config');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'app.yaml'), 'ui:\n  theme: purple\n');
    const host = createTestHost(join(temp.path, 'data'), { configDir });
    expect(host.settings.current().ui.theme).toBe('system');
    expect(host.status().configErrors[0]).toMatchObject({ field: 'ui.theme', line: 2 });
    host.close();
  });

  it('keeps an unreadable user file as a backup when settings are saved over it', async () => {
    temp = makeTempDir('host');
    writeFileSync(join(temp.path, 'settings.yaml'), 'assistant: [broken\n');
    const host = createTestHost(temp.path);
    const saved = await host.dispatch('updateSettings', { ui: { theme: 'dark' } }, context);
    expect(saved.ok).toBe(true);
    const backups = readdirSync(temp.path).filter((name) => name.startsWith('settings.yaml.broken-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(temp.path, backups[0]!), 'utf8')).toBe('assistant: [broken\n');
    expect(host.status().configErrors).toEqual([]);
    host.close();
  });

  it('keeps the comments of the user file when saving', async () => {
    temp = makeTempDir('host');
    writeFileSync(join(temp.path, 'settings.yaml'), '# mine\nassistant:\n  name: Ada # my name\n');
    const host = createTestHost(temp.path);
    await host.dispatch('updateSettings', { voice: { speakingRate: 1.25 } }, context);
    const text = readFileSync(join(temp.path, 'settings.yaml'), 'utf8');
    expect(text).toContain('# mine');
    expect(text).toContain('name: Ada # my name');
    expect(text).toMatch(/speakingRate: 1.25/);
    host.close();
  });

  it('saves only the changed field, leaving the rest of its section as the user wrote it', async () => {
    temp = makeTempDir('host');
    writeFileSync(join(temp.path, 'settings.yaml'), 'voice:\n  pushToTalkKey: KeyT\n  speakingRate: 1.5\n');
    const host = createTestHost(temp.path);
    const saved = await host.dispatch('updateSettings', { voice: { mode: 'hands_free' } }, context);
    expect(saved).toMatchObject({ ok: true, value: { voice: { mode: 'hands_free', pushToTalkKey: 'KeyT', speakingRate: 1.5 } } });
    const text = readFileSync(join(temp.path, 'settings.yaml'), 'utf8');
    expect(text).toBe('voice:\n  pushToTalkKey: KeyT\n  speakingRate: 1.5\n  mode: hands_free\n');
    host.close();
  });

  it('saves a threshold, keeps it across a restart, and clears it back to the default', async () => {
    temp = makeTempDir('host');
    let host = createTestHost(temp.path);
    const saved = await host.dispatch('updateSettings', { thresholds: { cacheSimilarity: 0.95, bargeInMinSpeechMs: 400 } }, context);
    expect(saved).toMatchObject({ ok: true, value: { thresholds: { cacheSimilarity: 0.95, bargeInMinSpeechMs: 400, vadSpeech: null } } });
    host.close();

    host = createTestHost(temp.path);
    expect(host.settings.current().thresholds).toMatchObject({ cacheSimilarity: 0.95, bargeInMinSpeechMs: 400 });
    expect(host.settings.errors()).toEqual([]);
    const cleared = await host.dispatch('updateSettings', { thresholds: { cacheSimilarity: null } }, context);
    expect(cleared).toMatchObject({ ok: true, value: { thresholds: { cacheSimilarity: null, bargeInMinSpeechMs: 400 } } });
    // The status says what an empty threshold means: the YAML's values and the built-in ones.
    expect(host.status().thresholdDefaults).toEqual({ cacheSimilarity: 0.92, routerMinConfidence: 0.3, vadSpeech: 0.5, bargeInMinSpeechMs: 250 });
    writeFileSync(join(temp.path, 'moe_orchestrator.yaml'), 'cache:\n  similarityThreshold: 0.9\n');
    await host.dispatch('updateSettings', { ui: { theme: 'dark' } }, context);
    expect(host.status().thresholdDefaults.cacheSimilarity).toBe(0.9);
    const refused = await host.dispatch('updateSettings', { thresholds: { vadSpeech: 1.5 } }, context);
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    host.close();
  });

  it('reports which providers are configured', () => {
    temp = makeTempDir('host');
    const host = createTestHost(temp.path);
    expect(host.status().providers.find((p) => p.id === 'openai')).toMatchObject({ configured: false });
    host.close();
    const withKey = createTestHost(temp.path, { env: { OPENAI_API_KEY: 'sk-test' } });
    const openai = withKey.status().providers.find((p) => p.id === 'openai')!;
    expect(openai.configured).toBe(true);
    expect(openai.detail).not.toContain('sk-test');
    withKey.close();
    expect(existsSync(join(temp.path, 'assistant.sqlite'))).toBe(true);
  });
});
