import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { z } from 'zod';
import { resolveLayeredConfig, type LayeredConfig } from './layered-config.ts';

/** Reads a file that may be absent; any other read failure is reported as text-less with the reason. */
export function readOptionalText(path: string): { text: string | null; error: string | null } {
  if (!existsSync(path)) return { text: null, error: null };
  try {
    return { text: readFileSync(path, 'utf8'), error: null };
  } catch (error) {
    return { text: null, error: `cannot read ${path}: ${(error as Error).message}` };
  }
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

/**
 * Sets the given leaf values in a YAML file, keeping its comments and layout. A file that does not
 * parse is kept beside it as `<name>.broken-<time>` before a fresh one is written, so nothing the
 * user wrote is lost. The write is atomic: a crash leaves the old file or the new one.
 */
export function writeYamlValues(
  path: string,
  values: { path: string[]; value: unknown }[],
  now: number,
): { backupPath: string | null } {
  mkdirSync(dirname(path), { recursive: true });
  const existing = readOptionalText(path).text;
  let doc = parseDocument(existing ?? '');
  let backupPath: string | null = null;
  const broken = doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents));
  if (existing !== null && broken) {
    backupPath = `${path}.broken-${now}`;
    renameSync(path, backupPath);
  }
  if (existing === null || broken) {
    doc = parseDocument(
      `# Your settings. Values here override the defaults shipped in config/app.yaml.\n`,
    );
  }
  for (const entry of values) doc.setIn(entry.path, entry.value);
  writeFileAtomic(path, String(doc));
  return { backupPath };
}

export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { encoding: 'utf8', mode: 0o600 });
  const fd = openSync(temporary, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
