import type { Provenance } from '../../../../shared/trace.ts';
import type { AgentAnswer, Synthesis } from './aggregator.ts';
import { splitSentences } from '../../text/sentences.ts';

/**
 * The fallback when synthesis itself fails (a fault, not a weak answer): the answer with the
 * highest confidence x weight, unchanged. Quality 0, so a fallback answer is never cached. Reads
 * the answers defensively: whatever broke the synthesis may be in them.
 */
export function bestSingleAnswer(answers: readonly AgentAnswer[], error: string): Synthesis {
  const readable = answers.flatMap((answer) => {
    try {
      const text = typeof answer.text === 'string' ? answer.text.trim() : '';
      const score = (Number(answer.confidence) || 0) * (Number(answer.weight ?? 1) || 0);
      return text.length > 0 ? [{ agent: String(answer.agent), text, score }] : [];
    } catch {
      return [];
    }
  });
  const best = readable.sort((a, b) => b.score - a.score)[0];
  return {
    text: best?.text ?? '',
    strategy: best === undefined ? 'none' : 'single',
    // Every answer that came, readable or not, with the one chosen at 1.
    weights: Object.fromEntries(answers.map((answer) => [String(answer.agent), String(answer.agent) === best?.agent ? 1 : 0])),
    conflicts: [],
    provenance: best === undefined ? [] : soleAuthor(best.text, best.agent),
    quality: 0,
    speakingTimeMs: null,
    error: best === undefined ? error : `${error}; answered with ${best.agent}'s answer unchanged`,
  };
}

/** Every sentence of `text`, attributed to `agent`. */
export function soleAuthor(text: string, agent: string): Provenance[] {
  return splitSentences(text).map((sentence) => ({ sentence: sentence.text, agents: [agent] }));
}
