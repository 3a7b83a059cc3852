// Which orchestrator output is spoken. The orchestrator streams each specialist's whole answer
// (partial) and then the synthesis (final). Only the final is spoken by default; with the lead-in
// on, the first confident partial's first sentence is spoken at once, and the final later skips
// the sentences already said, compared as normalised text.

export interface LeadInOptions {
  enabled: boolean;
  /** A partial at or above this confidence may be spoken before the synthesis. */
  minConfidence: number;
}

export interface SpeakableText {
  text: string;
  final: boolean;
  agent: string | null;
}

export interface LeadInPolicy {
  /** What to hand the reducer for a partial answer: the lead-in, or nothing. */
  onPartial(agent: string, text: string, confidence: number): SpeakableText | null;
  /** The final answer without the sentences the lead-in already spoke. */
  onFinal(text: string): SpeakableText;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

export const splitSentences = (text: string): string[] =>
  Array.from(segmenter.segment(text), (part) => part.segment.trim()).filter((sentence) => sentence.length > 0);

/** Case, punctuation and spacing do not make two sentences different. */
export const normaliseSentence = (sentence: string): string =>
  sentence
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** One per turn. */
export function createLeadInPolicy(options: LeadInOptions): LeadInPolicy {
  const spoken: string[] = [];
  let finalSeen = false;

  return {
    onPartial(agent, text, confidence) {
      if (!options.enabled || finalSeen || spoken.length > 0 || confidence < options.minConfidence) return null;
      const first = splitSentences(text)[0];
      if (!first || normaliseSentence(first) === '') return null;
      spoken.push(normaliseSentence(first));
      // Text is appended as it comes: the space closes the sentence for the chunker and separates it
      // from what follows.
      return { text: `${first} `, final: false, agent };
    },
    onFinal(text) {
      finalSeen = true;
      if (spoken.length === 0) return { text, final: true, agent: null };
      const remaining = [...spoken];
      const kept = splitSentences(text).filter((sentence) => {
        const index = remaining.indexOf(normaliseSentence(sentence));
        if (index === -1) return true;
        remaining.splice(index, 1);
        return false;
      });
      return { text: kept.join(' '), final: true, agent: null };
    },
  };
}
