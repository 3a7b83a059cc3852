import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { checksumHasher, type ExpectedChecksum } from './file-checksum.ts';
import type { SpeechModel } from './speech-model-catalog.ts';

// A model's folder holds its files, `<file>.partial` while one downloads, and manifest.json: the
// files verified so far, with their size and checksum. Installed = every file in the manifest on
// disk as a regular file of that size and checksum (hashed once per run, see isVerified).

export const MANIFEST_NAME = 'manifest.json';

export interface VerifiedFile {
  size: number;
  algorithm: ExpectedChecksum['algorithm'];
  checksum: string;
  /** Whether the checksum was pinned in the catalog or declared by the server. */
  source: ExpectedChecksum['source'];
}

export interface ModelManifest {
  modelId: string;
  revision: string;
  files: Record<string, VerifiedFile>;
}

export const speechModelsDir = (dataDir: string) => join(dataDir, 'speech-models');
export const modelDir = (dataDir: string, modelId: string) => join(speechModelsDir(dataDir), modelId);
export const partialPath = (dir: string, fileName: string) => join(dir, `${fileName}.partial`);

/** The manifest of this model at this revision; a missing, unreadable or foreign one is an empty one. */
export function readManifest(dir: string, model: SpeechModel): ModelManifest {
  const empty: ModelManifest = { modelId: model.id, revision: model.revision, files: {} };
  try {
    const parsed = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8')) as Partial<ModelManifest>;
    if (parsed.modelId !== model.id || parsed.revision !== model.revision || typeof parsed.files !== 'object' || parsed.files === null) return empty;
    return { ...empty, files: parsed.files };
  } catch {
    return empty;
  }
}

/** Size of a regular file, or null (absent, a link, a folder, a device). */
export function regularFileSize(path: string): number | null {
  try {
    const stats = lstatSync(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}

/**
 * Files whose checksum was verified, by path: the file's identity and times when it was (inode,
 * size, mtime, ctime; writing to a file or replacing it changes one of them). A model is checked
 * once per run, so a start does not re-hash hundreds of MB each time a list is shown.
 */
const verifiedStamps = new Map<string, string>();

const stampOf = (stats: Stats, entry: VerifiedFile) => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${entry.algorithm}:${entry.checksum}`;

/**
 * Whether this file was verified and still is: a regular file (not a link) of the size and checksum
 * its manifest entry says. A manifest planted beside other bytes makes nothing ready.
 */
export function isVerified(dir: string, manifest: ModelManifest, fileName: string): boolean {
  const entry = manifest.files[fileName];
  if (entry === undefined) return false;
  const path = join(dir, fileName);
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size !== entry.size) return false;
    const stamp = stampOf(stats, entry);
    if (verifiedStamps.get(path) === stamp) return true;
    if (hashOpenFile(fd, entry) !== entry.checksum) return false;
    verifiedStamps.set(path, stamp);
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A file just downloaded and checked as it streamed: verified without reading it again. */
export function rememberVerified(path: string, entry: VerifiedFile): void {
  try {
    const stats = lstatSync(path);
    if (stats.isFile()) verifiedStamps.set(path, stampOf(stats, entry));
  } catch {
    verifiedStamps.delete(path);
  }
}

const HASH_CHUNK_BYTES = 1024 * 1024;

function hashOpenFile(fd: number, entry: VerifiedFile): string | null {
  const hasher = checksumHasher({ algorithm: entry.algorithm, value: entry.checksum, source: entry.source }, entry.size);
  if (!hasher) return null;
  const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
  for (let position = 0; position < entry.size; ) {
    const read = readSync(fd, buffer, 0, Math.min(HASH_CHUNK_BYTES, entry.size - position), position);
    if (read === 0) return null;
    hasher.update(buffer.subarray(0, read));
    position += read;
  }
  return hasher.digest('hex');
}
