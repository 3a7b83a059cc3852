import { ROOT_CONTEXT, SpanKind, trace as traceApi, type HrTime, type Span, type Tracer } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  ConsoleSpanExporter,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import type { TurnTrace } from '../../../shared/trace.ts';
import type { TraceSink } from '../../ports/trace-sink.ts';
import { planTurnSpans, type SpanPlanOptions } from './turn-trace-spans.ts';

// Matches `tracing.exporters` in config/moe_orchestrator.yaml; an empty list (the default) is
// "none". 'otlp' is not offered: it needs @opentelemetry/exporter-trace-otlp-http, not installed.
export const OtelExporterKindSchema = z.enum(['console', 'memory']);
export type OtelExporterKind = z.infer<typeof OtelExporterKindSchema>;

export const TRACER_NAME = 'moe-voice-assistant/orchestrator';

export interface OtelTraceSinkOptions extends SpanPlanOptions {
  /** Where spans go. None (the default): no provider is built and nothing is recorded. */
  exporters?: readonly OtelExporterKind[];
  /** Receives the spans when `exporters` includes 'memory'; one is created when absent. */
  memoryExporter?: InMemorySpanExporter;
}

/** Turns each finished turn's trace into OpenTelemetry spans after the fact, with the trace's own times. */
export interface OtelTraceSink extends TraceSink {
  readonly name: 'otel';
  /** False when no exporter is configured: `record` then does nothing. */
  readonly enabled: boolean;
  /** The exporter holding the spans when 'memory' is configured, else null. */
  readonly memory: InMemorySpanExporter | null;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createOtelTraceSink(options: OtelTraceSinkOptions = {}): OtelTraceSink {
  const kinds = [...new Set(options.exporters ?? [])];
  if (kinds.length === 0) {
    return {
      name: 'otel',
      enabled: false,
      memory: null,
      record: () => {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
  }
  const memory = kinds.includes('memory') ? (options.memoryExporter ?? new InMemorySpanExporter()) : null;
  const exporters = kinds.map((kind) => (kind === 'memory' ? memory! : new ConsoleSpanExporter()));
  // Simple, not batched: a turn makes a handful of spans, and the memory exporter must hold them
  // as soon as `record` returns.
  const provider = new BasicTracerProvider({
    spanProcessors: exporters.map((exporter) => new SimpleSpanProcessor(exporter)),
  });
  // The provider is never registered globally: other code's tracing is left alone.
  const tracer = provider.getTracer(TRACER_NAME);
  return {
    name: 'otel',
    enabled: true,
    memory,
    record: (trace) => emitTurnSpans(tracer, trace, options),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** Starts and ends the turn's spans on `tracer`, children ending before their parent. */
export function emitTurnSpans(tracer: Tracer, trace: TurnTrace, options: SpanPlanOptions = {}): void {
  const plans = planTurnSpans(trace, options);
  const spans: Span[] = [];
  for (const plan of plans) {
    const parent = plan.parent === null ? undefined : spans[plan.parent];
    const context = parent === undefined ? ROOT_CONTEXT : traceApi.setSpan(ROOT_CONTEXT, parent);
    const span = tracer.startSpan(
      plan.name,
      { kind: SpanKind.INTERNAL, startTime: epochMsToHrTime(plan.startMs), attributes: plan.attributes, root: parent === undefined },
      context,
    );
    for (const event of plan.events) span.addEvent(event.name, event.attributes, epochMsToHrTime(event.atMs));
    span.setStatus(plan.status);
    spans.push(span);
  }
  for (let index = spans.length - 1; index >= 0; index--) {
    spans[index]!.end(epochMsToHrTime(plans[index]!.endMs));
  }
}

/**
 * [seconds, nanoseconds] since the epoch. Passed as HrTime because the SDK reads a plain number
 * smaller than `performance.now()` as a performance timestamp, not as epoch milliseconds.
 */
export function epochMsToHrTime(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  const nanos = Math.round((epochMs - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}
