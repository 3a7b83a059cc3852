import { performance } from 'node:perf_hooks';
import holdout from '../src/main/core/moe/aggregation/testing/answer-pairs-holdout.json' with { type: 'json' };
import pairs from '../src/main/core/moe/aggregation/testing/answer-pairs.json' with { type: 'json' };
import { detectConflicts } from '../src/main/core/moe/aggregation/conflicts.ts';
import { evaluateConflictDetection, type AnswerPair } from '../src/main/core/moe/aggregation/testing/evaluate-conflicts.ts';
import { sized } from './support/scale.ts';

// Conflict detection on the labelled answer pairs: precision, recall, and the time to detect
// conflicts for one pair (two answers), as percentiles over repeated runs of the whole set. The
// held-out pairs were written after the detector and never used to change it.

const ROUNDS = sized(20, 1);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const figures = [
  'conflicts.precision',
  'conflicts.recall',
  'conflicts.pairs',
  'conflicts.holdout_precision',
  'conflicts.holdout_recall',
  'conflicts.holdout_pairs',
  'conflicts.detect_p50_ms',
  'conflicts.detect_p99_ms',
];

export async function run(): Promise<Record<string, unknown>> {
  const dataset = pairs as AnswerPair[];
  const evaluation = evaluateConflictDetection(dataset);
  const heldOut = evaluateConflictDetection(holdout as AnswerPair[]);
  // One unmeasured pass first so JIT compilation and mathjs unit set-up are not counted.
  for (const pair of dataset) detectConflicts(pair.question, [{ agent: 'a', text: pair.a, confidence: 0.8, weight: 0.5 }, { agent: 'b', text: pair.b, confidence: 0.8, weight: 0.5 }], { majorityMinAnswers: 3 });
  const durations: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const pair of dataset) {
      const start = performance.now();
      detectConflicts(
        pair.question,
        [
          { agent: 'a', text: pair.a, confidence: 0.8, weight: 0.5 },
          { agent: 'b', text: pair.b, confidence: 0.8, weight: 0.5 },
        ],
        { majorityMinAnswers: 3 },
      );
      durations.push(performance.now() - start);
    }
  }
  durations.sort((a, b) => a - b);
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  return {
    'conflicts.precision': round3(evaluation.precision),
    'conflicts.recall': round3(evaluation.recall),
    'conflicts.pairs': evaluation.pairs,
    'conflicts.holdout_precision': round3(heldOut.precision),
    'conflicts.holdout_recall': round3(heldOut.recall),
    'conflicts.holdout_pairs': heldOut.pairs,
    'conflicts.detect_p50_ms': round3(percentile(durations, 50)),
    'conflicts.detect_p99_ms': round3(percentile(durations, 99)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await run()));
