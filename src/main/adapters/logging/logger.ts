import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger, type LevelWithSilent, type StreamEntry } from 'pino';
import type { LogEvent } from '../../../shared/contract.ts';

export type { Logger } from 'pino';

/**
 * Keys that carry what the user said or heard. Their values never reach a log line at any level;
 * logs carry lengths, ids and timings instead.
 */
const USER_CONTENT_KEYS = ['text', 'transcript', 'query', 'utterance', 'audio', 'content', 'answer', 'apiKey'];
export const REDACTED_PATHS = [...USER_CONTENT_KEYS, ...USER_CONTENT_KEYS.map((key) => `*.${key}`)];

export interface RootLoggerOptions {
  level: LevelWithSilent;
  /** JSON lines are appended here, written synchronously so nothing is lost on a crash. */
  file: string | null;
  /** Lines at warn and above also go to stderr. */
  stderr: boolean;
  /** Receives every line at info and above, for pushing to the UI. */
  onEvent?: (event: LogEvent) => void;
}

export function createRootLogger(options: RootLoggerOptions): Logger {
  const streams: StreamEntry[] = [];
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    streams.push({ level: 'debug', stream: pino.destination({ dest: options.file, sync: true, mkdir: true }) });
  }
  if (options.stderr) streams.push({ level: 'warn', stream: pino.destination({ fd: 2, sync: true }) });
  if (options.onEvent) streams.push({ level: 'info', stream: eventStream(options.onEvent) });
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.epochTime,
    },
    pino.multistream(streams, { dedupe: false }),
  );
}

/** Every line of one conversation carries its session id and the current run id (null between runs). */
export function sessionLogger(root: Logger, sessionId: string): Logger {
  return root.child({ sessionId, runId: null });
}

export function runLogger(root: Logger, sessionId: string, runId: string): Logger {
  return root.child({ sessionId, runId });
}

const LEVEL_NAMES: Record<number, LogEvent['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

function eventStream(onEvent: (event: LogEvent) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        const line = JSON.parse(chunk.toString('utf8')) as Record<string, unknown>;
        onEvent({
          level: LEVEL_NAMES[Number(line.level)] ?? 'info',
          message: typeof line.msg === 'string' ? line.msg : '',
          time: typeof line.time === 'number' ? line.time : Date.now(),
          sessionId: typeof line.sessionId === 'string' ? line.sessionId : null,
          runId: typeof line.runId === 'string' ? line.runId : null,
          code: typeof line.code === 'string' ? line.code : null,
        });
      } catch {
        // A line we cannot read is still in the file; the UI simply does not get it.
      }
      done();
    },
  });
}
