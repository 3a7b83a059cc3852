import { constants, copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlias, isCollection, isMap, isScalar, parseDocument, type Document, type Pair, type YAMLMap } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { writeFileAtomic } from '../system/atomic-file.ts';
import { resolveLayeredConfig, type LayeredConfig } from './layered-config.ts';
import { errorCode, MAX_ALIAS_COUNT, osReason, parseYamlText, readConfigFile } from './yaml-source.ts';

/**
 * Reads a file that may be absent; a file that cannot be used (unreadable, a folder, larger than
 * MAX_CONFIG_FILE_BYTES, which is known from stat before reading) comes back text-less with the
 * reason. Never throws.
 */
export function readOptionalText(path: string): { text: string | null; error: string | null } {
  const outcome = readConfigFile(path);
  if (outcome.kind === 'absent') return { text: null, error: null };
  if (outcome.kind === 'text') return { text: outcome.text, error: null };
  return { text: null, error: `${outcome.reason}; the whole file was ignored` };
}

/** Shipped defaults first, then the user's override file; see resolveLayeredConfig. */
export function loadLayeredFiles<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  paths: string[],
): LayeredConfig<z.output<S>> {
  const unreadable: LayeredConfig<z.output<S>>['errors'] = [];
  const layers = paths.map((file) => {
    const { text, error } = readOptionalText(file);
    if (error) unreadable.push({ file, line: null, column: null, field: null, message: error });
    return { file, text };
  });
  const resolved = resolveLayeredConfig(schema, layers);
  return { ...resolved, errors: [...unreadable, ...resolved.errors] };
}

export interface YamlWriteResult {
  /**
   * Where the previous file was kept, when it was not edited in place as it was (it did not parse,
   * was too large or unreadable) or a section of it had to be replaced.
   */
  backupPath: string | null;
  /** Values that stood where a section (a mapping) belongs and were replaced by one, as written. */
  replaced: { field: string; was: string }[];
}

const FRESH_FILE = `# Your settings. Values here override the defaults shipped in config/app.yaml.\n`;

/**
 * Sets the given leaf values in a YAML file, keeping its comments and layout. A file that cannot
 * be edited (it does not parse, is too large or unreadable) is kept beside it as
 * `<name>.broken-<time>` and a fresh one is written. A plain value or a list standing where a
 * section belongs (`ui: dark`) is replaced by a section holding the new values; what it was stays
 * in a comment above it and in the backup. The write is atomic: a crash or a failed write leaves
 * the old file, the new one never half written.
 *
 * @throws AppError('storage_error') when the file cannot be written, naming the file and the reason.
 */
export function writeYamlValues(
  path: string,
  values: { path: string[]; value: unknown }[],
  now: number,
  what = 'settings',
): YamlWriteResult {
  const current = readConfigFile(path);
  if (current.kind === 'unusable' && current.notAFile) {
    throw new AppError('storage_error', `Cannot save ${what}: ${path} cannot be written (${current.reason}). Move it away and save again.`);
  }
  let text: string | null = null;
  let replaced: YamlWriteResult['replaced'] = [];
  if (current.kind === 'text') {
    const parsed = parseYamlText(current.text);
    const contents = parsed.doc.contents;
    if (!parsed.problem && (contents === null || isMap(contents))) {
      try {
        replaced = makeRoom(parsed.doc, current.text, values, now);
        for (const entry of values) parsed.doc.setIn(entry.path, entry.value);
        text = String(parsed.doc);
      } catch {
        // Not expected after makeRoom; the file is then kept as a backup and written afresh.
        text = null;
        replaced = [];
      }
    }
  }
  const keepOld = current.kind !== 'absent' && (text === null || replaced.length > 0);
  if (text === null) {
    const fresh = parseDocument(FRESH_FILE);
    for (const entry of values) fresh.setIn(entry.path, entry.value);
    text = String(fresh);
  }
  let backupPath: string | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (keepOld) backupPath = writeKeepingOld(path, text, now);
    else writeFileAtomic(path, text);
  } catch (error) {
    throw storageError(error, path, what);
  }
  return { backupPath, replaced };
}

/**
 * Replaces each value on the way to a new leaf that is not a mapping (a scalar, a list, an alias
 * of either) by an empty mapping, so setIn can put the leaf there; an alias of a mapping becomes
 * a copy of it. A collection where a leaf goes is replaced by setIn; it is recorded here. Each
 * replaced value is written, as the user wrote it, in a comment above its key.
 */
function makeRoom(doc: Document, source: string, values: { path: string[] }[], now: number): YamlWriteResult['replaced'] {
  const replaced: YamlWriteResult['replaced'] = [];
  for (const { path } of values) {
    let parent: unknown = doc.contents;
    for (let i = 0; i < path.length; i++) {
      if (!isMap(parent)) break;
      const pair = findPair(parent, path[i]!);
      if (!pair) break;
      const isLeaf = i === path.length - 1;
      let value: unknown = pair.value;
      if (!isLeaf && isAlias(value)) {
        const target = value.resolve(doc);
        if (isMap(target)) {
          pair.value = doc.createNode(target.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }));
          value = pair.value;
        }
      }
      if (!isLeaf && isScalar(value) && value.value === null && !value.comment) {
        // An empty section (`ui:` and nothing under it) simply becomes one: nothing to keep.
        pair.value = doc.createNode({});
        value = pair.value;
      }
      const misplaced = isLeaf ? isCollection(value) : !isMap(value);
      if (misplaced) {
        const field = path.slice(0, i + 1).join('.');
        const was = sourceOf(value, source);
        replaced.push({ field, was });
        noteReplaced(pair, asWritten(pair, value, source) ?? `${path[i]!}: ${was}`, now);
        if (isLeaf) break;
        pair.value = doc.createNode({});
        value = pair.value;
      }
      parent = value;
    }
  }
  return replaced;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((pair) => pair.key === key || (isScalar(pair.key) && pair.key.value === key));
}

