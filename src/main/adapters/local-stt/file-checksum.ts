import { createHash, type Hash } from 'node:crypto';

/**
 * What a downloaded file is checked against: a sha256 (pinned in the catalog, or an LFS file's as
 * Hugging Face declares it), or the git blob id Hugging Face sends as the ETag of a small file kept
 * in git itself (sha1 over "blob <size>\0" + the bytes).
 */
export interface ExpectedChecksum {
  algorithm: 'sha256' | 'git-blob-sha1';
  value: string;
  source: 'pinned' | 'server';
}

/** An ETag or X-Linked-Etag header as a checksum: 64 hex digits are a sha256, 40 a git blob id; anything else is not one. */
export function checksumFromHeader(header: string | null): ExpectedChecksum | null {
  if (!header) return null;
  const value = header.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  if (/^[0-9a-f]{64}$/.test(value)) return { algorithm: 'sha256', value, source: 'server' };
  if (/^[0-9a-f]{40}$/.test(value)) return { algorithm: 'git-blob-sha1', value, source: 'server' };
  return null;
}

/** A streaming hasher for `expected`; a git blob id needs the file's size up front. */
export function checksumHasher(expected: ExpectedChecksum, sizeBytes: number | null): Hash | null {
  if (expected.algorithm === 'sha256') return createHash('sha256');
  if (sizeBytes === null) return null;
  return createHash('sha1').update(`blob ${sizeBytes}\0`);
}

export const describeChecksum = (checksum: Pick<ExpectedChecksum, 'algorithm' | 'value'>): string =>
  `${checksum.algorithm === 'sha256' ? 'sha256' : 'git blob sha1'} ${checksum.value.slice(0, 12)}…`;
