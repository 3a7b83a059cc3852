import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.ts';
import { loadOrCreateToken, TOKEN_FILE } from './token-file.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

describe('the stored access token', () => {
  it('is made once, owner-only, and the same on every start until rotated', () => {
    temp = makeTempDir('token');
    const first = loadOrCreateToken(temp.path);
    expect(first.created).toBe('first');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const path = join(temp.path, TOKEN_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateToken(temp.path)).toEqual({ token: first.token, created: null });
    const rotated = loadOrCreateToken(temp.path, { rotate: true });
    expect(rotated.created).toBe('rotated');
    expect(rotated.token).not.toBe(first.token);
    expect(loadOrCreateToken(temp.path).token).toBe(rotated.token);
  });

  it('replaces a file that does not hold a token, and makes a readable one owner-only again', () => {
    temp = makeTempDir('token');
    const path = join(temp.path, TOKEN_FILE);
    writeFileSync(path, 'not a token\n');
    const replaced = loadOrCreateToken(temp.path);
    expect(replaced.created).toBe('replaced');
    expect(readFileSync(path, 'utf8').trim()).toBe(replaced.token);
    chmodSync(path, 0o644);
    expect(loadOrCreateToken(temp.path).token).toBe(replaced.token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('replaces a link planted at its name with a file of its own, leaving what it points to alone', () => {
    temp = makeTempDir('token');
    const victim = join(temp.path, 'victim');
    writeFileSync(victim, `${'A'.repeat(43)}\n`, { mode: 0o644 });
    chmodSync(victim, 0o644);
    symlinkSync(victim, join(temp.path, TOKEN_FILE));
    const stored = loadOrCreateToken(temp.path);
    expect(stored.created).toBe('replaced');
    expect(stored.token).not.toBe('A'.repeat(43));
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(readFileSync(victim, 'utf8')).toBe(`${'A'.repeat(43)}\n`);
    expect(lstatSync(join(temp.path, TOKEN_FILE)).isFile()).toBe(true);
  });
});
