import type { Language } from '../checks.ts';
import { spell } from '../generator/spell-numbers.ts';
import type { Ctx, Slots } from './types.ts';

// How a question looks once written: numbers in digits or words, the decimal comma, the
// contractions each language makes, and what people add or leave out when they type or dictate
// (capitals, accents, question marks, fillers, "please").

export interface NumberStyle {
  /** Digits only (after "%" or "°", in "17*23"). */
  digitsOnly?: boolean;
  /** Two decimals when not whole (prices). */
  money?: boolean;
}

/** A number as someone would write it in `lang`: digits (with its decimal mark) or words. */
export function writeNumber(ctx: Ctx, value: number, style: NumberStyle = {}): string {
  const { lang, rng } = ctx;
  if (!style.digitsOnly && canSpell(lang, value) && rng.chance(wordChance(value))) {
    let words = spell(value, lang, { reformed: rng.chance(0.3), britishAnd: rng.chance(0.5) });
    if (lang === 'en' && rng.chance(0.4)) words = words.replace(/-/g, ' ');
    if (lang === 'de' && value >= 100 && value < 200 && rng.chance(0.5)) words = words.replace(/^einhundert/, 'hundert');
    return words;
  }
  return writeDigits(ctx, value, style);
}

export function writeDigits(ctx: Ctx, value: number, style: NumberStyle = {}): string {
  const { lang, rng } = ctx;
  const negative = value < 0;
  const magnitude = Math.abs(value);
  let text: string;
  if (Number.isInteger(magnitude)) {
    text = String(magnitude);
    // "1.239" is 1239 in Madrid and 1.239 in Mexico City: Spanish groups only from five digits.
    if (magnitude >= 1000 && rng.chance(0.3) && !(lang === 'es' && magnitude < 10_000)) text = group(text, lang);
  } else {
    text = style.money ? magnitude.toFixed(2) : String(Math.round(magnitude * 1000) / 1000);
    const dot = lang === 'en' || (lang === 'es' && rng.chance(0.25));
    if (!dot) text = text.replace('.', ',');
  }
  return negative ? `-${text}` : text;
}

function group(digits: string, lang: Language): string {
  const separator = { en: ',', fr: ' ', de: '.', es: '.' }[lang];
  return digits.replace(/\B(?=(\d{3})+$)/g, separator);
}

function canSpell(lang: Language, value: number): boolean {
  if (!Number.isInteger(value) || value < 0 || value > 9999) return false;
  if (lang === 'en') return true;
  // "un"/"une", "ein"/"eine", "uno"/"una", "veintiún": the gender of the noun would decide.
  if (value === 1 || (value % 10 === 1 && value % 100 !== 11 && lang !== 'de')) return false;
  // "doscientas libras": Spanish hundreds agree with the noun too.
  if (lang === 'es' && value >= 200 && value < 1000) return false;
  return true;
}

function wordChance(value: number): number {
  if (value <= 20) return 0.4;
  if (value <= 100) return 0.3;
  if (value <= 1000) return 0.12;
  return 0.05;
}

/** Fills `{slot}` (digits or words) and `{slot:d}` (digits) holes, then applies the contractions. */
export function fill(ctx: Ctx, template: string, slots: Slots): string {
  const text = template.replace(/\{(\w+)(:d)?\}/g, (_whole, name: string, digits?: string) => {
    const value = slots[name];
    if (value === undefined) throw new Error(`template "${template}" has no value for {${name}}`);
    return typeof value === 'number' ? writeNumber(ctx, value, { digitsOnly: Boolean(digits) }) : value;
  });
  return contract(ctx.lang, text.replace(/\s+/g, ' ').trim());
}

