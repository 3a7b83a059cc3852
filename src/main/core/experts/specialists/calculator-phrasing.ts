import { readOperation } from './calculation-words.ts';
import { readPercent } from './percent-words.ts';
import { isKnownUnit, isUnitExpression } from './safe-math.ts';

// Turns spoken or typed arithmetic ("what is 15% of 240", "how many ounces in a pound", "twelve
// times seven") into a mathjs expression. Returns null when the text holds no calculation at all.

export interface Phrased {
  expression: string;
  /** The question as it should be read back before the answer, e.g. "15% of 240". */
  spoken: string;
  conversion: boolean;
  /** The answer is a percentage (e.g. "30 is what percent of 120"). */
  percent: boolean;
  /** A tip: the answer also gives the total (base + tip). */
  tip?: { base: number };
}

const FILLERS =
  /^(?:hey|hi|ok|okay|so|well|right|alright|um|uh|please|quick question|can you|could you|would you|will you|tell me|calculate|compute|work out|figure out|evaluate|solve|convert|express|change|turn|i need|i want|i'd like|i would like|give me|what(?:'s| is| are| does| do)|whats|how much is|how much are|how much|an?(?= \d))\b[\s,]*/;
const TRAILERS = /[\s,]*(?<![a-z])(?:please|pls|plz|thanks|thank you|thx|ty|cheers|(?:equals?|makes?|is|gives?|comes? to)(?: what| how much)?|=|come to|give me|for me|exactly|approximately|roughly|altogether|in total|all together)$/;

const UNIT_ALIASES: [RegExp, string][] = [
  [/\bmiles? per hour\b/g, 'mph'],
  [/\bkilomet(?:er|re)s? (?:per|an) hour\b|\bkm ?\/ ?h\b/g, 'kph'],
  [/\bmet(?:er|re)s? per second\b/g, 'm/s'],
  [/\bfluid ounces?\b|\bfl\.? ?oz\b/g, 'floz'],
  [/\bsquare (?!roots?\b)(\w+?)s?\b/g, '$1^2'],
  [/\bcubic (\w+?)s?\b/g, '$1^3'],
  [/\bpounds?\b|\blbs\b/g, 'lb'],
  [/\b(km|kg|cm|mm|ml|mi)s\b/g, '$1'],
  [/\bounces?\b/g, 'oz'],
  [/\bstones\b/g, 'stone'],
  [/\btablespoons?\b/g, 'tbsp'],
  [/\bteaspoons?\b/g, 'tsp'],
  [/\b(kilo|centi|milli)?metres?\b/g, '$1meter'],
  [/\b(milli|centi)?litres?\b/g, '$1liter'],
  [/\b(?:degrees? )?fahrenheit\b|°\s?f\b/g, 'degF'],
  [/\b(?:degrees? )?(?:celsius|centigrade)\b|°\s?c\b/g, 'degC'],
  [/\b(?:degrees? )?kelvins?\b/g, 'K'],
  [/(\d)\s*(?:degrees? )?f\b/g, '$1 degF'],
  [/(\d)\s*(?:degrees? )?c\b/g, '$1 degC'],
  [/\b(to|in|into) (?:degrees? )?f$/g, '$1 degF'],
  [/\b(to|in|into) (?:degrees? )?c$/g, '$1 degC'],
  [/^(?:degrees? )?c$/g, 'degC'],
  [/^(?:degrees? )?f$/g, 'degF'],
];

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

