import type { Provenance } from '../../../../shared/trace.ts';
import { sameFacts, type ConflictReport, type WeightedAnswer } from './conflicts.ts';
import { extractFacts, type SentenceFacts } from './facts.ts';
import type { FactKind, QuestionProfile } from './question.ts';
import { contentTokens } from './text.ts';

/** Sentences this similar (Dice over content words) are near-duplicates: redundant, same source. */
const NEAR_DUPLICATE = 0.5;
/** Below this an output sentence is not attributed to an answer at all. */
const MIN_ATTRIBUTION = 0.25;

export interface SourceSentence {
  agent: string;
  weight: number;
  /** Index of the sentence within its answer. */
  position: number;
  text: string;
  tokens: ReadonlySet<string>;
  facts: SentenceFacts;
  /** States the losing side of a resolved conflict. */
  losing: boolean;
}

export function sourceSentences(answers: readonly WeightedAnswer[], report: ConflictReport): SourceSentence[] {
  return answers.flatMap((answer) =>
    (report.facts.get(answer.agent)?.sentences ?? []).map((facts, position) => ({
      agent: answer.agent,
      weight: answer.weight,
      position,
      text: facts.text,
      tokens: new Set(contentTokens(facts.text)),
      facts,
      // A winning agent's own sentences are never dropped for the conflict its side won.
      losing: report.resolved.some((item) => !item.winners.includes(answer.agent) && item.carriesLosingSide(facts)),
    })),
  );
}

/** Dice coefficient, raised when one sentence's words are nearly all inside the other's. */
function sentenceSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  const dice = (2 * shared) / (a.size + b.size);
  const containment = shared / Math.min(a.size, b.size);
  return Math.max(dice, containment >= 0.8 && shared >= 2 ? containment : 0);
}

/**
 * Agents whose answers contain this sentence or a near-duplicate, heaviest first. With `kinds`, a
 * sentence stating the same fact in other words ("29,032 feet" for "8,849 metres") counts too.
 */
export function supportingAgents(
  sentence: { tokens: ReadonlySet<string>; facts?: SentenceFacts },
  sources: readonly SourceSentence[],
  kinds: readonly FactKind[] = [],
): string[] {
  const agents = new Map<string, number>();
  for (const source of sources) {
    if (source.losing || !supports(sentence, source, kinds)) continue;
    agents.set(source.agent, source.weight);
  }
  return [...agents].sort((a, b) => b[1] - a[1]).map(([agent]) => agent);
}

export function supports(sentence: { tokens: ReadonlySet<string>; facts?: SentenceFacts }, source: SourceSentence, kinds: readonly FactKind[]): boolean {
  if (sentenceSimilarity(sentence.tokens, source.tokens) >= NEAR_DUPLICATE) return true;
  return sentence.facts !== undefined && kinds.length > 0 && sameFacts(sentence.facts, source.facts, kinds);
}

/**
 * Provenance for text not copied from the answers (LLM output, voice rewrites): each sentence goes
 * to the agents with a near-duplicate or the same facts, else to the single best-matching agent if
 * it is similar enough, else to nobody (the sentence is the synthesiser's own).
 */
export function attributeSentences(text: string, sources: readonly SourceSentence[], profile: QuestionProfile): Provenance[] {
  return extractFacts(profile, text).sentences.map((facts) => {
    const sentence = facts.text;
    const tokens = new Set(contentTokens(sentence));
    const agents = supportingAgents({ tokens, facts }, sources, profile.kinds);
    if (agents.length > 0) return { sentence, agents };
    let best: SourceSentence | null = null;
    let bestScore = MIN_ATTRIBUTION;
    for (const source of sources) {
      const score = sentenceSimilarity(tokens, source.tokens);
      if (!source.losing && score >= bestScore) [best, bestScore] = [source, score];
    }
    return { sentence, agents: best === null ? [] : [best.agent] };
  });
}
