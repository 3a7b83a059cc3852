import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedChecksum } from './file-checksum.ts';
import type { SpeechModel } from './speech-model-catalog.ts';

// A model's folder holds its files, `<file>.partial` while one downloads, and manifest.json: the
// files verified so far, with their size and checksum. Installed = every file in the manifest and
// on disk at that size, so a start never re-hashes hundreds of MB.

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

/** Size of a regular file, or null (absent, a folder, a device). */
export function regularFileSize(path: string): number | null {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}

/** Whether this file was verified and is still there at the verified size. */
export function isVerified(dir: string, manifest: ModelManifest, fileName: string): boolean {
  const entry = manifest.files[fileName];
  return entry !== undefined && regularFileSize(join(dir, fileName)) === entry.size;
}
