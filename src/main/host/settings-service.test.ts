import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../shared/settings.ts';
import { aliasBomb, deeplyNested } from '../adapters/config/testing/hostile-yaml.ts';
import { MAX_CONFIG_FILE_BYTES } from '../adapters/config/yaml-source.ts';
import { AppError } from '../core/errors.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { REPO_CONFIG_DIR } from '../testing/test-host.ts';
import { createSettingsService, formatConfigError } from './settings-service.ts';

// Root (as these tests run here) writes through any permission bits, so a refused write is
// injected: opening a file for writing fails with the error Node gives for EACCES when `refuse` says so.
const inject = vi.hoisted(() => ({ refuse: null as null | ((path: string) => string | null) }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const openSync = ((file: Parameters<typeof actual.openSync>[0], flags?: Parameters<typeof actual.openSync>[1], mode?: Parameters<typeof actual.openSync>[2]) => {
    const writing = typeof flags === 'string' ? /[wa+]/.test(flags) : typeof flags === 'number' && (flags & (actual.constants.O_WRONLY | actual.constants.O_RDWR)) !== 0;
    const code = writing ? inject.refuse?.(String(file)) : null;
    if (code) {
      throw Object.assign(new Error(`${code}: permission denied, open '${String(file)}'`), { code, errno: -13, syscall: 'open', path: String(file) });
    }
    return actual.openSync(file, flags ?? 'r', mode);
  }) as typeof actual.openSync;
  return { ...actual, openSync };
});

let temp: ReturnType<typeof makeTempDir>;
let logs: { level: number; code?: string; msg: string }[];
beforeEach(() => {
  temp = makeTempDir('settings-service');
  logs = [];
  inject.refuse = null;
});
afterEach(() => temp.remove());

const clock = { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) };
const userFile = () => join(temp.path, 'settings.yaml');

function service(file = userFile()) {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  return createSettingsService({ defaultsFile: join(REPO_CONFIG_DIR, 'app.yaml'), userFile: file }, clock, logger);
}

describe('settings.yaml that must not stop the app', () => {
  it.each([
    ['an alias bomb', () => aliasBomb(), /aliases expand to more than 100000 values/],
    ['a file over the size limit', () => `ui:\n  theme: dark\n#${'x'.repeat(MAX_CONFIG_FILE_BYTES)}\n`, /over the 256 KiB .* limit/],
    ['a valid but deeply nested file', () => deeplyNested(100), /nested more than 32 levels deep/],
  ])('%s: starts on the defaults and says why, in Status and in the log', (_name, text, reason) => {
    writeFileSync(userFile(), text());
    const settings = service();
    expect(settings.current()).toEqual(defaultSettings());
    expect(settings.errors()).toEqual([expect.objectContaining({ file: userFile(), field: null, message: expect.stringMatching(reason) })]);
    const logged = logs.filter((entry) => entry.code === 'config_invalid');
    expect(logged.map((entry) => entry.msg)).toEqual([formatConfigError(settings.errors()[0]!)]);
    expect(logged[0]!.msg).toMatch(new RegExp(`^${escape(userFile())}(:\\d+:\\d+)?: .*the whole file was ignored$`));
  });
});

describe('saving settings', () => {
  it('repairs a section written as a plain value and saves the other fields too', () => {
    writeFileSync(userFile(), 'ui: dark\nassistant:\n  name: Ada\n');
    const settings = service();
    expect(settings.errors()).toEqual([expect.objectContaining({ field: 'ui', line: 1 })]);
    const saved = settings.update({ ui: { theme: 'light' }, voice: { mode: 'hands_free' } });
    expect(saved.ui.theme).toBe('light');
    expect(saved.voice.mode).toBe('hands_free');
    expect(saved.assistant.name).toBe('Ada');
    expect(settings.errors()).toEqual([]);
    expect(readFileSync(userFile(), 'utf8')).toMatch(/#   ui: dark\nui:\n  theme: light\n/);
    const replaced = logs.find((entry) => entry.code === 'config_section_replaced');
    expect(replaced?.msg).toBe(`${userFile()} ui: held "dark" where a section belongs; replaced by a section with the saved values (the old value is in a comment above it)`);
    const backup = logs.find((entry) => entry.code === 'config_backed_up');
    expect(backup?.msg).toBe(`the previous ${userFile()} is kept as ${userFile()}.broken-${clock.now()}`);
  });

  it('refuses a save it cannot write with storage_error, and keeps the settings and the file as they were', () => {
    const original = 'ui: dark\nassistant:\n  name: Ada\n';
    writeFileSync(userFile(), original);
    const settings = service();
    const before = settings.current();
    const errorsBefore = settings.errors();
    const changes: unknown[] = [];
    settings.onChange((next) => changes.push(next));
    inject.refuse = (path) => (path.startsWith(temp.path) ? 'EACCES' : null);

    let thrown: unknown;
    try {
      settings.update({ ui: { theme: 'light' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({
      code: 'storage_error',
      message: `Cannot save settings: ${userFile()} is not writable (permission denied). Check the permissions of the file and of its folder.`,
    });
    expect(settings.current()).toBe(before);
    expect(settings.errors()).toBe(errorsBefore);
    expect(changes).toEqual([]);
    expect(readFileSync(userFile(), 'utf8')).toBe(original);
    // Neither the temporary file nor the backup copy of the repair is left behind.
    expect(readdirSync(temp.path)).toEqual(['settings.yaml']);

    inject.refuse = null;
    expect(settings.update({ ui: { theme: 'light' } }).ui.theme).toBe('light');
  });

  it('refuses a save whose folder path runs through a file, as storage_error', () => {
    writeFileSync(join(temp.path, 'blocker'), '');
    const file = join(temp.path, 'blocker', 'settings.yaml');
    const settings = service(file);
    expect(settings.current()).toEqual(defaultSettings());
    expect(() => settings.update({ ui: { theme: 'dark' } })).toThrow(
      expect.objectContaining({ code: 'storage_error', message: expect.stringContaining(`Cannot save settings: ${file} could not be written`) }),
    );
    expect(settings.current()).toEqual(defaultSettings());
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
