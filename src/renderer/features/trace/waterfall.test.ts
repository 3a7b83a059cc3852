import { describe, expect, it } from 'vitest';
import { sampleCachedTrace, sampleTrace } from '../../testing/trace-fixtures.ts';
import { agentFacts, formatMs } from './trace-format.ts';
import type { VoiceTimings } from '../../../shared/trace.ts';
import { MIN_BAR_WIDTH, WATERFALL_WIDTH, barGeometry, turnTimeline, waterfallRows } from './waterfall.ts';

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

  it('shows an expert that abstained as a quiet fact, not in red as a failure', () => {
    const trace = sampleTrace();
    const abstaining = { ...trace.agents[0]!, agent: 'clock', status: 'abstained' as const, error: 'no time or place in the question' };
    const row = waterfallRows({ ...trace, agents: [abstaining] }).find((candidate) => candidate.name === 'clock')!;
    expect(row).toMatchObject({ status: 'abstained', tone: 'skipped', error: null });
    expect(row.facts).toContain('not its question: no time or place in the question');
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

const spokenTimings = (overrides: Partial<VoiceTimings> = {}): VoiceTimings => ({
  fromSpeech: true,
  sttStartMs: 2,
  sttFinalMs: 180,
  turnStartMs: 181,
  firstTurnChunkMs: 400,
  ttsStartMs: 1_430,
  firstTtsAudioMs: 1_470,
  firstAudioSentMs: 1_471,
  firstAudioPlayedMs: 1_490,
  lastAudioEndedMs: 3_900,
  voiceToVoiceMs: 1_490,
  providers: [
    { kind: 'stt', provider: 'openai', ttfbMs: 178 },
    { kind: 'turn', provider: 'orchestrator', ttfbMs: 219 },
    { kind: 'tts', provider: 'espeak-ng', ttfbMs: 40 },
  ],
  interrupted: false,
  ...overrides,
});

describe('turnTimeline', () => {
  it('is the orchestrator alone for a typed turn, and for a spoken one before its timings come', () => {
    const typed = sampleTrace();
    expect(turnTimeline(typed)).toEqual({ rows: waterfallRows(typed), totalMs: 1_240 });
    const older = sampleTrace({ voiceMode: true, voice: spokenTimings({ turnStartMs: undefined }) });
    expect(turnTimeline(older).totalMs).toBe(1_240);
  });

  it('runs a spoken turn from the end of speech through recognition, the orchestrator, synthesis and playback', () => {
    const { rows, totalMs } = turnTimeline(sampleTrace({ voiceMode: true, voice: spokenTimings() }));
    expect(rows.map((row) => row.name)).toEqual([
      'End of speech',
      'Speech recognition',
      'Cache',
      'Routing',
      'units',
      'general',
      'wikipedia',
      'Aggregation',
      'Speech synthesis',
      'Playback',
    ]);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get('End of speech')).toMatchObject({ startAtMs: 0, endAtMs: 0, status: 'heard' });
    expect(byName.get('Speech recognition')).toMatchObject({ startAtMs: 2, endAtMs: 180, detail: 'openai' });
    // The orchestrator's offsets move to when it was asked: the cache check ran 0-3 ms into the turn.
    expect(byName.get('Cache')).toMatchObject({ startAtMs: 181, endAtMs: 184 });
    expect(byName.get('Speech synthesis')).toMatchObject({ startAtMs: 1_430, endAtMs: 1_470, detail: 'espeak-ng · to the first audio' });
    expect(byName.get('Playback')).toMatchObject({ startAtMs: 1_490, endAtMs: 3_900, status: 'played', tone: 'ok' });
    expect(totalMs).toBe(3_900);
  });

  it('shows a cut-off answer, and steps that never happened without bars', () => {
    const cut = turnTimeline(sampleTrace({ voice: spokenTimings({ interrupted: true, lastAudioEndedMs: null }) }));
    expect(cut.rows.at(-1)).toMatchObject({ name: 'Playback', status: 'cut off', tone: 'cancelled', startAtMs: 1_490, endAtMs: 1_490 });

    const silent = turnTimeline(
      sampleTrace({ voice: spokenTimings({ ttsStartMs: null, firstTtsAudioMs: null, firstAudioSentMs: null, firstAudioPlayedMs: null, lastAudioEndedMs: null }) }),
    );
    expect(silent.rows.slice(-2).map((row) => [row.name, row.status, row.startAtMs])).toEqual([
      ['Speech synthesis', 'skipped', null],
      ['Playback', 'not played', null],
    ]);
    expect(silent.totalMs).toBe(181 + 1_240);
  });
});
