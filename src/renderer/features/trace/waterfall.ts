import type { AgentRunStatus, AgentTrace, TurnTrace, VoiceTimings } from '../../../shared/trace.ts';
import { STRATEGY_LABEL } from '../routing/routing-format.ts';
import { AGGREGATION_LABEL, agentFacts } from './trace-format.ts';

/** The SVG viewBox width of every waterfall bar; the SVG stretches to its column. */
export const WATERFALL_WIDTH = 600;
/** A zero-length step (a cache lookup in under a millisecond) still shows as a sliver. */
export const MIN_BAR_WIDTH = 3;

export type BarGeometry = { x: number; width: number };

/**
 * Where a step of `startAtMs..endAtMs` sits in a bar of `width` units spanning the whole turn.
 * Offsets outside the turn are clamped into it, a reversed span counts as empty, and the bar never
 * runs past the right edge. A turn with no length (or a broken total) draws every step at 0.
 */
export function barGeometry(
  startAtMs: number,
  endAtMs: number,
  totalMs: number,
  width: number = WATERFALL_WIDTH,
): BarGeometry {
  const minWidth = Math.min(MIN_BAR_WIDTH, width);
  if (!(totalMs > 0) || !Number.isFinite(totalMs)) return { x: 0, width: minWidth };
  const start = clamp(finiteOr(startAtMs, 0), 0, totalMs);
  const end = clamp(finiteOr(endAtMs, start), start, totalMs);
  const barWidth = Math.max(((end - start) / totalMs) * width, minWidth);
  const x = Math.min((start / totalMs) * width, width - barWidth);
  return { x: round(x), width: round(barWidth) };
}

export type StepTone = 'ok' | 'hit' | 'miss' | 'error' | 'timeout' | 'cancelled' | 'skipped';

export type WaterfallRow = {
  key: string;
  name: string;
  /** Provider for agents, else a short word on what the step is. */
  detail: string | null;
  /** Confidence, tokens, cost: agents only. */
  facts: string[];
  status: string;
  tone: StepTone;
  error: string | null;
  /** Null for a step the turn skipped: it gets no bar. */
  startAtMs: number | null;
  endAtMs: number | null;
};

const AGENT_TONE: Record<AgentRunStatus, StepTone> = {
  success: 'ok',
  abstained: 'skipped',
  error: 'error',
  timeout: 'timeout',
  cancelled: 'cancelled',
};

/** The orchestrator's part of a turn: cache, routing, each agent in start order, aggregation. */
export function waterfallRows(trace: TurnTrace): WaterfallRow[] {
  const { cache, routing, aggregation } = trace;
  const rows: WaterfallRow[] = [
    {
      key: 'cache',
      name: 'Cache',
      detail: 'semantic cache',
      facts: [],
      status: !cache.checked ? 'not checked' : cache.hit ? 'hit' : 'miss',
      tone: !cache.checked ? 'skipped' : cache.hit ? 'hit' : 'miss',
      error: null,
      startAtMs: cache.startAtMs,
      endAtMs: cache.endAtMs,
    },
  ];
  rows.push(
    routing
      ? stepRow('routing', 'Routing', `${STRATEGY_LABEL[routing.strategy]} · ${routing.selected.length} of ${routing.candidates.length} agents`, routing)
      : skippedRow('routing', 'Routing', cache.hit),
  );
  const agents: AgentTrace[] = [...trace.agents].sort((a, b) => a.startAtMs - b.startAtMs);
  for (const [index, agent] of agents.entries()) {
    rows.push({
      key: `agent-${index}-${agent.agent}`,
      name: agent.agent,
      detail: agent.provider,
      // An abstention is the expert saying "not mine": its reason is a fact, not a failure.
      facts: agent.status === 'abstained' && agent.error ? [...agentFacts(agent), `not its question: ${agent.error}`] : agentFacts(agent),
      status: agent.status,
      tone: AGENT_TONE[agent.status],
      error: agent.status === 'abstained' ? null : agent.error,
      startAtMs: agent.startAtMs,
      endAtMs: agent.endAtMs,
    });
  }
  rows.push(
    aggregation
      ? stepRow('aggregation', 'Aggregation', AGGREGATION_LABEL[aggregation.strategy], aggregation)
      : skippedRow('aggregation', 'Aggregation', cache.hit),
  );
  return rows;
}

