import type { AggregationTrace, AgentTrace } from '../../../shared/trace.ts';

export const AGGREGATION_LABEL: Record<AggregationTrace['strategy'], string> = {
  llm: 'LLM synthesis',
  extractive: 'Extractive synthesis (no LLM)',
  single: 'Single agent',
  majority: 'Majority vote',
  none: 'None',
};

export const CONFLICT_KIND_LABEL: Record<AggregationTrace['conflicts'][number]['kind'], string> = {
  number: 'Numbers',
  date: 'Dates',
  yes_no: 'Yes or no',
  name: 'Names',
};

/** `0.4 ms`, `12 ms`, `1240 ms`: whole milliseconds from 10 up. */
export function formatMs(ms: number): string {
  const value = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  return value < 10 ? `${Number(value.toFixed(1))} ms` : `${Math.round(value)} ms`;
}

/** `57%` of the synthesis. */
export function formatShare(weight: number): string {
  return `${Math.round(weight * 100)}%`;
}

/** Confidence, tokens and cost of an agent run, leaving out what the agent did not report. */
export function agentFacts(agent: AgentTrace): string[] {
  const facts: string[] = [];
  if (agent.confidence !== null) facts.push(`confidence ${agent.confidence.toFixed(2)}`);
  if (agent.inputTokens !== null || agent.outputTokens !== null) {
    facts.push(`${agent.inputTokens ?? 0} in / ${agent.outputTokens ?? 0} out tokens`);
  }
  if (agent.costUsd !== null) facts.push(`$${agent.costUsd < 0.01 ? agent.costUsd.toPrecision(2) : agent.costUsd.toFixed(2)}`);
  if (agent.dependsOn.length > 0) facts.push(`after ${agent.dependsOn.join(', ')}`);
  return facts;
}
