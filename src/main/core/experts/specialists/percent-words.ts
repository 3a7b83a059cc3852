import { ROLES, SAYS_NOTHING, tokenize } from './calculation-words.ts';

// Percentages read from their parts, in any order: a rate ("15%"), an amount, and at most one
// word saying what to do with them: a tip ("how much tip is 15% of 42", "tip of 15% on 42",
// "how much should I tip on 42 at 15%"), a rise or a cut ("add 5% to 40", "take 20% off 80",
// "80 with a 20% discount"), a tax, or nothing ("15% of 80"). Two amounts and a percentage asked
// for ("what percentage of 50 is 15", "15 out of 50 as a percent") are a share.

export interface PercentReading {
  expression: string;
  spoken: string;
  /** The answer is a percentage. */
  percent: boolean;
  /** A tip: the answer gives the total too. */
  tip?: { base: number };
}

type Cue = 'tip' | 'tax' | 'up' | 'down' | 'asked';

const CUES: Record<string, Cue> = {};
const cue = (kind: Cue, words: string) => words.split(' ').forEach((word) => (CUES[word] = kind));
cue('tip', 'tip tips tipping gratuity');
cue('tax', 'tax vat gst sales');
cue('up', 'increase increased increases increasing raise raised raising add added adding plus + more markup surcharge extra');
cue('down', 'decrease decreased decreases decreasing reduce reduced reduces reducing lower lowered cut off minus - less discount discounted reduction rebate subtract subtracted deduct deducted');
cue('asked', '% percentage');

/** Words of the frame around a percentage question ("leave", "bill", "on top"). */
const ALSO_NOTHING = new Set([
  'leave', 'leaving', 'bill', 'check', 'meal', 'amount', 'price', 'which', 'that', 'it', 'away', 'down', 'up', 'after', 'without', 'including',
  'applied', 'apply', 'put', 'knock', 'take', 'big', 'large', 'want', 'like', 'would', 'does', 'make', 'makes', 'marked', 'mark', 'share',
  'portion', 'proportion', 'part', 'until', 'costs', 'cost',
]);

export function readPercent(text: string): PercentReading | null {
  const tokens = tokenize(
    text
      .replace(/(\d)\s*\/\s*(\d)/g, '$1 over $2')
      .replace(/\bdivided by\b/g, 'over')
      .replace(/\bon top of\b/g, 'plus'),
  );
  const rates: number[] = [];
  const amounts: { value: number; index: number }[] = [];
  const cues = new Set<Cue>();
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'percent') rates.push(token.value);
    else if (token.kind === 'number') amounts.push({ value: token.value, index });
    else if (token.kind === 'fraction') return null;
    else if (token.text in CUES) cues.add(CUES[token.text]!);
    else if (!ROLES.has(token.text) && !SAYS_NOTHING.has(token.text) && !ALSO_NOTHING.has(token.text)) return null;
  }
  const roleBefore = (index: number) => {
    const previous = tokens[index - 1];
    return previous?.kind === 'word' ? previous.text : '';
  };

  if (rates.length === 0 && amounts.length === 2 && cues.has('asked') && cues.size === 1) {
    // The whole is the amount said after "of", "out of", "over", "from" ("15 out of 50"); said
    // with no such word, the larger one.
    const markedBy = (roles: string[]) => amounts.findIndex(({ index }) => roles.includes(roleBefore(index)));
    const marked = markedBy(['over', 'by']) >= 0 ? markedBy(['over', 'by']) : markedBy(['of', 'from']);
    const wholeIndex = marked >= 0 ? marked : amounts[0]!.value > amounts[1]!.value ? 0 : 1;
    const whole = amounts[wholeIndex]!.value;
    const part = amounts[1 - wholeIndex]!.value;
    return { expression: `${part} / ${whole} * 100`, spoken: `${part} out of ${whole}`, percent: true };
  }
  if (rates.length !== 1 || amounts.length !== 1) return null;
  const rate = rates[0]!;
  const base = amounts[0]!.value;
  cues.delete('asked');
  // "80 plus 20% VAT": a tax added or taken off is a rise or a cut.
  if (cues.has('tax') && (cues.has('up') || cues.has('down'))) cues.delete('tax');
  if (cues.size > 1) return null;
  const [kind] = [...cues];
  switch (kind) {
    case 'tip':
      return { expression: `(${rate} / 100) * ${base}`, spoken: `a ${rate}% tip on ${base}`, percent: false, tip: { base } };
    case 'up':
    case 'down':
      return {
        expression: `${base} * (1 ${kind === 'up' ? '+' : '-'} ${rate} / 100)`,
        spoken: /\boff\b/.test(text) ? `${rate}% off ${base}` : `${base} ${kind === 'up' ? 'increased' : 'decreased'} by ${rate}%`,
        percent: false,
      };
    case 'tax':
    case undefined:
      return { expression: `(${rate} / 100) * ${base}`, spoken: `${rate}% of ${base}`, percent: false };
    default:
      return null;
  }
}
