import { constants, lstatSync } from 'node:fs';
import { open, rename, rm, statfs, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hash } from 'node:crypto';
import { writeFileAtomic } from '../system/atomic-file.ts';
import { ensureOwnDir } from '../sqlite/private-files.ts';
import { isAppError } from '../../core/errors.ts';
import { checksumFromHeader, checksumHasher, type ExpectedChecksum } from './file-checksum.ts';
import {
  cancelled,
  checksumMismatch,
  cutOff,
  fileError,
  httpError,
  linkRefused,
  noChecksum,
  offersOtherFile,
  sentTooMuch,
  stalled,
  unreachable,
} from './download-errors.ts';
import { isVerified, MANIFEST_NAME, modelDir, partialPath, readManifest, regularFileSize, rememberVerified, speechModelsDir, type ModelManifest } from './model-manifest.ts';
import { DEFAULT_SPEECH_MODEL_BASE_URL, speechModelFileUrl, type SpeechModel, type SpeechModelFile } from './speech-model-catalog.ts';

export interface DownloadProgress {
  modelId: string;
  downloadedBytes: number;
  totalBytes: number;
}

export interface ModelDownloaderOptions {
  dataDir: string;
  /** Where `<repo>/resolve/<revision>/<file>` is fetched from (default: Hugging Face). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** ms; for throttling progress. */
  now?: () => number;
  /** Progress is reported at most this often (ms), or when it moves by a whole percent. */
  progressIntervalMs?: number;
  /** A download receiving nothing this long (ms) stops, its partial file kept. */
  stallTimeoutMs?: number;
}

export interface DownloadRun {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
}

/** An installed model: its folder and the path of each of its files. */
export interface InstalledModel {
  model: SpeechModel;
  dir: string;
  path: (fileName: string) => string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Downloads a catalog model's files into `<dataDir>/speech-models/<id>/`: each as `<file>.partial`,
 * resumed with a Range request, hashed as it streams, renamed into place once it matches its
 * checksum, and recorded in the model's manifest.
 */
export class ModelDownloader {
  readonly dataDir: string;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly progressIntervalMs: number;
  private readonly stallTimeoutMs: number;

  constructor(options: ModelDownloaderOptions) {
    this.dataDir = options.dataDir;
    this.baseUrl = options.baseUrl ?? DEFAULT_SPEECH_MODEL_BASE_URL;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.progressIntervalMs = options.progressIntervalMs ?? 100;
    this.stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
  }

  dirOf(model: SpeechModel): string {
    return modelDir(this.dataDir, model.id);
  }

  /** The model when every file is verified and on disk (no hashing: the manifest says so). */
  installed(model: SpeechModel): InstalledModel | null {
    const dir = this.dirOf(model);
    const manifest = readManifest(dir, model);
    if (!model.files.every((file) => isVerified(dir, manifest, file.name))) return null;
    return { model, dir, path: (fileName) => join(dir, fileName) };
  }

  /** Bytes on disk towards this model: verified files and partial ones (a download to resume). */
  downloadedBytes(model: SpeechModel): number {
    const dir = this.dirOf(model);
    const manifest = readManifest(dir, model);
    return model.files.reduce(
      (sum, file) => sum + (isVerified(dir, manifest, file.name) ? manifest.files[file.name]!.size : (regularFileSize(partialPath(dir, file.name)) ?? 0)),
      0,
    );
  }

  async remove(model: SpeechModel): Promise<void> {
    const dir = this.dirOf(model);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (error) {
      throw fileError(error, model.label, dir, 0, null);
    }
  }

