import type { Conflict } from '../../../../shared/trace.ts';
import { STOPWORDS, stem, words } from './text.ts';

export type FactKind = Conflict['kind'];

/** What a question asks for, so only facts that answer it are compared. */
export interface QuestionProfile {
  /** Kinds of fact an answer to this question states; empty when the question is empty. */
  kinds: FactKind[];
  /** Content stems of the question with their weight for clause relevance. */
  focus: ReadonlyMap<string, number>;
  /** Lowercased words of the question: values the question itself names are not answers. */
  words: ReadonlySet<string>;
}

const AUXILIARY = new Set(
  'is are was were am do does did can could will would should shall has have had may might must isn\'t aren\'t wasn\'t weren\'t don\'t doesn\'t didn\'t can\'t couldn\'t won\'t wouldn\'t shouldn\'t hasn\'t haven\'t'.split(' '),
);
const HOW_MEASURE = /\bhow\s+(?:many|much|tall|high|long|far|old|big|large|deep|wide|fast|heavy|hot|cold|warm|often|late|early|small|thick|loud|bright)\b/i;
const MEASURE_NOUN =
  /\b(?:percentage|percent|proportion|share|population|number|temperature|speed|distance|height|length|depth|width|weight|mass|price|cost|rate|ph|age|size|area|volume|amount|score|value|boiling point|melting point|how much)\b/i;
const DATE_QUESTION = /\b(?:when|what (?:year|date|day|month)|which (?:year|date|day|month)|in what year)\b/i;
const NAME_QUESTION = /^\s*(?:who|whom|whose|where|which)\b|\b(?:who|whom|whose|where)\b/i;

export function profileQuestion(question: string): QuestionProfile {
  const tokens = words(question);
  const first = tokens[0]?.toLowerCase() ?? '';
  const kinds: FactKind[] = [];
  if (tokens.length === 0) {
    // Nothing asked, nothing to compare.
  } else if (AUXILIARY.has(first) && !/\bor\b/i.test(question)) kinds.push('yes_no');
  else if (DATE_QUESTION.test(question)) kinds.push('date');
  else if (HOW_MEASURE.test(question) || MEASURE_NOUN.test(question)) kinds.push('number');
  else if (NAME_QUESTION.test(question)) kinds.push('name');
  else kinds.push('name', 'number', 'date');

  // Capitalised words name the topic, which every answer repeats; common words carry the focus
  // ("capital" in "the capital of Australia"), so they weigh more when ranking clauses.
  const focus = new Map<string, number>();
  tokens.forEach((token, index) => {
    const lower = token.toLowerCase();
    if (STOPWORDS.has(lower) || /^\d/.test(token) || /n't$/.test(lower)) return;
    const weight = index > 0 && /^\p{Lu}/u.test(token) ? 0.5 : 1;
    focus.set(stem(lower), Math.max(focus.get(stem(lower)) ?? 0, weight));
  });
  return { kinds, focus, words: new Set(tokens.map((token) => token.toLowerCase())) };
}

/** Sum of the focus weights of the question stems found in a piece of an answer. */
export function relevance(profile: QuestionProfile, text: string): number {
  const seen = new Set(words(text).map((word) => stem(word)));
  let score = 0;
  for (const [token, weight] of profile.focus) if (seen.has(token)) score += weight;
  return score;
}
