import type { AgentProfile } from '../agent.ts';
import { EmbeddingRouter, type EmbeddingRouterOptions } from './embedding-router.ts';

// Measures the embedded router on a labelled intent data set (e.g. CLINC150): each label is an
// agent whose examples are its training lines. Pure: the caller passes the clock.

/** One labelled line; `label` null marks an out-of-scope line (no agent should take it). */
export interface LabelledUtterance {
  text: string;
  label: string | null;
}

export interface RoutingEvaluationOptions {
  train: readonly LabelledUtterance[];
  evaluate: readonly LabelledUtterance[];
  /** 0..1: below it a query is rejected as out of scope. */
  threshold: number;
  /** Monotonic milliseconds (performance.now in a script). */
  now: () => number;
  /** This process's CPU time in ms, when the host can tell (build time on a busy machine). */
  cpuNow?: () => number;
  router?: Partial<EmbeddingRouterOptions>;
  /** Queries routed before timing starts, so latency is the steady state and not JIT warm-up (default 200). */
  warmupQueries?: number;
  /** Extra thresholds to report out-of-scope recall and in-scope accuracy at. */
  sweep?: readonly number[];
}

export interface ThresholdFigures {
  threshold: number;
  /** Out-of-scope lines rejected, over all out-of-scope lines; null without any. */
  oos_recall: number | null;
  /** In-scope lines routed to their own agent and not rejected, over all in-scope lines. */
  in_scope_accuracy: number;
}

export interface RoutingEvaluation extends ThresholdFigures {
  top1: number;
  top3: number;
  /** In-scope lines evaluated. */
  n: number;
  n_oos: number;
  agents: number;
  build_ms: number;
  build_cpu_ms: number | null;
  latency_p50_ms: number;
  latency_p99_ms: number;
  sweep?: ThresholdFigures[];
}

export async function evaluateRouting(options: RoutingEvaluationOptions): Promise<RoutingEvaluation> {
  const router = new EmbeddingRouter(agentsFrom(options.train), { fallbackAgent: null, traceCandidates: 3, ...options.router });
  const buildStart = options.now();
  const buildCpuStart = options.cpuNow?.() ?? 0;
  router.build();
  const buildMs = options.now() - buildStart;
  const buildCpuMs = options.cpuNow ? options.cpuNow() - buildCpuStart : null;

  const warmup = options.train.slice(0, options.warmupQueries ?? 200);
  for (const line of warmup) await router.route({ query: line.text, k: 1, minConfidence: options.threshold });

  const latencies: number[] = [];
  const inScope: { best: number; correct: boolean }[] = [];
  const outOfScope: number[] = [];
  let top1 = 0;
  let top3 = 0;
  for (const line of options.evaluate) {
    const start = options.now();
    const decision = await router.route({ query: line.text, k: 1, minConfidence: options.threshold });
    latencies.push(options.now() - start);
    const best = decision.candidates[0]?.score ?? 0;
    if (line.label === null) {
      outOfScope.push(best);
      continue;
    }
    const correct = decision.candidates[0]?.agent === line.label;
    if (correct) top1++;
    if (decision.candidates.slice(0, 3).some((candidate) => candidate.agent === line.label)) top3++;
    inScope.push({ best, correct });
  }

  const at = (threshold: number): ThresholdFigures => ({
    threshold,
    oos_recall: outOfScope.length === 0 ? null : ratio(outOfScope.filter((best) => best < threshold).length, outOfScope.length),
    in_scope_accuracy: ratio(inScope.filter((line) => line.correct && line.best >= threshold).length, inScope.length),
  });
  latencies.sort((a, b) => a - b);
  return {
    top1: ratio(top1, inScope.length),
    top3: ratio(top3, inScope.length),
    ...at(options.threshold),
    n: inScope.length,
    n_oos: outOfScope.length,
    agents: router.agents().length,
    build_ms: round(buildMs),
    build_cpu_ms: buildCpuMs === null ? null : round(buildCpuMs),
    latency_p50_ms: round(percentile(latencies, 0.5)),
    latency_p99_ms: round(percentile(latencies, 0.99)),
    ...(options.sweep ? { sweep: options.sweep.map(at) } : {}),
  };
}

/** One agent per label, its examples the label's lines, in first-seen order. */
export function agentsFrom(lines: readonly LabelledUtterance[]): AgentProfile[] {
  const examples = new Map<string, string[]>();
  for (const line of lines) {
    if (line.label === null) continue;
    const list = examples.get(line.label) ?? [];
    list.push(line.text);
    examples.set(line.label, list);
  }
  return [...examples].map(([name, texts]) => ({
    name,
    description: '',
    capabilities: [],
    examples: texts,
    provider: 'local',
    cache: { cacheable: true, varyBy: [] },
    dependsOn: [],
  }));
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

const ratio = (count: number, total: number): number => (total === 0 ? 0 : round(count / total, 4));
const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;
