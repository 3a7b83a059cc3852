import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, 'lint-electron.ts');

function lint(...inputs: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--disable-warning=ExperimentalWarning', SCRIPT, ...inputs], (error, stdout) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

// A window without context isolation: a HIGH finding, what the gate exists for.
const INSECURE = `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { contextIsolation: false } });
win.loadURL('app://renderer/index.html');
`;

describe('npm run lint:electron', () => {
  const dirs: string[] = [];
  const fixture = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-electron-fixture-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('fails on a HIGH finding and names it', async () => {
    const dir = fixture({ 'main.js': INSECURE });
    const { code, stdout } = await lint(dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^HIGH \w+ CONTEXT_ISOLATION_JS_CHECK .*main\.js:2:/m);
    expect(stdout).toMatch(/^lint:electron: \d+ findings, [1-9]\d* high, 0 unparsed files/m);
  });

  it('fails on a file it cannot parse rather than skipping it', async () => {
    const dir = fixture({ 'broken.ts': 'const = ;\n' });
    const { code, stdout } = await lint(dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/could not parse .*broken\.ts/);
  });

  it('leaves test files out', async () => {
    const dir = fixture({ 'window.test.ts': INSECURE });
    const { stdout } = await lint(dir);
    expect(stdout).not.toMatch(/CONTEXT_ISOLATION_JS_CHECK/);
  });
});
