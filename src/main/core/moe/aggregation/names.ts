import { STOPWORDS } from './text.ts';

// Proper-noun spans ("Leonardo da Vinci", "Canberra") that could answer a who/where/which question.

export interface NameFact {
  kind: 'name';
  name: string;
  /** Lowercase words of the name, for partial matches ("Armstrong" ~ "Neil Armstrong"). */
  tokens: string[];
  /** Named only to be denied: "Canberra, not Sydney". */
  negated: boolean;
  start: number;
  end: number;
}

const SPAN = /(?<![\p{L}\d])\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:da|de|di|del|della|van|von|der|den|la|le|du|of|bin|al|y)\s+)*\p{Lu}[\p{L}'’.-]*)*/gu;
const CALENDAR = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$/;
// Capitalised only because they start a sentence: answer words, adverbs, common nouns.
const SENTENCE_STARTERS = new Set(
  (
    'yes no yeah nope sure absolutely definitely certainly indeed correct actually officially botanically historically ' +
    'generally roughly around about approximately according based unfortunately fortunately currently today tomorrow ' +
    'yesterday probably perhaps maybe technically strictly well also only just since after before during still even ' +
    'construction entry admission adults humans people most many some several experts scientists researchers ' +
    'in on at by for from with after until as to'
  ).split(' '),
);
const DENIAL_BEFORE = /\b(?:not|rather than|instead of|unlike|isn't|wasn't|aren't|never|nor)\s+(?:the\s+)?$/i;

export function extractNames(sentence: string, questionWords: ReadonlySet<string>): NameFact[] {
  const facts: NameFact[] = [];
  for (const match of sentence.matchAll(SPAN)) {
    let words = match[0].replace(/['’]s$/, '').replace(/[.'’-]+$/, '').split(/\s+/);
    let start = match.index;
    const atSentenceStart = sentence.slice(0, match.index).trim() === '';
    const dropFirst = (word: string) => STOPWORDS.has(word.toLowerCase()) || (atSentenceStart && isSentenceStarter(word));
    while (words.length > 0 && dropFirst(words[0]!)) {
      start += words[0]!.length + 1;
      words = words.slice(1);
    }
    words = words.filter((word) => !CALENDAR.test(word));
    if (words.length === 0 || (words.length === 1 && words[0]!.length < 2)) continue;
    const tokens = words.map((word) => word.toLowerCase()).filter((word) => !STOPWORDS.has(word) && word.length > 1);
    if (tokens.length === 0 || tokens.every((token) => questionWords.has(token))) continue;
    facts.push({
      kind: 'name',
      name: words.join(' '),
      tokens,
      negated: DENIAL_BEFORE.test(sentence.slice(0, start)),
      start,
      end: match.index + match[0].length,
    });
  }
  return facts;
}

function isSentenceStarter(word: string): boolean {
  const lower = word.toLowerCase();
  return SENTENCE_STARTERS.has(lower) || (lower.length > 4 && lower.endsWith('ly')) || /['’]/.test(lower);
}

export function namesAgree(a: NameFact, b: NameFact): boolean {
  return a.tokens.some((token) => token.length > 2 && b.tokens.includes(token));
}
