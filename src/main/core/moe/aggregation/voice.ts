import { splitSentences } from '../../text/sentences.ts';
import { words } from './text.ts';

// Post-processing for answers that will be spoken: no markup, links, citations or lists; short
// sentences; contractions; symbols written as words so TTS says them. Used by every synthesiser.

export interface VoiceOptions {
  /** Sentences longer than this are split at a clause boundary. */
  maxWordsPerSentence: number;
}

export const DEFAULT_VOICE_OPTIONS: VoiceOptions = { maxWordsPerSentence: 18 };

const CONTRACTIONS: [RegExp, string][] = [
  [/\b(it|that|there|what|here|who|she|he) is\b/gi, "$1's"],
  [/\b(I) am\b/g, "$1'm"],
  [/\b(you|we|they) are\b/gi, "$1're"],
  [/\b(I|you|we|they|it|she|he) will\b/gi, "$1'll"],
  [/\b(I|you|we|they) have\b(?!\s+(?:a|an|the|to|no|some|any|\d))/gi, "$1've"],
  [/\bcannot\b|\bcan not\b/gi, "can't"],
  [/\bwill not\b/gi, "won't"],
  [/\bshall not\b/gi, "shan't"],
  [/\b(do|does|did|is|are|was|were|has|have|had|would|should|could|must|need) not\b/gi, "$1n't"],
  [/\blet us\b/gi, "let's"],
];

