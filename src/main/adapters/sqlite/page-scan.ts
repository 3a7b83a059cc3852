import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

// Reads the rows of a damaged SQLite file page by page, without SQLite: every table b-tree leaf
// page that still parses gives up its records, whatever happened to the pages above it (interior
// pages, the schema on page 1, the header). Committed frames of the -wal file replace the pages
// they wrote, and pages on the free list are skipped, so what comes out is what the live tables
// held. It is the recovery's last resort; see https://www.sqlite.org/fileformat2.html.

export type ScannedValue = null | number | bigint | string | Uint8Array;

export interface ScannedRow {
  rowid: number;
  values: ScannedValue[];
  /** The page it was read from, and whether that page came from the -wal file. */
  page: number;
  fromWal: boolean;
}

export interface PageScan {
  pageSize: number;
  /** Pages looked at (the file's, and any the -wal adds). */
  pages: number;
  /** Table leaf pages found. */
  leaves: number;
  /** Cells on those pages that could not be decoded. */
  unreadableCells: number;
  /** Committed -wal frames applied. */
  walFrames: number;
  rows: ScannedRow[];
}

export interface PageScanOptions {
  /** The -wal file beside it (default `<path>-wal`). */
  walPath?: string;
  /** Which decoded records to keep (all by default): keeps memory to what recovery wants. */
  accept?: (values: readonly ScannedValue[]) => boolean;
}

const HEADER_MAGIC = 'SQLite format 3\0';
const TABLE_LEAF = 0x0d;
const WAL_MAGIC_LE = 0x377f0682;
const WAL_MAGIC_BE = 0x377f0683;
const WAL_VERSION = 3007000;
const WAL_HEADER = 32;
const WAL_FRAME_HEADER = 24;
const DEFAULT_PAGE_SIZE = 4096;

class Malformed extends Error {}

export function scanDatabaseFile(path: string, options: PageScanOptions = {}): PageScan {
  const wal = readWal(options.walPath ?? `${path}-wal`);
  const fd = existsSync(path) ? openSync(path, 'r') : null;
  try {
    const fileSize = fd === null ? 0 : fstatSync(fd).size;
    const header = Buffer.alloc(100);
    if (fd !== null) readSync(fd, header, 0, 100, 0);
    // The magic string may be all that was hit: the fields after it still count if they look right.
    const headerValid = looksLikeHeader(header);
    const headerPageSize = headerValid ? pageSizeFrom(header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16)) : null;
    const pageSize = headerPageSize ?? wal?.pageSize ?? DEFAULT_PAGE_SIZE;
    // Bytes reserved at the end of each page (for extensions); a usable size under 480 is not valid.
    const reserved = headerValid ? header[20]! : 0;
    const usable = pageSize - reserved >= 480 ? pageSize - reserved : pageSize;
    const walPages = wal !== null && wal.pageSize === pageSize ? wal.pages : new Map<number, Buffer>();
    const filePages = Math.ceil(fileSize / pageSize);
    // After a commit, the -wal says how many pages the database has; without one, the file does.
    const pageCount = wal?.databasePages ?? Math.max(filePages, ...walPages.keys());

    const page = (number: number): Buffer | null => {
      if (number < 1 || number > pageCount) return null;
      const fromWal = walPages.get(number);
      if (fromWal !== undefined) return fromWal;
      if (fd === null || number > filePages) return null;
      const buffer = Buffer.alloc(pageSize);
      const read = readSync(fd, buffer, 0, pageSize, (number - 1) * pageSize);
      return read === 0 ? null : buffer;
    };

    const encoding = textEncoding(page(1) ?? header);
    const free = freePages(page, pageCount);
    const accept = options.accept ?? (() => true);
    const scan: PageScan = { pageSize, pages: pageCount, leaves: 0, unreadableCells: 0, walFrames: wal?.frames ?? 0, rows: [] };
    for (let number = 1; number <= pageCount; number++) {
      if (free.has(number)) continue;
      const data = page(number);
      if (data === null) continue;
      const at = number === 1 ? 100 : 0;
      if (data[at] !== TABLE_LEAF) continue;
      const cells = data.readUInt16BE(at + 3);
      const pointers = at + 8;
      if (pointers + 2 * cells > usable) continue;
      scan.leaves++;
      for (let cell = 0; cell < cells; cell++) {
        try {
          const offset = data.readUInt16BE(pointers + 2 * cell);
          if (offset < pointers + 2 * cells || offset >= usable) throw new Malformed('cell pointer out of the page');
          const { rowid, payload } = readCell(data, offset, usable, page);
          const values = decodeRecord(payload, encoding);
          if (accept(values)) scan.rows.push({ rowid, values, page: number, fromWal: walPages.has(number) });
        } catch (error) {
          if (!(error instanceof Malformed || error instanceof RangeError || error instanceof TypeError)) throw error;
          scan.unreadableCells++;
        }
      }
    }
    return scan;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Whether the file at `path` starts with a valid WAL header (magic, version, page size, checksum). */
export function walHeaderState(path: string): 'absent' | 'empty' | 'valid' | 'invalid' {
  if (!existsSync(path)) return 'absent';
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(WAL_HEADER);
    const read = readSync(fd, header, 0, WAL_HEADER, 0);
    // Shorter than a header: SQLite never finished writing one, and reads the log as empty.
    if (read < WAL_HEADER) return 'empty';
    return parseWalHeader(header) === null ? 'invalid' : 'valid';
  } finally {
    closeSync(fd);
  }
}

