import type { Language } from './language.ts';

// Number words of French, German and Spanish to digits ("dix-sept" -> 17, "dreiundzwanzig" -> 23,
// "veintitrés" -> 23, "deux cent cinquante" -> 250), on folded text (lowercase, no accents).
// English number words are read by the calculator's own phrasing.

const UNITS: Record<Exclude<Language, 'en'>, Record<string, number>> = {
  fr: {
    zero: 0, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
    onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, trente: 30, quarante: 40,
    cinquante: 50, soixante: 60, septante: 70, huitante: 80, octante: 80, nonante: 90, vingts: 20,
  },
  de: {
    null: 0, ein: 1, eins: 1, eine: 1, einen: 1, zwei: 2, drei: 3, vier: 4, funf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9,
    zehn: 10, elf: 11, zwolf: 12, dreizehn: 13, vierzehn: 14, funfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18,
    neunzehn: 19, zwanzig: 20, dreissig: 30, vierzig: 40, funfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90,
  },
  es: {
    cero: 0, uno: 1, una: 1, un: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
    once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
    veinte: 20, veintiuno: 21, veintiun: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25, veintiseis: 26,
    veintisiete: 27, veintiocho: 28, veintinueve: 29, treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70,
    ochenta: 80, noventa: 90,
  },
};

const HUNDREDS: Record<Exclude<Language, 'en'>, Record<string, number>> = {
  fr: { cent: 100, cents: 100 },
  de: { hundert: 100 },
  es: { cien: 100, ciento: 100, doscientos: 200, trescientos: 300, cuatrocientos: 400, quinientos: 500, seiscientos: 600, setecientos: 700, ochocientos: 800, novecientos: 900 },
};
const THOUSANDS: Record<Exclude<Language, 'en'>, string[]> = { fr: ['mille'], de: ['tausend'], es: ['mil'] };
/** Words that join parts of one number ("vingt et un", "treinta y dos"). */
const JOINERS: Record<Exclude<Language, 'en'>, string[]> = { fr: ['et'], de: ['und'], es: ['y'] };

/** "dreiundzwanzig" -> [3, 20]; "siebenhundertzwolf" -> null (left to the token reader below). */
function germanCompound(word: string): number | null {
  const units = UNITS.de;
  if (word in units) return units[word]!;
  const hundred = /^(.*?)hundert(.*)$/.exec(word);
  if (hundred) {
    const head = hundred[1] === '' ? 1 : germanCompound(hundred[1]!);
    const tail = hundred[2] === '' ? 0 : germanCompound(hundred[2]!.replace(/^und/, ''));
    return head === null || tail === null ? null : head * 100 + tail;
  }
  const thousand = /^(.*?)tausend(.*)$/.exec(word);
  if (thousand) {
    const head = thousand[1] === '' ? 1 : germanCompound(thousand[1]!);
    const tail = thousand[2] === '' ? 0 : germanCompound(thousand[2]!.replace(/^und/, ''));
    return head === null || tail === null ? null : head * 1000 + tail;
  }
  const compound = /^(ein|zwei|drei|vier|funf|sechs|sieben|acht|neun)und(zwanzig|dreissig|vierzig|funfzig|sechzig|siebzig|achtzig|neunzig)$/.exec(word);
  if (compound) return units[compound[1]!]! + units[compound[2]!]!;
  return null;
}

function wordValue(language: Exclude<Language, 'en'>, word: string): number | null {
  if (language === 'de') return germanCompound(word);
  const parts = word.split('-');
  if (parts.some((part) => part in UNITS[language]) && parts.every((part) => part in UNITS[language] || JOINERS[language].includes(part))) {
    // "quatre-vingt-dix": 4 * 20 + 10.
    let value = 0;
    for (const part of parts) {
      if (JOINERS[language].includes(part)) continue;
      const unit = UNITS[language][part]!;
      value = (part === 'vingt' || part === 'vingts') && value > 0 && value < 20 ? value * 20 : value + unit;
    }
    return value;
  }
  if (parts.length === 1 && word in HUNDREDS[language]) return HUNDREDS[language][word]!;
  return null;
}

