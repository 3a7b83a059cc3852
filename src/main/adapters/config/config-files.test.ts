import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, SettingsSchema } from '../../../shared/settings.ts';
import { AppError } from '../../core/errors.ts';
import { loadMoeConfig, loadSpecialists } from '../../host/moe-composition.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../../testing/test-host.ts';
import { defaultAgentsConfig, loadAgentsConfig } from './experts-config.ts';
import { writeFileAtomic } from '../system/atomic-file.ts';
import { loadLayeredFiles, storageError, writeYamlValues } from './config-files.ts';
import { aliasBomb, deeplyNested } from './testing/hostile-yaml.ts';
import { MAX_CONFIG_FILE_BYTES } from './yaml-source.ts';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir('config-files');
});
afterEach(() => temp.remove());

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const isRoot = process.getuid?.() === 0;

describe('reading a configuration file', () => {
  it('refuses a file just over the size limit from its size alone, naming the limit', () => {
    const file = join(temp.path, 'settings.yaml');
    writeFileSync(file, `ui:\n  theme: dark\n#${'x'.repeat(MAX_CONFIG_FILE_BYTES)}`);
    const started = performance.now();
    const { value, errors } = loadLayeredFiles(SettingsSchema, [join(REPO_CONFIG_DIR, 'app.yaml'), file]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(value).toEqual(defaultSettings());
    expect(errors).toEqual([
      {
        file,
        line: null,
        column: null,
        field: null,
        message: `the file is 256 KiB (${(MAX_CONFIG_FILE_BYTES + 19).toLocaleString('en')} bytes), over the 256 KiB (262,144 bytes) limit for a configuration file; the whole file was ignored`,
      },
    ]);
  });

  it('refuses a 4 GiB file at once without reading it', () => {
    const file = join(temp.path, 'settings.yaml');
    writeFileSync(file, '');
    truncateSync(file, 4 * 1024 ** 3); // sparse: costs no disk
    const started = performance.now();
    const { value, errors } = loadLayeredFiles(SettingsSchema, [file]);
    expect(performance.now() - started).toBeLessThan(200);
    expect(value).toEqual(defaultSettings());
    expect(errors[0]!.message).toMatch(/^the file is 4096 MiB \(4,294,967,296 bytes\), over the 256 KiB/);
  });

  it('accepts a file at the limit', () => {
    const file = join(temp.path, 'settings.yaml');
    const head = 'ui:\n  theme: dark\n#';
    writeFileSync(file, head + 'x'.repeat(MAX_CONFIG_FILE_BYTES - head.length));
    const { value, errors } = loadLayeredFiles(SettingsSchema, [file]);
    expect(errors).toEqual([]);
    expect(value.ui.theme).toBe('dark');
  });

  it.skipIf(process.platform === 'win32')('refuses a folder and a FIFO without blocking on them', () => {
    const folder = join(temp.path, 'settings.yaml');
    mkdirSync(folder);
    const fifo = join(temp.path, 'agents.yaml');
    execFileSync('mkfifo', [fifo]);
    const settings = loadLayeredFiles(SettingsSchema, [folder]);
    expect(settings.value).toEqual(defaultSettings());
    expect(settings.errors).toEqual([expect.objectContaining({ file: folder, message: 'it is a folder, not a file; the whole file was ignored' })]);
    const agents = loadAgentsConfig([fifo]);
    expect(agents.value).toEqual(defaultAgentsConfig());
    expect(agents.errors).toEqual([expect.objectContaining({ file: fifo, message: 'it is not a regular file; the whole file was ignored' })]);
  });

  it('covers the data directory copies of moe_orchestrator.yaml, moe_realtime_voice.yaml and agents.yaml', () => {
    writeFileSync(join(temp.path, 'moe_orchestrator.yaml'), aliasBomb());
    writeFileSync(join(temp.path, 'moe_realtime_voice.yaml'), deeplyNested(60));
    writeFileSync(join(temp.path, 'agents.yaml'), `agents:\n  clock:\n    enabled: false\n# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`);
    const shippedDefault = loadMoeConfig(REPO_CONFIG_DIR, join(temp.path, 'none'), 'default').value;
    const shippedVoice = loadMoeConfig(REPO_CONFIG_DIR, join(temp.path, 'none'), 'realtime_voice').value;

    const base = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'default');
    expect(base.value).toEqual(shippedDefault);
    expect(base.errors).toEqual([
      expect.objectContaining({ file: join(temp.path, 'moe_orchestrator.yaml'), message: expect.stringMatching(/aliases expand/) }),
    ]);

    const voice = loadMoeConfig(REPO_CONFIG_DIR, temp.path, 'realtime_voice');
    expect(voice.value).toEqual(shippedVoice);
    expect(voice.errors.map((error) => [error.file, error.message.replace(/;.*/, '')])).toEqual([
      [join(temp.path, 'moe_orchestrator.yaml'), 'its aliases expand to more than 100000 values'],
      [join(temp.path, 'moe_realtime_voice.yaml'), 'nested more than 32 levels deep'],
    ]);
    expect(shippedVoice).not.toEqual(shippedDefault);

    const specialists = loadSpecialists(REPO_CONFIG_DIR, temp.path, null);
    expect(specialists.setup.agents.map((agent) => agent.name)).toContain('clock');
    expect(specialists.errors).toEqual([
      expect.objectContaining({ file: join(temp.path, 'agents.yaml'), message: expect.stringMatching(/over the 256 KiB .* limit/) }),
    ]);
  });
});

