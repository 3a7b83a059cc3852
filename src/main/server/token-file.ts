import { lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tightenToOwner } from '../adapters/sqlite/private-files.ts';
import { writeFileAtomic } from '../adapters/system/atomic-file.ts';
import { generateAccessToken } from './access-token.ts';

// The headless host's access token, kept in the data directory (mode 0600) so the printed URL, a
// bookmark and open tabs keep working across restarts. Every request still needs it; rotating it
// (`npm run serve -- --rotate-token`) makes every old URL stop working.

export const TOKEN_FILE = 'access-token';
/** What generateAccessToken makes (32 bytes, base64url); a file holding anything else is replaced. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface StoredToken {
  token: string;
  /** Why a new one was made, when it was: first start, rotated, or the file was unusable. */
  created: 'first' | 'rotated' | 'replaced' | null;
}

export function loadOrCreateToken(dataDir: string, options: { rotate?: boolean } = {}): StoredToken {
  const path = join(dataDir, TOKEN_FILE);
  // A link planted at its name is replaced by a file of our own (writeFileAtomic renames over the
  // link): its target is neither read as the token nor made owner-only.
  if (!options.rotate && isLink(path)) return { token: write(path), created: 'replaced' };
  if (!options.rotate) {
    let text: string | null = null;
    try {
      text = readFileSync(path, 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the access token in ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (text !== null && TOKEN_SHAPE.test(text)) {
      tightenMode(path);
      return { token: text, created: null };
    }
    return { token: write(path), created: text === null ? 'first' : 'replaced' };
  }
  return { token: write(path), created: 'rotated' };
}

function write(path: string): string {
  const token = generateAccessToken();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${token}\n`);
  return token;
}

/** A token file others can read was exposed: it is made owner-only again (and still used). */
function tightenMode(path: string): void {
  tightenToOwner([path]);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
