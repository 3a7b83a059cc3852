// The languages the local skills understand and answer in. Anything else is answered in English
// (a language model, when configured, answers in the user's language on its own).

export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/** "fr-CA" -> "fr"; a language the skills do not speak -> "en". */
export function languageOfLocale(locale: string): Language {
  const primary = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return isLanguage(primary) ? primary : 'en';
}

/** The locale numbers and dates are written in for a language, unless the user's own locale is of it. */
export function localeFor(language: Language, userLocale: string): string {
  return languageOfLocale(userLocale) === language ? userLocale : { en: 'en-US', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' }[language];
}
