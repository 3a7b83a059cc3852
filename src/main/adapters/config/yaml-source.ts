import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

// Limits on the YAML the app reads but does not ship (settings.yaml, and the data directory's
// agents.yaml, moe_orchestrator.yaml and moe_realtime_voice.yaml). A hand-written file is a few
// KiB, a few levels deep and uses an alias or two at most; these are far beyond that and low
// enough that a file at the limit is read in well under a second.

/** Bytes; a larger file is not read at all (its size is known from stat). */
export const MAX_CONFIG_FILE_BYTES = 256 * 1024;
/** Nodes on the path from the top of the document to its deepest value, aliases followed. */
export const MAX_CONFIG_DEPTH = 32;
/** Keys and values once every alias is expanded: bounds what toJS, merging and zod walk. */
export const MAX_CONFIG_VALUES = 100_000;
/** yaml's own guard (toJS maxAliasCount): references to one anchor, weighted by the aliases inside it. */
export const MAX_ALIAS_COUNT = 100;

/** Why a file was not used, with where in it when known. */
export interface YamlProblem {
  line: number | null;
  column: number | null;
  message: string;
}

export interface ParsedYaml {
  doc: Document;
  lines: LineCounter;
  /** Set when the document must not be used (syntax, size, depth, aliases); the doc is then empty. */
  problem: YamlProblem | null;
}

/** A size in words: "300 KiB", "8.5 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

export const tooLargeMessage = (bytes: number) =>
  `the file is ${formatBytes(bytes)} (${bytes.toLocaleString('en')} bytes), over the ${formatBytes(MAX_CONFIG_FILE_BYTES)} ` +
  `(${MAX_CONFIG_FILE_BYTES.toLocaleString('en')} bytes) limit for a configuration file`;

/**
 * Parses YAML text and checks it can be turned into data safely: not too large, no syntax error,
 * no duplicate key, not nested too deeply, aliases that neither refer to themselves nor expand
 * past MAX_CONFIG_VALUES. Never throws.
 */
export function parseYamlText(text: string): ParsedYaml {
  const lines = new LineCounter();
  const empty = (problem: YamlProblem): ParsedYaml => ({ doc: parseDocument(''), lines, problem });
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_FILE_BYTES) return empty({ line: null, column: null, message: tooLargeMessage(bytes) });
  let doc: Document;
  try {
    // Duplicate keys are found below in one pass: yaml's own check compares each key with every
    // earlier one, which makes a file of many keys quadratic (1 s at 256 KiB, 10 s at 1 MiB).
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: false });
  } catch (error) {
    return empty({ line: null, column: null, message: `YAML syntax error: ${firstLine(errorMessage(error))}` });
  }
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    const message = /call stack/i.test(syntaxError.message)
      ? `nested too deeply to read (at most ${MAX_CONFIG_DEPTH} levels)`
      : `YAML syntax error: ${firstLine(syntaxError.message)}`;
    return { doc: parseDocument(''), lines, problem: { line: position?.line ?? null, column: position?.col ?? null, message } };
  }
  const found = checkStructure(doc);
  if (found) {
    const offset = found.node?.range?.[0];
    const position = offset === undefined ? null : lines.linePos(offset);
    return { doc: parseDocument(''), lines, problem: { line: position?.line ?? null, column: position?.col ?? null, message: found.message } };
  }
  return { doc, lines, problem: null };
}

/**
 * The document as plain data: a tree (aliases copied, never shared, so deleting a field in one
 * place cannot change another), at most MAX_CONFIG_DEPTH deep. Only for a doc parseYamlText
 * accepted. Returns the reason instead of throwing.
 */
export function yamlToData(doc: Document): { data: unknown } | { error: string } {
  try {
    return { data: copyTree(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })) };
  } catch (error) {
    const message = firstLine(errorMessage(error));
    if (/excessive alias count/i.test(message)) {
      return { error: `an anchor is used by too many aliases (yaml allows ${MAX_ALIAS_COUNT} uses, counting the aliases inside it)` };
    }
    return { error: `cannot use the YAML: ${message}` };
  }
}

type YamlNodeLike = { range?: [number, number, number] | null; anchor?: string | undefined };
interface Measure {
  size: number;
  depth: number;
}
class Stop {
  readonly node: YamlNodeLike | null;
  readonly message: string;

  constructor(node: YamlNodeLike | null, message: string) {
    this.node = node;
    this.message = message;
  }
}

/**
 * One pass over the document in yaml's order, resolving each alias to the last anchor of its
 * name before it (as yaml does): the size and depth each value would have once expanded, without
 * expanding anything. Recursion stops at MAX_CONFIG_DEPTH, so it cannot overflow the stack.
 */