export type Timeline = {
  rows: WaterfallRow[];
  /** What the bars span, ms. */
  totalMs: number;
};

/**
 * The whole turn. A spoken turn with its voice timings runs from the end of the user's speech:
 * speech recognition, the orchestrator's steps (moved to when it was asked), the first sentence's
 * synthesis and the playback in the page. A typed turn, or a spoken one whose timings have not
 * come yet, is the orchestrator's steps alone.
 */
export function turnTimeline(trace: TurnTrace): Timeline {
  const voice = trace.voice;
  const turnStartMs = voice?.turnStartMs;
  if (!voice?.fromSpeech || turnStartMs == null) return { rows: waterfallRows(trace), totalMs: trace.totalMs };
  const shifted = waterfallRows(trace).map((row) => ({
    ...row,
    startAtMs: row.startAtMs === null ? null : row.startAtMs + turnStartMs,
    endAtMs: row.endAtMs === null ? null : row.endAtMs + turnStartMs,
  }));
  const rows = [speechEndRow(), recognitionRow(voice), ...shifted, synthesisRow(voice), playbackRow(voice)];
  const ends = rows.map((row) => row.endAtMs ?? 0);
  return { rows, totalMs: Math.max(turnStartMs + trace.totalMs, ...ends) };
}

const providerOf = (voice: VoiceTimings, kind: 'stt' | 'tts') =>
  voice.providers.find((timing) => timing.kind === kind)?.provider ?? null;

function makeRow(key: string, name: string, detail: string | null, fields: Partial<WaterfallRow>): WaterfallRow {
  return { key, name, detail, facts: [], status: 'done', tone: 'ok', error: null, startAtMs: null, endAtMs: null, ...fields };
}

const speechEndRow = () => makeRow('speech-end', 'End of speech', 'voice activity detection', { status: 'heard', startAtMs: 0, endAtMs: 0 });

function recognitionRow(voice: VoiceTimings): WaterfallRow {
  if (voice.sttFinalMs === null) return makeRow('stt', 'Speech recognition', providerOf(voice, 'stt'), { status: 'no transcript', tone: 'error' });
  return makeRow('stt', 'Speech recognition', providerOf(voice, 'stt'), { startAtMs: voice.sttStartMs ?? 0, endAtMs: voice.sttFinalMs });
}

function synthesisRow(voice: VoiceTimings): WaterfallRow {
  const detail = [providerOf(voice, 'tts'), 'to the first audio'].filter(Boolean).join(' · ');
  if (voice.ttsStartMs == null || voice.firstTtsAudioMs === null) return makeRow('tts', 'Speech synthesis', detail, { status: 'skipped', tone: 'skipped' });
  return makeRow('tts', 'Speech synthesis', detail, { startAtMs: voice.ttsStartMs, endAtMs: voice.firstTtsAudioMs });
}

function playbackRow(voice: VoiceTimings): WaterfallRow {
  const status = voice.interrupted ? 'cut off' : 'played';
  const tone: StepTone = voice.interrupted ? 'cancelled' : 'ok';
  if (voice.firstAudioPlayedMs === null) {
    return makeRow('playback', 'Playback', 'in the page', { status: voice.interrupted ? 'cut off before any audio' : 'not played', tone: voice.interrupted ? 'cancelled' : 'skipped' });
  }
  const endAtMs = Math.max(voice.firstAudioPlayedMs, voice.lastAudioEndedMs ?? voice.firstAudioPlayedMs);
  return makeRow('playback', 'Playback', 'in the page', { status, tone, startAtMs: voice.firstAudioPlayedMs, endAtMs });
}

/** A step that ran: done, or an error with its message. */
function stepRow(key: string, name: string, detail: string, step: { error: string | null; startAtMs: number; endAtMs: number }): WaterfallRow {
  const failed = Boolean(step.error);
  return makeRow(key, name, detail, {
    status: failed ? 'error' : 'done',
    tone: failed ? 'error' : 'ok',
    error: step.error,
    startAtMs: step.startAtMs,
    endAtMs: step.endAtMs,
  });
}

function skippedRow(key: string, name: string, cacheHit: boolean): WaterfallRow {
  return makeRow(key, name, null, { status: cacheHit ? 'skipped (cache hit)' : 'skipped', tone: 'skipped' });
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);
const round = (value: number) => Math.round(value * 100) / 100;
