import { eld } from 'eld/medium';
import { LANGUAGES, type Language } from './language.ts';
import { foldText } from './to-english.ts';

// Which of the four languages an utterance is in. ELD (an n-gram detector, pure JS) decides on
// sentences; words too short for n-grams ("hola", "danke", "merci", "und 20?") are looked up in a
// small lexicon of the words people open or answer with. A detection is `reliable` only when it
// would be safe to switch the session's language on: one stray word is not.

eld.setLanguageSubset([...LANGUAGES]);

export interface LanguageDetection {
  /** The language the words say (null when they do not: digits, one unknown word). */
  language: Language | null;
  /** Safe to switch the session's language on. */
  reliable: boolean;
  /** The best guess even for a word or two ("2 hoch 10"), for reading the words; may be wrong. */
  guess?: Language | null;
}

// Words that say the language on their own, as a user types them (folded: lowercase, no accents).
const MARKERS: Record<Language, readonly string[]> = {
  en: ['hello', 'hi', 'hey', 'thanks', 'thank', 'please', 'what', 'whats', "what's", 'how', 'and', 'the', 'help', 'bye', 'yes', 'no', 'now', 'about'],
  fr: ['bonjour', 'salut', 'merci', 'quelle', 'quel', 'combien', 'est-ce', 'et', 'aide', 'oui', 'non', 'maintenant', 'divise', 'minuteur', 'heure', 'au revoir', 'bonsoir', 'ca', 'ça'],
  de: ['hallo', 'danke', 'bitte', 'wie', 'was', 'und', 'hilfe', 'ja', 'nein', 'jetzt', 'teile', 'tschuss', 'tschüss', 'guten', 'morgen', 'uhr', 'spat', 'spät', 'wieviel'],
  es: ['hola', 'gracias', 'qué', 'cuanto', 'cuánto', 'cuantos', 'cuántos', 'y', 'ayuda', 'si', 'sí', 'ahora', 'divide', 'dividelo', 'divídelo', 'adios', 'adiós', 'buenos', 'buenas', 'hora'],
};

/** The markers folded once (folding is Unicode normalisation: far too dear for every word of every turn). */
const FOLDED_MARKERS = new Map(LANGUAGES.map((language) => [language, new Set(MARKERS[language].map(foldText))]));

function markerLanguage(text: string): Language | null {
  const words = foldText(text).replace(/[¿¡?!.,;:]/g, ' ').split(/\s+/).filter(Boolean);
  const counts = new Map<Language, number>();
  for (const word of words) {
    for (const language of LANGUAGES) {
      if (FOLDED_MARKERS.get(language)!.has(word)) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return null;
  return ranked[0]![0];
}

export function detectLanguage(text: string): LanguageDetection {
  const letters = text.replace(/[^\p{L}\s'-]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (letters.length === 0) return { language: null, reliable: false, guess: null };
  // Spanish marks its questions and exclamations at the start.
  if (/[¿¡]/.test(text)) return { language: 'es', reliable: letters.split(' ').length >= 2, guess: 'es' };
  const result = eld.detect(letters);
  const detected = (LANGUAGES as readonly string[]).includes(result.language) ? (result.language as Language) : null;
  const words = letters.split(' ').length;
  const marker = markerLanguage(letters);
  const guess = marker ?? detected;
  // Too short for n-grams: only a word of the lexicon says the language.
  if (words <= 2) return { language: marker, reliable: false, guess };
  if (detected && (result.isReliable() || marker === detected || marker === null)) return { language: detected, reliable: words >= 3, guess };
  return { language: guess, reliable: marker !== null && marker === detected, guess };
}
