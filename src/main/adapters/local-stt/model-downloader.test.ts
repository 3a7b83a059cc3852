import { createServer } from 'node:net';
import { once } from 'node:events';
import { existsSync, linkSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { isAppError } from '../../core/errors.ts';
import { ModelDownloader, type DownloadProgress } from './model-downloader.ts';
import { MANIFEST_NAME, modelDir, partialPath } from './model-manifest.ts';
import type { SpeechModel } from './speech-model-catalog.ts';
import { generatedFile, startModelFileServer, type ServedFile } from './testing/model-file-server.ts';
import { failure } from '../../testing/failure.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const KB = 1024;

function testModel(files: readonly ServedFile[], pinned: Record<string, string> = {}): SpeechModel {
  return {
    id: 'test-model',
    label: 'Test model',
    languages: ['en'],
    multilingual: false,
    repo: 'someone/test-model',
    revision: 'main',
    // Sizes a little off, as the catalog's rounded ones are: the server's exact sizes replace them.
    files: files.map((file) => ({ name: file.name, sizeBytes: Math.round(file.bytes.length * 0.97), ...(pinned[file.name] ? { sha256: pinned[file.name] } : {}) })),
    engine: { kind: 'whisper', encoder: files[0]!.name, decoder: files[1]?.name ?? files[0]!.name, tokens: files[2]?.name ?? files[0]!.name, language: '' },
  };
}

async function setUp(sizes: number[] = [300 * KB, 200 * KB, 40 * KB]) {
  const files = sizes.map((size, index) => generatedFile(['encoder.onnx', 'decoder.onnx', 'tokens.txt'][index] ?? `file-${index}`, size));
  const model = testModel(files);
  const server = await startModelFileServer(model, files);
  cleanups.push(server.close);
  const data = makeTempDir('model-downloader');
  cleanups.push(data.remove);
  let clock = 0;
  // Each reading of the clock moves it 7 ms: progress throttling sees time pass without real waiting.
  const downloader = new ModelDownloader({ dataDir: data.path, baseUrl: server.baseUrl, now: () => (clock += 7) });
  const dir = modelDir(data.path, model.id);
  return { files, model, server, downloader, dir, dataDir: data.path };
}

const totalOf = (files: readonly ServedFile[]) => files.reduce((sum, file) => sum + file.bytes.length, 0);

describe('ModelDownloader', () => {
  it('downloads every file, verifies each against what the server declares, and reports monotonic progress up to 100%', async () => {
    const { files, model, server, downloader, dir } = await setUp();
    // As Hugging Face does: LFS files behind a redirect with X-Linked-Etag, a small file with its git blob id.
    server.declare('encoder.onnx', 'lfs-redirect');
    server.declare('decoder.onnx', 'sha256-etag');
    server.declare('tokens.txt', 'git-etag');
    const progress: DownloadProgress[] = [];

    const installed = await downloader.download(model, { onProgress: (event) => progress.push(event) });

    for (const file of files) expect(readFileSync(installed.path(file.name)).equals(file.bytes)).toBe(true);
    expect(downloader.installed(model)).not.toBeNull();
    expect(existsSync(partialPath(dir, 'encoder.onnx'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), 'utf8'));
    expect(manifest.files['encoder.onnx']).toEqual({ size: files[0]!.bytes.length, algorithm: 'sha256', checksum: files[0]!.sha256, source: 'server' });
    expect(manifest.files['tokens.txt']).toMatchObject({ algorithm: 'git-blob-sha1', checksum: files[2]!.gitBlobSha1 });

    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.downloadedBytes).toBeGreaterThanOrEqual(progress[i - 1]!.downloadedBytes);
    for (const event of progress) expect(event.downloadedBytes).toBeLessThanOrEqual(event.totalBytes);
    expect(progress.at(-1)).toEqual({ modelId: 'test-model', downloadedBytes: totalOf(files), totalBytes: totalOf(files) });
    // Throttled: not one report per 16 KiB chunk.
    expect(progress.length).toBeLessThan(totalOf(files) / (16 * KB));
  });

  it('resumes after the connection is cut: a Range request fetches only the rest, and the checksum is right', async () => {
    const { files, model, server, downloader, dir } = await setUp();
    server.cutNextAfter(100 * KB);

    const cut = await failure(downloader.download(model));
    expect(isAppError(cut) && cut.retryable).toBe(true);
    expect(cut.message).toMatch(/The download of Test model \(encoder\.onnx\) stopped after .* MB of .* MB\. Press Download again to resume/);
    const kept = statSync(partialPath(dir, 'encoder.onnx')).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(100 * KB);

    await downloader.download(model);

    const resumed = server.requests.filter((request) => request.path.endsWith('/encoder.onnx'));
    expect(resumed.at(-1)).toEqual({ path: expect.any(String), range: `bytes=${kept}-`, status: 206 });
    // Sent once in all: the first part was not downloaded again.
    expect(server.bytesServed.get('encoder.onnx')).toBe(100 * KB + (files[0]!.bytes.length - kept));
    expect(readFileSync(join(dir, 'encoder.onnx')).equals(files[0]!.bytes)).toBe(true);
    expect(downloader.installed(model)).not.toBeNull();
  });

  it('starts a file over when the server ignores the range (200), and when the partial is longer than the file (416)', async () => {
    const { files, model, server, downloader, dir } = await setUp([120 * KB]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(partialPath(dir, 'encoder.onnx'), files[0]!.bytes.subarray(0, 50 * KB));
    server.ignoreRanges();
    await downloader.download(model);
    expect(readFileSync(join(dir, 'encoder.onnx')).equals(files[0]!.bytes)).toBe(true);

    await downloader.remove(model);
    mkdirSync(dir, { recursive: true });
    writeFileSync(partialPath(dir, 'encoder.onnx'), Buffer.concat([files[0]!.bytes, Buffer.from('trailing junk')]));
    server.ignoreRanges(false);
    await downloader.download(model);
    expect(server.requests.slice(-2).map((request) => request.status)).toEqual([416, 200]);
    expect(readFileSync(join(dir, 'encoder.onnx')).equals(files[0]!.bytes)).toBe(true);
  });

  it('refuses a file that does not match its checksum, deletes it, and says so', async () => {
    const { model, server, downloader, dir } = await setUp([64 * KB, 32 * KB]);
    server.declareWrongChecksum('decoder.onnx');

    const error = await failure(downloader.download(model));
    expect(error.message).toMatch(/^decoder\.onnx did not match its checksum \(expected sha256 [0-9a-f]{12}… as the server declared, got [0-9a-f]{12}…\), so it was deleted\./);
    expect(existsSync(partialPath(dir, 'decoder.onnx'))).toBe(false);
    expect(existsSync(join(dir, 'decoder.onnx'))).toBe(false);
    expect(downloader.installed(model)).toBeNull();
    // The file that was right stays verified: the next attempt fetches only the other one.
    expect(existsSync(join(dir, 'encoder.onnx'))).toBe(true);
  });

  it('checks a pinned sha256 over what the server declares, and refuses a server that offers another file', async () => {
    const files = [generatedFile('encoder.onnx', 2048 * KB)];
    const model = testModel(files, { 'encoder.onnx': 'ab'.repeat(32) });
    const server = await startModelFileServer(model, files);
    cleanups.push(server.close);
    const data = makeTempDir('model-downloader');
    cleanups.push(data.remove);
    const downloader = new ModelDownloader({ dataDir: data.path, baseUrl: server.baseUrl });

    server.declare('encoder.onnx', 'sha256-etag');
    server.sendSlowly(2);
    expect((await failure(downloader.download(model))).message).toMatch(/The server offers a different encoder\.onnx .* it is not downloaded/);
    expect(server.bytesServed.get('encoder.onnx') ?? 0).toBeLessThan(1024 * KB);
    server.sendSlowly(0);

    server.declare('encoder.onnx', 'none');
    const error = await failure(downloader.download(model));
    expect(error.message).toMatch(/^encoder\.onnx did not match its checksum \(expected sha256 abababababab…, got/);
    expect(existsSync(partialPath(modelDir(data.path, model.id), 'encoder.onnx'))).toBe(false);
  });

  it('refuses a file with no checksum at all', async () => {
    const { model, server, downloader } = await setUp([16 * KB]);
    server.declare('encoder.onnx', 'none');
    expect((await failure(downloader.download(model))).message).toMatch(/127\.0\.0\.1:\d+ declared no checksum for encoder\.onnx and none is pinned/);
  });

  it('says plainly when the server cannot be reached: a closed port, an unknown host', async () => {
    const { model, dataDir } = await setUp([16 * KB]);
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));

    const refused = await failure(new ModelDownloader({ dataDir, baseUrl: `http://127.0.0.1:${closedPort}` }).download(model));
    expect(refused.message).toBe(`Could not reach 127.0.0.1:${closedPort} to download Test model (encoder.onnx): the connection was refused. Check the connection and try again.`);
    expect(isAppError(refused) && refused.retryable).toBe(true);

    const unknown = await failure(new ModelDownloader({ dataDir, baseUrl: 'http://nonexistent.invalid' }).download(model));
    expect(unknown.message).toMatch(/^Could not reach nonexistent\.invalid to download Test model \(encoder\.onnx\): .*\. Check the connection and try again\.$/);
  });

  it('gives the HTTP status of a missing file', async () => {
    const { model, server, downloader } = await setUp([16 * KB, 16 * KB]);
    server.remove('decoder.onnx');
    expect((await failure(downloader.download(model))).message).toMatch(/^127\.0\.0\.1:\d+ answered 404 Not Found \(the file is not there\) for Test model \(decoder\.onnx\)\.$/);
  });

  it('stops on cancel, keeps the partial file, and resumes from it', async () => {
    const { files, model, server, downloader, dir } = await setUp([400 * KB]);
    server.sendSlowly(5);
    const controller = new AbortController();
    const download = downloader.download(model, {
      signal: controller.signal,
      onProgress: (event) => {
        if (event.downloadedBytes >= 64 * KB) controller.abort();
      },
    });
    const error = await failure(download);
    expect(error.message).toBe('The download of Test model was cancelled; what was downloaded is kept for a resume.');
    const kept = statSync(partialPath(dir, 'encoder.onnx')).size;
    expect(kept).toBeGreaterThanOrEqual(64 * KB);
    expect(kept).toBeLessThan(400 * KB);
    expect(downloader.downloadedBytes(model)).toBe(kept);

    server.sendSlowly(0);
    await downloader.download(model);
    expect(server.requests.at(-1)?.range).toBe(`bytes=${kept}-`);
    expect(readFileSync(join(dir, 'encoder.onnx')).equals(files[0]!.bytes)).toBe(true);
  });

  it('stops a download that receives nothing for too long, keeping what it has', async () => {
    const { model, server, dataDir, dir } = await setUp([400 * KB]);
    server.sendSlowly(400);
    const downloader = new ModelDownloader({ dataDir, baseUrl: server.baseUrl, stallTimeoutMs: 150 });
    expect((await failure(downloader.download(model))).message).toMatch(/received nothing for 1 s/);
    expect(statSync(partialPath(dir, 'encoder.onnx')).size).toBeGreaterThan(0);
  });

  it('says so when the model folder cannot be created', async () => {
    const { model, dataDir } = await setUp([16 * KB]);
    writeFileSync(join(dataDir, 'speech-models'), 'a file where the folder should be');
    const error = await failure(new ModelDownloader({ dataDir, baseUrl: 'http://127.0.0.1:1' }).download(model));
    expect(isAppError(error) && error.code).toBe('storage_error');
    expect(error.message).toMatch(/^Cannot write Test model to .*speech-models\/test-model/);
  });
});