interface WalHeader {
  bigEndian: boolean;
  pageSize: number;
  salt1: number;
  salt2: number;
  checksum: [number, number];
}

function parseWalHeader(header: Buffer): WalHeader | null {
  const magic = header.readUInt32BE(0);
  if (magic !== WAL_MAGIC_LE && magic !== WAL_MAGIC_BE) return null;
  if (header.readUInt32BE(4) !== WAL_VERSION) return null;
  const pageSize = pageSizeFrom(header.readUInt32BE(8));
  if (pageSize === null) return null;
  const bigEndian = magic === WAL_MAGIC_BE;
  const checksum = walChecksum(bigEndian, header, 0, 24, [0, 0]);
  if (checksum[0] !== header.readUInt32BE(24) || checksum[1] !== header.readUInt32BE(28)) return null;
  return { bigEndian, pageSize, salt1: header.readUInt32BE(16), salt2: header.readUInt32BE(20), checksum };
}

/** The latest committed image of each page in the -wal file, or null if it has no valid header. */
function readWal(path: string): { pageSize: number; pages: Map<number, Buffer>; databasePages: number | null; frames: number } | null {
  if (!existsSync(path)) return null;
  const wal = readFileSync(path);
  if (wal.length < WAL_HEADER) return null;
  const header = parseWalHeader(wal);
  if (header === null) return null;
  const { pageSize } = header;
  const committed = new Map<number, Buffer>();
  const pending = new Map<number, Buffer>();
  let checksum = header.checksum;
  let databasePages: number | null = null;
  let frames = 0;
  for (let at = WAL_HEADER; at + WAL_FRAME_HEADER + pageSize <= wal.length; at += WAL_FRAME_HEADER + pageSize) {
    // A frame belongs to this log only with the header's salts and a checksum that continues the chain.
    if (wal.readUInt32BE(at + 8) !== header.salt1 || wal.readUInt32BE(at + 12) !== header.salt2) break;
    checksum = walChecksum(header.bigEndian, wal, at, at + 8, checksum);
    checksum = walChecksum(header.bigEndian, wal, at + WAL_FRAME_HEADER, at + WAL_FRAME_HEADER + pageSize, checksum);
    if (checksum[0] !== wal.readUInt32BE(at + 16) || checksum[1] !== wal.readUInt32BE(at + 20)) break;
    const pageNumber = wal.readUInt32BE(at);
    if (pageNumber === 0) break;
    pending.set(pageNumber, wal.subarray(at + WAL_FRAME_HEADER, at + WAL_FRAME_HEADER + pageSize));
    const sizeAfterCommit = wal.readUInt32BE(at + 4);
    if (sizeAfterCommit !== 0) {
      // A commit frame: everything up to here is durable; frames after the last commit are not.
      for (const [number, data] of pending) committed.set(number, data);
      frames += pending.size;
      pending.clear();
      databasePages = sizeAfterCommit;
    }
  }
  return { pageSize, pages: committed, databasePages, frames };
}

function walChecksum(bigEndian: boolean, data: Buffer, start: number, end: number, [s1, s2]: [number, number]): [number, number] {
  for (let at = start; at < end; at += 8) {
    const first = bigEndian ? data.readUInt32BE(at) : data.readUInt32LE(at);
    const second = bigEndian ? data.readUInt32BE(at + 4) : data.readUInt32LE(at + 4);
    s1 = (s1 + first + s2) >>> 0;
    s2 = (s2 + second + s1) >>> 0;
  }
  return [s1, s2];
}

function pageSizeFrom(value: number): number | null {
  return value >= 512 && value <= 65536 && (value & (value - 1)) === 0 ? value : null;
}

/** The magic string, or a page size, file format versions and fixed payload fractions that fit. */
function looksLikeHeader(header: Buffer): boolean {
  if (header.length < 100) return false;
  if (header.toString('latin1', 0, 16) === HEADER_MAGIC) return true;
  const size = header.readUInt16BE(16);
  const versions = [1, 2].includes(header[18]!) && [1, 2].includes(header[19]!);
  return pageSizeFrom(size === 1 ? 65536 : size) !== null && versions && header[21] === 64 && header[22] === 32 && header[23] === 32;
}

