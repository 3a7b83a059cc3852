import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { ConfigError } from '../../../shared/contract.ts';

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

/**
 * Merges YAML layers onto the schema's defaults. A layer with a syntax error is skipped whole; a
 * field with a wrong value is dropped from its layer, so the value beneath it (ultimately the
 * schema default) is used. Never throws on bad input.
 */
export function resolveLayeredConfig<S extends z.ZodType<PlainObject>>(
  schema: S,
  layers: ConfigLayer[],
): LayeredConfig<z.output<S>> {
  const errors: ConfigError[] = [];
  const warnings: ConfigError[] = [];
  const accepted: ParsedLayer[] = [];

  for (const layer of layers) {
    if (layer.text === null) continue;
    const parsed = parseLayer(layer, errors);
    if (!parsed) continue;
    accepted.push(parsed);
    dropInvalidFields(schema, accepted, errors);
  }

  const value = schema.parse(mergeLayers(accepted)) as z.output<S>;
  for (const layer of accepted) collectUnknownFields(layer, [], layer.data, value, warnings);
  return { value, errors, warnings };
}

function parseLayer(layer: ConfigLayer, errors: ConfigError[]): ParsedLayer | null {
  const lines = new LineCounter();
  const doc = parseDocument(layer.text ?? '', { lineCounter: lines, prettyErrors: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const position = syntaxError.linePos?.[0];
    errors.push({
      file: layer.file,
      line: position?.line ?? null,
      column: position?.col ?? null,
      field: null,
      message: `YAML syntax error: ${firstLine(syntaxError.message)}; the whole file was ignored`,
    });
    return null;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { file: layer.file, doc, lines, data: {} };
  if (!isPlainObject(data)) {
    errors.push({
      file: layer.file,
      line: 1,
      column: 1,
      field: null,
      message: 'expected a mapping of settings at the top level; the whole file was ignored',
    });
    return null;
  }
  return { file: layer.file, doc, lines, data };
}

/** Validates the merge so far and removes, from the newest layer that set it, each field zod refuses. */
function dropInvalidFields(schema: z.ZodType, layers: ParsedLayer[], errors: ConfigError[]): void {
  // Each pass removes at least one field, so the number of fields bounds the loop.
  for (let pass = 0; pass < 1000; pass++) {
    const result = schema.safeParse(mergeLayers(layers));
    if (result.success) return;
    let removed = false;
    for (const issue of result.error.issues) {
      const issuePath = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      const owner = findOwningLayer(layers, issuePath);
      if (!owner) continue;
      errors.push({
        file: owner.layer.file,
        ...positionOf(owner.layer, owner.path),
        field: issuePath.join('.') || null,
        message: `${issue.message}; using the default instead`,
      });
      deletePath(owner.layer.data, owner.path);
      removed = true;
    }
    if (!removed) {
      // The schema refuses something no layer set: keep only the defaults.
      layers.length = 0;
      return;
    }
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

function deletePath(data: PlainObject, path: Path): void {
  let node: unknown = data;
  for (const key of path.slice(0, -1)) node = (node as PlainObject)[key];
  const last = path.at(-1)!;
  if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
  else delete (node as PlainObject)[last];
}

function positionOf(layer: ParsedLayer, path: Path): { line: number | null; column: number | null } {
  const node = layer.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  const offset = node?.range?.[0];
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
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function collectUnknownFields(
  layer: ParsedLayer,
  path: Path,
  data: unknown,
  parsed: unknown,
  warnings: ConfigError[],
): void {
  if (!isPlainObject(data) || !isPlainObject(parsed)) return;
  for (const [key, value] of Object.entries(data)) {
    const childPath = [...path, key];
    if (!Object.hasOwn(parsed, key)) {
      warnings.push({
        file: layer.file,
        ...positionOf(layer, childPath),
        field: childPath.join('.'),
        message: 'unknown field, ignored',
      });
    } else {
      collectUnknownFields(layer, childPath, value, parsed[key], warnings);
    }
  }
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();