describe('ModelDownloader and what is planted in the data folder', () => {
  it('never writes through a .partial link, even when the checksum then fails, and says why', async () => {
    const { model, server, downloader, dir, dataDir } = await setUp([64 * KB]);
    server.declareWrongChecksum('encoder.onnx');
    const victim = join(dataDir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    mkdirSync(dir, { recursive: true });
    symlinkSync(victim, partialPath(dir, 'encoder.onnx'));
    const error = await failure(downloader.download(model));
    expect(isAppError(error) && error.code).toBe('storage_error');
    expect(error.message).toMatch(/encoder\.onnx\.partial is a link; .* not written through links/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // A second name of the victim (a hard link) is refused the same way.
    rmSync(partialPath(dir, 'encoder.onnx'));
    linkSync(victim, partialPath(dir, 'encoder.onnx'));
    expect((await failure(downloader.download(model))).message).toMatch(/encoder\.onnx\.partial is a link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('refuses a model folder that is a link to somewhere else', async () => {
    const { model, downloader, dir, dataDir } = await setUp([16 * KB]);
    const elsewhere = join(dataDir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(dataDir, 'speech-models'));
    symlinkSync(elsewhere, dir);
    const error = await failure(downloader.download(model));
    expect(error.message).toMatch(/speech-models\/test-model is a link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('offers a model as ready only when each file of its manifest is a regular file of the right size and checksum', async () => {
    const { files, model, downloader, dir, dataDir } = await setUp([64 * KB, 32 * KB]);
    await downloader.download(model);
    expect(downloader.installed(model)).not.toBeNull();

    // A manifest planted beside files of the right size but other bytes.
    const planted = makeTempDir('model-downloader-planted');
    cleanups.push(planted.remove);
    const plantedDir = modelDir(planted.path, model.id);
    mkdirSync(plantedDir, { recursive: true });
    for (const file of files) writeFileSync(join(plantedDir, file.name), Buffer.alloc(file.bytes.length, 7));
    writeFileSync(join(plantedDir, MANIFEST_NAME), readFileSync(join(dir, MANIFEST_NAME)));
    expect(new ModelDownloader({ dataDir: planted.path }).installed(model)).toBeNull();

    // The right bytes, but through a link: not taken either.
    const linkedDir = modelDir(join(dataDir, 'linked'), model.id);
    mkdirSync(linkedDir, { recursive: true });
    for (const file of files) symlinkSync(join(dir, file.name), join(linkedDir, file.name));
    writeFileSync(join(linkedDir, MANIFEST_NAME), readFileSync(join(dir, MANIFEST_NAME)));
    expect(new ModelDownloader({ dataDir: join(dataDir, 'linked') }).installed(model)).toBeNull();

    // A verified file changed in place (same size) is not ready any more.
    const encoder = join(dir, files[0]!.name);
    writeFileSync(encoder, Buffer.alloc(files[0]!.bytes.length, 1));
    expect(downloader.installed(model)).toBeNull();
  });
});

describe('ModelDownloader and the hosts it is sent to', () => {
  /** A downloader whose fetch answers from `reply` (the catalog at https://models.example). */
  function withReplies(reply: (url: string, init: RequestInit | undefined) => Response) {
    const data = makeTempDir('model-downloader-hosts');
    cleanups.push(data.remove);
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const fetchFake = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      seen.push({ url, headers: { ...(init?.headers as Record<string, string>) } });
      return reply(url, init);
    }) as typeof fetch;
    const downloader = new ModelDownloader({ dataDir: data.path, baseUrl: 'https://models.example', fetch: fetchFake, now: () => 0 });
    return { downloader, seen };
  }
  const oneFile = generatedFile('encoder.onnx', 20 * KB);
  const model = testModel([oneFile]);

  it('follows a redirect to https only, and asks for the bytes as they are (no compression)', async () => {
    const { downloader, seen } = withReplies(() => new Response(null, { status: 302, headers: { Location: 'http://cdn.example/encoder.onnx', 'X-Linked-Etag': `"${oneFile.sha256}"` } }));
    const error = await failure(downloader.download(model));
    expect(error.message).toMatch(/redirected to a http: address, which is refused/);
    expect(seen[0]!.headers['Accept-Encoding']).toBe('identity');
  });

  it('takes no checksum from the host it was redirected to: that host cannot vouch for its own bytes', async () => {
    const { downloader } = withReplies((url) =>
      url.startsWith('https://models.example')
        ? new Response(null, { status: 302, headers: { Location: 'https://cdn.example/encoder.onnx' } })
        : new Response(new Uint8Array(oneFile.bytes), { status: 200, headers: { ETag: `"${oneFile.sha256}"`, 'X-Linked-Etag': `"${oneFile.sha256}"` } }),
    );
    const error = await failure(downloader.download(model));
    expect(isAppError(error) ? error.message : '').toMatch(/checksum/i);
  });

  it('stops a reply that sends more than the file holds', async () => {
    const { downloader } = withReplies(
      () => new Response(new Uint8Array(oneFile.bytes.length * 4), { status: 200, headers: { ETag: `"${oneFile.sha256}"`, 'X-Linked-Size': String(oneFile.bytes.length) } }),
    );
    const error = await failure(downloader.download(model));
    expect(error.message).toMatch(/sent more for .* than the .* it holds/);
  });
});
