import type { MathType, Unit } from 'mathjs';
import type { Language } from '../../language/language.ts';
import { abstain, type Agent, type AgentAbstention, type AgentContext, type AgentOutput } from '../../moe/agent.ts';
import { phraseToExpression } from './calculator-phrasing.ts';
import { checkExpression, evaluateChecked, formatMath, MAX_EXPRESSION_LENGTH, typeOf } from './safe-math.ts';
import { unitKey, unitWord, type UnitPart } from './unit-names.ts';
import { supportedLocale } from './zoned-time.ts';

// Arithmetic and unit conversion with mathjs, from natural phrasing. Numbers are written in the
// user's locale (1,234.5 or 1.234,5), so cached answers vary by locale.

const NOT_MINE = 'not arithmetic or a unit conversion';
const UNIT_SYMBOLS: Record<string, string> = { degC: '°C', degF: '°F', floz: 'fl oz', kph: 'km/h' };

export function createCalculatorAgent(): Agent {
  return {
    name: 'calculator',
    description:
      'Does arithmetic, percentages, powers and roots, trigonometry and unit conversions (length, weight, volume, temperature, speed, area, time, data) from plain-language questions.',
    capabilities: ['arithmetic', 'percentages', 'square roots and powers', 'unit conversion', 'temperature conversion'],
    examples: CALCULATOR_EXAMPLES,
    provider: 'local',
    cache: { cacheable: true, varyBy: ['locale'] },
    selfSelecting: true,
    dependsOn: [],
    async execute(query, context, signal) {
      signal.throwIfAborted();
      return calculate(query, context);
    },
  };
}

const SAY = {
  result: (language: Language, subject: string, answer: string): string =>
    ({ en: `${subject} is ${answer}.`, fr: `Ça fait ${answer}.`, de: `Das ergibt ${answer}.`, es: `El resultado es ${answer}.` })[language],
  tip: (language: Language, subject: string, tip: string, total: string): string =>
    ({
      en: `${subject} is ${tip}, so ${total} in total.`,
      fr: `Le pourboire fait ${tip}, soit ${total} au total.`,
      de: `Das Trinkgeld beträgt ${tip}, zusammen ${total}.`,
      es: `La propina es de ${tip}, en total ${total}.`,
    })[language],
  divisionByZero: {
    en: "That's undefined: you can't divide by zero.",
    fr: "C'est indéfini : on ne peut pas diviser par zéro.",
    de: 'Das ist nicht definiert: Durch null kann man nicht teilen.',
    es: 'No está definido: no se puede dividir entre cero.',
  } satisfies Record<Language, string>,
};

