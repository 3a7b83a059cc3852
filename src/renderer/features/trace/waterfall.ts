import type { AgentRunStatus, AgentTrace, TurnTrace } from '../../../shared/trace.ts';
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
  error: 'error',
  timeout: 'timeout',
  cancelled: 'cancelled',
};

/** The turn as a waterfall: cache, routing, each agent in start order, aggregation. */
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
      ? {
          key: 'routing',
          name: 'Routing',
          detail: `${STRATEGY_LABEL[routing.strategy]} · ${routing.selected.length} of ${routing.candidates.length} agents`,
          facts: [],
          status: routing.error ? 'error' : 'done',
          tone: routing.error ? 'error' : 'ok',
          error: routing.error,
          startAtMs: routing.startAtMs,
          endAtMs: routing.endAtMs,
        }
      : skippedRow('routing', 'Routing', cache.hit),
  );
  const agents: AgentTrace[] = [...trace.agents].sort((a, b) => a.startAtMs - b.startAtMs);
  for (const [index, agent] of agents.entries()) {
    rows.push({
      key: `agent-${index}-${agent.agent}`,
      name: agent.agent,
      detail: agent.provider,
      facts: agentFacts(agent),
      status: agent.status,
      tone: AGENT_TONE[agent.status],
      error: agent.error,
      startAtMs: agent.startAtMs,
      endAtMs: agent.endAtMs,
    });
  }
  rows.push(
    aggregation
      ? {
          key: 'aggregation',
          name: 'Aggregation',
          detail: AGGREGATION_LABEL[aggregation.strategy],
          facts: [],
          status: aggregation.error ? 'error' : 'done',
          tone: aggregation.error ? 'error' : 'ok',
          error: aggregation.error,
          startAtMs: aggregation.startAtMs,
          endAtMs: aggregation.endAtMs,
        }
      : skippedRow('aggregation', 'Aggregation', cache.hit),
  );
  return rows;
}

function skippedRow(key: string, name: string, cacheHit: boolean): WaterfallRow {
  return {
    key,
    name,
    detail: null,
    facts: [],
    status: cacheHit ? 'skipped (cache hit)' : 'skipped',
    tone: 'skipped',
    error: null,
    startAtMs: null,
    endAtMs: null,
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);
const round = (value: number) => Math.round(value * 100) / 100;
