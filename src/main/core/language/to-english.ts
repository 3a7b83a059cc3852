import type { Language } from './language.ts';
import { findPlaces, normaliseForPlaces } from '../experts/specialists/time-zone-places.ts';
import { numberWordsToDigits } from './number-words.ts';
import { FRENCH } from './reading/french.ts';
import { GERMAN } from './reading/german.ts';
import type { Rules } from './reading/rule.ts';
import { CITIES, SHARED } from './reading/shared.ts';
import { SPANISH } from './reading/spanish.ts';

// What a French, German or Spanish question asks, in the English phrasing the local skills read
// ("quelle heure est-il à Tokyo" -> "what time is it in tokyo", "wie viel sind 10 Pfund in Kilo"
// -> "how much is 10 pounds in kilo"). Rules run in order on folded text (lowercase, no accents),
// longest phrases first; what no rule knows stays as it was, so place names and numbers pass
// through. The answer is then written in the user's language by the skill itself. What a rule
// writes is upper case until the end, so no later rule reads its English as French ("a" is both).

/** Each language's rules after the shared ones, in the order they run. */
const RULES: Record<Exclude<Language, 'en'>, Rules> = {
  fr: [...SHARED, ...CITIES, ...FRENCH],
  de: [...SHARED, ...CITIES, ...GERMAN],
  es: [...SHARED, ...CITIES, ...SPANISH],
};

export const foldText = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’`´]/g, "'");

export function toEnglish(text: string, language: Language): string {
  if (language === 'en') return text;
  let folded = foldText(text).replace(/[¿¡]/g, ' ').replace(/\s+/g, ' ').trim();
  if (language === 'de') folded = withoutUmlautSpellings(folded);
  let out = ` ${folded} `;
  out = ` ${numberWordsToDigits(out.trim(), language)} `;
  for (const [pattern, replacement] of RULES[language]) {
    // A word taken out leaves one space, so the rules after it read the words around it together.
    out = out.replace(pattern, (...match: unknown[]) => written(replacement, match)).replace(/ {2,}/g, ' ');
  }
  return out
    .toLowerCase()
    .replace(/\s+([?!.,])/g, '$1')
    .replace(/,+(?=[?!.]*\s*$)/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * German typed without umlauts writes "ae", "oe", "ue" ("fuenf", "spaet", "Haelfte"): read as the
 * folded umlaut ("funf", "spat", "halfte"). Not after a vowel or q ("neue", "bequem"), nor in
 * "-uell" ("aktuell") or "zue-" ("zuerst").
 */
function withoutUmlautSpellings(text: string): string {
  // Place names keep their spelling ("Buenos Aires", "Phoenix").
  const placeWords = new Set(findPlaces(text).flatMap((mention) => normaliseForPlaces(text).slice(mention.start, mention.end)));
  return text
    .split(' ')
    .map((word) => (placeWords.has(word.replace(/[^a-z0-9/_-]/g, '')) ? word : umlautsOf(word)))
    .join(' ');
}

function umlautsOf(text: string): string {
  return text.replace(/(?<=^|[\s-]|[b-df-hj-np-tv-z])(ae|oe|ue)(?!ll)/g, (pair: string, _group: string, offset: number, whole: string) =>
    pair === 'ue' && /(?:^|\s)z$/.test(whole.slice(0, offset)) ? pair : pair.charAt(0),
  );
}

/** The replacement with its own words in upper case and the groups it quotes as they were. */
function written(replacement: string, match: unknown[]): string {
  return replacement.split(/(\$\d)/).map((part) => (/^\$\d$/.test(part) ? String(match[Number(part.slice(1))] ?? '') : part.toUpperCase())).join('');
}

/** Whether reading the words as `language` changes them: some of them are words of it. */
export function readsAsForeign(text: string, language: Language): boolean {
  if (language === 'en') return false;
  const plain = (value: string) => foldText(value).replace(/[^\p{L}\d%]+/gu, ' ').trim();
  return plain(toEnglish(text, language)) !== plain(text);
}
