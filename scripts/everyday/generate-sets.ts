// Writes the generated everyday sets (data/everyday/generated/): templates crossed with
// vocabulary in en/fr/de/es, a development part to tune on and a held-out part to measure on.
// Seeded, so the same files come out every run; expected values come from the generator's own
// arithmetic and calendar (scripts/everyday/generator/), never from the assistant.
//
//   npm run -s generate:everyday
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../src/main/core/seeded-random.ts';
import type { Language } from './checks.ts';
import { generate, type GeneratedQuestion, type LanguageTemplates } from './generator/build.ts';
import type { Split } from './generator/forms.ts';
import { DEV } from './generator/templates/dev.ts';
import { HELD_OUT } from './generator/templates/held-out.ts';

const OUT_DIR = fileURLToPath(new URL('../../data/everyday/generated/', import.meta.url));
/** Questions per language and part, about: each template is asked the same number of times. */
export const PER_LANGUAGE: Record<Split, number> = { dev: 480, 'held-out': 320 };
const SEEDS: Record<Split, number> = { dev: 20_261_120, 'held-out': 7_734_211 };
const LANGUAGE_ORDER: Language[] = ['en', 'fr', 'de', 'es'];

export function generateSplit(split: Split): GeneratedQuestion[] {
  const sets: Record<Language, LanguageTemplates> = split === 'dev' ? DEV : HELD_OUT;
  const random = seededRandom(SEEDS[split]);
  return LANGUAGE_ORDER.flatMap((language) => {
    const set = sets[language];
    return generate(language, split, set, Math.ceil(PER_LANGUAGE[split] / set.templates.length), random);
  });
}

/** One JSON object per line, written like questions.jsonl ("key": value, spaced). */
function line(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(line).join(', ')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${line(item)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/** The file's text for a list of questions. */
export const serialise = (questions: readonly GeneratedQuestion[]): string => `${questions.map(line).join('\n')}\n`;

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const split of ['dev', 'held-out'] as const) {
    const questions = generateSplit(split);
    writeFileSync(`${OUT_DIR}${split}.jsonl`, serialise(questions));
    const counts = Object.fromEntries(LANGUAGE_ORDER.map((language) => [language, questions.filter((question) => question.lang === language).length]));
    process.stdout.write(`${split}: ${questions.length} questions ${JSON.stringify(counts)}\n`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
