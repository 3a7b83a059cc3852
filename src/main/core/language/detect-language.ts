import { eld } from 'eld/medium';
import { LANGUAGES, type Language } from './language.ts';

// Which of the four languages an utterance is in. ELD (an n-gram detector, pure JS) decides on
// sentences; words too short for n-grams ("hola", "danke", "merci", "und 20?") are looked up in a
// small lexicon of the words people open or answer with. A detection is `reliable` only when it
// would be safe to switch the session's language on: one stray word is not.

eld.setLanguageSubset([...LANGUAGES]);

export interface LanguageDetection {
  language: Language | null;
  reliable: boolean;
}

// Words that say the language on their own, as a user types them (folded: lowercase, no accents).
const MARKERS: Record<Language, readonly string[]> = {
  en: ['hello', 'hi', 'hey', 'thanks', 'thank', 'please', 'what', 'whats', "what's", 'how', 'and', 'the', 'help', 'bye', 'yes', 'no', 'now', 'about'],
  fr: ['bonjour', 'salut', 'merci', 'quelle', 'quel', 'combien', 'est-ce', 'et', 'aide', 'oui', 'non', 'maintenant', 'divise', 'minuteur', 'heure', 'au revoir', 'bonsoir', 'ca', 'ça'],
  de: ['hallo', 'danke', 'bitte', 'wie', 'was', 'und', 'hilfe', 'ja', 'nein', 'jetzt', 'teile', 'tschuss', 'tschüss', 'guten', 'morgen', 'uhr', 'spat', 'spät', 'wieviel'],
  es: ['hola', 'gracias', 'que', 'qué', 'cuanto', 'cuánto', 'cuantos', 'cuántos', 'y', 'ayuda', 'si', 'sí', 'ahora', 'divide', 'dividelo', 'divídelo', 'adios', 'adiós', 'buenos', 'buenas', 'hora'],
};

const fold = (text: string) => text.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

function markerLanguage(text: string): Language | null {
  const words = fold(text).replace(/[¿¡?!.,;:]/g, ' ').split(/\s+/).filter(Boolean);
  const counts = new Map<Language, number>();
  for (const word of words) {
    for (const language of LANGUAGES) {
      if (MARKERS[language].some((marker) => fold(marker) === word)) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return null;
  return ranked[0]![0];
}

export function detectLanguage(text: string): LanguageDetection {
  const letters = text.replace(/[^\p{L}\s'-]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (letters.length === 0) return { language: null, reliable: false };
  // Spanish marks its questions and exclamations at the start.
  if (/[¿¡]/.test(text)) return { language: 'es', reliable: letters.split(' ').length >= 2 };
  const result = eld.detect(letters);
  const detected = (LANGUAGES as readonly string[]).includes(result.language) ? (result.language as Language) : null;
  const words = letters.split(' ').length;
  const marker = markerLanguage(letters);
  if (words <= 2) return { language: marker ?? detected, reliable: false };
  if (detected && (result.isReliable() || marker === detected || marker === null)) return { language: detected, reliable: words >= 3 };
  return { language: marker ?? detected, reliable: marker !== null && marker === detected };
}
