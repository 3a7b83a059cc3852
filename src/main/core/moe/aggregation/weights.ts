import type { AgentAnswer } from './aggregator.ts';
import type { WeightedAnswer } from './conflicts.ts';

export interface Weighting {
  /** Usable answers, heaviest first, weights summing to 1. */
  kept: WeightedAnswer[];
  dropped: { agent: string; reason: string }[];
  /** Every agent, dropped ones at 0. */
  weights: Record<string, number>;
}

/**
 * Weight of an answer = confidence x agent prior, normalised over the answers kept. Answers that
 * are empty, below `minConfidence`, or whose agent prior is 0 do not take part.
 */
export function weighAnswers(answers: readonly AgentAnswer[], minConfidence: number): Weighting {
  const dropped: Weighting['dropped'] = [];
  const raw: { agent: string; text: string; confidence: number; score: number }[] = [];
  const seen = new Map<string, number>();
  for (const answer of answers) {
    const count = (seen.get(answer.agent) ?? 0) + 1;
    seen.set(answer.agent, count);
    const agent = count === 1 ? answer.agent : `${answer.agent}#${count}`;
    const confidence = Number.isFinite(answer.confidence) ? Math.min(1, Math.max(0, answer.confidence)) : 0;
    const prior = answer.weight === undefined || !Number.isFinite(answer.weight) ? 1 : Math.max(0, answer.weight);
    const text = answer.text.trim();
    if (text.length === 0) dropped.push({ agent, reason: 'empty answer' });
    else if (confidence < minConfidence) dropped.push({ agent, reason: `confidence ${confidence.toFixed(2)} below ${minConfidence}` });
    else if (confidence * prior <= 0) dropped.push({ agent, reason: 'zero weight' });
    else raw.push({ agent, text, confidence, score: confidence * prior });
  }
  const total = raw.reduce((sum, answer) => sum + answer.score, 0);
  const kept = raw
    .map((answer) => ({ agent: answer.agent, text: answer.text, confidence: answer.confidence, weight: answer.score / total }))
    .sort((a, b) => b.weight - a.weight || b.confidence - a.confidence);
  const weights: Record<string, number> = {};
  for (const answer of kept) weights[answer.agent] = answer.weight;
  for (const answer of dropped) weights[answer.agent] = 0;
  return { kept, dropped, weights };
}
