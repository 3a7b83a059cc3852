import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from '../../../shared/contract.ts';
import { parseYamlText, yamlToData } from './yaml-source.ts';

/** One YAML source in the order of precedence (later layers override earlier ones). */
export interface ConfigLayer {
  /** How the file is named in error messages. */
  file: string;
  /** File text, or null when the file does not exist. */
  text: string | null;
}

export interface LayeredConfig<T> {
  value: T;
  /** Problems found, each naming file, line and field; the value falls back past each of them. */
  errors: ConfigError[];
  /** Unknown fields that were ignored (often a typo). */
  warnings: ConfigError[];
}

type PlainObject = Record<string, unknown>;
type Path = (string | number)[];

const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface ParsedLayer {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: PlainObject;
}

/** Problems listed per file and per kind (errors, warnings); the rest are counted in one line. */
export const MAX_REPORTS_PER_FILE = 20;

/**
 * Findings of one kind, at most MAX_REPORTS_PER_FILE per file. The entry is built only when it is
 * listed: finding a field's position costs a walk of the document, which for thousands of fields
 * would make a large file slow to load.
 */
class Findings {
  private readonly listed: ConfigError[] = [];
  private readonly shown = new Map<string, number>();
  private readonly hidden = new Map<string, number>();

  private readonly noun: string;

  constructor(noun: string) {
    this.noun = noun;
  }

  add(file: string, build: () => Omit<ConfigError, 'file'>): void {
    const shown = this.shown.get(file) ?? 0;
    if (shown >= MAX_REPORTS_PER_FILE) {
      this.hidden.set(file, (this.hidden.get(file) ?? 0) + 1);
      return;
    }
    this.shown.set(file, shown + 1);
    this.listed.push({ file, ...build() });
  }

  all(): ConfigError[] {
    const summaries = [...this.hidden].map(([file, count]) => ({
      file,
      line: null,
      column: null,
      field: null,
      message: `${count} more ${this.noun}${count === 1 ? '' : 's'} in this file not listed`,
    }));
    return [...this.listed, ...summaries];
  }
}

/**
 * Merges YAML layers onto the schema's defaults. A layer that cannot be used (syntax error, too
 * large, too deep, aliases that expand too far) is skipped whole; a field with a wrong value is
 * dropped from its layer, so the value beneath it (ultimately the schema default) is used. Never
 * throws on bad input.
 */
export function resolveLayeredConfig<S extends z.ZodType<PlainObject>>(
  schema: S,
  layers: ConfigLayer[],
): LayeredConfig<z.output<S>> {
  const errors = new Findings('problem');
  const warnings = new Findings('unknown field');
  const accepted: ParsedLayer[] = [];

  for (const layer of layers) {
    if (layer.text === null) continue;
    const parsed = parseLayer(layer, errors);
    if (!parsed) continue;
    accepted.push(parsed);
    try {
      dropInvalidFields(schema, accepted, errors);
    } catch (error) {
      // Not expected; but a file must never stop the app, so this one is left out instead.
      accepted.pop();
      errors.add(layer.file, () => ({
        line: null,
        column: null,
        field: null,
        message: `cannot use the file: ${firstLine((error as Error)?.message ?? String(error))}; the whole file was ignored`,
      }));
    }
  }

  const merged = schema.safeParse(mergeLayers(accepted));
  const value = (merged.success ? merged.data : schema.parse({})) as z.output<S>;
  if (merged.success) {
    for (const layer of accepted) collectUnknownFields(layer, [], layer.data, value, warnings);
  } else {
    // Not expected (each invalid field is dropped above); the built-in defaults are then used.
    errors.add(accepted.at(-1)!.file, () => ({
      line: null,
      column: null,
      field: null,
      message: `the merged configuration does not validate (${firstLine(merged.error.message)}); using the built-in defaults`,
    }));
  }
  return { value, errors: errors.all(), warnings: warnings.all() };
}

function parseLayer(layer: ConfigLayer, errors: Findings): ParsedLayer | null {
  const { doc, lines, problem } = parseYamlText(layer.text ?? '');
  const ignore = (line: number | null, column: number | null, message: string) => {
    errors.add(layer.file, () => ({ line, column, field: null, message: `${message}; the whole file was ignored` }));
    return null;
  };
  if (problem) return ignore(problem.line, problem.column, problem.message);
  const converted = yamlToData(doc);
  if ('error' in converted) return ignore(null, null, converted.error);
  const { data } = converted;
  if (data === null || data === undefined) return { file: layer.file, doc, lines, data: {} };
  if (!isPlainObject(data)) return ignore(1, 1, 'expected a mapping of settings at the top level');
  return { file: layer.file, doc, lines, data };
}

