import type { Provenance } from '../../../../shared/trace.ts';
import type { ConflictReport, WeightedAnswer } from './conflicts.ts';
import { sourceSentences, supportingAgents, supports, type SourceSentence } from './provenance.ts';
import { relevance } from './question.ts';

export interface ExtractiveOptions {
  /** At most this many sentences in the answer. */
  maxSentences: number;
}

export interface DraftAnswer {
  text: string;
  provenance: Provenance[];
}

// A sentence that answers the question outranks background every agent repeats; later sentences
// of an answer are usually elaboration.
const ANSWERS_QUESTION_BONUS = 0.5;
const POSITION_PENALTY = 0.05;

/** Bullets and numbering at the start of a line (each line is a sentence of its own). */
const LIST_MARKER = /^\s*(?:[-*•+]|\d+[.)])\s+/;

/**
 * Offline synthesis without an LLM: sentences from the weighted answers, scored by the total weight
 * of the agents that say them (near-duplicates included) plus a little for answering the question
 * and for coming early in an answer. Sentences stating the losing side of a conflict are dropped,
 * and so are sentences that repeat one already chosen.
 */
export function synthesizeExtractive(
  answers: readonly WeightedAnswer[],
  report: ConflictReport,
  options: ExtractiveOptions,
): DraftAnswer {
  const sources = sourceSentences(answers, report);
  const kinds = report.profile.kinds;
  const losers = new Set(report.resolved.flatMap((item) => item.losers));
  const weights = new Map(answers.map((answer) => [answer.agent, answer.weight]));
  const scored = sources
    .filter((source) => !source.losing && source.tokens.size > 0)
    .map((source) => ({ source, agents: supportingAgents(source, sources, kinds) }))
    // An agent that lost a conflict on this question is only quoted where another agent backs it.
    .filter(({ source, agents }) => !losers.has(source.agent) || agents.some((agent) => !losers.has(agent)))
    .map(({ source, agents }) => {
      const weight = agents.reduce((sum, agent) => sum + (weights.get(agent) ?? 0), 0);
      const answersQuestion = Math.min(relevance(report.profile, source.text), 2) / 2;
      return { source, agents, score: weight + ANSWERS_QUESTION_BONUS * answersQuestion - POSITION_PENALTY * source.position };
    })
    .sort((a, b) => b.score - a.score);

  const chosen: { source: SourceSentence; agents: string[] }[] = [];
  for (const candidate of scored) {
    if (chosen.length >= options.maxSentences) break;
    const repeated = chosen.find((item) => supports(item.source, candidate.source, kinds));
    if (repeated === undefined) chosen.push(candidate);
    else for (const agent of candidate.agents) if (!repeated.agents.includes(agent)) repeated.agents.push(agent);
  }
  const sentences = chosen.map((item) => ({ sentence: terminate(capitalise(item.source.text.replace(LIST_MARKER, ''))), agents: item.agents }));
  return { text: sentences.map((item) => item.sentence).join(' '), provenance: sentences };
}

function terminate(sentence: string): string {
  return /[.!?]["')\]]*$/.test(sentence) ? sentence : `${sentence.replace(/[:;,]$/, '')}.`;
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
