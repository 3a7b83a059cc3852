import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/contract.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { createRootLogger, runLogger, sessionLogger } from './logger.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logger', () => {
  it('writes JSON lines with the session and run id on every line', () => {
    temp = makeTempDir('logger');
    const file = join(temp.path, 'logs', 'assistant.log');
    const root = createRootLogger({ level: 'info', file, stderr: false });
    sessionLogger(root, 's-1').info({ code: 'session_started' }, 'session started');
    runLogger(root, 's-1', 'r-7').info({ code: 'turn_started' }, 'turn started');
    const [sessionLine, runLine] = readLines(file);
    expect(sessionLine).toMatchObject({ sessionId: 's-1', runId: null, msg: 'session started', level: 30 });
    expect(runLine).toMatchObject({ sessionId: 's-1', runId: 'r-7', code: 'turn_started' });
  });

  it('never writes what the user said or heard', () => {
    temp = makeTempDir('logger');
    const file = join(temp.path, 'assistant.log');
    const root = createRootLogger({ level: 'debug', file, stderr: false });
    const secret = 'my bank password is hunter2';
    const run = runLogger(root, 's', 'r');
    run.info({ text: secret, transcript: secret, query: secret, turn: { text: secret, content: secret } }, 'turn');
    run.debug({ utterance: secret, audio: [1, 2, 3], answer: secret }, 'debug turn');
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('hunter2');
    expect(written).toContain('[redacted]');
    expect(readLines(file)).toHaveLength(2);
  });

  it('pushes info and above as log events, with the ids', () => {
    const events: LogEvent[] = [];
    const root = createRootLogger({ level: 'debug', file: null, stderr: false, onEvent: (event) => events.push(event) });
    const run = runLogger(root, 's', 'r');
    run.debug('hidden from the UI');
    run.warn({ code: 'tts_failed' }, 'speech failed');
    expect(events).toEqual([
      { level: 'warn', message: 'speech failed', time: expect.any(Number), sessionId: 's', runId: 'r', code: 'tts_failed' },
    ]);
  });

  it('honours the level', () => {
    const events: LogEvent[] = [];
    const root = createRootLogger({ level: 'warn', file: null, stderr: false, onEvent: (event) => events.push(event) });
    root.info('quiet');
    root.error('loud');
    expect(events.map((event) => event.message)).toEqual(['loud']);
  });

  it.skipIf(process.platform === 'win32')('creates the log file 0600 in a 0700 folder', () => {
    temp = makeTempDir('logger');
    const file = join(temp.path, 'logs', 'assistant.log');
    createRootLogger({ level: 'info', file, stderr: false }).info('hello');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(temp.path, 'logs')).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')('narrows a log file others could read to 0600, saying so once', () => {
    temp = makeTempDir('logger');
    mkdirSync(join(temp.path, 'logs'));
    const file = join(temp.path, 'logs', 'assistant.log');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    createRootLogger({ level: 'info', file, stderr: false });
    createRootLogger({ level: 'info', file, stderr: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readLines(file).map((line) => line.code)).toEqual(['log_permissions_tightened']);
  });

  it.skipIf(!existsSync('/dev/full'))('keeps logging (to the UI) when the disk refuses the log file, and says so once', () => {
    const events: LogEvent[] = [];
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    const root = createRootLogger({ level: 'info', file: '/dev/full', stderr: false, onEvent: (event) => events.push(event) });
    expect(() => {
      root.info({ code: 'first' }, 'first');
      root.warn({ code: 'second' }, 'second');
    }).not.toThrow();
    expect(events.map((event) => event.code).sort()).toEqual(['first', 'log_write_failed', 'second']);
    expect(events.find((event) => event.code === 'log_write_failed')!.message).toMatch(/cannot write the log file \/dev\/full: .*ENOSPC|no space/i);
  });
});
