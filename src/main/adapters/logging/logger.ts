import { basename, dirname, extname } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger, type LevelWithSilent, type StreamEntry } from 'pino';
import type { LogEvent } from '../../../shared/contract.ts';
import { checksPermissions, ensureOwnDir, OWNER_ONLY_FILE, tightenToOwner, type Tightened } from '../sqlite/private-files.ts';
import { logFilePaths } from './log-file-names.ts';
import { openLogFiles } from './log-files.ts';

export type { Logger } from 'pino';

/**
 * Keys that carry what the user said or heard. Their values never reach a log line at any level;
 * logs carry lengths, ids and timings instead.
 */
const USER_CONTENT_KEYS = ['text', 'transcript', 'query', 'utterance', 'audio', 'content', 'answer', 'apiKey'];
export const REDACTED_PATHS = [...USER_CONTENT_KEYS, ...USER_CONTENT_KEYS.map((key) => `*.${key}`)];

export interface RootLoggerOptions {
  level: LevelWithSilent;
  /**
   * The log's name, `logs/assistant.log`: JSON lines go to `logs/assistant.<n>.log`, written
   * synchronously so nothing is lost on a crash, a new file past `rotation.maxFileBytes`.
   */
  file: string | null;
  /** How big the files grow and how many are kept (the oldest go): at most keepFiles × maxFileBytes on disk. */
  rotation?: { maxFileBytes: number; keepFiles: number };
  /** Lines at warn and above also go to stderr. */
  stderr: boolean;
  /** Receives every line at info and above, for pushing to the UI, with the connection it is about (its `clientId` field), if any. */
  onEvent?: (event: LogEvent, about: { clientId: string | null }) => void;
  platform?: NodeJS.Platform;
}

export interface RootLogger {
  logger: Logger;
  /** Resolves once the log file is open and what was logged before is in it (or it could not be opened: logged). */
  ready: Promise<void>;
}

/** Lines kept in memory while the log file cannot be written (a full disk); older ones are dropped. */
const MAX_PENDING_BYTES = 1024 * 1024;
/** 5 files of 5 MB: weeks of a busy host's log, and never more than 25 MB. */
export const DEFAULT_LOG_ROTATION = { maxFileBytes: 5 * 1024 * 1024, keepFiles: 5 };

export function createRootLogger(options: RootLoggerOptions): RootLogger {
  const streams: StreamEntry[] = [];
  let tightened: Tightened[] = [];
  let fileFailed: ((error: NodeJS.ErrnoException) => void) | null = null;
  let ready: Promise<void> = Promise.resolve();
  let folderRefused: string | null = null;
  if (options.file) {
    const folder = dirname(options.file);
    // What the user says is not logged, but what happened is private too: 0700 folder, 0600 files.
    folderRefused = ensureOwnDir(folder, options.platform);
    if (folderRefused === null) {
      tightened = tightenToOwner(logFilePaths(folder, basename(options.file, extname(options.file))), options.platform);
      const files = openLogFiles({
        file: options.file,
        ...(options.rotation ?? DEFAULT_LOG_ROTATION),
        ...(checksPermissions(options.platform) ? { mode: OWNER_ONLY_FILE } : {}),
        maxPendingBytes: MAX_PENDING_BYTES,
        // A write the disk refuses would otherwise be thrown out of every log call; the lines wait
        // (up to MAX_PENDING_BYTES) and are written once there is room again.
        onError: (error) => fileFailed?.(error),
      });
      ready = files.ready;
      streams.push({ level: 'debug', stream: files.stream });
    }
  }
  if (options.stderr) streams.push({ level: 'warn', stream: pino.destination({ fd: 2, sync: true }) });
  if (options.onEvent) streams.push({ level: 'info', stream: eventStream(options.onEvent) });
  const logger = pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.epochTime,
    },
    pino.multistream(streams, { dedupe: false }),
  );
  if (tightened.length > 0) {
    logger.warn(
      { code: 'log_permissions_tightened', files: tightened },
      `the log file was readable by others; now only by you (600): ${tightened.map((file) => `${file.path} (was ${file.from})`).join(', ')}`,
    );
  }
  if (folderRefused) logger.error({ code: 'log_folder_refused', path: dirname(options.file!) }, `the log is not written to a file: ${folderRefused}`);
  const reported = new Set<string>();
  fileFailed = (error) => {
    // Once per reason; this line reaches stderr and the UI even when the file cannot take it.
    const reason = error.code ?? error.message;
    if (reported.has(reason)) return;
    reported.add(reason);
    logger.error({ code: 'log_write_failed', path: options.file, reason }, `cannot write the log file ${options.file}: ${error.message}`);
  };
  return { logger, ready };
}

/** Every line of one conversation carries its session id and the current run id (null between runs). */
export function sessionLogger(root: Logger, sessionId: string): Logger {
  return root.child({ sessionId, runId: null });
}

export function runLogger(root: Logger, sessionId: string, runId: string): Logger {
  return root.child({ sessionId, runId });
}

const LEVEL_NAMES: Record<number, LogEvent['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'error' };

function eventStream(onEvent: NonNullable<RootLoggerOptions['onEvent']>): Writable {
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
        }, { clientId: typeof line.clientId === 'string' ? line.clientId : null });
      } catch {
        // A line we cannot read is still in the file; the UI simply does not get it.
      }
      done();
    },
  });
}