/** The value's text in the file, trailing comment included; empty for a null value. */
function sourceOf(node: unknown, source: string): string {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  if (!range) return String((node as { value?: unknown } | null)?.value ?? '');
  return source.slice(range[0], range[2]).trimEnd();
}

/** The key and its value as lines of the file, indented from the key's column; null without positions. */
function asWritten(pair: Pair, value: unknown, source: string): string | null {
  const start = (pair.key as { range?: [number, number, number] | null } | null)?.range?.[0];
  const end = (value as { range?: [number, number, number] | null } | null)?.range?.[2];
  if (start === undefined || end === undefined) return null;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const indent = start - lineStart;
  return source
    .slice(lineStart, end)
    .trimEnd()
    .split('\n')
    .map((line) => (line.slice(0, indent).trim() === '' ? line.slice(indent) : line.trimStart()))
    .join('\n');
}

const MAX_NOTE_LINES = 20;

function noteReplaced(pair: Pair, written: string, now: number): void {
  const lines = written.split('\n');
  const shown = lines.slice(0, MAX_NOTE_LINES);
  if (lines.length > MAX_NOTE_LINES) shown.push(`... (${lines.length - MAX_NOTE_LINES} more lines in the backup)`);
  const note = [
    ` Replaced by the settings panel on ${new Date(now).toISOString()}: a section of settings belongs here. It was:`,
    ...shown.map((line) => `   ${line}`),
  ].join('\n');
  const target = isScalar(pair.key) ? pair.key : null;
  if (target) target.commentBefore = target.commentBefore ? `${target.commentBefore}\n${note}` : note;
}

/**
 * Writes the new text with the old file kept as `<path>.broken-<now>`: copied first, so the file
 * stays in place until the new one replaces it; moved when it cannot be read. A failure puts
 * everything back as it was. Returns the backup's path.
 */
function writeKeepingOld(path: string, text: string, now: number): string {
  let backupPath = `${path}.broken-${now}`;
  for (let n = 1; ; n++) {
    try {
      copyFileSync(path, backupPath, constants.COPYFILE_EXCL);
      break;
    } catch (error) {
      if (errorCode(error) === 'EEXIST' && n < 100) {
        backupPath = `${path}.broken-${now}-${n}`;
        continue;
      }
      if (errorCode(error) !== 'EACCES' && errorCode(error) !== 'EPERM') throw error;
      // Unreadable: moving needs only the folder to be writable.
      renameSync(path, backupPath);
      try {
        writeFileAtomic(path, text);
      } catch (writeError) {
        renameSync(backupPath, path);
        throw writeError;
      }
      return backupPath;
    }
  }
  try {
    writeFileAtomic(path, text);
  } catch (error) {
    rmSync(backupPath, { force: true });
    throw error;
  }
  return backupPath;
}


const ADVICE: Record<string, string> = {
  EACCES: "Check the permissions of the file and of its folder.",
  EPERM: "Check the permissions of the file and of its folder, and that no other program has it locked.",
  EROFS: 'Move the data directory to a writable disk, or remount it read-write.',
  ENOSPC: 'Free some disk space and save again.',
  EDQUOT: 'Free some space within your quota and save again.',
  EISDIR: 'Move the folder away and save again.',
  ENOTDIR: 'Check the path of the data directory.',
  EBUSY: 'Close the other program and save again.',
};

const RETRYABLE = new Set(['ENOSPC', 'EDQUOT', 'EBUSY', 'EMFILE', 'ENFILE', 'EAGAIN', 'ETXTBSY']);

/**
 * A failed write in plain words: "Cannot save settings: /path/settings.yaml is not writable
 * (permission denied). Check the permissions of the file and of its folder."
 */
export function storageError(error: unknown, path: string, what = 'settings'): AppError {
  if (error instanceof AppError) return error;
  let code = errorCode(error);
  let reason = osReason(error);
  if ((code === 'EEXIST' || code === 'ENOTDIR') && (error as { syscall?: unknown }).syscall === 'mkdir') {
    // mkdir -p through a file: EEXIST when the file is the folder itself, ENOTDIR when above it.
    code = 'ENOTDIR';
    reason = 'a part of its folder path is a file, not a folder';
  }
  const state =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `is not writable (${reason})`
      : code === 'EISDIR'
        ? `cannot be written (${reason})`
        : `could not be written (${reason})`;
  const advice = code ? ADVICE[code] : undefined;
  return new AppError('storage_error', `Cannot save ${what}: ${path} ${state}.${advice ? ` ${advice}` : ''}`, {
    cause: error,
    retryable: code !== undefined && RETRYABLE.has(code),
  });
}
