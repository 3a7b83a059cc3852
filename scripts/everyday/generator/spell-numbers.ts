import type { Language } from '../checks.ts';

// Whole numbers written out in words, as a person would type them, for 0 to 9999. The generator's
// own spelling, written apart from the assistant's number reader so that one cannot hide a fault
// of the other. `reformed` writes French with hyphens everywhere (the 1990 spelling).

export interface SpellOptions {
  /** French: "deux-cent-vingt-et-un" rather than "deux cent vingt et un". */
  reformed?: boolean;
  /** English: "one hundred and five" rather than "one hundred five". */
  britishAnd?: boolean;
  /** The form before a feminine noun: "une", "eine", "una" (and "veintiuna", "vingt et une"). */
  feminine?: boolean;
}

export function spell(value: number, language: Language, options: SpellOptions = {}): string {
  if (!Number.isInteger(value) || value < 0 || value > 9999) throw new Error(`cannot spell ${value}`);
  switch (language) {
    case 'en':
      return english(value, options.britishAnd ?? false);
    case 'fr':
      return french(value, options);
    case 'de':
      return german(value, options.feminine ?? false);
    case 'es':
      return spanish(value, options.feminine ?? false);
  }
}

const EN_SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function english(value: number, britishAnd: boolean): string {
  if (value < 20) return EN_SMALL[value]!;
  if (value < 100) return EN_TENS[Math.floor(value / 10)]! + (value % 10 ? `-${EN_SMALL[value % 10]}` : '');
  if (value < 1000) {
    const rest = value % 100;
    return `${EN_SMALL[Math.floor(value / 100)]} hundred${rest ? `${britishAnd ? ' and' : ''} ${english(rest, false)}` : ''}`;
  }
  const rest = value % 1000;
  return `${english(Math.floor(value / 1000), false)} thousand${rest ? `${rest < 100 && britishAnd ? ' and' : ''} ${english(rest, britishAnd)}` : ''}`;
}

const FR_SMALL = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const FR_TENS = ['', 'dix', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

function french(value: number, options: SpellOptions): string {
  const join = options.reformed ? '-' : ' ';
  const one = options.feminine ? 'une' : 'un';
  const below100 = (n: number): string => {
    if (n === 1) return one;
    if (n <= 16) return FR_SMALL[n]!;
    if (n < 20) return `dix-${FR_SMALL[n - 10]}`;
    if (n < 70) {
      const unit = n % 10;
      const tens = FR_TENS[Math.floor(n / 10)]!;
      if (unit === 0) return tens;
      if (unit === 1) return `${tens}${options.reformed ? '-et-' : ' et '}${one}`;
      return `${tens}-${FR_SMALL[unit]}`;
    }
    if (n < 80) return n === 71 ? `soixante${options.reformed ? '-et-' : ' et '}onze` : `soixante-${below100(n - 60)}`;
    if (n === 80) return 'quatre-vingts';
    return `quatre-vingt-${n - 80 === 1 ? one : below100(n - 80)}`;
  };
  const below1000 = (n: number): string => {
    if (n < 100) return below100(n);
    const hundreds = Math.floor(n / 100);
    const rest = n % 100;
    const head = hundreds === 1 ? 'cent' : `${FR_SMALL[hundreds]}${join}cent${rest === 0 ? 's' : ''}`;
    return rest ? `${head}${join}${below100(rest)}` : head;
  };
  if (value === 0) return FR_SMALL[0]!;
  if (value < 1000) return below1000(value);
  const thousands = Math.floor(value / 1000);
  const rest = value % 1000;
  const head = thousands === 1 ? 'mille' : `${below1000(thousands).replace(/cents$/, 'cent')}${join}mille`;
  return rest ? `${head}${join}${below1000(rest)}` : head;
}

const DE_SMALL = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'];
const DE_TENS = ['', '', 'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'];

function german(value: number, feminine: boolean): string {
  const below100 = (n: number, alone: boolean): string => {
    if (n === 1) return alone ? (feminine ? 'eine' : 'eins') : 'ein';
    if (n < 20) return DE_SMALL[n]!;
    const unit = n % 10;
    return unit ? `${unit === 1 ? 'ein' : DE_SMALL[unit]}und${DE_TENS[Math.floor(n / 10)]}` : DE_TENS[Math.floor(n / 10)]!;
  };
  const below1000 = (n: number, alone: boolean): string => {
    if (n < 100) return below100(n, alone);
    const hundreds = Math.floor(n / 100);
    const rest = n % 100;
    return `${hundreds === 1 ? 'ein' : DE_SMALL[hundreds]}hundert${rest ? below100(rest, true).replace(/^eine$/, 'eins') : ''}`;
  };
  if (value < 1000) return below1000(value, true);
  const rest = value % 1000;
  return `${below1000(Math.floor(value / 1000), false)}tausend${rest ? below1000(rest, true) : ''}`;
}

const ES_SMALL = [
  'cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece', 'catorce', 'quince',
  'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve', 'veinte', 'veintiuno', 'veintidós', 'veintitrés', 'veinticuatro', 'veinticinco',
  'veintiséis', 'veintisiete', 'veintiocho', 'veintinueve',
];
const ES_TENS = ['', '', '', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const ES_HUNDREDS = ['', 'ciento', 'doscientos', 'trescientos', 'cuatrocientos', 'quinientos', 'seiscientos', 'setecientos', 'ochocientos', 'novecientos'];

function spanish(value: number, feminine: boolean): string {
  const below100 = (n: number): string => {
    const word = n < 30 ? ES_SMALL[n]! : `${ES_TENS[Math.floor(n / 10)]}${n % 10 ? ` y ${ES_SMALL[n % 10]}` : ''}`;
    return feminine ? word.replace(/uno$/, 'una') : word;
  };
  const below1000 = (n: number): string => {
    if (n < 100) return below100(n);
    if (n === 100) return 'cien';
    const rest = n % 100;
    const hundreds = ES_HUNDREDS[Math.floor(n / 100)]!;
    return `${feminine ? hundreds.replace(/ientos$/, 'ientas') : hundreds}${rest ? ` ${below100(rest)}` : ''}`;
  };
  if (value < 1000) return below1000(value);
  const thousands = Math.floor(value / 1000);
  const rest = value % 1000;
  return `${thousands === 1 ? 'mil' : `${below1000(thousands).replace(/uno$/, 'un')} mil`}${rest ? ` ${below1000(rest)}` : ''}`;
}
