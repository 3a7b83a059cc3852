import { describe, expect, it } from 'vitest';
import { sampleCachedTrace, sampleTrace } from '../../testing/trace-fixtures.ts';
import { agentFacts, formatMs } from './trace-format.ts';
import { MIN_BAR_WIDTH, WATERFALL_WIDTH, barGeometry, waterfallRows } from './waterfall.ts';

describe('barGeometry', () => {
  it('places a step by its offsets relative to the whole turn', () => {
    expect(barGeometry(250, 750, 1000, 600)).toEqual({ x: 150, width: 300 });
    expect(barGeometry(0, 1000, 1000, 600)).toEqual({ x: 0, width: 600 });
    expect(barGeometry(214, 1020, 1240)).toEqual({ x: 103.55, width: 390 });
  });

  it('keeps a zero-length step visible, also at the very end', () => {
    expect(barGeometry(500, 500, 1000, 600)).toEqual({ x: 300, width: MIN_BAR_WIDTH });
    expect(barGeometry(1000, 1000, 1000, 600)).toEqual({ x: 600 - MIN_BAR_WIDTH, width: MIN_BAR_WIDTH });
  });

  it('clamps offsets outside the turn and treats a reversed span as empty', () => {
    expect(barGeometry(-50, 200, 1000, 600)).toEqual({ x: 0, width: 120 });
    expect(barGeometry(900, 1500, 1000, 600)).toEqual({ x: 540, width: 60 });
    expect(barGeometry(2000, 3000, 1000, 600)).toEqual({ x: 600 - MIN_BAR_WIDTH, width: MIN_BAR_WIDTH });
    expect(barGeometry(700, 300, 1000, 600)).toEqual({ x: 420, width: MIN_BAR_WIDTH });
  });

  it('draws every step at the start of a turn with no length or a broken total', () => {
    for (const total of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(barGeometry(0, 0, total, 600)).toEqual({ x: 0, width: MIN_BAR_WIDTH });
    }
    expect(barGeometry(Number.NaN, 10, 100, 600)).toEqual({ x: 0, width: 60 });
  });

  it('never gets wider than the SVG, however narrow', () => {
    expect(barGeometry(0, 0, 10, 2)).toEqual({ x: 0, width: 2 });
    expect(WATERFALL_WIDTH).toBeGreaterThan(MIN_BAR_WIDTH * 100);
  });
});

describe('waterfallRows', () => {
  it('lists cache, routing, the agents in start order and aggregation with their statuses', () => {
    const rows = waterfallRows(sampleTrace());
    expect(rows.map((row) => [row.name, row.status, row.tone])).toEqual([
      ['Cache', 'miss', 'miss'],
      ['Routing', 'done', 'ok'],
      ['units', 'success', 'ok'],
      ['general', 'success', 'ok'],
      ['wikipedia', 'timeout', 'timeout'],
      ['Aggregation', 'done', 'ok'],
    ]);
    expect(rows[1]?.detail).toBe('Hybrid · 3 of 4 agents');
    expect(rows[4]).toMatchObject({ detail: 'http', error: 'No answer within 900 ms', startAtMs: 214, endAtMs: 1114 });
    expect(rows[3]?.facts).toEqual(['confidence 0.70', '182 in / 41 out tokens', '$0.00021']);
  });

  it('shows a cache hit with the skipped steps and no bars for them', () => {
    const rows = waterfallRows(sampleCachedTrace());
    expect(rows.map((row) => [row.name, row.status, row.startAtMs])).toEqual([
      ['Cache', 'hit', 0],
      ['Routing', 'skipped (cache hit)', null],
      ['Aggregation', 'skipped (cache hit)', null],
    ]);
  });

  it('marks routing and aggregation errors', () => {
    const trace = sampleTrace();
    const rows = waterfallRows({
      ...trace,
      routing: { ...trace.routing!, strategy: 'fallback', error: 'classifier returned invalid JSON' },
      aggregation: { ...trace.aggregation!, error: 'synthesis model timed out' },
    });
    expect(rows[1]).toMatchObject({ status: 'error', tone: 'error', error: 'classifier returned invalid JSON' });
    expect(rows.at(-1)).toMatchObject({ status: 'error', tone: 'error', error: 'synthesis model timed out' });
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 ms'],
    [0.44, '0.4 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [1240, '1240 ms'],
    [-3, '0 ms'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('lists only what an agent reported', () => {
    const agent = sampleTrace().agents[0]!;
    expect(agentFacts(agent)).toEqual(['confidence 0.92']);
    expect(agentFacts({ ...agent, confidence: null, dependsOn: ['units'], costUsd: 0.125 })).toEqual([
      '$0.13',
      'after units',
    ]);
  });
});