export function phraseToExpression(query: string): Phrased | null {
  let text = query
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[×]/g, ' * ')
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    // "32 : 4", as French and German write a division (a time has no spaces: "17:30")
    .replace(/(\d) : (?=\d)/g, '$1 / ')
    .replace(/[÷]/g, ' / ')
    .replace(/[−–]/g, '-')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    // "3,5": a decimal comma (a thousands comma has three digits after it).
    .replace(/(\d),(\d{1,2})(?!\d)/g, '$1.$2')
    .replace(/[$€£¥](?=\s?\d)/g, '')
    .replace(/\b(?:dollars?|bucks|euros?|usd|eur|gbp)\b|(?<=\d)\s?[$€£¥]/g, '')
    .replace(/\bu\.?s\.?[ -](?=(?:cups?|gallons?|pints?|quarts?|fluid|fl|ounces?|oz|tablespoons?|teaspoons?)\b)/g, '')
    // "I'm 5 feet 10 inches, what's that in cm": the quantity, then what to say it in.
    .replace(/^(?:i'?m|i am|it'?s|it is|that'?s|he'?s|she'?s) (.+?),? (?:so )?(?:what'?s|what is|how much is|how many is) (?:that|this|it) (in|to) (.+)$/, '$1 $2 $3')
    .replace(/\?+|(?<![\d)\s])!+|!+(?=\s*$)(?<![\d)]!*)/g, ' ')
    // "one-third", "three-fourths": a count and a fraction
    .replace(/\b([a-z]+)-(half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)\b/g, '$1 $2')
    // "20 kg converted to pounds": the quantity, then what to say it in
    .replace(/\b(?:converted|changed|turned|expressed)(?= (?:to|into|in)\b)/g, '')
    .replace(/\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(FILLERS, '').replace(TRAILERS, '').trim();
  }
  text = wordsToNumbers(text);
  if (!/\d|\b(?:pi|e|tau|phi)\b/.test(text) && !/\bhow many\b/.test(text)) return null;

  // "250 grams is how many oz", "5 miles = how many km": the quantity first.
  text = text.replace(/^(.+?) (?:is|are|equals?|=|makes?|gives?)? ?how many (.+)$/, 'how many $2 in $1');
  const howMany =
    /^how many (.+?) (?:are |is )?(?:there )?in (?:an? |one )?(.+)$/.exec(text) ??
    /^how many (.+?) (?:is|are|make|makes|equals?|in) (\d.+)$/.exec(text);
  if (howMany) {
    const target = units(howMany[1]!);
    const source = /^-?\d/.test(howMany[2]!) ? units(howMany[2]!) : `1 ${units(howMany[2]!)}`;
    return conversion(source, target, `${howMany[2]!.match(/^-?\d/) ? howMany[2]! : `1 ${howMany[2]!}`}`);
  }

  // The last " in "/" to " whose right side is a unit: "5 ft 3 in to cm" splits before "cm".
  const separators = [...text.matchAll(/ (?:in|to|into|as)(?= \S)/g)].reverse();
  for (const separator of separators) {
    const source = text.slice(0, separator.index);
    const target = units(text.slice(separator.index + separator[0].length + 1));
    if (/\d/.test(source) && !/^\d/.test(target) && isUnitExpression(target)) return conversion(units(source), target, source);
  }

  const percent = readPercent(text);
  if (percent) return { expression: percent.expression, spoken: percent.spoken, conversion: false, percent: percent.percent, ...(percent.tip ? { tip: percent.tip } : {}) };
  const worded = readOperation(text);
  if (worded) return { expression: worded.expression, spoken: worded.spoken, conversion: false, percent: false };

  return { expression: toOperators(units(text)), spoken: text, conversion: false, percent: false };
}

function conversion(source: string, target: string, spokenSource: string): Phrased {
  return { expression: `${toOperators(source)} to ${target}`, spoken: spokenSource.trim(), conversion: true, percent: false };
}

