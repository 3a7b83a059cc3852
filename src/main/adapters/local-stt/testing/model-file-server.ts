import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpeechModel } from '../speech-model-catalog.ts';

/** A file the fake server holds: random bytes and their real checksums. */
export interface ServedFile {
  name: string;
  bytes: Buffer;
  sha256: string;
  /** git's blob id (what Hugging Face sends as the ETag of a file kept in git itself). */
  gitBlobSha1: string;
}

export function generatedFile(name: string, sizeBytes: number): ServedFile {
  const bytes = randomBytes(sizeBytes);
  return {
    name,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    gitBlobSha1: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
  };
}

/** How the server declares a file's checksum, as Hugging Face does for its two kinds of file. */
export type Declaration =
  /** A 302 to `/cdn/...` carrying X-Linked-Etag (sha256) and X-Linked-Size; the CDN sends its own md5-like ETag. */
  | 'lfs-redirect'
  /** Served directly with ETag = the git blob id. */
  | 'git-etag'
  /** Served directly with ETag = the sha256. */
  | 'sha256-etag'
  | 'none';

export interface ServedRequest {
  path: string;
  range: string | null;
  status: number;
}

/**
 * An HTTP server on 127.0.0.1 laid out like Hugging Face (`/<repo>/resolve/<revision>/<file>`):
 * honours `Range: bytes=N-` (206, 416), and can be told to ignore ranges, to cut the connection
 * after some bytes, to declare a wrong checksum, or to send slowly.
 */
export async function startModelFileServer(model: Pick<SpeechModel, 'repo' | 'revision'>, files: readonly ServedFile[]) {
  const byName = new Map(files.map((file) => [file.name, file]));
  const declarations = new Map<string, Declaration>();
  const wrongChecksum = new Set<string>();
  const missing = new Set<string>();
  const requests: ServedRequest[] = [];
  /** Body bytes sent, by file name. */
  const bytesServed = new Map<string, number>();
  let cutAfterBytes: number | null = null;
  let ignoreRanges = false;
  let chunkDelayMs = 0;
  const prefix = `/${model.repo}/resolve/${model.revision}/`;

  const server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = decodeURIComponent(request.url ?? '');
    const range = request.headers.range ?? null;
    const cdn = path.startsWith('/cdn/');
    const name = cdn ? path.slice('/cdn/'.length) : path.startsWith(prefix) ? path.slice(prefix.length) : '';
    const file = byName.get(name);
    const record = (status: number) => requests.push({ path, range, status });
    if (!file || missing.has(name)) {
      record(404);
      response.writeHead(404, 'Not Found').end('Entry not found');
      return;
    }
    const declaration = declarations.get(name) ?? 'sha256-etag';
    const declaredSha256 = wrongChecksum.has(name) ? createHash('sha256').update('something else').digest('hex') : file.sha256;
    if (!cdn && declaration === 'lfs-redirect') {
      record(302);
      response.writeHead(302, { Location: `/cdn/${name}`, 'X-Linked-Etag': `"${declaredSha256}"`, 'X-Linked-Size': String(file.bytes.length), ETag: `"${declaredSha256}"` });
      response.end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' };
    if (cdn) headers.ETag = `"${createHash('md5').update(file.bytes).digest('hex')}"`;
    else if (declaration === 'git-etag') headers.ETag = `"${wrongChecksum.has(name) ? '0'.repeat(40) : file.gitBlobSha1}"`;
    else if (declaration === 'sha256-etag') headers.ETag = `"${declaredSha256}"`;

    let start = 0;
    const match = range && !ignoreRanges ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= file.bytes.length) {
        record(416);
        response.writeHead(416, { 'Content-Range': `bytes */${file.bytes.length}` }).end();
        return;
      }
      headers['Content-Range'] = `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}`;
    }
    const body = file.bytes.subarray(start);
    headers['Content-Length'] = String(body.length);
    const status = match ? 206 : 200;
    record(status);
    response.writeHead(status, headers);
    const limit = cutAfterBytes;
    cutAfterBytes = null;
    const toSend = limit === null ? body : body.subarray(0, Math.min(limit, body.length));
    const piece = 16 * 1024;
    for (let offset = 0; offset < toSend.length; offset += piece) {
      const chunk = toSend.subarray(offset, offset + piece);
      bytesServed.set(name, (bytesServed.get(name) ?? 0) + chunk.length);
      if (!response.write(chunk)) await once(response, 'drain');
      if (chunkDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, chunkDelayMs));
      if (response.destroyed) return;
    }
    if (limit !== null && limit < body.length) {
      // Let the bytes leave, then drop the connection mid-body.
      await new Promise((resolve) => setTimeout(resolve, 20));
      response.socket?.destroy();
      return;
    }
    response.end();
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    requests,
    bytesServed,
    /** The next response sends only this many body bytes, then the connection is cut. */
    cutNextAfter(bytes: number) {
      cutAfterBytes = bytes;
    },
    ignoreRanges(value = true) {
      ignoreRanges = value;
    },
    sendSlowly(delayMsPer16KiB: number) {
      chunkDelayMs = delayMsPer16KiB;
    },
    declare(name: string, declaration: Declaration) {
      declarations.set(name, declaration);
    },
    declareWrongChecksum(name: string) {
      wrongChecksum.add(name);
    },
    remove(name: string) {
      missing.add(name);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
