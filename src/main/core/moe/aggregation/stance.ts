import { relevance, type QuestionProfile } from './question.ts';
import { words } from './text.ts';

// The yes/no stance of an answer to a yes/no question: an explicit "Yes"/"No" first, otherwise
// the polarity of the sentence closest to the question ("Penguins cannot fly" -> no).

export type Stance = 'yes' | 'no';

const NO_CUE = /^\s*(?:no|nope|nah|not\s+(?:really|at\s+all|yet|exactly|quite)|absolutely\s+not|definitely\s+not|certainly\s+not|of\s+course\s+not)\b/i;
const YES_CUE = /^\s*(?:yes|yeah|yep|yup|sure|absolutely|definitely|certainly|indeed|correct|of\s+course|that['’]s\s+(?:right|correct|true))\b(?!\s+not\b)/i;
const NEGATION = /\b(?:not|never|no|none|nothing|neither|nor|cannot|nobody|nowhere)\b|n['’]t\b/i;
const DENIAL = /\b(?:myth|false|untrue|incorrect|wrong|misconception|inaccurate)\b/i;

// General-purpose opposites: a sentence using the opposite of the question's word denies it.
const ANTONYM_PAIRS: [string, string[]][] = [
  ['open', ['closed', 'shut']],
  ['safe', ['unsafe', 'dangerous', 'toxic', 'harmful', 'poisonous']],
  ['true', ['false']],
  ['alive', ['dead']],
  ['possible', ['impossible']],
  ['legal', ['illegal']],
  ['allowed', ['forbidden', 'prohibited', 'banned']],
  ['visible', ['invisible']],
  ['static', ['dynamic']],
  ['statically', ['dynamically']],
  ['same', ['different']],
  ['bigger', ['smaller']],
  ['larger', ['smaller']],
  ['taller', ['shorter']],
  ['older', ['younger']],
  ['higher', ['lower']],
  ['hot', ['cold']],
  ['wet', ['dry']],
  ['full', ['empty']],
  ['available', ['unavailable']],
  ['present', ['absent']],
  ['cheap', ['expensive']],
  ['fast', ['slow']],
  ['early', ['late']],
  ['public', ['private']],
  ['healthy', ['unhealthy']],
  ['free', ['paid']],
];
const OPPOSITES = new Map<string, Set<string>>();
for (const [word, opposites] of ANTONYM_PAIRS) {
  OPPOSITES.set(word, new Set([...(OPPOSITES.get(word) ?? []), ...opposites]));
  for (const opposite of opposites) OPPOSITES.set(opposite, new Set([...(OPPOSITES.get(opposite) ?? []), word]));
}

/** Stance of one sentence; null when it neither says yes/no nor speaks about the question. */
export function sentenceStance(profile: QuestionProfile, sentence: string): Stance | null {
  if (NO_CUE.test(sentence)) return 'no';
  if (YES_CUE.test(sentence)) return 'yes';
  // Using the opposite of the question's word ("closed" for "open", "unsafe" for "safe") denies it.
  const sentenceWords = new Set(words(sentence).map((word) => word.toLowerCase()));
  for (const questionWord of profile.words) {
    const opposites = [...(OPPOSITES.get(questionWord) ?? [])];
    if (questionWord.length > 3) opposites.push(...['un', 'in', 'im', 'il', 'ir', 'non'].map((prefix) => prefix + questionWord));
    if (opposites.some((word) => sentenceWords.has(word))) return 'no';
  }
  if (relevance(profile, sentence) < 1) return null;
  if (NEGATION.test(sentence) || DENIAL.test(sentence)) return 'no';
  return 'yes';
}

/** Stance of a whole answer: an explicit cue in any sentence wins, else the most relevant sentence. */
export function answerStance(profile: QuestionProfile, sentences: readonly string[]): { stance: Stance; sentence: number } | null {
  const cued = sentences.findIndex((sentence) => NO_CUE.test(sentence) || YES_CUE.test(sentence));
  if (cued >= 0) return { stance: sentenceStance(profile, sentences[cued]!)!, sentence: cued };
  let best: { stance: Stance; sentence: number } | null = null;
  let bestScore = -1;
  for (const [index, sentence] of sentences.entries()) {
    const stance = sentenceStance(profile, sentence);
    const score = relevance(profile, sentence);
    if (stance !== null && score > bestScore) [best, bestScore] = [{ stance, sentence: index }, score];
  }
  return best;
}