/** Unit words to mathjs units ("pounds" -> "lb"), and plurals mathjs lacks to their singular. */
function units(text: string): string {
  let out = text.trim().replace(/^(?:an?|one|the) /, '');
  for (const [pattern, replacement] of UNIT_ALIASES) out = out.replace(pattern, replacement);
  out = out.replace(/\b([a-z]{3,})s\b/g, (word, singular: string) => (!isKnownUnit(word) && isKnownUnit(singular) ? singular : word));
  // "5 ft 3 in", "2 lb 4 oz": one quantity in two units.
  return out.replace(/(\d+(?:\.\d+)?) ([a-z]+) (?:and )?(\d+(?:\.\d+)?) ([a-z]+)\b/g, (whole, a: string, first: string, b: string, second: string) =>
    isKnownUnit(first) && isKnownUnit(second) ? `(${a} ${first} + ${b} ${second === 'in' ? 'inch' : second})` : whole,
  );
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;

function toOperators(text: string): string {
  return text
    .replace(new RegExp(String.raw`\b(?:the )?(?:sales tax|tax|vat|gst)(?: of| at)? (${NUMBER}) ?(?:%|percent) (?:on|of|for) (${NUMBER})\b`, 'g'), '($1 / 100) * $2')
    .replace(new RegExp(String.raw`\b(${NUMBER}) ?(?:%|percent)(?: tip)? (?:of|on|for) (${NUMBER})\b`, 'g'), '($1 / 100) * $2')
    .replace(new RegExp(String.raw`\b(${NUMBER}) ?(?:%|percent) off (${NUMBER})\b`, 'g'), '$2 * (1 - $1 / 100)')
    .replace(new RegExp(String.raw`\b(${NUMBER}) ?(?:%|percent) (?:discount|reduction|rebate) (?:on|of|for) (${NUMBER})\b`, 'g'), '$2 * (1 - $1 / 100)')
    .replace(new RegExp(String.raw`\b(?:a )?(?:discount|reduction) of (${NUMBER}) ?(?:%|percent) (?:on|of|for) (${NUMBER})\b`, 'g'), '$2 * (1 - $1 / 100)')
    .replace(new RegExp(String.raw`\b(${NUMBER}) ?(?:%|percent) (?:sales tax|tax|vat|gst|tip|gratuity|service charge|service|interest|commission) (?:on|of|for) (${NUMBER})\b`, 'g'), '($1 / 100) * $2')
    .replace(/\bpercent\b/g, '%')
    .replace(new RegExp(String.raw`\b(?:the )?(square|cube) root of (${NUMBER})`, 'g'), (_all, kind: string, value: string) =>
      `${kind === 'square' ? 'sqrt' : 'cbrt'}(${value})`,
    )
    .replace(new RegExp(String.raw`\b(?:the )?(\d+)(?:st|nd|rd|th) root of (${NUMBER})`, 'g'), 'nthRoot($2, $1)')
    .replace(new RegExp(String.raw`\b(?:the )?(?:natural log(?:arithm)?|ln) (?:of )?(${NUMBER})`, 'g'), 'log($1)')
    .replace(new RegExp(String.raw`\blog(?:arithm)? base (\d+) of (${NUMBER})`, 'g'), 'log($2, $1)')
    .replace(new RegExp(String.raw`\b(?:the )?log(?:arithm)? (?:of )?(${NUMBER})`, 'g'), 'log10($1)')
    .replace(
      new RegExp(String.raw`\b(?:the )?(sin|cos|tan|sine|cosine|tangent) (?:of )?(${NUMBER}) ?(degrees?|deg|radians?|rad)?`, 'g'),
      (_all, fn: string, value: string, unit: string | undefined) =>
        `${fn.slice(0, 3)}(${value}${unit?.startsWith('rad') ? '' : ' deg'})`,
    )
    .replace(new RegExp(String.raw`\b(?:the )?absolute value of (${NUMBER})`, 'g'), 'abs($1)')
    .replace(new RegExp(String.raw`\b(?:the )?factorial of (${NUMBER})`, 'g'), '$1!')
    .replace(/ factorial\b/g, '!')
    .replace(/ squared\b/g, '^2')
    .replace(/ cubed\b/g, '^3')
    .replace(/ (?:to the power of|raised to the power of|raised to|to the) (-?\d+(?:\.\d+)?)(?:st|nd|rd|th)?(?: power)?/g, '^$1')
    .replace(new RegExp(String.raw`\b(?:the )?(sum|product|average|mean) of (${NUMBER}(?:(?:,? and |, ?| )${NUMBER})+)`, 'g'), (_all, kind: string, list: string) => {
      const values = list.split(/,? and |, ?| /);
      if (kind === 'sum') return `(${values.join(' + ')})`;
      if (kind === 'product') return `(${values.join(' * ')})`;
      return `mean(${values.join(', ')})`;
    })
    .replace(new RegExp(String.raw`\b(?:the )?difference between (${NUMBER}) and (${NUMBER})`, 'g'), '$1 - $2')
    .replace(new RegExp(String.raw`\badd (${NUMBER}) (?:and|to) (${NUMBER})`, 'g'), '$1 + $2')
    .replace(new RegExp(String.raw`\bsubtract (${NUMBER}) from (${NUMBER})`, 'g'), '$2 - $1')
    .replace(new RegExp(String.raw`\bmultiply (${NUMBER}) (?:by|and) (${NUMBER})`, 'g'), '$1 * $2')
    .replace(new RegExp(String.raw`\bdivide (${NUMBER}) by (${NUMBER})`, 'g'), '$1 / $2')
    .replace(new RegExp(String.raw`\bhalf of (${NUMBER})`, 'g'), '$1 / 2')
    .replace(new RegExp(String.raw`\b(?:a )?third of (${NUMBER})`, 'g'), '$1 / 3')
    .replace(new RegExp(String.raw`\b(?:a )?quarter of (${NUMBER})`, 'g'), '$1 / 4')
    .replace(new RegExp(String.raw`\bdouble (${NUMBER})`, 'g'), '2 * $1')
    .replace(/\bplus\b|\band\b/g, '+')
    .replace(/\bminus\b/g, '-')
    .replace(/\b(?:times|multiplied by)\b|(?<=\d) ?x ?(?=\d)/g, '*')
    .replace(/\b(?:divided by|over)\b/g, '/')
    .replace(/\b(?:modulo|mod)\b/g, ' mod ')
    .replace(/\bis (greater|more|bigger|larger) than\b/g, '>')
    .replace(/\bis (less|smaller|fewer) than\b/g, '<')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "two hundred and fifty six" -> "256"; "three point five" -> "3.5". Other words are kept. */
export function wordsToNumbers(text: string): string {
  const words = text.split(' ');
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    const parsed = readNumber(words, index);
    if (parsed) {
      out.push(String(parsed.value));
      index = parsed.next;
    } else {
      out.push(words[index]!);
      index++;
    }
  }
  return out.join(' ');
}

function readNumber(words: string[], start: number): { value: number; next: number } | null {
  let total = 0;
  let group = 0;
  let index = start;
  let seen = false;
  while (index < words.length) {
    const word = words[index]!.replace(/-/g, ' ');
    if (word.includes(' ')) {
      const parts = word.split(' ');
      if (parts.every((part) => part in SMALL)) {
        group += parts.reduce((sum, part) => sum + SMALL[part]!, 0);
        seen = true;
        index++;
        continue;
      }
    }
    if (word in SMALL) {
      group += SMALL[word]!;
    } else if (word in SCALES && seen) {
      const scale = SCALES[word]!;
      if (scale === 100) group *= 100;
      else {
        total += group * scale;
        group = 0;
      }
    } else if (word === 'and' && seen && index + 1 < words.length && words[index + 1]!.split('-').every((part) => part in SMALL) && words[index - 1]! in SCALES) {
      // "two hundred and five": the "and" belongs to the number.
    } else if (word === 'point' && seen && index + 1 < words.length && words[index + 1]! in SMALL) {
      let fraction = '';
      index++;
      while (index < words.length && words[index]! in SMALL && SMALL[words[index]!]! < 10) fraction += String(SMALL[words[index++]!]);
      return { value: Number(`${total + group}.${fraction}`), next: index };
    } else {
      break;
    }
    seen = true;
    index++;
  }
  return seen ? { value: total + group, next: index } : null;
}