function textEncoding(page1: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (!looksLikeHeader(page1)) return 'utf-8';
  const code = page1.readUInt32BE(56);
  return code === 2 ? 'utf-16le' : code === 3 ? 'utf-16be' : 'utf-8';
}

/** Trunk and leaf pages of the free list, as far as its chain can be followed. */
function freePages(page: (number: number) => Buffer | null, pageCount: number): Set<number> {
  const free = new Set<number>();
  const page1 = page(1);
  if (page1 === null || !looksLikeHeader(page1)) return free;
  let trunk = page1.readUInt32BE(32);
  while (trunk >= 2 && trunk <= pageCount && !free.has(trunk)) {
    free.add(trunk);
    const data = page(trunk);
    if (data === null) break;
    const leaves = data.readUInt32BE(4);
    if (leaves > data.length / 4 - 2) break;
    for (let i = 0; i < leaves; i++) {
      const leaf = data.readUInt32BE(8 + 4 * i);
      if (leaf >= 2 && leaf <= pageCount) free.add(leaf);
    }
    trunk = data.readUInt32BE(0);
  }
  return free;
}

function varint(data: Uint8Array, at: number): [value: number, length: number] {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    if (at + i >= data.length) throw new Malformed('varint runs off the page');
    const byte = data[at + i]!;
    if (i === 8) return [value * 256 + byte, 9];
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new Malformed('unreachable');
}

/** A table leaf cell: its rowid and whole payload, overflow pages followed. */
function readCell(
  data: Buffer,
  offset: number,
  usable: number,
  page: (number: number) => Buffer | null,
): { rowid: number; payload: Buffer } {
  const [size, sizeLength] = varint(data, offset);
  const [rowid, rowidLength] = varint(data, offset + sizeLength);
  const start = offset + sizeLength + rowidLength;
  const maxLocal = usable - 35;
  let local = size;
  if (size > maxLocal) {
    const minLocal = Math.floor(((usable - 12) * 32) / 255) - 23;
    const spill = minLocal + ((size - minLocal) % (usable - 4));
    local = spill <= maxLocal ? spill : minLocal;
  }
  if (size > 1 << 30) throw new Malformed('payload too large');
  if (start + local > usable || (local < size && start + local + 4 > usable)) throw new Malformed('payload runs off the page');
  const payload = Buffer.alloc(size);
  data.copy(payload, 0, start, start + local);
  let filled = local;
  let next = local < size ? data.readUInt32BE(start + local) : 0;
  const seen = new Set<number>();
  while (filled < size) {
    if (next === 0 || seen.has(next)) throw new Malformed('overflow chain broken');
    seen.add(next);
    const overflow = page(next);
    if (overflow === null) throw new Malformed('overflow page missing');
    const take = Math.min(size - filled, usable - 4);
    overflow.copy(payload, filled, 4, 4 + take);
    filled += take;
    next = overflow.readUInt32BE(0);
  }
  return { rowid, payload };
}

function decodeRecord(payload: Buffer, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): ScannedValue[] {
  const [headerSize, headerLength] = varint(payload, 0);
  if (headerSize < headerLength || headerSize > payload.length) throw new Malformed('record header size');
  const types: number[] = [];
  for (let at = headerLength; at < headerSize; ) {
    const [type, length] = varint(payload, at);
    at += length;
    if (at > headerSize) throw new Malformed('record header overruns');
    types.push(type);
  }
  const text = new TextDecoder(encoding, { fatal: true });
  const values: ScannedValue[] = [];
  let at = headerSize;
  for (const type of types) {
    const size = serialSize(type);
    if (at + size > payload.length) throw new Malformed('record body overruns');
    values.push(decodeValue(payload, at, type, size, text));
    at += size;
  }
  if (at !== payload.length) throw new Malformed('record body size');
  return values;
}

function serialSize(type: number): number {
  if (type >= 12) return Math.floor((type - (type % 2 === 0 ? 12 : 13)) / 2);
  const sizes = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];
  if (type >= sizes.length) throw new Malformed(`serial type ${type}`);
  return sizes[type]!;
}

function decodeValue(payload: Buffer, at: number, type: number, size: number, text: InstanceType<typeof TextDecoder>): ScannedValue {
  switch (type) {
    case 0:
      return null;
    case 1:
      return payload.readInt8(at);
    case 2:
      return payload.readInt16BE(at);
    case 3:
      return payload.readIntBE(at, 3);
    case 4:
      return payload.readInt32BE(at);
    case 5:
      return payload.readIntBE(at, 6);
    case 6: {
      const value = payload.readBigInt64BE(at);
      return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    case 7:
      return payload.readDoubleBE(at);
    case 8:
      return 0;
    case 9:
      return 1;
    default:
      if (type % 2 === 0) return new Uint8Array(payload.subarray(at, at + size));
      try {
        return text.decode(payload.subarray(at, at + size));
      } catch {
        throw new Malformed('text is not valid in the database encoding');
      }
  }
}
