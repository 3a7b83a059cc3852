import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOtelTraceSink, epochMsToHrTime, OtelExporterKindSchema, type OtelTraceSink } from './otel-exporter.ts';
import { FIXTURE_STARTED_AT, turnTrace } from './testing/turn-trace-fixture.ts';

const sinks: OtelTraceSink[] = [];
function memorySink(captureContent = false): { sink: OtelTraceSink; spans: () => ReadableSpan[] } {
  const sink = createOtelTraceSink({ exporters: ['memory'], captureContent });
  sinks.push(sink);
  return { sink, spans: () => sink.memory!.getFinishedSpans() };
}

afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.shutdown();
  vi.restoreAllMocks();
});

const toMs = ([seconds, nanos]: readonly [number, number]) => seconds * 1000 + nanos / 1e6;
const byName = (spans: ReadableSpan[], name: string) => {
  const span = spans.find((s) => s.name === name);
  if (span === undefined) throw new Error(`no span named ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
};

describe('OpenTelemetry export of a turn', () => {
  it('builds one trace: the workflow span with cache, routing, one span per agent and aggregation under it', () => {
    const { sink, spans } = memorySink();
    sink.record(turnTrace());

    const all = spans();
    const root = byName(all, 'invoke_workflow moe_orchestrator');
    expect(root.parentSpanContext).toBeUndefined();
    const children = all.filter((s) => s !== root);
    expect(children.map((s) => s.name).sort()).toEqual(
      ['invoke_agent clock', 'invoke_agent general', 'moe.aggregate', 'moe.cache.lookup', 'moe.route'].sort(),
    );
    for (const span of children) {
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
      expect(span.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    }
    expect(all.every((s) => s.kind === SpanKind.INTERNAL)).toBe(true);
  });

  it('places every span at the trace start plus its offsets', () => {
    const { sink, spans } = memorySink();
    sink.record(turnTrace());
    const times = Object.fromEntries(spans().map((s) => [s.name, [toMs(s.startTime), toMs(s.endTime)]]));
    expect(times).toEqual({
      'invoke_workflow moe_orchestrator': [FIXTURE_STARTED_AT, FIXTURE_STARTED_AT + 140],
      'moe.cache.lookup': [FIXTURE_STARTED_AT, FIXTURE_STARTED_AT + 3],
      'moe.route': [FIXTURE_STARTED_AT + 3, FIXTURE_STARTED_AT + 18],
      'invoke_agent clock': [FIXTURE_STARTED_AT + 18, FIXTURE_STARTED_AT + 25],
      'invoke_agent general': [FIXTURE_STARTED_AT + 18, FIXTURE_STARTED_AT + 95],
      'moe.aggregate': [FIXTURE_STARTED_AT + 95, FIXTURE_STARTED_AT + 138],
    });
  });

  it('follows the GenAI conventions on the workflow and agent spans', () => {
    const { sink, spans } = memorySink();
    sink.record(turnTrace());
    const all = spans();

    expect(byName(all, 'invoke_workflow moe_orchestrator').attributes).toEqual({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'moe_orchestrator',
      'gen_ai.conversation.id': 'session-1',
      'moe.turn.id': 'turn-1',
      'moe.voice_mode': false,
      'moe.cache.hit': false,
      'moe.agents': ['clock', 'general'],
      'moe.errors': ['general: AppError(unavailable): upstream returned 503'],
    });

    const clock = byName(all, 'invoke_agent clock');
    expect(clock.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'clock',
      'gen_ai.provider.name': 'local',
      'gen_ai.conversation.id': 'session-1',
      'moe.agent.status': 'success',
      'moe.agent.confidence': 0.95,
      'moe.route.score': 0.82,
    });
    expect(clock.status).toEqual({ code: SpanStatusCode.UNSET });

    const general = byName(all, 'invoke_agent general');
    expect(general.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'general',
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 0,
      'error.type': '_OTHER',
      'moe.agent.status': 'error',
      'moe.agent.cost_usd': 0.0001,
      'moe.route.score': 0.56,
    });
    expect(general.attributes).not.toHaveProperty('moe.agent.confidence');
    expect(general.status).toEqual({ code: SpanStatusCode.ERROR, message: 'AppError(unavailable): upstream returned 503' });
  });

  it('records cache, routing and aggregation decisions as moe.* attributes and conflict events', () => {
    const { sink, spans } = memorySink();
    sink.record(turnTrace());
    const all = spans();

    expect(byName(all, 'moe.cache.lookup').attributes).toEqual({
      'moe.cache.hit': false,
      'moe.cache.similarity': 0.41,
      'moe.cache.note': 'answer depends on the time',
    });
    expect(byName(all, 'moe.route').attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'moe.route.strategy': 'hybrid',
      'moe.route.selected': ['clock', 'general'],
      'moe.route.candidates': ['clock', 'general', 'weather'],
      'moe.route.scores': [0.82, 0.56, 0.07],
      'moe.route.explanation': 'clock scored 0.82 (embedding 0.70, classifier 0.90); general 0.56',
    });

    const aggregate = byName(all, 'moe.aggregate');
    expect(aggregate.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'moe.aggregation.strategy': 'llm',
      'moe.aggregation.quality': 0.8,
      'moe.aggregation.conflicts': 1,
      'moe.aggregation.weights': '{"clock":1}',
    });
    expect(aggregate.events.map((e) => ({ name: e.name, at: toMs(e.time), attributes: e.attributes }))).toEqual([
      {
        name: 'moe.conflict',
        at: FIXTURE_STARTED_AT + 138,
        attributes: { 'moe.conflict.kind': 'number', 'moe.conflict.agents': ['clock', 'general'], 'moe.conflict.resolution': 'weight 0.95 vs 0.40' },
      },
    ]);
  });

  it('leaves the user’s words out unless content capture is on', () => {
    const plain = memorySink();
    plain.sink.record(turnTrace());
    const text = JSON.stringify(plain.spans().map((s) => [s.attributes, s.events.map((e) => e.attributes)]));
    expect(text).not.toContain('Tokyo');

    const capturing = memorySink(true);
    capturing.sink.record(turnTrace());
    const root = byName(capturing.spans(), 'invoke_workflow moe_orchestrator');
    expect(JSON.parse(String(root.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What time is it in Tokyo, and what is 12% of 250?' }] },
    ]);
    expect(JSON.parse(String(root.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: "It's 12:00 in Tokyo. 12% of 250 is 30." }], finish_reason: 'stop' },
    ]);
    expect(byName(capturing.spans(), 'moe.aggregate').events[0]?.attributes).toMatchObject({
      'moe.conflict.values': ['12:00', '11:00'],
      'moe.conflict.resolved_to': '12:00',
    });
  });

  it('exports a cache hit as the workflow and its lookup only, without a session', () => {
    const { sink, spans } = memorySink();
    const base = turnTrace();
    sink.record({
      ...base,
      sessionId: null,
      totalMs: 4,
      cache: { ...base.cache, hit: true, similarity: 0.98, entryId: 'entry-7', note: null, endAtMs: 4 },
      routing: null,
      agents: [],
      aggregation: null,
      errors: [],
    });
    const all = spans();
    expect(all.map((s) => s.name).sort()).toEqual(['invoke_workflow moe_orchestrator', 'moe.cache.lookup']);
    const root = byName(all, 'invoke_workflow moe_orchestrator');
    expect(root.attributes).not.toHaveProperty('gen_ai.conversation.id');
    expect(root.attributes).not.toHaveProperty('moe.errors');
    expect(root.attributes['moe.cache.hit']).toBe(true);
    expect(byName(all, 'moe.cache.lookup').attributes).toEqual({
      'moe.cache.hit': true,
      'moe.cache.similarity': 0.98,
      'moe.cache.entry_id': 'entry-7',
    });
  });

  it('marks timeouts, cancellations and failed routing or aggregation as errors', () => {
    const { sink, spans } = memorySink();
    const base = turnTrace();
    sink.record({
      ...base,
      routing: { ...base.routing!, strategy: 'embedding_only', error: 'classifier returned no JSON' },
      agents: [
        { ...base.agents[0]!, agent: 'slow', status: 'timeout', error: null },
        { ...base.agents[0]!, agent: 'dropped', status: 'cancelled', error: 'deadline reached' },
      ],
      aggregation: { ...base.aggregation!, strategy: 'extractive', conflicts: [], error: 'synthesis model timed out' },
    });
    const all = spans();
    expect(byName(all, 'invoke_agent slow').status).toEqual({ code: SpanStatusCode.ERROR, message: 'agent timeout' });
    expect(byName(all, 'invoke_agent slow').attributes['error.type']).toBe('timeout');
    expect(byName(all, 'invoke_agent dropped').status).toEqual({ code: SpanStatusCode.ERROR, message: 'deadline reached' });
    expect(byName(all, 'invoke_agent dropped').attributes['error.type']).toBe('cancelled');
    const route = byName(all, 'moe.route');
    expect(route.status).toEqual({ code: SpanStatusCode.ERROR, message: 'classifier returned no JSON' });
    expect(route.attributes).not.toHaveProperty('gen_ai.operation.name');
    const aggregate = byName(all, 'moe.aggregate');
    expect(aggregate.status).toEqual({ code: SpanStatusCode.ERROR, message: 'synthesis model timed out' });
    expect(aggregate.attributes).not.toHaveProperty('gen_ai.operation.name');
    expect(aggregate.events).toEqual([]);
  });

  it('does nothing at all without exporters, the default', async () => {
    const memoryExporter = new InMemorySpanExporter();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const dir = vi.spyOn(console, 'dir').mockImplementation(() => {});
    for (const sink of [createOtelTraceSink(), createOtelTraceSink({ exporters: [], memoryExporter })]) {
      expect(sink.enabled).toBe(false);
      expect(sink.memory).toBeNull();
      sink.record(turnTrace());
      await sink.forceFlush();
      await sink.shutdown();
    }
    expect(memoryExporter.getFinishedSpans()).toEqual([]);
    expect(log).not.toHaveBeenCalled();
    expect(dir).not.toHaveBeenCalled();
  });

  it("prints the spans with the 'console' exporter, alongside others", async () => {
    const dir = vi.spyOn(console, 'dir').mockImplementation(() => {});
    const memoryExporter = new InMemorySpanExporter();
    const sink = createOtelTraceSink({ exporters: ['console', 'memory'], memoryExporter });
    sinks.push(sink);
    expect(sink.memory).toBe(memoryExporter);
    sink.record(turnTrace());
    await sink.forceFlush();
    const printed = dir.mock.calls.map(([span]) => (span as { name: string }).name);
    expect(printed.sort()).toEqual(memoryExporter.getFinishedSpans().map((span) => span.name).sort());
    expect(printed).toContain('invoke_workflow moe_orchestrator');
    expect(printed).toContain('invoke_agent general');
  });

  it('accepts only the exporters it can build', () => {
    expect(OtelExporterKindSchema.options).toEqual(['console', 'memory']);
    expect(OtelExporterKindSchema.safeParse('otlp').success).toBe(false);
  });

  it('converts epoch milliseconds to [seconds, nanoseconds] exactly', () => {
    expect(epochMsToHrTime(FIXTURE_STARTED_AT)).toEqual([FIXTURE_STARTED_AT / 1000, 0]);
    expect(epochMsToHrTime(1_000_000_000_123.5)).toEqual([1_000_000_000, 123_500_000]);
    expect(epochMsToHrTime(1_999.9999999999)).toEqual([2, 0]);
  });
});
