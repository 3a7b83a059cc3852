import { lstatSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** The files SQLite keeps beside a database. */
export const SIBLING_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * `assistant.sqlite` -> `assistant.corrupt-2026-12-02T18-11-00-123Z.sqlite` in the same folder
 * (a name no other file has: `-2`, `-3` ... are added if one does).
 */
export function quarantineName(path: string, at: number): string {
  const extension = extname(path);
  const stem = basename(path, extension);
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  const taken = (candidate: string) => [candidate, ...SIBLING_SUFFIXES.map((suffix) => candidate + suffix)].some(existsAsName);
  for (let n = 1; ; n++) {
    const candidate = join(dirname(path), `${stem}.corrupt-${stamp}${n === 1 ? '' : `-${n}`}${extension}`);
    if (!taken(candidate)) return candidate;
  }
}

/**
 * Whether anything has this name, a link included (a dangling one too): a name a link holds is
 * taken, and a link in the store's place is moved aside like a file (renaming never follows it).
 */
export function existsAsName(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface Quarantined {
  /** The database file's new name. */
  path: string;
  /** Every file moved, old name -> new name (the database first, then its siblings). */
  moved: { from: string; to: string }[];
}

/**
 * Renames the database and whichever of its -wal, -shm and -journal files exist aside, under
 * `quarantineName`. Nothing is deleted. Throws if the database itself cannot be moved.
 */
export function quarantine(path: string, at: number): Quarantined {
  const target = quarantineName(path, at);
  const moved: Quarantined['moved'] = [];
  const move = (from: string, to: string) => {
    renameSync(from, to);
    moved.push({ from, to });
  };
  try {
    if (existsAsName(path)) move(path, target);
    // Never leave a -wal behind: SQLite would apply it to the fresh database created in its place.
    for (const suffix of SIBLING_SUFFIXES) if (existsAsName(path + suffix)) move(path + suffix, target + suffix);
  } catch (error) {
    // All or nothing: put back what was moved, so the files still belong together.
    for (const { from, to } of moved.reverse()) {
      try {
        renameSync(to, from);
      } catch {
        // Nothing more can be done; the error below names the file that could not be moved.
      }
    }
    throw error;
  }
  return { path: target, moved };
}
