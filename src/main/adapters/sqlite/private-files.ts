import { chmodSync, closeSync, constants, existsSync, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync, readlinkSync } from 'node:fs';

// History and logs are as private as the secrets and settings: files 0600, folders 0700. Only
// what the app creates, or its own files inside the data directory, are ever chmod-ed; a folder
// the user chose (--data-dir /tmp) is left as it is.

export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_DIR = 0o700;

/** POSIX permission bits mean something here (Windows has ACLs instead). */
export function checksPermissions(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * Creates `path` (and any missing parents) readable only by the user; a folder that already
 * exists is left alone. Returns whether it was created.
 */
export function ensurePrivateDir(path: string, platform: NodeJS.Platform = process.platform): boolean {
  if (existsSync(path)) return false;
  mkdirSync(path, { recursive: true, mode: OWNER_ONLY_DIR });
  // mkdir's mode passes through the umask, which can only narrow it; chmod in case it is odd.
  if (checksPermissions(platform)) chmodSync(path, OWNER_ONLY_DIR);
  return true;
}

/**
 * A folder of the app's own inside the data directory (logs/, speech-models/...): created 0700 when
 * absent; one that is there must be a real folder, not a link to somewhere else (writes would land
 * there). Returns why it cannot be used, or null.
 */
export function ensureOwnDir(path: string, platform: NodeJS.Platform = process.platform): string | null {
  try {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) return `${path} is a link (to ${describeLink(path)}); the app writes only into a real folder there`;
    return stats.isDirectory() ? null : `${path} is not a folder`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${path} cannot be read (${(error as Error).message})`;
  }
  ensurePrivateDir(path, platform);
  return null;
}

function describeLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'somewhere else';
  }
}

export interface Tightened {
  path: string;
  /** The mode it had, octal, e.g. "644". */
  from: string;
  to: string;
}

/**
 * Narrows each existing regular file that group or others may read or write to 0600 (anything
 * else, a folder, a device or a link, is left alone). Returns what was changed, so the caller can log it
 * once; a file it may not chmod is skipped.
 */
export function tightenToOwner(paths: readonly string[], platform: NodeJS.Platform = process.platform): Tightened[] {
  if (!checksPermissions(platform)) return [];
  const changed: Tightened[] = [];
  for (const path of paths) {
    let fd: number | null = null;
    try {
      // Opened without following a link: a link there would have us chmod the file it points to.
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      const stats = fstatSync(fd);
      const mode = stats.mode & 0o777;
      if (!stats.isFile() || (mode & 0o077) === 0) continue;
      fchmodSync(fd, OWNER_ONLY_FILE);
      changed.push({ path, from: mode.toString(8), to: OWNER_ONLY_FILE.toString(8) });
    } catch {
      // Missing, a link, or not ours to change.
    } finally {
      if (fd !== null) closeSync(fd);
    }
  }
  return changed;
}
