import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const OWNER_ONLY = 0o600;

/**
 * Replaces the file atomically: a crash leaves the old file or the new one, never half of one.
 * The new file is owner-only from its first byte (created exclusively with mode 600, and chmod-ed
 * again in case a umask narrowed it oddly). The temporary file is removed when any step fails;
 * the step's own error is thrown.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    rmSync(temporary, { force: true });
    // 'wx': never write through a file or link left at the temporary name.
    const fd = openSync(temporary, 'wx', OWNER_ONLY);
    try {
      if (process.platform !== 'win32') fchmodSync(fd, OWNER_ONLY);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The temporary name is a folder or otherwise stuck; the target is untouched either way.
    }
    throw error;
  }
}
