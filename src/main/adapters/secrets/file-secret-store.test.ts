import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { openFileSecretStore } from './file-secret-store.ts';

const KEY = 'sk-proj-0123456789abcdefWXYZ';
const NOW = 1_750_000_000_000;

let temp: ReturnType<typeof makeTempDir>;
let path: string;
const open = () => openFileSecretStore({ path, now: () => NOW, platform: 'linux' });
const modeOf = (file: string) => statSync(file).mode & 0o777;

beforeEach(() => {
  temp = makeTempDir('secrets');
  path = join(temp.path, 'data', 'secrets.json');
});
afterEach(() => temp.remove());

describe('file secret store', () => {
  it('keeps a value across reopening and forgets it once deleted', async () => {
    const store = open();
    expect(store.kind).toBe('file');
    expect(store.get('openai.apiKey')).toBeNull();
    await store.set('openai.apiKey', KEY);
    await store.set('other', 'value-2');
    expect(store.get('openai.apiKey')).toBe(KEY);

    const reopened = open();
    expect(reopened.openWarnings).toEqual([]);
    expect(reopened.get('openai.apiKey')).toBe(KEY);
    expect(reopened.get('other')).toBe('value-2');

    await reopened.delete('openai.apiKey');
    expect(reopened.get('openai.apiKey')).toBeNull();
    expect(open().get('openai.apiKey')).toBeNull();
    expect(open().get('other')).toBe('value-2');
  });

  it('creates the file readable only by its owner and keeps it so on every write', async () => {
    const store = open();
    await store.set('openai.apiKey', KEY);
    expect(modeOf(path)).toBe(0o600);

    chmodSync(path, 0o644);
    await store.set('openai.apiKey', `${KEY}2`);
    expect(modeOf(path)).toBe(0o600);
  });

  it('sets aside a link planted at its name, never reading, chmod-ing or writing what it points to', async () => {
    const victim = join(temp.path, 'victim.json');
    writeFileSync(victim, JSON.stringify({ version: 1, secrets: { 'openai.apiKey': 'sk-planted' } }), { mode: 0o644 });
    chmodSync(victim, 0o644);
    mkdirSync(join(temp.path, 'data'), { recursive: true });
    symlinkSync(victim, path);

    const store = open();
    expect(store.get('openai.apiKey')).toBeNull();
    expect(store.openWarnings).toEqual([expect.objectContaining({ code: 'secrets_corrupt', message: expect.stringMatching(/is a link.*kept as .*secrets\.json\.corrupt-/) })]);
    await store.set('openai.apiKey', KEY);
    expect(modeOf(victim)).toBe(0o644);
    expect(readFileSync(victim, 'utf8')).toContain('sk-planted');
    expect(lstatSync(path).isFile()).toBe(true);
  });

  it('narrows a file others could read when opening it, and says so', async () => {
    await open().set('openai.apiKey', KEY);
    chmodSync(path, 0o644);

    const store = open();

    expect(modeOf(path)).toBe(0o600);
    expect(store.get('openai.apiKey')).toBe(KEY);
    expect(store.openWarnings).toEqual([expect.objectContaining({ code: 'secrets_permissions_fixed', message: expect.stringMatching(/644.*only by you/) })]);
  });

  it('leaves the old file whole when a write fails, and reports it', async () => {
    const store = open();
    await store.set('openai.apiKey', KEY);
    const before = readFileSync(path, 'utf8');
    // A folder where the temporary file goes makes the write fail before the rename.
    mkdirSync(join(temp.path, 'data', `.secrets.json.${process.pid}.tmp`));

    const failed = store.set('openai.apiKey', 'sk-replacement-key-9999');

    await expect(failed).rejects.toBeInstanceOf(AppError);
    await expect(failed).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('could not save') });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(store.get('openai.apiKey')).toBe(KEY);
  });

  it('writes through a temporary file that it renames, leaving nothing behind', async () => {
    const store = open();
    await store.set('openai.apiKey', KEY);
    await store.delete('openai.apiKey');
    await store.set('openai.apiKey', KEY);
    expect(readdirSync(join(temp.path, 'data'))).toEqual(['secrets.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, secrets: { 'openai.apiKey': KEY } });
  });

  it('sets a corrupt file aside, starts empty and can store again', async () => {
    mkdirSync(join(temp.path, 'data'));
    writeFileSync(path, '{"version": 1, "secrets": {"openai.apiKey": "sk-trunc', { mode: 0o600 });

    const store = open();

    expect(store.get('openai.apiKey')).toBeNull();
    const aside = `${path}.corrupt-${NOW}`;
    expect(store.openWarnings).toEqual([
      { code: 'secrets_corrupt', message: `${path} is not valid JSON; kept as ${aside}, starting with no stored keys` },
    ]);
    expect(readFileSync(aside, 'utf8')).toContain('sk-trunc');
    expect(existsSync(path)).toBe(false);
    await store.set('openai.apiKey', KEY);
    expect(open().get('openai.apiKey')).toBe(KEY);
  });

  it('treats valid JSON of the wrong shape as corrupt', () => {
    mkdirSync(join(temp.path, 'data'));
    writeFileSync(path, JSON.stringify({ version: 1, secrets: { 'openai.apiKey': 42 } }), { mode: 0o600 });
    const store = open();
    expect(store.openWarnings[0]).toMatchObject({ code: 'secrets_corrupt', message: expect.stringContaining('not a secrets file') });
    expect(existsSync(`${path}.corrupt-${NOW}`)).toBe(true);
  });

  it('applies changes in the order they were asked', async () => {
    const store = open();
    const writes = [store.set('openai.apiKey', KEY), store.delete('openai.apiKey'), store.set('other', 'x')];
    await Promise.all(writes);
    expect(store.get('openai.apiKey')).toBeNull();
    expect(open().get('openai.apiKey')).toBeNull();
    expect(open().get('other')).toBe('x');
  });
});