const SPOKEN_SYMBOLS: [RegExp, string][] = [
  [/(\d)\s*°\s*C\b/g, '$1 degrees Celsius'],
  [/(\d)\s*°\s*F\b/g, '$1 degrees Fahrenheit'],
  [/(\d)\s*°/g, '$1 degrees'],
  [/(\d)\s*%/g, '$1 percent'],
  [/\$\s?(\d[\d,.]*)(\s*(?:million|billion|thousand|trillion))?/g, '$1$2 dollars'],
  [/€\s?(\d[\d,.]*)(\s*(?:million|billion|thousand|trillion))?/g, '$1$2 euros'],
  [/£\s?(\d[\d,.]*)(\s*(?:million|billion|thousand|trillion))?/g, '$1$2 pounds'],
  [/(\d)\s*km\/h\b/g, '$1 kilometres per hour'],
  [/(\d)\s*km\/s\b/g, '$1 kilometres per second'],
  [/(\d)\s*m\/s\b/g, '$1 metres per second'],
  [/(\d)\s*mph\b/g, '$1 miles per hour'],
  [/(\d)\s*km\b/g, '$1 kilometres'],
  [/(\d)\s*kg\b/g, '$1 kilograms'],
  [/(\d)\s*cm\b/g, '$1 centimetres'],
  [/(\d)\s*mm\b/g, '$1 millimetres'],
  [/(\d)\s*m\b(?![/\w])/g, '$1 metres'],
  [/(\d)\s*ft\b/g, '$1 feet'],
  [/(\d)\s*lbs?\b/g, '$1 pounds'],
  [/(\d)\s*[-–]\s*(\d)/g, '$1 to $2'],
  [/\be\.g\.,?/gi, 'for example'],
  [/\bi\.e\.,?/gi, 'that is'],
  [/\betc\./gi, 'and so on'],
  [/\bapprox\.?(?=\s)/gi, 'about'],
  [/~\s*(?=\d)/g, 'about '],
  [/\s&\s/g, ' and '],
  [/\bvs\.?(?=\s)/gi, 'versus'],
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Rewrites text for speech. */
export function toSpeakable(text: string, options: VoiceOptions = DEFAULT_VOICE_OPTIONS): string {
  let out = stripMarkup(text);
  out = flattenLists(out);
  out = out.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (whole, year: string, month: string, day: string) => {
    const name = MONTHS[Number(month) - 1];
    return name === undefined ? whole : `${name} ${Number(day)}, ${year}`;
  });
  for (const [pattern, spoken] of SPOKEN_SYMBOLS) out = out.replace(pattern, spoken);
  out = out.replace(/[*_#`|<>]+/g, ' ').replace(/[ \t]+/g, ' ').replace(/\s+([,.;:!?])/g, '$1').replace(/\n+/g, ' ').trim();
  // A clause after a semicolon becomes a sentence of its own (capitalised, or the tokenizer reads ". water" as an abbreviation).
  out = out.replace(/;\s+(\S)/g, (_whole, next: string) => `. ${next.toUpperCase()}`);
  const sentences = splitSentences(out).flatMap((sentence) => shorten(sentence.text, options.maxWordsPerSentence));
  return sentences.map((sentence) => capitalise(contract(terminate(sentence)))).join(' ');
}

function stripMarkup(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\((?:https?:\/\/|www\.)[^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\((?:source|sources|see|via|ref|cf\.?)\s*:?[^)]*\)/gi, ' ')
    .replace(/\[(?:\d+(?:[,–-]\s*\d+)*|\^?\w{1,3}|source[^\]]*)\]/gi, ' ')
    .replace(/\b(?:https?:\/\/|www\.)[^\s<>()]*[^\s<>().,;:!?]/gi, ' \u0001 ')
    // "See https://... for details." says nothing once the link is gone.
    .replace(/[^.!?\n]*\b(?:see|visit|check|more at|details at)\b[^.!?\n]*\u0001[^.!?\n]*[.!?]?/gi, ' ')
    .replace(/\s*\b(?:at|on|via|from)?\s*\u0001/gi, '')
    .replace(/^\s*#{1,6}\s+(.*)$/gm, '$1.')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^\s*\|?\s*[-:]+\s*(?:\|\s*[-:]+\s*)+\|?\s*$/gm, ' ')
    .replace(/\|/g, ', ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(\*|_)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1');
}

/** Consecutive list items become one sentence ("a, b and c") or, when they are sentences, stay sentences. */
function flattenLists(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length === 0) return;
    const short = items.every((item) => words(item).length <= 8 && !/[.!?]$/.test(item));
    if (!short) {
      const lead = out.length > 0 ? out.pop()! : null;
      if (lead !== null) out.push(terminate(lead.replace(/:\s*$/, '')));
      out.push(...items.map((item) => terminate(item)));
    }
    else {
      const list = items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
      const lead = out.length > 0 && !/[.!?]$/.test(out[out.length - 1]!) ? out.pop()! : null;
      out.push(lead === null ? `${capitalise(list)}.` : `${lead.replace(/[:\s]+$/, '')} ${list}.`);
    }
    items = [];
  };
  for (const line of lines) {
    const item = /^\s*(?:[-*•+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) items.push(item[1]!.trim());
    else {
      flush();
      if (line.trim()) out.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

// Where a long sentence may be cut; subordinate clauses ("although ...") are never cut off.
const CLAUSE_SPLITS = [/;\s+/g, /\s[-–—]\s/g, /,\s+(?=(?:but|and|so|yet|which)\b)/g];

/** Splits a long sentence at the clause boundary nearest its middle, recursively. */
function shorten(sentence: string, maxWords: number): string[] {
  const count = words(sentence).length;
  if (count <= maxWords) return [sentence];
  for (const boundary of CLAUSE_SPLITS) {
    let best: { index: number; length: number } | null = null;
    for (const match of sentence.matchAll(boundary)) {
      const before = words(sentence.slice(0, match.index)).length;
      if (before < 3 || count - before < 3) continue;
      if (best === null || Math.abs(before - count / 2) < Math.abs(words(sentence.slice(0, best.index)).length - count / 2)) {
        best = { index: match.index, length: match[0].length };
      }
    }
    if (best !== null) {
      const head = sentence.slice(0, best.index);
      const tail = sentence.slice(best.index + best.length).replace(/^which\b/i, 'It');
      return [...shorten(head, maxWords), ...shorten(tail, maxWords)];
    }
  }
  return [sentence];
}

/** Contracts "it is" -> "it's" etc., except at the end of a clause ("Yes, it is." stays). */
function contract(sentence: string): string {
  let out = sentence;
  for (const [pattern, replacement] of CONTRACTIONS) {
    out = out.replace(pattern, (whole: string, ...rest: unknown[]) => {
      const offset = rest.find((value) => typeof value === 'number') as number;
      if (/^\s*(?:[.,;:!?]|$)/.test(out.slice(offset + whole.length))) return whole;
      const contracted = whole.replace(pattern, replacement);
      return /^[A-Z]/.test(whole) ? contracted[0]!.toUpperCase() + contracted.slice(1) : contracted;
    });
  }
  return out;
}

function terminate(sentence: string): string {
  const trimmed = sentence.trim().replace(/[,;:]$/, '');
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function capitalise(sentence: string): string {
  return sentence.length === 0 ? sentence : sentence[0]!.toUpperCase() + sentence.slice(1);
}

/** Speaking rate used for estimates unless configured otherwise. */
export const DEFAULT_WORDS_PER_MINUTE = 160;
/** Pause between sentences. */
const SENTENCE_PAUSE_MS = 300;

/**
 * Time to speak `text` at `wordsPerMinute` (160 by default), plus a pause between sentences.
 * Numerals count as the words a voice says for them: "8,849" is six words (eight thousand eight
 * hundred forty nine), a year like 1969 two, "3.14" four (three point one four).
 */
export function estimateSpeakingTimeMs(text: string, wordsPerMinute = DEFAULT_WORDS_PER_MINUTE): number {
  const spoken = words(text).reduce((sum, word) => sum + (/^\d/.test(word) ? spokenWordsInNumber(word) : 1), 0);
  if (spoken === 0) return 0;
  const sentences = splitSentences(text).length;
  return Math.round((spoken / wordsPerMinute) * 60_000 + Math.max(0, sentences - 1) * SENTENCE_PAUSE_MS);
}

export function spokenWordsInNumber(numeral: string): number {
  const [integerPart = '', decimals = ''] = numeral.replace(/,(?=\d{3}\b)/g, '').split('.');
  if (/^\d{4}$/.test(integerPart) && decimals === '' && !numeral.includes(',')) {
    const year = Number(integerPart);
    // Years are said in pairs: "nineteen sixty-nine", "nineteen oh five", "two thousand five".
    if (year >= 2000 && year < 2010) return 3;
    if (year >= 1100 && year < 2100) {
      const tail = year % 100;
      return 1 + (tail === 0 ? 1 : tail < 10 ? 2 : tail <= 20 || tail % 10 === 0 ? 1 : 2);
    }
  }
  let count = 0;
  const groups = integerPart.replace(/^0+(?=\d)/, '').match(/\d{1,3}(?=(?:\d{3})*$)/g) ?? [];
  groups.forEach((group, index) => {
    const value = Number(group);
    if (value === 0) return;
    const hundreds = Math.floor(value / 100);
    const rest = value % 100;
    count += hundreds > 0 ? 2 : 0;
    count += rest === 0 ? 0 : rest <= 20 || rest % 10 === 0 ? 1 : 2;
    if (index < groups.length - 1) count += 1;
  });
  if (count === 0) count = 1;
  return decimals === '' ? count : count + 1 + decimals.length;
}
