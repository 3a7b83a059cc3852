// `npm run bench`: runs every bench/*.bench.ts in one process, one after another, and prints one
// JSON object with all their figures (flat, dotted keys) so runs can be compared. Progress goes to
// stderr; stdout carries only the JSON. Names on the command line pick the files whose name holds
// one of them.
//
// Each bench exports `figures`, the names of the figures it promises, and `run()`. A bench that
// throws, or leaves out a figure it promised, or gives one that is not a finite number (or one it
// did not promise), is a failure: listed under `meta.failures`, and the exit code is 1.
//
// `--smoke` (or BENCH_SMOKE=1) runs every bench with small counts (bench/support/scale.ts): what
// `npm test` runs to see that each still works. Its figures measure nothing.
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { figureProblems } from './support/figures.ts';

const args = process.argv.slice(2);
if (args.includes('--smoke')) process.env.BENCH_SMOKE = '1';
const only = args.filter((arg) => arg !== '--smoke');

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

const figures: Record<string, unknown> = {
  'meta.node': process.versions.node,
  'meta.cpus': cpus().length,
  'meta.cpu_model': cpus()[0]?.model ?? 'unknown',
  ...(process.env.BENCH_SMOKE === '1' ? { 'meta.smoke': true } : {}),
};
const failures: Record<string, string> = {};

for (const file of files) {
  const started = performance.now();
  process.stderr.write(`bench: ${file} ...`);
  try {
    const bench = (await import(new URL(file, import.meta.url).href)) as { figures?: readonly string[]; run: () => Promise<Record<string, unknown>> };
    if (!Array.isArray(bench.figures) || bench.figures.length === 0) throw new Error(`${file} exports no list of the figures it promises`);
    const measured = await bench.run();
    Object.assign(figures, measured);
    const problems = figureProblems(bench.figures, measured);
    if (problems.length > 0) throw new Error(problems.join('; '));
    process.stderr.write(` ${Math.round(performance.now() - started)} ms\n`);
  } catch (error) {
    failures[file] = (error as Error).stack ?? String(error);
    process.stderr.write(` failed: ${(error as Error).message}\n`);
  }
}

if (Object.keys(failures).length > 0) figures['meta.failures'] = failures;
// Exits once the JSON is out: timers a closed host left behind (a SIP dialog's 32 s end, the INVITE
// rate limiter's windows) would otherwise hold the process for half a minute.
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`, () => process.exit(Object.keys(failures).length > 0 ? 1 : 0));
