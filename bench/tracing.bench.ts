import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openTraceStore } from '../src/main/adapters/sqlite/sqlite-trace-store.ts';
import { createOtelTraceSink } from '../src/main/adapters/tracing/otel-exporter.ts';
import { turnTrace } from '../src/main/adapters/tracing/testing/turn-trace-fixture.ts';
import { sized } from './support/scale.ts';

// What tracing costs a turn: writing its trace to the SQLite file (WAL, synchronous NORMAL as in
// the app), listing the trace panel's 50 newest out of 1,000, and emitting the turn's spans to an
// in-memory OpenTelemetry exporter. Each figure from many iterations after a warm-up.

const STORED = sized(1_000, 60);
const LISTS = sized(300, 10);
const EMITS = sized(2_000, 50);
const WARMUP = sized(200, 10);

export const figures = [
  'tracing.store_record_p50_ms',
  'tracing.store_record_p99_ms',
  'tracing.store_list50_p50_ms_1k',
  'tracing.store_list50_p99_ms_1k',
  'tracing.otel_emit_p50_ms',
  'tracing.otel_emit_p99_ms',
];

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'tracing-bench-'));
  try {
    const store = openTraceStore(join(dir, 'history.db'));
    const recordMs: number[] = [];
    for (let n = 0; n < STORED; n += 1) {
      const trace = turnTrace({ id: `turn-${n}`, sessionId: null, startedAt: 1_790_000_000_000 + n });
      recordMs.push(time(() => store.record(trace)));
    }
    for (let n = 0; n < WARMUP; n += 1) store.list({ limit: 50 });
    const listMs = Array.from({ length: LISTS }, () => time(() => store.list({ limit: 50 })));
    store.close();

    const sink = createOtelTraceSink({ exporters: ['memory'] });
    const trace = turnTrace();
    const emitMs: number[] = [];
    for (let n = 0; n < WARMUP + EMITS; n += 1) {
      const ms = time(() => sink.record(trace));
      if (n >= WARMUP) emitMs.push(ms);
      sink.memory!.reset();
    }
    await sink.shutdown();

    return {
      'tracing.store_record_p50_ms': round(percentile(recordMs.slice(WARMUP), 0.5)),
      'tracing.store_record_p99_ms': round(percentile(recordMs.slice(WARMUP), 0.99)),
      'tracing.store_list50_p50_ms_1k': round(percentile(listMs, 0.5)),
      'tracing.store_list50_p99_ms_1k': round(percentile(listMs, 0.99)),
      'tracing.otel_emit_p50_ms': round(percentile(emitMs, 0.5)),
      'tracing.otel_emit_p99_ms': round(percentile(emitMs, 0.99)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function time(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

/** Nearest-rank percentile. */
function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
