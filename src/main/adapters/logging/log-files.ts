import { lstatSync, unlinkSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import pinoRoll from 'pino-roll';
import type SonicBoom from 'sonic-boom';
import { logFilePaths } from './log-file-names.ts';

// The log as a few files of bounded size (pino-roll): `assistant.log` is written as
// `assistant.1.log`, `assistant.2.log`, ... a new one past `maxFileBytes`, and past `keepFiles` the
// oldest is removed (those of earlier runs too). Lines are written synchronously, so nothing is
// lost on a crash. Opening takes a moment (pino-roll looks for the newest file): lines logged
// meanwhile wait in memory and are written first.
//
// Nothing is written through a link: a link planted at a log file's name (by whoever can write to
// the data folder) is removed before that file is opened, so the log never appends to its target;
// the folder itself is checked by the caller (ensureOwnDir refuses a link there).

export interface LogFilesOptions {
  /** `<dir>/<name>.log`: the files are `<dir>/<name>.<n>.log`. The folder must exist. */
  file: string;
  maxFileBytes: number;
  keepFiles: number;
  mode?: number;
  /** Bytes kept in memory while the file is not open or the disk refuses it; older lines are dropped. */
  maxPendingBytes: number;
  /** The file could not be opened or written (the lines wait, up to maxPendingBytes). */
  onError(error: NodeJS.ErrnoException): void;
}

export interface LogFiles {
  /** What pino writes to. */
  stream: { write(line: string): boolean };
  /** Resolves once the file is open and the lines that waited are in it, or opening failed (said through onError). */
  ready: Promise<void>;
}

export function openLogFiles(options: LogFilesOptions): LogFiles {
  let destination: SonicBoom | null = null;
  let failed = false;
  let waiting: string[] = [];
  let waitingBytes = 0;
  removePlantedLinks(options.file);

  const ready = pinoRoll({
    file: options.file,
    size: `${Math.max(1, Math.ceil(options.maxFileBytes / 1024))}k`,
    // With removeOtherLogFiles, pino-roll keeps `count` files in all, the one being written included.
    limit: { count: Math.max(1, options.keepFiles), removeOtherLogFiles: true },
    sync: true,
    maxLength: options.maxPendingBytes,
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
  }).then(
    (opened) => {
      // pino-roll opens each next file by name with reopen(): a link put there meanwhile goes first.
      const reopen = opened.reopen.bind(opened);
      opened.reopen = (file) => {
        if (typeof file === 'string') unlinkIfLink(file);
        reopen(file);
      };
      opened.on('error', (error: NodeJS.ErrnoException) => options.onError(error));
      for (const line of waiting) opened.write(line);
      waiting = [];
      destination = opened;
    },
    (error: NodeJS.ErrnoException) => {
      failed = true;
      waiting = [];
      options.onError(error);
    },
  );

  return {
    stream: {
      write(line) {
        if (destination) return destination.write(line);
        if (failed || waitingBytes + line.length > options.maxPendingBytes) return false;
        waiting.push(line);
        waitingBytes += line.length;
        return true;
      },
    },
    ready,
  };
}

/** Links at the names of the log files: removed (the link, never what it points to). */
function removePlantedLinks(file: string): void {
  const name = basename(file, extname(file));
  for (const path of logFilePaths(dirname(file), name)) unlinkIfLink(path);
}

/**
 * A symbolic link, a second name of another file (a hard link), or a FIFO (opening it would block)
 * at a log file's name is removed; a folder there stays, and opening it fails with a clear error.
 */
function unlinkIfLink(path: string): void {
  try {
    const stats = lstatSync(path);
    if (stats.isDirectory() || (stats.isFile() && stats.nlink === 1)) return;
    unlinkSync(path);
  } catch {
    // Not there (the usual case for a new file), or not ours to remove: opening it says why.
  }
}