/** "à le" → "au", "de appeler" → "d'appeler", "a el" → "al". */
export function contract(lang: Language, text: string): string {
  // After a space or the start only: "sería el" is no "a el".
  if (lang === 'fr') {
    return text
      .replace(/(?<=^|[\s'])à le\b/gi, 'au')
      .replace(/(?<=^|[\s'])à les\b/g, 'aux')
      .replace(/(?<=^|\s)de le\b/gi, 'du')
      .replace(/(?<=^|\s)de les\b/g, 'des')
      .replace(/(?<=^|\s)de (?!onze)(?=[aeiouéèêâîôû]|heures?\b)/gi, "d'")
      .replace(/(?<=^|\s)que (?=[aeiouéèêâîôû])/gi, "qu'");
  }
  if (lang === 'es') return text.replace(/(?<=^|\s)a el\b/g, 'al').replace(/(?<=^|\s)de el\b/g, 'del');
  return text;
}

const FILLERS: Record<Language, { any: string[]; familiar: string[]; question: string[] }> = {
  en: { any: ['um', 'uh', 'hey', 'ok so', 'so', 'hmm'], familiar: [], question: ['quick question,', 'hey, do you know'] },
  fr: { any: ['euh', 'bon', 'alors', 'hm', 'euh bon'], familiar: ['dis', 'bon ben'], question: [] },
  de: { any: ['ähm', 'also', 'äh', 'hm', 'ok'], familiar: ['sag mal', 'du,'], question: [] },
  es: { any: ['eh', 'a ver', 'bueno', 'mmm', 'pues'], familiar: ['oye', 'oye,'], question: [] },
};

const PLEASE: Record<Language, { familiar: string[]; polite: string[] }> = {
  en: { familiar: [', please', ' please', ' pls'], polite: [', please'] },
  fr: { familiar: [" s'il te plaît", ' stp', ", s'il te plaît"], polite: [" s'il vous plaît", ' svp', ", s'il vous plaît"] },
  de: { familiar: [' bitte', ', bitte'], polite: [' bitte', ', bitte'] },
  es: { familiar: [' por favor', ', por favor', ' porfa'], polite: [' por favor', ', por favor'] },
};

/**
 * The question as it reaches the assistant: "§" (polite register) removed, and some of the
 * variation of real typing and dictation, drawn from the seeded stream.
 */
export function finish(ctx: Ctx, template: string, filled: string): string {
  const { lang, rng } = ctx;
  const polite = template.startsWith('§');
  let text = filled.replace(/^§\s*/, '');
  const question = /\?$/.test(text);
  let body = text.replace(/\s*\?$/, '');

  if (rng.chance(0.12) && !/please|s'il (te|vous) pla|\bbitte\b|por favor/i.test(body)) body += rng.pick(polite ? PLEASE[lang].polite : PLEASE[lang].familiar);
  // Commas between words left out; a decimal comma stays.
  if (rng.chance(0.25)) body = body.replace(/,(?=\s)/g, '');

  let mark = '';
  if (question && rng.chance(0.65)) mark = lang === 'fr' && rng.chance(0.5) ? ' ?' : '?';
  let opening = '';
  if (lang === 'es' && mark && rng.chance(0.55)) opening = '¿';

  let filler = '';
  if (rng.chance(0.15)) {
    const pool = [...FILLERS[lang].any, ...(polite ? [] : FILLERS[lang].familiar), ...(question && !polite ? FILLERS[lang].question : [])];
    filler = rng.pick(pool);
    // "hey, do you know what time it is": only when the question reads on after it.
    if (filler === 'hey, do you know' && !/^(what|how|which)\b/i.test(body)) filler = 'hey,';
    if (filler === 'hey, do you know') body = body.replace(/^what time is it\b/i, 'what time it is');
    if (!filler.endsWith(',') && rng.chance(0.5)) filler += ',';
  }

  text = `${filler ? `${filler} ` : ''}${opening}${body}${mark}`;
  const casing = rng.next();
  if (casing < 0.3) text = text.toLowerCase();
  else if (casing < 0.75) text = text.replace(/^(¿?)(\p{Ll})/u, (_w, open: string, letter: string) => open + letter.toUpperCase());
  if (rng.chance(lang === 'de' ? 0.12 : 0.2)) text = withoutAccents(lang, text, rng.chance(0.6));
  return text.replace(/\s+/g, ' ').trim();
}

/** Accents left out, as on a keyboard without them; German umlauts as "ae" or as a bare vowel. */
export function withoutAccents(lang: Language, text: string, umlautAsE: boolean): string {
  if (lang === 'de') {
    const spelled = umlautAsE
      ? text.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue')
      : text.replace(/[äÄöÖüÜ]/g, (c) => c.normalize('NFD')[0]!);
    return spelled.replace(/ß/g, 'ss');
  }
  // "ñ" stays: leaving it out changes the word ("año", "ano").
  return text
    .replace(/ñ/g, '\u0000')
    .replace(/Ñ/g, '\u0001')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u0000/g, 'ñ')
    .replace(/\u0001/g, 'Ñ')
    .replace(/¿/g, '');
}
