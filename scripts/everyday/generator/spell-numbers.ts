import { toCardinal as german } from 'n2words/de-DE';
import { toCardinal as british } from 'n2words/en-GB';
import { toCardinal as english } from 'n2words/en-US';
import { toCardinal as spanish } from 'n2words/es-ES';
import { toCardinal as french } from 'n2words/fr-FR';
import type { Language } from '../checks.ts';

// Whole numbers written out in words, as a person would type them, by n2words: a speller apart
// from the assistant's number reader, so that one cannot hide a fault of the other.

export interface SpellOptions {
  /** French: "deux-cent-vingt-et-un" (the 1990 spelling) rather than "deux cent vingt et un". */
  reformed?: boolean;
  /** English: "one hundred and five" rather than "one hundred five". */
  britishAnd?: boolean;
}

export function spell(value: number, language: Language, options: SpellOptions = {}): string {
  if (!Number.isInteger(value) || value < 0 || value > 9999) throw new Error(`cannot spell ${value}`);
  switch (language) {
    case 'en':
      return options.britishAnd ? british(value) : english(value);
    case 'fr':
      return french(value, { withHyphenSeparator: options.reformed ?? false });
    case 'de':
      return german(value);
    case 'es':
      // n2words writes "dieciseis"; Spanish writes "dieciséis", as it writes "veintiséis".
      return spanish(value).replace(/\bdieciseis\b/, 'dieciséis');
  }
}
