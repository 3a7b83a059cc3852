// Tier 1 routing on CLINC150 val (data/clinc150 in the repository): the embedded router
// built from the train split, each intent (150) or domain (10) one agent. Latency is per query
// through EmbeddingRouter.route with 150 agents, after a warm-up; build time covers feature
// extraction and training on all 15,000 examples. Out-of-scope figures are at the recommended
// minimum confidence for the intent level (and at DOMAIN_THRESHOLD for the 10 domains).
// Run alone: node bench/routing.bench.ts
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RECOMMENDED_MIN_CONFIDENCE } from '../src/main/core/moe/routing/embedding-router.ts';
import { evaluateRouting } from '../src/main/core/moe/routing/routing-evaluation.ts';
import { readLabelled } from '../scripts/eval-routing.ts';
import { sized } from './support/scale.ts';

const DATA = fileURLToPath(new URL('../data/clinc150/', import.meta.url));
/** With 10 agents scores run higher; 0.5 is where in-scope accuracy still stays above 96% on val. */
const DOMAIN_THRESHOLD = 0.5;
/** The smoke run trains and evaluates on every tenth line. */
const sample = <T>(lines: T[]): T[] => sized(lines, lines.filter((_, index) => index % 10 === 0));

const PREFIX = 'router.clinc150_val';
export const figures = [
  'router.latency_p50_ms',
  'router.latency_p99_ms',
  'router.agents',
  ...['domain_top1', 'domain_top3', 'intent_top1', 'intent_top3', 'threshold', 'oos_recall', 'in_scope_accuracy', 'build_ms', 'build_cpu_ms', 'domain_threshold', 'domain_oos_recall', 'domain_in_scope_accuracy', 'domain_build_ms'].map((name) => `${PREFIX}.${name}`),
];

export async function run(): Promise<Record<string, unknown>> {
  const measure = async (level: 'domain' | 'intent', threshold: number) =>
    evaluateRouting({
      train: sample(readLabelled(`${DATA}train.jsonl`, level)),
      evaluate: sample([...readLabelled(`${DATA}val.jsonl`, level), ...readLabelled(`${DATA}oos_val.jsonl`, level).map((line) => ({ ...line, label: null }))]),
      threshold,
      now: () => performance.now(),
      cpuNow: () => process.cpuUsage().user / 1000,
    });
  const intent = await measure('intent', RECOMMENDED_MIN_CONFIDENCE);
  const domain = await measure('domain', DOMAIN_THRESHOLD);
  const prefix = PREFIX;
  return {
    'router.latency_p50_ms': intent.latency_p50_ms,
    'router.latency_p99_ms': intent.latency_p99_ms,
    'router.agents': intent.agents,
    [`${prefix}.domain_top1`]: domain.top1,
    [`${prefix}.domain_top3`]: domain.top3,
    [`${prefix}.intent_top1`]: intent.top1,
    [`${prefix}.intent_top3`]: intent.top3,
    [`${prefix}.threshold`]: intent.threshold,
    [`${prefix}.oos_recall`]: intent.oos_recall,
    [`${prefix}.in_scope_accuracy`]: intent.in_scope_accuracy,
    [`${prefix}.build_ms`]: intent.build_ms,
    [`${prefix}.build_cpu_ms`]: intent.build_cpu_ms,
    [`${prefix}.domain_threshold`]: domain.threshold,
    [`${prefix}.domain_oos_recall`]: domain.oos_recall,
    [`${prefix}.domain_in_scope_accuracy`]: domain.in_scope_accuracy,
    [`${prefix}.domain_build_ms`]: domain.build_ms,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run(), null, 2));
}