describe('saving values into a YAML file', () => {
  it('replaces a plain value standing where a section belongs, keeping it in a comment and a backup', () => {
    const file = join(temp.path, 'settings.yaml');
    const original = '# mine\nui: dark # I like it dark\nvoice:\n  mode: hands_free\n';
    writeFileSync(file, original);
    const result = writeYamlValues(
      file,
      [
        { path: ['ui', 'theme'], value: 'light' },
        { path: ['voice', 'speakingRate'], value: 1.5 },
      ],
      NOW,
    );
    expect(result.replaced).toEqual([{ field: 'ui', was: 'dark # I like it dark' }]);
    expect(result.backupPath).toBe(`${file}.broken-${NOW}`);
    expect(readFileSync(result.backupPath!, 'utf8')).toBe(original);
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# mine',
        '# Replaced by the settings panel on 2025-01-02T03:04:05.000Z: a section of settings belongs here. It was:',
        '#   ui: dark # I like it dark',
        'ui:',
        '  theme: light',
        'voice:',
        '  mode: hands_free',
        '  speakingRate: 1.5',
        '',
      ].join('\n'),
    );
    const { value, errors } = loadLayeredFiles(SettingsSchema, [file]);
    expect(errors).toEqual([]);
    expect(value.ui.theme).toBe('light');
    expect(value.voice).toMatchObject({ mode: 'hands_free', speakingRate: 1.5 });
  });

  it('replaces a list, and a plain value two levels up, with sections', () => {
    const file = join(temp.path, 'settings.yaml');
    writeFileSync(file, 'logging:\n  - debug\n  - info\nproviders: openai\n');
    const result = writeYamlValues(
      file,
      [
        { path: ['logging', 'level'], value: 'debug' },
        { path: ['providers', 'openai', 'chatModel'], value: 'llama3.2' },
      ],
      NOW,
    );
    expect(result.replaced).toEqual([
      { field: 'logging', was: '- debug\n  - info' },
      { field: 'providers', was: 'openai' },
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('#   logging:\n#     - debug\n#     - info\nlogging:\n  level: debug\n');
    expect(text).toContain('#   providers: openai\nproviders:\n  openai:\n    chatModel: llama3.2\n');
    const { value, errors } = loadLayeredFiles(SettingsSchema, [file]);
    expect(errors).toEqual([]);
    expect(value.logging.level).toBe('debug');
    expect(value.providers.openai.chatModel).toBe('llama3.2');
  });

  it('fills an empty section without a note or a backup', () => {
    const file = join(temp.path, 'settings.yaml');
    writeFileSync(file, 'ui:\nvoice:\n  mode: hands_free\n');
    const result = writeYamlValues(file, [{ path: ['ui', 'theme'], value: 'dark' }], NOW);
    expect(result).toEqual({ backupPath: null, replaced: [] });
    expect(readFileSync(file, 'utf8')).toBe('ui:\n  theme: dark\nvoice:\n  mode: hands_free\n');
  });

  it('copies a section written as an alias of another before changing it', () => {
    const file = join(temp.path, 'settings.yaml');
    writeFileSync(file, 'mine: &v\n  mode: hands_free\n  speakingRate: 1.5\nvoice: *v\n');
    const result = writeYamlValues(file, [{ path: ['voice', 'speakingRate'], value: 0.75 }], NOW);
    expect(result).toEqual({ backupPath: null, replaced: [] });
    const { value } = loadLayeredFiles(SettingsSchema, [file]);
    expect(value.voice).toMatchObject({ mode: 'hands_free', speakingRate: 0.75 });
  });

  it('backs up and replaces a file it will not parse: an alias bomb, a file over the limit', () => {
    for (const [name, text] of [
      ['bomb.yaml', aliasBomb()],
      ['large.yaml', `# ${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`],
    ] as const) {
      const file = join(temp.path, name);
      writeFileSync(file, text);
      const result = writeYamlValues(file, [{ path: ['ui', 'theme'], value: 'light' }], NOW);
      expect(readFileSync(result.backupPath!, 'utf8')).toBe(text);
      expect(loadLayeredFiles(SettingsSchema, [file])).toMatchObject({ errors: [], value: { ui: { theme: 'light' } } });
    }
  });

  it('reports a target that is a folder as storage_error, naming the path', () => {
    const file = join(temp.path, 'settings.yaml');
    mkdirSync(file);
    const error = captureError(() => writeYamlValues(file, [{ path: ['ui', 'theme'], value: 'light' }], NOW));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'storage_error',
      message: `Cannot save settings: ${file} cannot be written (it is a folder, not a file). Move it away and save again.`,
    });
    expect(readdirSync(temp.path)).toEqual(['settings.yaml']);
  });

  it('reports a folder path through a file as storage_error (what reproduces a failed write as root)', () => {
    writeFileSync(join(temp.path, 'blocker'), 'a file, not a folder');
    const file = join(temp.path, 'blocker', 'settings.yaml');
    const error = captureError(() => writeYamlValues(file, [{ path: ['ui', 'theme'], value: 'light' }], NOW));
    expect(error).toMatchObject({
      code: 'storage_error',
      message: `Cannot save settings: ${file} could not be written (a part of its folder path is a file, not a folder). Check the path of the data directory.`,
    });
  });

  it.skipIf(isRoot)('reports a read-only folder as storage_error and leaves the file as it was (not as root)', () => {
    const folder = join(temp.path, 'data');
    mkdirSync(folder);
    const file = join(folder, 'settings.yaml');
    writeFileSync(file, 'ui: dark\n');
    chmodSync(folder, 0o500);
    try {
      const error = captureError(() => writeYamlValues(file, [{ path: ['ui', 'theme'], value: 'light' }], NOW));
      expect(error).toMatchObject({ code: 'storage_error', message: expect.stringContaining(`${file} is not writable (permission denied)`) });
      expect(readFileSync(file, 'utf8')).toBe('ui: dark\n');
      expect(readdirSync(folder)).toEqual(['settings.yaml']);
    } finally {
      chmodSync(folder, 0o700);
    }
  });

  it('removes the temporary file when the rename fails', () => {
    const target = join(temp.path, 'settings.yaml');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'keeps the folder non-empty');
    expect(() => writeFileAtomic(target, 'ui:\n  theme: light\n')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readdirSync(temp.path)).toEqual(['settings.yaml']);
  });
});

describe('storage errors in plain words', () => {
  const fsError = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), { code });
  it.each([
    ['EACCES', 'is not writable (permission denied). Check the permissions of the file and of its folder.'],
    ['EPERM', 'is not writable (operation not permitted).'],
    ['EROFS', 'is not writable (the disk is read-only).'],
    ['ENOSPC', 'could not be written (the disk is full). Free some disk space and save again.'],
    ['EISDIR', 'cannot be written (it is a folder, not a file). Move the folder away and save again.'],
    ['EWHATEVER', 'could not be written (EWHATEVER).'],
  ])('%s', (code, words) => {
    const error = storageError(fsError(code), '/data/settings.yaml');
    expect(error.code).toBe('storage_error');
    expect(error.message).toMatch(new RegExp(`^Cannot save settings: /data/settings\\.yaml ${escape(words)}`));
  });
  it('marks a full disk as worth retrying', () => {
    expect(storageError(fsError('ENOSPC'), '/x').retryable).toBe(true);
    expect(storageError(fsError('EACCES'), '/x').retryable).toBe(false);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
