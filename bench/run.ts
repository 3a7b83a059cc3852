// `npm run bench`: runs every bench/*.bench.ts in one process, one after another, and prints one
// JSON object with all their figures (flat, dotted keys) so runs can be compared. Progress goes to
// stderr; stdout carries only the JSON.
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);

const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

const figures: Record<string, unknown> = {
  'meta.node': process.versions.node,
  'meta.cpus': cpus().length,
  'meta.cpu_model': cpus()[0]?.model ?? 'unknown',
};
const failures: Record<string, string> = {};

for (const file of files) {
  const started = performance.now();
  process.stderr.write(`bench: ${file} ...`);
  try {
    const module = (await import(new URL(file, import.meta.url).href)) as { run: () => Promise<Record<string, unknown>> };
    Object.assign(figures, await module.run());
    process.stderr.write(` ${Math.round(performance.now() - started)} ms\n`);
  } catch (error) {
    failures[file] = (error as Error).stack ?? String(error);
    process.stderr.write(` failed: ${(error as Error).message}\n`);
  }
}

if (Object.keys(failures).length > 0) figures['meta.failures'] = failures;
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
process.exitCode = Object.keys(failures).length > 0 ? 1 : 0;
