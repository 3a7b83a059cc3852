// Measures the embedded router on any intent data set in the CLINC150 JSONL format
// ({"text", "intent", "domain"} per line; "oos" marks out-of-scope lines) and prints one JSON object.
//
//   node scripts/eval-routing.ts --train <jsonl> --eval <jsonl> [--oos <jsonl>]
//        [--level domain|intent] [--threshold x] [--sweep]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateRouting, type LabelledUtterance } from '../src/main/core/moe/routing/routing-evaluation.ts';
import { RECOMMENDED_MIN_CONFIDENCE } from '../src/main/core/moe/routing/embedding-router.ts';

const SWEEP = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

export function readLabelled(path: string, level: 'domain' | 'intent'): LabelledUtterance[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, index) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      const label = record[level] ?? record.label;
      if (typeof record.text !== 'string' || typeof label !== 'string') {
        throw new Error(`${path}:${index + 1}: expected {"text": string, "${level}": string}`);
      }
      return { text: record.text, label: label === 'oos' ? null : label };
    });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string' },
      eval: { type: 'string' },
      oos: { type: 'string' },
      level: { type: 'string', default: 'intent' },
      threshold: { type: 'string' },
      sweep: { type: 'boolean', default: false },
    },
  });
  const level = values.level;
  if (!values.train || !values.eval || (level !== 'domain' && level !== 'intent')) {
    process.stderr.write('usage: node scripts/eval-routing.ts --train <jsonl> --eval <jsonl> [--oos <jsonl>] [--level domain|intent] [--threshold x] [--sweep]\n');
    process.exitCode = 2;
    return;
  }
  const threshold = values.threshold === undefined ? RECOMMENDED_MIN_CONFIDENCE : Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold must be within 0..1, got ${values.threshold}`);
  const evaluate = [...readLabelled(values.eval, level), ...(values.oos ? readLabelled(values.oos, level).map((line) => ({ ...line, label: null })) : [])];
  const result = await evaluateRouting({
    train: readLabelled(values.train, level),
    evaluate,
    threshold,
    now: () => performance.now(),
    cpuNow: () => process.cpuUsage().user / 1000,
    ...(values.sweep ? { sweep: SWEEP } : {}),
  });
  process.stdout.write(`${JSON.stringify({ level, ...result })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
