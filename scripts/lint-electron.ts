// Electronegativity (Doyensec's Electron security checks) over the Electron code, offline.
//
//   npm run lint:electron [-- <dir or file> ...]     (default: src/main/app src/preload)
//
// The inputs are scanned as one app (its global checks, e.g. "is navigation limited anywhere",
// look across all files), tests left out: they are copied to a temporary directory first, since
// it takes one input. Prints every finding, one line each, and exits 1 on any HIGH severity
// finding or on a file it could not parse (a file it skipped is a file it did not check). Its CLI
// always exits 0 and fetches from the network, hence this wrapper around its runner:
// - AvailableSecurityFixesGlobalCheck (the Electron release list, fetched) is excluded;
// - its `got` is replaced by one that answers 404 without a request (its CLI fetches updated
//   translations at every start; there is no option to turn that off);
// - its @typescript-eslint/typescript-estree is hoisted next to the project's TypeScript 7, which
//   it cannot load: it gets the TypeScript 4.2 electronegativity pins.
// A false positive is silenced in the source with `/* eng-disable CHECK_ID */` and a reason.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const DEFAULT_INPUTS = ['src/main/app', 'src/preload'];
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview?: boolean;
}

interface RunResult {
  issues: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

const require = createRequire(import.meta.url);
const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const toolDirPrefix = toolDir + sep;
const typescriptForTool = pathToFileURL(require.resolve('typescript', { paths: [toolDir] })).href;
const gotForTool = pathToFileURL(require.resolve('got', { paths: [toolDir] })).href;
const offlineGot = `'use strict';
const offline = () => Promise.resolve({ statusCode: 404, body: '' });
module.exports = Object.assign(offline, { head: offline, get: offline, default: offline });`;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL ?? '';
    if (specifier === 'typescript' && parent.includes('/@typescript-eslint/')) return { url: typescriptForTool, format: 'commonjs', shortCircuit: true };
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (url === gotForTool) return { format: 'commonjs', source: offlineGot, shortCircuit: true };
    return nextLoad(url, context);
  },
});

function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const version = pkg.devDependencies?.electron;
  if (!version) throw new Error('package.json has no electron devDependency');
  return version;
}

/** Copies the inputs (tests left out) under one temporary directory; `shown` maps a copy back to its source. */
function stage(inputs: string[]): { dir: string; shown: (file: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'lint-electron-'));
  inputs.forEach((input, index) => cpSync(input, join(dir, String(index)), { recursive: true, filter: (source) => !TEST_FILE.test(source) }));
  const shown = (file: string) => {
    const [index, ...rest] = relative(dir, file).split(sep);
    const input = inputs[Number(index)];
    if (file === dir || !file.startsWith(dir + sep) || input === undefined) return file;
    const source = join(input, ...rest);
    return source.startsWith(ROOT + sep) ? relative(ROOT, source) : source;
  };
  return { dir, shown };
}

async function main(): Promise<number> {
  const started = performance.now();
  const args = process.argv.slice(2);
  const inputs = (args.length > 0 ? args : DEFAULT_INPUTS).map((input) => resolve(ROOT, input));
  // Its locale comes from LANG; only en-US, es-ES and fr-FR ship with it.
  process.env.LANG = 'en-US';
  const run = require(join(toolDirPrefix, 'dist', 'runner.js')) as (options: object, forCli: boolean) => Promise<RunResult>;
  const version = electronVersion();
  const { dir: staged, shown } = stage(inputs);
  let result: RunResult;
  try {
    result = await run(
      {
        input: staged,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
        isRelative: false,
        isVerbose: false,
        electronVersionOverride: version,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
  let unparsed = 0;
  for (const error of result.errors) {
    if (error.tolerable) continue;
    unparsed++;
    process.stdout.write(`lint:electron: could not parse ${shown(error.file)}: ${error.message}\n`);
  }
  let high = 0;
  for (const issue of result.issues) {
    if (issue.severity.name === 'HIGH') high++;
    const where = `${shown(issue.file)}:${issue.location.line}:${issue.location.column}`;
    const review = issue.manualReview ? ' (review)' : '';
    process.stdout.write(`${issue.severity.name} ${issue.confidence.name} ${issue.id}${review} ${where}\n`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const scanned = inputs.map((input) => (input.startsWith(ROOT + sep) ? relative(ROOT, input) : input)).join(', ');
  process.stdout.write(
    `lint:electron: ${result.issues.length} findings, ${high} high, ${unparsed} unparsed files in ${scanned} (Electron ${version}, ${seconds}s)\n`,
  );
  return high > 0 || unparsed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`lint:electron: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