function checkStructure(doc: Document): { node: YamlNodeLike | null; message: string } | null {
  const anchors = new Map<string, unknown>();
  const measured = new Map<unknown, Measure>();
  const open = new Set<unknown>();
  let expanded = 0;
  const count = (node: YamlNodeLike, amount: number, viaAlias: boolean) => {
    expanded += amount;
    if (expanded > MAX_CONFIG_VALUES) {
      throw new Stop(
        node,
        viaAlias
          ? `its aliases expand to more than ${MAX_CONFIG_VALUES} values`
          : `it holds more than ${MAX_CONFIG_VALUES} values`,
      );
    }
  };

  const visit = (node: unknown, level: number): Measure => {
    if (node === null || node === undefined) return { size: 0, depth: 0 };
    const at = node as YamlNodeLike;
    if (level > MAX_CONFIG_DEPTH) throw new Stop(at, `nested more than ${MAX_CONFIG_DEPTH} levels deep`);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      // An alias without an anchor is reported by toJS.
      if (target === undefined) return { size: 1, depth: 1 };
      if (open.has(target)) throw new Stop(at, `the alias *${node.source} is inside the value it refers to`);
      const inner = measured.get(target)!;
      if (level - 1 + inner.depth > MAX_CONFIG_DEPTH) {
        throw new Stop(at, `the alias *${node.source} nests values more than ${MAX_CONFIG_DEPTH} levels deep`);
      }
      count(at, inner.size, true);
      return inner;
    }
    if (at.anchor) anchors.set(at.anchor, node);
    count(at, 1, false);
    let result: Measure = { size: 1, depth: 1 };
    if (isMap(node) || isSeq(node)) {
      open.add(node);
      const keys = isMap(node) ? new Set<unknown>() : null;
      let size = 1;
      let depth = 0;
      for (const item of node.items as unknown[]) {
        const parts = isPair(item) ? [item.key, item.value] : [item];
        if (keys && isPair(item) && isScalar(item.key)) {
          if (keys.has(item.key.value)) {
            throw new Stop(item.key as YamlNodeLike, `YAML syntax error: Map keys must be unique ("${String(item.key.value).slice(0, 40)}" appears twice)`);
          }
          keys.add(item.key.value);
        }
        for (const part of parts) {
          const inner = visit(part, level + 1);
          size += inner.size;
          depth = Math.max(depth, inner.depth);
        }
      }
      open.delete(node);
      result = { size: Math.min(size, MAX_CONFIG_VALUES + 1), depth: depth + 1 };
    }
    if (at.anchor) measured.set(node, result);
    return result;
  };

  try {
    visit(doc.contents, 1);
    return null;
  } catch (error) {
    if (error instanceof Stop) return error;
    return { node: null, message: `cannot use the YAML: ${firstLine(errorMessage(error))}` };
  }
}

const isPlainRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** Plain objects and arrays copied (a shared one once per place it appears); anything else as is. */
function copyTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyTree);
  if (!isPlainRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: copyTree(child), writable: true, enumerable: true, configurable: true });
  }
  return out;
}

export type ReadOutcome =
  | { kind: 'absent' }
  | { kind: 'text'; text: string }
  /** The path exists but was not read; `reason` says why in words ("the file is 300 KiB, over ..."). */
  | { kind: 'unusable'; reason: string; notAFile: boolean };

/**
 * Reads a configuration file no larger than MAX_CONFIG_FILE_BYTES. The size is taken from stat
 * (of the path, then of the open descriptor) before anything is read, and at most one byte past
 * the limit is ever read, so a huge file costs nothing. A folder, device or FIFO is refused
 * without opening it for a blocking read. Never throws.
 */
export function readConfigFile(path: string, maxBytes = MAX_CONFIG_FILE_BYTES): ReadOutcome {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'unusable', reason: `cannot read the file (${osReason(error)})`, notAFile: false };
  }
  const refused = refuseStats(stats, maxBytes);
  if (refused) return refused;
  let fd: number | null = null;
  try {
    // O_NONBLOCK: should the path be swapped for a FIFO after the stat, opening it does not hang.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const opened = fstatSync(fd);
    const refusedNow = refuseStats(opened, maxBytes);
    if (refusedNow) return refusedNow;
    // One byte past the limit tells a file that grew since the stat from one that did not.
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
    }
    if (filled > maxBytes) return { kind: 'unusable', reason: tooLargeMessage(Math.max(opened.size, filled)), notAFile: false };
    return { kind: 'text', text: buffer.toString('utf8', 0, filled) };
  } catch (error) {
    return { kind: 'unusable', reason: `cannot read the file (${osReason(error)})`, notAFile: errorCode(error) === 'EISDIR' };
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function refuseStats(stats: Stats, maxBytes: number): ReadOutcome | null {
  if (stats.isDirectory()) return { kind: 'unusable', reason: 'it is a folder, not a file', notAFile: true };
  if (!stats.isFile()) return { kind: 'unusable', reason: 'it is not a regular file', notAFile: true };
  if (stats.size > maxBytes) return { kind: 'unusable', reason: tooLargeMessage(stats.size), notAFile: false };
  return null;
}

export const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;

const OS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of its folder path is a file, not a folder',
  ENOENT: 'its folder does not exist',
  EBUSY: 'it is in use by another program',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'the disk reported an input/output error',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in its path',
  ETXTBSY: 'it is in use by another program',
  EEXIST: 'it already exists',
};

/** An fs error's reason in plain words: "permission denied", "the disk is full". */
export function osReason(error: unknown): string {
  const code = errorCode(error);
  if (code && OS_REASONS[code]) return OS_REASONS[code];
  return code ?? firstLine(errorMessage(error));
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
const firstLine = (text: string) => text.split('\n')[0]!.trim();