  async download(model: SpeechModel, run: DownloadRun = {}): Promise<InstalledModel> {
    const dir = this.dirOf(model);
    // Both folders are the app's own: a link in their place would send the files elsewhere.
    for (const folder of [speechModelsDir(this.dataDir), dir]) {
      let refused: string | null;
      try {
        refused = ensureOwnDir(folder);
      } catch (error) {
        throw fileError(error, model.label, dir, 0, null);
      }
      if (refused) throw linkRefused(`cannot write ${model.label} to ${dir}: ${refused}`);
    }
    const manifest = readManifest(dir, model);
    const progress = this.progressTracker(model, run.onProgress);
    const pending: SpeechModelFile[] = [];
    for (const file of model.files) {
      if (isVerified(dir, manifest, file.name)) progress.finished(file.name, manifest.files[file.name]!.size);
      else {
        pending.push(file);
        progress.expect(file.name, file.sizeBytes);
      }
    }
    progress.report(true);
    for (const file of pending) {
      if (run.signal?.aborted) throw cancelled(model.label);
      manifest.files[file.name] = await this.downloadFile(model, file, dir, progress, run.signal);
      progress.report(true);
      this.saveManifest(dir, manifest, model);
    }
    return this.installed(model) ?? { model, dir, path: (fileName) => join(dir, fileName) };
  }

  private saveManifest(dir: string, manifest: ModelManifest, model: SpeechModel): void {
    try {
      writeFileAtomic(join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    } catch (error) {
      throw fileError(error, model.label, dir, 1_000, null);
    }
  }

  private async downloadFile(model: SpeechModel, file: SpeechModelFile, dir: string, progress: ProgressTracker, signal: AbortSignal | undefined) {
    const url = speechModelFileUrl(this.baseUrl, model, file);
    const partial = partialPath(dir, file.name);
    const what = `${model.label} (${file.name})`;
    // The user's cancel, or no bytes for a while: either stops the request; the partial stays.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let stalledOut = false;
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stalledOut = true;
        controller.abort(new Error('stalled'));
      }, this.stallTimeoutMs);
    };
    const stopReason = () => (signal?.aborted ? cancelled(model.label) : stalledOut ? stalled(what, Math.ceil(this.stallTimeoutMs / 1000)) : null);

    try {
      armStallTimer();
      refuseLinkAt(partial);
      let offset = regularFileSize(partial) ?? 0;
      let reply = await this.request(url, offset, controller.signal, what);
      if (offset > 0 && (reply.response.status === 416 || (reply.response.status === 206 && rangeStart(reply.response) !== offset))) {
        // The partial does not fit what the server has (a different or shorter file): start over.
        await reply.response.body?.cancel();
        await rm(partial, { force: true });
        offset = 0;
        reply = await this.request(url, 0, controller.signal, what);
      }
      const { response } = reply;
      const resumed = offset > 0 && response.status === 206;
      if (!resumed) {
        if (response.status !== 200) {
          await response.body?.cancel();
          throw httpError(url, what, response.status, response.statusText);
        }
        // The server ignored the range: the whole file comes again.
        offset = 0;
      }
      const size = totalSize(response, offset) ?? reply.declaredSize;
      const expected = expectedChecksum(file, reply.declared, url);
      const hasher = checksumHasher(expected, size);
      if (!hasher) throw noChecksum(url, file.name);

      progress.expect(file.name, size ?? file.sizeBytes);
      progress.setCurrent(file.name, offset);
      await this.checkSpace(dir, what, progress.remaining());

      let received = offset;
      let handle: FileHandle | null = null;
      try {
        handle = await openPartial(partial, offset);
        if (offset > 0) await hashExisting(handle, offset, hasher);
        if (!response.body) throw cutOff(what, received, size);
        try {
          for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            armStallTimer();
            // A reply longer than it said (or, with no length, far longer than the file is) stops here, not at a full disk.
            const limit = size ?? file.sizeBytes * 2 + 1_000_000;
            if (received + chunk.length > limit) {
              controller.abort();
              throw sentTooMuch(what, limit);
            }
            try {
              await handle.write(chunk);
            } catch (error) {
              controller.abort();
              throw await this.writeError(error, model.label, dir, progress);
            }
            hasher.update(chunk);
            received += chunk.length;
            progress.setCurrent(file.name, received);
            progress.report(false);
          }
        } catch (error) {
          if (isAppError(error)) throw error;
          throw stopReason() ?? cutOff(what, received, size, error);
        }
      } catch (error) {
        if (isAppError(error)) throw error;
        throw await this.writeError(error, model.label, dir, progress);
      } finally {
        await handle?.close().catch(() => {});
      }
      if (size !== null && received !== size) throw cutOff(what, received, size);

