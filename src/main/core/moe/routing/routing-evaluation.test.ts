import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateRouting, percentile, type LabelledUtterance } from './routing-evaluation.ts';

/** The repository's copy of CLINC150 (data/clinc150, CC BY 3.0). */
const DATA = fileURLToPath(new URL('../../../../../data/clinc150/', import.meta.url));

function read(file: string, keep: (intent: string) => boolean): LabelledUtterance[] {
  return readFileSync(`${DATA}${file}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text: string; intent: string })
    .filter((record) => keep(record.intent))
    .map((record) => ({ text: record.text, label: record.intent === 'oos' ? null : record.intent }));
}

let clock = 0;
const fakeNow = () => (clock += 0.25);

describe('evaluateRouting', () => {
  it('computes top-1, top-3, out-of-scope recall and in-scope accuracy at the threshold', async () => {
    const agent = (label: string, examples: string[]) => examples.map((text) => ({ text, label }));
    const train = [
      ...agent('music', ['play some music', 'put on a song', 'play my jazz playlist', 'turn the music up']),
      ...agent('alarm', ['set an alarm for 7', 'wake me up at six', 'alarm at noon please', 'set a wake up alarm']),
      ...agent('balance', ['what is my bank balance', 'how much money is in my account', 'check my savings balance']),
    ];
    const result = await evaluateRouting({
      train,
      evaluate: [
        { text: 'play a song', label: 'music' },
        { text: 'set my alarm for eight', label: 'alarm' },
        { text: 'what is the balance of my account', label: 'balance' },
        { text: 'zzq xxv', label: null },
      ],
      threshold: 0.3,
      now: fakeNow,
      sweep: [0, 1],
    });
    expect(result).toMatchObject({ top1: 1, top3: 1, n: 3, n_oos: 1, agents: 3, oos_recall: 1, in_scope_accuracy: 1, threshold: 0.3 });
    expect(result.latency_p50_ms).toBe(0.25);
    expect(result.sweep).toEqual([
      { threshold: 0, oos_recall: 0, in_scope_accuracy: 1 },
      { threshold: 1, oos_recall: 1, in_scope_accuracy: 0 },
    ]);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(percentile([], 0.5)).toBe(0);
  });

  // A fast smoke test on 20 intents; the full figures come from scripts/eval-routing.ts.
  it('routes a 20-intent slice of CLINC150 val with sane accuracy', async () => {
    const intents = [...new Set(read('train.jsonl', () => true).map((line) => line.label!))];
    const chosen = new Set(intents.filter((_, index) => index % 7 === 0).slice(0, 20));
    expect(chosen.size).toBe(20);
    const result = await evaluateRouting({
      train: read('train.jsonl', (intent) => chosen.has(intent)),
      evaluate: [...read('val.jsonl', (intent) => chosen.has(intent)), ...read('oos_val.jsonl', () => true)],
      threshold: 0.3,
      now: fakeNow,
    });
    expect(result.n).toBe(400);
    expect(result.n_oos).toBe(100);
    // Measured 0.99 / 1 / 0.91 / 0.985; the floors leave room for tuning changes.
    expect(result.top1).toBeGreaterThan(0.95);
    expect(result.top3).toBeGreaterThan(0.98);
    expect(result.oos_recall).toBeGreaterThan(0.6);
    expect(result.in_scope_accuracy).toBeGreaterThan(0.9);
  });
});
