import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The names the rolled log takes (see log-files.ts): `logs/assistant.log` is written as
// `logs/assistant.1.log`, `logs/assistant.2.log`, ... the highest number the newest.

/** The log files of `<dir>/<name>.log` that exist, oldest first. */
export function logFilePaths(dir: string, name = 'assistant'): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const numbered = entries.flatMap((entry) => {
    const match = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.log$`).exec(entry);
    return match ? [{ path: join(dir, entry), number: Number(match[1]) }] : [];
  });
  return numbered.sort((a, b) => a.number - b.number).map((file) => file.path);
}

/** Every log file of `dir`, oldest first, as one text (for tests and support). */
export const readLogText = (dir: string, name = 'assistant') => logFilePaths(dir, name).map((path) => readFileSync(path, 'utf8')).join('');