      const actual = hasher.digest('hex');
      if (actual !== expected.value) {
        await rm(partial, { force: true });
        progress.setCurrent(file.name, 0);
        throw checksumMismatch(file.name, expected, actual);
      }
      try {
        // rename replaces whatever is at the name (a link included) and never writes through it.
        await rename(partial, join(dir, file.name));
      } catch (error) {
        throw fileError(error, model.label, dir, 0, null);
      }
      progress.finished(file.name, received);
      const verified = { size: received, algorithm: expected.algorithm, checksum: expected.value, source: expected.source };
      rememberVerified(join(dir, file.name), verified);
      return verified;
    } catch (error) {
      if (isAppError(error)) throw error;
      throw stopReason() ?? error;
    } finally {
      clearTimeout(stallTimer);
      signal?.removeEventListener('abort', onAbort);
      // Releases a reply whose body was not read (refused before the download began).
      controller.abort();
    }
  }

  /**
   * GET with redirects followed by hand, to keep what Hugging Face declares on its own replies (the
   * CDN's do not say). Checksums and sizes are taken only from replies of the catalog's own origin:
   * a host it redirects to cannot vouch for its own bytes. Redirects go to https only (or to http
   * when the catalog itself is served over http, a local mirror).
   */
  private async request(url: string, offset: number, signal: AbortSignal, what: string) {
    const origin = new URL(url).origin;
    const allowedProtocols = new URL(url).protocol === 'http:' ? ['http:', 'https:'] : ['https:'];
    let declared: ExpectedChecksum | null = null;
    let etag: ExpectedChecksum | null = null;
    let declaredSize: number | null = null;
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let response: Response;
      try {
        // identity: a compressed reply would not be the bytes its length and checksum describe.
        const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...(offset > 0 ? { Range: `bytes=${offset}-` } : {}) };
        response = await this.fetch(current, { headers, redirect: 'manual', signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw unreachable(current, what, error);
      }
      if (new URL(current).origin === origin) {
        declared ??= checksumFromHeader(response.headers.get('x-linked-etag'));
        etag = checksumFromHeader(response.headers.get('etag')) ?? etag;
        declaredSize ??= byteCount(response.headers.get('x-linked-size'));
      }
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location) {
        await response.body?.cancel();
        const next = new URL(location, current);
        if (!allowedProtocols.includes(next.protocol)) throw httpError(url, what, response.status, `redirected to a ${next.protocol} address, which is refused`);
        current = next.href;
        continue;
      }
      return { response, declared: declared ?? etag, declaredSize };
    }
    throw httpError(url, what, 310, 'too many redirects');
  }

  private async freeBytes(dir: string): Promise<number | null> {
    try {
      const stats = await statfs(dir);
      return stats.bavail * stats.bsize;
    } catch {
      return null;
    }
  }

  /** Refuses before writing when the disk cannot hold what is left to download. */
  private async checkSpace(dir: string, what: string, neededBytes: number): Promise<void> {
    const free = await this.freeBytes(dir);
    if (free !== null && free < neededBytes) {
      throw fileError(Object.assign(new Error('no space'), { code: 'ENOSPC' }), what, dir, neededBytes, free);
    }
  }

  private async writeError(error: unknown, what: string, dir: string, progress: ProgressTracker) {
    return fileError(error, what, dir, progress.remaining(), await this.freeBytes(dir));
  }

  private progressTracker(model: SpeechModel, onProgress: DownloadRun['onProgress']): ProgressTracker {
    return new ProgressTracker(model.id, this.now, this.progressIntervalMs, onProgress);
  }
}

/**
 * Bytes done and expected over all of a model's files. An approximate size is replaced by the
 * exact one once the server tells it. Reports are throttled: at most every `intervalMs`, unless
 * another whole percent is done; done never goes back and never exceeds the total.
 */
class ProgressTracker {
  private readonly sizes = new Map<string, number>();
  private readonly done = new Map<string, number>();
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastPercent = -1;
  private lastDone = 0;

  private readonly modelId: string;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly onProgress: DownloadRun['onProgress'];

