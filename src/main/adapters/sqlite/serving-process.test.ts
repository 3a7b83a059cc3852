import { spawn } from 'node:child_process';
import { existsSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';

// What used to kill a serving process without a word, done to a real one. The WAL's shared
// memory (-shm) is memory-mapped: when the file under the mapping shrinks (truncated by another
// program, or its disk gone), the next access is SIGBUS, which Node cannot catch.

const CHILD = fileURLToPath(new URL('./testing/store-server-child.ts', import.meta.url));
const posix = process.platform !== 'win32';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  temp?.remove();
  temp = undefined;
});

interface Line {
  event: 'progress' | 'log' | 'done';
  [key: string]: unknown;
}

interface Serving {
  /** Resolves once the child has reported at least `ok` successful writes. */
  progressed(ok: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: Line[]; stderr: string }>;
}

function serve(path: string, layout: 'host' | 'shared', ms: number, fileSizeLimitBlocks?: number): Serving {
  const args = ['--disable-warning=ExperimentalWarning', CHILD, path, layout, 'serve', String(ms)];
  const child =
    fileSizeLimitBlocks === undefined
      ? spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('/bin/sh', ['-c', `ulimit -f ${fileSizeLimitBlocks} && exec "$0" "$@"`, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  let partial = '';
  let stderr = '';
  const waiting: { ok: number; resolve: () => void }[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const complete = (partial + chunk).split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (line.event !== 'progress') continue;
      for (const wait of [...waiting]) {
        if (Number(line.ok) >= wait.ok) {
          waiting.splice(waiting.indexOf(wait), 1);
          wait.resolve();
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: Line[]; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const wait of waiting) wait.resolve();
      resolve({ code, signal, lines, stderr });
    });
  });
  return { progressed: (ok) => new Promise((resolve) => waiting.push({ ok, resolve })), exited };
}

/** What killed the old layout: the -shm file cut to nothing while the process has it mapped. */
function cutSharedMemory(dir: string): boolean {
  const shm = readdirSync(dir).filter((name) => name.endsWith('-shm'));
  for (const name of shm) truncateSync(join(dir, name), 0);
  return shm.length > 0;
}

describe.skipIf(!posix)('a process serving the store', () => {
  it('in the old shared-memory layout (three connections, a mapped -shm) dies of SIGBUS when the -shm is cut', async () => {
    temp = makeTempDir('serving');
    const serving = serve(join(temp.path, 'assistant.sqlite'), 'shared', 8000);
    await serving.progressed(30);
    expect(cutSharedMemory(temp.path)).toBe(true);
    const { signal, lines } = await serving.exited;
    // No log line, no "done": the kernel ended it.
    expect(signal).toBe('SIGBUS');
    expect(lines.some((line) => line.event === 'done')).toBe(false);
  });

  it('in the host layout (one exclusive connection) has no -shm to cut, and goes on serving', async () => {
    temp = makeTempDir('serving');
    const path = join(temp.path, 'assistant.sqlite');
    const serving = serve(path, 'host', 1500);
    await serving.progressed(30);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(cutSharedMemory(temp.path)).toBe(false);
    // A stray, empty -shm (what the cut leaves) changes nothing either.
    writeFileSync(`${path}-shm`, '');
    const { code, signal, lines, stderr } = await serving.exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const done = lines.find((line) => line.event === 'done')!;
    const atCut = Number(lines.filter((line) => line.event === 'progress').find((line) => Number(line.ok) >= 30)!.ok);
    expect(Number(done.ok)).toBeGreaterThan(atCut);
    expect(done.failed).toBe(0);
  });

  it('in the host layout logs writes the disk refuses, with the path and reason, shows them, and goes on serving', async () => {
    temp = makeTempDir('serving');
    const path = join(temp.path, 'assistant.sqlite');
    // A file size limit (2048 blocks of 512 or 1024 bytes, by the shell): later writes fail as on a full disk.
    const serving = serve(path, 'host', 1500, 2048);
    const { code, signal, lines, stderr } = await serving.exited;
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const done = lines.find((line) => line.event === 'done')!;
    expect(Number(done.ok)).toBeGreaterThan(0);
    expect(Number(done.failed)).toBeGreaterThan(0);
    expect(Number(done.readsAfterFailure)).toBeGreaterThan(0);
    const logged = lines.filter((line) => line.event === 'log' && (line.fields as { code?: string }).code === 'store_write_failed');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]!.fields).toMatchObject({ path, reason: expect.stringMatching(/SQLITE_(IOERR|FULL)/) });
    expect(done.problems).toEqual([
      expect.objectContaining({ kind: 'write_failed', message: expect.stringContaining(path), count: expect.any(Number) }),
      ...(done.problems as unknown[]).slice(1).map(() => expect.objectContaining({ kind: 'write_failed' })),
    ]);
  });
});
