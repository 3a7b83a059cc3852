import type { LanguageDetection } from './detect-language.ts';
import type { Language } from './language.ts';

// The session's language (its TTS voice, the STT hint, the language of answers to words that do
// not say theirs) follows the user only after `switchAfter` reliable detections of another language
// in a row: one stray sentence does not flip it. A session with no turns yet takes the first
// reliable detection at once.

export interface SessionLanguage {
  current: Language;
  /** Another language detected in a row, and how many times. */
  candidate: Language | null;
  streak: number;
}

export const startingLanguage = (language: Language): SessionLanguage => ({ current: language, candidate: null, streak: 0 });

export function observeLanguage(state: SessionLanguage, detection: LanguageDetection, switchAfter: number, firstTurn: boolean): SessionLanguage {
  const { language, reliable } = detection;
  if (!language || !reliable) return state;
  if (language === state.current) return { ...state, candidate: null, streak: 0 };
  if (firstTurn) return startingLanguage(language);
  const streak = state.candidate === language ? state.streak + 1 : 1;
  if (streak >= switchAfter) return startingLanguage(language);
  return { current: state.current, candidate: language, streak };
}

/**
 * The language to answer this utterance in: its own when it names one ("merci" is answered in
 * French even in an English session, which it does not switch), else the session's.
 */
export const replyLanguage = (state: SessionLanguage, detection: LanguageDetection): Language => detection.language ?? state.current;
