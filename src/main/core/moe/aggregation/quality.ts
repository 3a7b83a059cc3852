import type { Provenance } from '../../../../shared/trace.ts';
import type { ResolvedConflict, WeightedAnswer } from './conflicts.ts';
import { words } from './text.ts';

export interface QualityInput {
  text: string;
  answers: readonly WeightedAnswer[];
  provenance: readonly Provenance[];
  conflicts: readonly ResolvedConflict[];
  voiceMode: boolean;
  /** The preferred synthesiser failed and a simpler one answered. */
  degraded: boolean;
}

/**
 * quality = confidence x agreement x coverage x corroboration x length x fallback, in 0..1.
 * - confidence: weight-averaged confidence of the answers the text draws on (all kept answers
 *   when no sentence is attributed).
 * - agreement: product over conflicts of (0.5 + 0.5 x winning side's share of the conflict's
 *   weight): a 0.62/0.38 split gives 0.81, a unanimous answer 1.
 * - coverage: 0.6 + 0.4 x share of sentences tied to at least one agent.
 * - corroboration: 0.9 + 0.1 x share of sentences backed by two or more agents.
 * - length: 1 for 2..300 words (2..80 in voice mode), 0.6 for a single word, 0.8 when too long.
 * - fallback: 0.9 when the preferred synthesiser failed, else 1.
 * Empty text scores 0.
 */
export function scoreQuality(input: QualityInput): number {
  const count = words(input.text).length;
  if (count === 0 || input.answers.length === 0) return 0;
  const contributing = new Set(input.provenance.flatMap((item) => item.agents));
  const used = input.answers.filter((answer) => contributing.has(answer.agent));
  const pool = used.length > 0 ? used : input.answers;
  const poolWeight = pool.reduce((sum, answer) => sum + answer.weight, 0);
  const confidence = pool.reduce((sum, answer) => sum + answer.weight * answer.confidence, 0) / poolWeight;

  const weightOf = (agents: readonly string[]) =>
    input.answers.filter((answer) => agents.includes(answer.agent)).reduce((sum, answer) => sum + answer.weight, 0);
  const agreement = input.conflicts.reduce((product, item) => {
    const total = weightOf(item.conflict.agents);
    const share = total > 0 ? weightOf(item.winners) / total : 0.5;
    return product * (0.5 + 0.5 * share);
  }, 1);

  const sentences = Math.max(1, input.provenance.length);
  const attributed = input.provenance.filter((item) => item.agents.length > 0).length;
  const corroborated = input.provenance.filter((item) => item.agents.length > 1).length;
  const coverage = 0.6 + (0.4 * attributed) / sentences;
  const corroboration = 0.9 + (0.1 * corroborated) / sentences;
  const maxWords = input.voiceMode ? 80 : 300;
  const length = count < 2 ? 0.6 : count > maxWords ? 0.8 : 1;
  const fallback = input.degraded ? 0.9 : 1;
  const quality = confidence * agreement * coverage * corroboration * length * fallback;
  return Math.round(Math.min(1, Math.max(0, quality)) * 1000) / 1000;
}