export function calculate(query: string, context: Pick<AgentContext, 'locale'> & Partial<Pick<AgentContext, 'language'>>): AgentOutput | AgentAbstention {
  const locale = supportedLocale(context.locale);
  if (query.length > MAX_EXPRESSION_LENGTH * 2) {
    return { text: `That's too long for the calculator; keep a calculation under ${MAX_EXPRESSION_LENGTH} characters.`, confidence: 0.1 };
  }
  const phrased = phraseToExpression(query);
  if (!phrased) return abstain(NOT_MINE);

  const checked = checkExpression(phrased.expression);
  if (!checked.ok) {
    // Words the calculator does not know mean the question is about something else.
    return abstain(`${NOT_MINE} (${checked.reason})`);
  }

  // mathjs says Infinity for 10 / 0; arithmetic says undefined.
  if (/(?:\/|\bmod\b)\s*\(?\s*-?0+(?:\.0+)?\s*\)?(?![\d.])/.test(phrased.expression)) {
    return { text: SAY.divisionByZero[context.language ?? 'en'], confidence: 0.95, data: { expression: phrased.expression, value: null } };
  }

  let result: MathType;
  try {
    result = evaluateChecked(checked);
  } catch (error) {
    const message = (error as Error).message;
    const text = /Units do not match/.test(message)
      ? `I can't convert that: the units measure different things (${message}).`
      : `I couldn't calculate that: ${message}.`;
    return { text, confidence: 0.3, data: { expression: phrased.expression, error: message } };
  }

  const language = context.language ?? 'en';
  const formatted = formatResult(result, locale, phrased.conversion, language);
  if (formatted === null) return abstain(`${NOT_MINE} (the result of ${phrased.expression} is not a number or a quantity)`);
  const subject = /^[a-z]+\(/.test(phrased.spoken) ? phrased.spoken : phrased.spoken.charAt(0).toUpperCase() + phrased.spoken.slice(1);
  // A tip is money: to the cent, and its total with it.
  const tip = phrased.tip && typeof formatted.value === 'number' ? { amount: formatMoney(formatted.value, locale), total: formatMoney(phrased.tip.base + formatted.value, locale) } : null;
  const answer = tip ? tip.amount : `${formatted.text}${phrased.percent ? '%' : ''}`;
  return {
    text: tip ? SAY.tip(language, subject, answer, tip.total) : SAY.result(language, subject, answer),
    confidence: formatted.finite ? 0.95 : 0.6,
    data: { expression: phrased.expression, value: formatted.value, unit: formatted.unit, formatted: answer },
  };
}

interface FormattedResult {
  text: string;
  value: number | string | boolean;
  unit: string | null;
  finite: boolean;
}

function formatResult(result: MathType, locale: string, conversion: boolean, language: Language): FormattedResult | null {
  const type = typeOf(result);
  // mathjs' MathType leaves out booleans, which comparisons ("5 > 3") return.
  const raw: unknown = result;
  if (type === 'number') {
    const value = result as number;
    return { text: formatNumber(value, locale, 12), value, unit: null, finite: Number.isFinite(value) };
  }
  if (type === 'Unit') {
    const unit = result as Unit;
    const name = unit.formatUnits();
    const value = unit.toNumeric(name) as number;
    // mathjs types a unit's prefix as a string; at run time it is the prefix object.
    const parts = unit.units.map((part) => ({ name: part.unit.name, prefix: prefixName(part.prefix as unknown), power: part.power }));
    const key = unitKey(parts);
    // A conversion is read to the digits that matter ("22.2 °C", "16.1 km"); other results in full.
    const decimals = conversion ? decimalsPeopleRead(value) : null;
    const shown = decimals === null ? value : Number(value.toFixed(decimals));
    const number = decimals === null ? formatNumber(value, locale, 12) : formatRounded(value, locale, decimals);
    const word = key ? unitWord(key, shown, language) : null;
    return { text: `${number} ${word ?? symbolOf(name, parts)}`, value, unit: name, finite: Number.isFinite(value) };
  }
  if (typeof raw === 'boolean') return { text: String(raw), value: raw, unit: null, finite: true };
  if (type === 'Complex' || type === 'Fraction' || type === 'BigNumber') {
    const text = formatMath(result, 12);
    return { text, value: text, unit: null, finite: true };
  }
  return null;
}

const prefixName = (prefix: unknown): string => (typeof prefix === 'string' ? prefix : ((prefix as { name?: string } | null)?.name ?? ''));

/** A unit no table names: its short form, with powers as exponents ("m²"). */
function symbolOf(name: string, parts: readonly UnitPart[]): string {
  const single = parts.length === 1 ? unitKey([{ ...parts[0]!, power: 1 }]) : null;
  if (single && parts[0]!.power > 1) return `${single}${parts[0]!.power === 2 ? '²' : '³'}`;
  return (UNIT_SYMBOLS[name] ?? name).replace(/\^2\b/g, '²').replace(/\^3\b/g, '³');
}

/** As many decimals as people read in a converted quantity: 177, 22.2, 1.83, 0.907. */
function decimalsPeopleRead(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || !Number.isFinite(abs)) return 0;
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return Math.min(8, 2 - Math.floor(Math.log10(abs)));
}

const formatRounded = (value: number, locale: string, decimals: number): string => new Intl.NumberFormat(locale, { maximumFractionDigits: decimals }).format(value);
const formatMoney = (value: number, locale: string): string => formatRounded(Math.round(value * 100) / 100, locale, 2);

/** Rounded to `significant` digits to hide binary noise (0.1 + 0.2 is 0.3), grouped per locale. */
export function formatNumber(value: number, locale: string, significant: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? 'infinity' : 'minus infinity';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-6)) return formatMath(value, Math.min(significant, 10));
  return numberFormat(locale, significant).format(value);
}

/** Built once per locale and precision: building one takes a few hundredths of a millisecond, and every answer with a number needs one. */
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, significant: number): Intl.NumberFormat {
  const key = `${locale}|${significant}`;
  let format = numberFormats.get(key);
  if (!format) {
    if (numberFormats.size >= 100) numberFormats.clear();
    format = new Intl.NumberFormat(locale, { maximumSignificantDigits: significant });
    numberFormats.set(key, format);
  }
  return format;
}

const CALCULATOR_EXAMPLES = [
  'what is 15% of 240',
  '12 times 7',
  'what is 1234 plus 5678',
  'calculate 81 divided by 9',
  "what's 2 to the power of 10",
  'square root of 144',
  'what is the cube root of 27',
  '7 squared',
  '5 factorial',
  'what is 3.5 * (2 + 4)',
  '100 minus 37',
  'what is twelve times seven',
  '30 is what percent of 120',
  'what is 20% off 80',
  'sine of 30 degrees',
  'log base 2 of 1024',
  'convert 5 miles to km',
  'how many ounces in a pound',
  '72 fahrenheit in celsius',
  'what is 100 degrees celsius in fahrenheit',
  'how many centimeters are in 3 feet',
  'convert 10 kilograms to pounds',
  'how many liters in a gallon',
  '60 miles per hour in kilometers per hour',
  'how many seconds in a day',
  'convert 500 grams to ounces',
  'how many teaspoons in a tablespoon',
  '1 acre in square meters',
  'how many megabytes in a gigabyte',
  'what is 6 feet in meters',
];