  constructor(modelId: string, now: () => number, intervalMs: number, onProgress: DownloadRun['onProgress']) {
    this.modelId = modelId;
    this.now = now;
    this.intervalMs = intervalMs;
    this.onProgress = onProgress;
  }

  expect(fileName: string, sizeBytes: number) {
    this.sizes.set(fileName, sizeBytes);
  }

  setCurrent(fileName: string, bytes: number) {
    this.done.set(fileName, bytes);
  }

  finished(fileName: string, sizeBytes: number) {
    this.sizes.set(fileName, sizeBytes);
    this.done.set(fileName, sizeBytes);
  }

  private totals() {
    let total = 0;
    let done = 0;
    for (const [name, size] of this.sizes) {
      total += size;
      done += Math.min(size, this.done.get(name) ?? 0);
    }
    return { done, total: Math.max(total, done) };
  }

  remaining(): number {
    const { done, total } = this.totals();
    return total - done;
  }

  report(force: boolean) {
    if (!this.onProgress) return;
    const { done, total } = this.totals();
    // A restarted file (the server ignored the range, a bad checksum) is not shown going back.
    const downloadedBytes = Math.max(done, this.lastDone);
    const percent = total === 0 ? 100 : Math.floor((downloadedBytes / total) * 100);
    const at = this.now();
    if (!force && at - this.lastAt < this.intervalMs && percent <= this.lastPercent) return;
    this.lastAt = at;
    this.lastPercent = percent;
    this.lastDone = downloadedBytes;
    this.onProgress({ modelId: this.modelId, downloadedBytes, totalBytes: Math.max(total, downloadedBytes) });
  }
}

function expectedChecksum(file: SpeechModelFile, declared: ExpectedChecksum | null, url: string): ExpectedChecksum {
  if (file.sha256) {
    const pinned = file.sha256.toLowerCase();
    if (declared?.algorithm === 'sha256' && declared.value !== pinned) throw offersOtherFile(file.name, pinned, declared.value);
    return { algorithm: 'sha256', value: pinned, source: 'pinned' };
  }
  if (!declared) throw noChecksum(url, file.name);
  return declared;
}

const byteCount = (header: string | null): number | null => {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
};

/** `bytes 100-199/1000` -> 100. */
function rangeStart(response: Response): number | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

/** The whole file's size: Content-Range's total for a 206, else what was kept plus Content-Length. */
function totalSize(response: Response, offset: number): number | null {
  if (response.status === 206) {
    const match = /\/(\d+)$/.exec(response.headers.get('content-range')?.trim() ?? '');
    if (match) return Number(match[1]);
  }
  const length = byteCount(response.headers.get('content-length'));
  return length === null ? null : offset + length;
}

/**
 * The partial file, opened without following a link: a fresh one (created exclusively) to start
 * from nothing, or the one kept, to append to, when it is still a regular file of `offset` bytes
 * with no other name.
 */
async function openPartial(partial: string, offset: number): Promise<FileHandle> {
  if (offset === 0) {
    if (existsAsName(partial)) await rm(partial, { force: true });
    return open(partial, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
  }
  const handle = await open(partial, constants.O_RDWR | constants.O_APPEND | NO_FOLLOW);
  const stats = await handle.stat();
  if (!stats.isFile() || stats.nlink !== 1 || stats.size !== offset) {
    await handle.close();
    throw linkRefused(`${partial} is a link or changed while it was opened; files in the data folder are not written through links`);
  }
  return handle;
}

/** Whether anything (a link included) has this name. */
function existsAsName(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** O_NOFOLLOW where the system has it (not on Windows, whose links need privileges to make). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** A partial file that is a link, or a second name of another file, is refused: writing it would change that file. */
function refuseLinkAt(path: string): void {
  try {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink() || (stats.isFile() && stats.nlink > 1)) {
      throw linkRefused(`${path} is a link; files in the data folder are not written through links (remove it and press Download again)`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
}

/** Feeds the first `bytes` of the kept partial file to the hasher (a resume hashes what it keeps). */
async function hashExisting(handle: FileHandle, bytes: number, hasher: Hash): Promise<void> {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (let position = 0; position < bytes; ) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position);
    if (bytesRead === 0) break;
    hasher.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}
