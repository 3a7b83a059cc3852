import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The dependency rule (docs/ARCHITECTURE.md): the core and the shared contract touch no I/O, no Electron
// and no vendor SDK, so they run unchanged in every host and are tested as data in, data out.

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const FORBIDDEN = /^(electron|node:|fs$|net$|http$|https$|child_process$|os$|path$|openai|ws$|pino|yaml$|onnxruntime)/;
// Pure libraries: validation, math, templates, language detection (n-gram tables in JS, no I/O),
// edit distance (fastest-levenshtein: a function of two strings).
const CORE_ALLOWED_PACKAGES = /^(zod|mathjs|mustache|eld|fastest-levenshtein)(\/|$)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

// Ports are the core's own interfaces (types only), so the core may name them.
const ALLOWED_LAYERS: Record<string, string[]> = {
  'main/core': ['main/core', 'main/ports', 'shared'],
  'main/ports': ['main/ports', 'main/core', 'shared'],
  shared: ['shared'],
};

describe.each(Object.keys(ALLOWED_LAYERS))('src/%s', (folder) => {
  const files = sourceFiles(join(SRC, folder));
  const allowed = ALLOWED_LAYERS[folder]!;

  it('has source files to check', () => expect(files.length).toBeGreaterThan(0));

  it('imports nothing that does I/O or belongs to a host', () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith('.') && (FORBIDDEN.test(specifier) || !CORE_ALLOWED_PACKAGES.test(specifier)))
        .map((specifier) => `${relative(SRC, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('reaches outside its layer only into the layers it may use', () => {
    const offending = files.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(SRC, join(file, '..', specifier)))
        .filter((target) => !allowed.some((layer) => target.startsWith(layer)))
        .map((target) => `${relative(SRC, file)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('reads no clock or randomness of its own', () => {
    const offending = files.filter((file) => /\bDate\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/.test(readFileSync(file, 'utf8')));
    expect(offending.map((file) => relative(SRC, file))).toEqual([]);
  });
});