const ARTICLES = new Set(['un', 'une', 'uno', 'una', 'ein', 'eine', 'einen']);
const OPERATORS = new Set(['plus', 'moins', 'fois', 'mas', 'menos', 'mal', 'minus']);
/** Words after "un", "uno", "eins" that make it the number one: "un sur vingt", "uno entre cinco". */
const AFTER_ONE = new Set(['sur', 'sobre', 'par', 'por', 'entre', 'durch', 'von', 'plus', 'moins', 'fois', 'mas', 'menos', 'mal', 'minus', 'de']);

/** Replaces runs of number words with their digits; other words are kept. */
export function numberWordsToDigits(text: string, language: Language): string {
  if (language === 'en') return text;
  // Punctuation after a word is its own word here ("cinquante-neuf," is a number and a comma), and
  // French hyphenated numbers are read part by part ("deux-cent-vingt-et-un").
  const words = text
    .replace(/([\p{L}\d])([,;!?]+)(?=\s|$)/gu, '$1 $2')
    .split(' ')
    .flatMap((word) => (language === 'fr' && word.includes('-') && word.split('-').every((part) => isFrenchNumberPart(part)) ? word.split('-') : [word]));
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    let total = 0;
    let group = 0;
    let seen = false;
    /** The value the last word added, for "quatre vingt" (4 * 20) said apart. */
    let last = 0;
    let next = index;
    while (next < words.length) {
      const word = words[next]!;
      // "treinta y dos", "vingt et un": a joiner only between tens and a unit ("dieciocho y catorce" are two numbers).
      const following = next + 1 < words.length ? wordValue(language, words[next + 1]!) : null;
      const joins = language === 'fr' ? following === 1 || (following === 11 && group % 100 === 60) : following !== null && following < 10;
      if (seen && JOINERS[language].includes(word) && joins && group % 10 === 0 && group % 100 >= 20) {
        next++;
        continue;
      }
      if (seen && THOUSANDS[language].includes(word)) {
        total += (group || 1) * 1000;
        group = 0;
        next++;
        continue;
      }
      if (!seen && THOUSANDS[language].includes(word) && next + 1 < words.length) {
        total += 1000;
        seen = true;
        next++;
        continue;
      }
      const value = wordValue(language, word);
      if (value === null) break;
      // "ochenta un 15 %": an article before a number is not part of the number before it; and
      // Spanish joins tens and units only with "y" ("ochenta y uno").
      if (seen && ARTICLES.has(word) && /^\d/.test(words[next + 1] ?? '')) break;
      if (seen && language === 'es' && value < 10 && last >= 20 && last < 100 && last % 10 === 0 && words[next - 1] !== 'y') break;
      // "pour cent" is a percent sign, not a hundred.
      // ... unless a number follows it and none comes before: "pour cent quarante euros" is 140.
      const isNumber = (candidate: string | undefined) => candidate !== undefined && (/^\d/.test(candidate) || wordValue(language, candidate) !== null);
      const percentSign = isNumber(words[next - 2]) || !isNumber(words[next + 1]);
      if (!seen && percentSign && ((language === 'fr' && /^cents?$/.test(word) && words[next - 1] === 'pour') || (language === 'es' && word === 'ciento' && words[next - 1] === 'por'))) break;
      if ((word === 'cent' || word === 'cents') && seen) group = (group || 1) * 100;
      else if (value === 100 && language === 'es' && seen) group = group * 100;
      else if ((word === 'vingt' || word === 'vingts') && seen && last > 1 && last < 20) group += last * 19;
      else group += value;
      last = value;
      seen = true;
      next++;
    }
    // A lone "un", "una", "ein" is an article far more often than the number one.
    // ("plus un", "mal eins" are numbers.)
    // ("plus un", "mal eins" are numbers; "menos un 30 %" is an article again.)
    if (seen && next === index + 1 && ARTICLES.has(words[index]!) && !AFTER_ONE.has(words[next] ?? '') && (!OPERATORS.has(words[index - 1] ?? '') || /^\d/.test(words[next] ?? ''))) seen = false;
    if (seen) {
      out.push(String(total + group));
      index = next;
    } else {
      out.push(words[index]!);
      index++;
    }
  }
  return out.join(' ').replace(/(?<=[\p{L}\d]) ([,;!?]+)(?=\s|$)/gu, '$1');
}

const isFrenchNumberPart = (part: string) => part in UNITS.fr || part in HUNDREDS.fr || THOUSANDS.fr.includes(part) || JOINERS.fr.includes(part);
