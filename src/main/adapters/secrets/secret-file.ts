import { lstatSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { tightenToOwner } from '../sqlite/private-files.ts';
import { writeFileAtomic } from '../system/atomic-file.ts';
import type { SecretStoreWarning } from '../../ports/secret-store.ts';

// Both secret stores keep a JSON map of name -> value in one file: the file store the values
// themselves, the Electron store base64 of what safeStorage encrypted.

const OWNER_ONLY_DIR = 0o700;

const SecretFileSchema = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});

export interface SecretFileOptions {
  path: string;
  /** Names the copy of a corrupt file, ms since the epoch. */
  now: () => number;
  /** POSIX permission bits are checked and set; Windows has none to speak of. */
  platform?: NodeJS.Platform;
}

export interface SecretFileContents {
  entries: Record<string, string>;
  warnings: SecretStoreWarning[];
  /** Set when the file could be neither read nor moved aside: writing would destroy it. */
  unwritableReason: string | null;
}

/**
 * Reads the map. A file that cannot be read or parsed is renamed `<name>.corrupt-<now>` and the
 * store starts empty, so the app still starts and nothing is lost. A file that others may read
 * has its permissions narrowed to the owner, with a warning.
 */
export function readSecretFile(options: SecretFileOptions): SecretFileContents {
  const { path } = options;
  const warnings: SecretStoreWarning[] = [];
  let text: string;
  try {
    // A link at its name is never read, chmod-ed or written through: it is set aside like a corrupt file.
    if (lstatSync(path).isSymbolicLink()) return setAside(options, 'is a link (keys are kept only in a file of their own)', warnings);
    if (checksPermissions(options)) {
      for (const tightened of tightenToOwner([path], options.platform)) {
        warnings.push({
          code: 'secrets_permissions_fixed',
          message: `${path} was readable by others (mode ${tightened.from}); it is now readable only by you (600)`,
        });
      }
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: {}, warnings, unwritableReason: null };
    return setAside(options, `cannot be read (${(error as Error).message})`, warnings);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return setAside(options, 'is not valid JSON', warnings);
  }
  const checked = SecretFileSchema.safeParse(parsed);
  if (!checked.success) return setAside(options, 'is not a secrets file this version understands', warnings);
  return { entries: { ...checked.data.secrets }, warnings, unwritableReason: null };
}

function setAside(options: SecretFileOptions, problem: string, warnings: SecretStoreWarning[]): SecretFileContents {
  const aside = `${options.path}.corrupt-${options.now()}`;
  try {
    renameSync(options.path, aside);
  } catch (error) {
    const reason = `${options.path} ${problem} and could not be moved aside (${(error as Error).message}); fix or remove it to store keys`;
    warnings.push({ code: 'secrets_corrupt', message: reason });
    return { entries: {}, warnings, unwritableReason: reason };
  }
  warnings.push({ code: 'secrets_corrupt', message: `${options.path} ${problem}; kept as ${aside}, starting with no stored keys` });
  return { entries: {}, warnings, unwritableReason: null };
}

/** Replaces the file atomically, owner-only from the first byte (see writeFileAtomic). */
export function writeSecretFile(options: SecretFileOptions, entries: Record<string, string>): void {
  const { path } = options;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR });
    writeFileAtomic(path, `${JSON.stringify({ version: 1, secrets: entries }, null, 2)}\n`);
  } catch (error) {
    throw new AppError('unavailable', `could not save to ${path}: ${(error as Error).message}`, { cause: error });
  }
}

const checksPermissions = (options: SecretFileOptions) => (options.platform ?? process.platform) !== 'win32';