/** Validates the merge so far and removes, from the newest layer that set it, each field zod refuses. */
function dropInvalidFields(schema: z.ZodType, layers: ParsedLayer[], errors: Findings): void {
  // Each pass removes at least one field, so the number of fields bounds the loop.
  for (let pass = 0; pass < 1000; pass++) {
    const result = schema.safeParse(mergeLayers(layers));
    if (result.success) return;
    const removals: { layer: ParsedLayer; path: Path }[] = [];
    for (const issue of result.error.issues) {
      const issuePath = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const owner = findOwningLayer(layers, issuePath);
      if (!owner) continue;
      errors.add(owner.layer.file, () => ({
        ...positionOf(owner.layer, owner.path),
        field: issuePath.join('.') || null,
        message: `${issue.message}; using the default instead`,
      }));
      removals.push(owner);
    }
    if (removals.length === 0) {
      // The schema refuses something no layer set: keep only the defaults.
      layers.length = 0;
      return;
    }
    deletePaths(removals);
  }
}

/** The newest layer that holds the longest prefix of the path, and that prefix. */
function findOwningLayer(layers: ParsedLayer[], path: Path): { layer: ParsedLayer; path: Path } | null {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const prefix = longestPresentPrefix(layer.data, path);
    if (prefix.length > 0) return { layer, path: prefix };
  }
  return null;
}

function longestPresentPrefix(data: unknown, path: Path): Path {
  const prefix: Path = [];
  let node = data;
  for (const key of path) {
    if (!isPlainObject(node) && !Array.isArray(node)) break;
    if (!Object.hasOwn(node, key)) break;
    prefix.push(key);
    node = (node as PlainObject)[key];
  }
  return prefix;
}

/**
 * Removes every path of one pass together. Each path is resolved before anything is removed, and
 * the items of an array go in one filter: removing them one by one would shift the indices of
 * the rest (removing a valid item instead of an invalid one) and cost a copy of the array each.
 */
function deletePaths(removals: { layer: ParsedLayer; path: Path }[]): void {
  const keys: { parent: PlainObject; key: string | number }[] = [];
  const items = new Map<unknown[], Set<number>>();
  for (const { layer, path } of removals) {
    let node: unknown = layer.data;
    for (const key of path.slice(0, -1)) node = (node as PlainObject | undefined)?.[key];
    const last = path.at(-1)!;
    if (Array.isArray(node) && typeof last === 'number') {
      const indices = items.get(node) ?? new Set<number>();
      indices.add(last);
      items.set(node, indices);
    } else if (isPlainObject(node)) {
      keys.push({ parent: node, key: last });
    }
  }
  for (const { parent, key } of keys) delete parent[key];
  for (const [array, indices] of items) {
    let kept = 0;
    for (let i = 0; i < array.length; i++) if (!indices.has(i)) array[kept++] = array[i];
    array.length = kept;
  }
}

/** Where a field is written: the document walked key by key, through aliases to their anchors. */
function positionOf(layer: ParsedLayer, path: Path): { line: number | null; column: number | null } {
  let node: unknown = layer.doc.contents;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(layer.doc);
    if (isMap(node)) {
      node = node.items.find((pair) => pair.key === key || (isScalar(pair.key) && String(pair.key.value) === String(key)))?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      node = undefined;
    }
    if (node === undefined || node === null) return { line: null, column: null };
  }
  const offset = (node as { range?: [number, number, number] | null }).range?.[0];
  if (offset === undefined) return { line: null, column: null };
  const { line, col } = layer.lines.linePos(offset);
  return { line, column: col };
}

export function mergeLayers(layers: { data: PlainObject }[]): PlainObject {
  return layers.reduce<PlainObject>((merged, layer) => deepMerge(merged, layer.data), {});
}

/** Objects merge key by key; anything else (arrays included) replaces. Inputs are not modified. */
export function deepMerge(base: PlainObject, override: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    const merged = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    // defineProperty: a key written "__proto__" stays a key rather than replacing the prototype.
    Object.defineProperty(out, key, { value: merged, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

function collectUnknownFields(
  layer: ParsedLayer,
  path: Path,
  data: unknown,
  parsed: unknown,
  warnings: Findings,
): void {
  if (!isPlainObject(data) || !isPlainObject(parsed)) return;
  for (const [key, value] of Object.entries(data)) {
    const childPath = [...path, key];
    if (!Object.hasOwn(parsed, key)) {
      warnings.add(layer.file, () => ({
        ...positionOf(layer, childPath),
        field: childPath.join('.'),
        message: 'unknown field, ignored',
      }));
    } else {
      collectUnknownFields(layer, childPath, value, parsed[key], warnings);
    }
  }
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();
