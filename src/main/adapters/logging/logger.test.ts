import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/contract.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { waitUntil } from '../../testing/wait-until.ts';
import { logFilePaths, readLogText } from './log-file-names.ts';
import { createRootLogger, runLogger, sessionLogger } from './logger.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

/** The lines of every log file in `dir`, oldest first. */
function readLines(dir: string): Record<string, unknown>[] {
  return readLogText(dir).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}


describe('the log files', () => {
  it('roll over by size, and the oldest go past a bounded number of files', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    const { logger, ready } = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), rotation: { maxFileBytes: 4096, keepFiles: 3 }, stderr: false });
    await ready;
    for (let n = 0; n < 400; n++) {
      logger.info({ code: 'filler', n }, 'a line of about a hundred bytes, to fill the files');
      // Rolling waits for the file to drain: give it its turn.
      if (n % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await waitUntil(() => logFilePaths(dir).length <= 3, 'the oldest files to be removed', 5000);
    const files = logFilePaths(dir);
    expect(files).toHaveLength(3);
    const total = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(total).toBeLessThanOrEqual(3 * (4096 + 200));
    // The newest lines are kept, in order.
    const kept = readLogText(dir).trim().split('\n').map((line) => (JSON.parse(line) as { n: number }).n);
    expect(kept.at(-1)).toBe(399);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(kept.length).toBeLessThan(400);
  });

  it('keep going in the newest file after a restart, and count what is already in it', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    const first = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), rotation: { maxFileBytes: 4096, keepFiles: 3 }, stderr: false });
    await first.ready;
    first.logger.info('before the restart');
    const second = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), rotation: { maxFileBytes: 4096, keepFiles: 3 }, stderr: false });
    second.logger.info('logged while the file opens');
    await second.ready;
    expect(logFilePaths(dir)).toHaveLength(1);
    expect(readLogText(dir)).toMatch(/before the restart[^\n]*\n.*logged while the file opens/);
  });
});

describe('logger', () => {
  it('writes JSON lines with the session and run id on every line', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    const { logger: root, ready } = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false });
    sessionLogger(root, 's-1').info({ code: 'session_started' }, 'session started');
    await ready;
    runLogger(root, 's-1', 'r-7').info({ code: 'turn_started' }, 'turn started');
    const [sessionLine, runLine] = readLines(dir);
    expect(sessionLine).toMatchObject({ sessionId: 's-1', runId: null, msg: 'session started', level: 30 });
    expect(runLine).toMatchObject({ sessionId: 's-1', runId: 'r-7', code: 'turn_started' });
  });

  it('never writes what the user said or heard', async () => {
    temp = makeTempDir('logger');
    const { logger: root, ready } = createRootLogger({ level: 'debug', file: join(temp.path, 'assistant.log'), stderr: false });
    await ready;
    const secret = 'my bank password is hunter2';
    const run = runLogger(root, 's', 'r');
    run.info({ text: secret, transcript: secret, query: secret, turn: { text: secret, content: secret } }, 'turn');
    run.debug({ utterance: secret, audio: [1, 2, 3], answer: secret }, 'debug turn');
    const written = readLogText(temp.path);
    expect(written).not.toContain('hunter2');
    expect(written).toContain('[redacted]');
    expect(readLines(temp.path)).toHaveLength(2);
  });

  it('pushes info and above as log events, with the ids', () => {
    const events: LogEvent[] = [];
    const { logger: root } = createRootLogger({ level: 'debug', file: null, stderr: false, onEvent: (event) => events.push(event) });
    const run = runLogger(root, 's', 'r');
    run.debug('hidden from the UI');
    run.warn({ code: 'tts_failed' }, 'speech failed');
    expect(events).toEqual([
      { level: 'warn', message: 'speech failed', time: expect.any(Number), sessionId: 's', runId: 'r', code: 'tts_failed' },
    ]);
  });

  it('honours the level', () => {
    const events: LogEvent[] = [];
    const { logger: root } = createRootLogger({ level: 'warn', file: null, stderr: false, onEvent: (event) => events.push(event) });
    root.info('quiet');
    root.error('loud');
    expect(events.map((event) => event.message)).toEqual(['loud']);
  });

  it.skipIf(process.platform === 'win32')('creates the log file 0600 in a 0700 folder', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    const { logger, ready } = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false });
    logger.info('hello');
    await ready;
    expect(statSync(join(dir, 'assistant.1.log')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')('narrows a log file others could read to 0600, saying so once', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'assistant.1.log'), '');
    chmodSync(join(dir, 'assistant.1.log'), 0o644);
    await createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false }).ready;
    await createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false }).ready;
    expect(statSync(join(dir, 'assistant.1.log')).mode & 0o777).toBe(0o600);
    expect(readLines(dir).map((line) => line.code)).toEqual(['log_permissions_tightened']);
  });

  it('keeps logging (to the UI) when the log file cannot be opened, and says so once', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    // A folder where the log file goes: opening it fails, as a refused disk would.
    mkdirSync(join(dir, 'assistant.1.log'), { recursive: true });
    const events: LogEvent[] = [];
    const { logger: root, ready } = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false, onEvent: (event) => events.push(event) });
    root.info({ code: 'first' }, 'first');
    await ready;
    expect(() => root.warn({ code: 'second' }, 'second')).not.toThrow();
    expect(events.map((event) => event.code).sort()).toEqual(['first', 'log_write_failed', 'second']);
    expect(events.find((event) => event.code === 'log_write_failed')!.message).toMatch(/cannot write the log file .*assistant\.log: .*EISDIR/);
  });

  it.skipIf(process.platform === 'win32')('never writes through a link planted in the log folder, nor into a log folder that is a link', async () => {
    temp = makeTempDir('logger');
    const dir = join(temp.path, 'logs');
    mkdirSync(dir);
    const victim = join(temp.path, 'victim.txt');
    writeFileSync(victim, 'untouched\n');
    chmodSync(victim, 0o644);
    symlinkSync(victim, join(dir, 'assistant.1.log'));
    const { logger, ready } = createRootLogger({ level: 'info', file: join(dir, 'assistant.log'), stderr: false });
    logger.info('a line');
    await ready;
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    // Nor were its permissions narrowed through the link.
    expect(statSync(victim).mode & 0o777).toBe(0o644);
    expect(lstatSync(join(dir, 'assistant.1.log')).isFile()).toBe(true);
    expect(readLogText(dir)).toContain('a line');

    const elsewhere = join(temp.path, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(temp.path, 'linked-logs'));
    const events: LogEvent[] = [];
    const linked = createRootLogger({ level: 'info', file: join(temp.path, 'linked-logs', 'assistant.log'), stderr: false, onEvent: (event) => events.push(event) });
    linked.logger.info('not to a file');
    await linked.ready;
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(events.find((event) => event.code === 'log_folder_refused')?.message).toMatch(/linked-logs is a link \(to .*elsewhere\)/);
  });
});
