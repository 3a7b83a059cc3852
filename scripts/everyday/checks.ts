import { foldText } from '../../src/main/core/language/to-english.ts';

// How an everyday question's answer is judged (data/everyday/README.md describes the schema). Each
// check is lenient in form (number formats of the language, 12- or 24-hour times, month names in
// any of the four languages, accents and case) and strict in substance (the value itself).

export type Language = 'en' | 'fr' | 'de' | 'es';
export type ReplyKind = 'no_skill' | 'needs_network' | 'needs_model' | 'provider_failed';

export interface Expectation {
  numbers?: number[];
  any?: string[];
  all?: string[];
  time?: string;
  date?: string;
  reply?: ReplyKind;
}

export interface EverydayQuestion {
  id: string;
  lang: Language;
  category: string;
  q: string;
  session?: string;
  expect: Expectation;
}

/** What the assistant gave: its answer and, for an unanswered question, what it said was missing. */
export interface Answer {
  text: string;
  unanswered: ReplyKind | null;
}

export const fold = foldText;

/** Every number written in `text`, read with the conventions of `lang` and of English. */
export function numbersIn(text: string, lang: Language): number[] {
  const values: number[] = [];
  // Digits with group separators (space, thin space, dot or comma) and a decimal part.
  for (const match of text.replace(/\u2212/g, '-').matchAll(/-?\d[\d\u00a0\u202f ,.']*/g)) {
    const raw = match[0].replace(/[\s,.']+$/, '');
    for (const value of readings(raw, lang)) values.push(value);
  }
  return values;
}

function readings(raw: string, lang: Language): number[] {
  const compact = raw.replace(/[\u00a0\u202f ']/g, '');
  const out = new Set<number>();
  const commaDecimal = lang !== 'en';
  const asEnglish = Number(compact.replace(/,(?=\d{3}(\D|$))/g, '').replace(/,/g, ''));
  const asContinental = Number(compact.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.'));
  if (Number.isFinite(asEnglish)) out.add(asEnglish);
  if (commaDecimal && Number.isFinite(asContinental)) out.add(asContinental);
  if (!commaDecimal && /^\d+,\d{1,2}$/.test(compact) && Number.isFinite(asContinental)) out.add(asContinental);
  // "1 234,5" split by a plain space reads as two numbers too.
  for (const part of raw.split(/[\s\u00a0\u202f]+/)) {
    const value = Number(part.replace(',', lang === 'en' ? '' : '.'));
    if (part && Number.isFinite(value)) out.add(value);
  }
  return [...out];
}

const close = (a: number, b: number) => (b === 0 ? Math.abs(a) < 1e-9 : Math.abs(a - b) / Math.abs(b) <= 0.005 || Math.abs(a - b) < 0.006);

export function hasNumber(text: string, lang: Language, expected: number): boolean {
  return numbersIn(text, lang).some((value) => close(value, expected));
}

/** "23:04", "23 h 04", "23h04", "11:04 PM", "11:04 p.m." all say 23:04. */
export function hasTime(text: string, expected: string): boolean {
  const [hours, minutes] = expected.split(':').map(Number) as [number, number];
  const folded = fold(text);
  for (const match of folded.matchAll(/(\d{1,2})\s*(?::|h|\.)\s*(\d{2})(?:\s*(a\.?\s?m\.?|p\.?\s?m\.?))?/g)) {
    let h = Number(match[1]);
    const m = Number(match[2]);
    const half = match[3]?.[0];
    if (half === 'p' && h < 12) h += 12;
    if (half === 'a' && h === 12) h = 0;
    if (h === hours && m === minutes) return true;
  }
  if (minutes === 0) {
    for (const match of folded.matchAll(/\b(\d{1,2})\s*(a\.?\s?m\.?|p\.?\s?m\.?|uhr|h\b)/g)) {
      let h = Number(match[1]);
      const half = match[2]![0];
      if (half === 'p' && h < 12) h += 12;
      if (half === 'a' && h === 12) h = 0;
      if (h === hours) return true;
    }
  }
  return false;
}

const MONTHS: string[][] = [
  ['january', 'janvier', 'januar', 'enero', 'jan'],
  ['february', 'fevrier', 'februar', 'febrero', 'feb'],
  ['march', 'mars', 'marz', 'marzo', 'mar'],
  ['april', 'avril', 'april', 'abril', 'apr'],
  ['may', 'mai', 'mai', 'mayo'],
  ['june', 'juin', 'juni', 'junio', 'jun'],
  ['july', 'juillet', 'juli', 'julio', 'jul'],
  ['august', 'aout', 'august', 'agosto', 'aug'],
  ['september', 'septembre', 'september', 'septiembre', 'sep', 'sept'],
  ['october', 'octobre', 'oktober', 'octubre', 'oct', 'okt'],
  ['november', 'novembre', 'november', 'noviembre', 'nov'],
  ['december', 'decembre', 'dezember', 'diciembre', 'dec', 'dez'],
];
const WEEKDAYS: string[][] = [
  ['sunday', 'dimanche', 'sonntag', 'domingo'],
  ['monday', 'lundi', 'montag', 'lunes'],
  ['tuesday', 'mardi', 'dienstag', 'martes'],
  ['wednesday', 'mercredi', 'mittwoch', 'miercoles'],
  ['thursday', 'jeudi', 'donnerstag', 'jueves'],
  ['friday', 'vendredi', 'freitag', 'viernes'],
  ['saturday', 'samedi', 'samstag', 'sabado'],
];

/** The day number with its month name (any of the four languages), or an ISO date, or the weekday. */
export function hasDate(text: string, iso: string, weekdayAsked: boolean): boolean {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const folded = fold(text);
  if (folded.includes(iso)) return true;
  const names = MONTHS[month - 1]!;
  const dayPattern = new RegExp(String.raw`(?<!\d)0?${day}(?:st|nd|rd|th|er|\.)?(?!\d)`);
  const monthPattern = new RegExp(String.raw`\b(?:${names.join('|')})\b`);
  if (dayPattern.test(folded) && monthPattern.test(folded)) return true;
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return weekdayAsked && new RegExp(String.raw`\b(?:${weekday.join('|')})\b`).test(folded);
}

const WEEKDAY_QUESTION = /\b(?:weekday|day of the week|what day|which day|quel jour|welcher tag|welchen tag|wochentag|que dia|qué día|jour de la semaine|dia de la semana)\b/;

export interface Verdict {
  ok: boolean;
  /** What did not hold, for the report. */
  failed: string[];
}

export function judge(question: EverydayQuestion, answer: Answer): Verdict {
  const failed: string[] = [];
  const { expect } = question;
  const text = answer.text;
  const folded = fold(text);
  for (const value of expect.numbers ?? []) if (!hasNumber(text, question.lang, value)) failed.push(`number ${value}`);
  if (expect.any && !expect.any.some((part) => folded.includes(fold(part)))) failed.push(`any of ${JSON.stringify(expect.any)}`);
  for (const part of expect.all ?? []) if (!folded.includes(fold(part))) failed.push(`"${part}"`);
  if (expect.time && !hasTime(text, expect.time)) failed.push(`time ${expect.time}`);
  if (expect.date && !hasDate(text, expect.date, WEEKDAY_QUESTION.test(fold(question.q)))) failed.push(`date ${expect.date}`);
  if (expect.reply && answer.unanswered !== expect.reply) failed.push(`reply ${expect.reply} (said ${answer.unanswered ?? 'an answer'})`);
  if (!expect.reply && answer.unanswered !== null) failed.push(`answered nothing (${answer.unanswered})`);
  return { ok: failed.length === 0, failed };
}

export function parseQuestions(text: string, source: string): EverydayQuestion[] {
  return text
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, index }) => {
      const record = JSON.parse(line) as EverydayQuestion;
      if (typeof record.q !== 'string' || typeof record.id !== 'string' || !['en', 'fr', 'de', 'es'].includes(record.lang) || typeof record.expect !== 'object') {
        throw new Error(`${source}:${index + 1}: expected {"id", "lang": en|fr|de|es, "category", "q", "expect"}`);
      }
      return record;
    });
}
