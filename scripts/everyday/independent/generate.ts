// The independent set of everyday questions (data/everyday/README.md, "The independent set"):
// written without looking at how the assistant reads questions nor at the other sets, seeded, so
// every run writes the same file. Expected values come from the values drawn here and the facts
// of ../generator/world.ts, never from the assistant.
//
//   npm run -s generate:everyday:independent
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Language } from '../checks.ts';
import { ARITHMETIC_KINDS } from './kinds/arithmetic.ts';
import { DATE_KINDS } from './kinds/dates.ts';
import { PERCENT_KINDS } from './kinds/percent.ts';
import { TIME_KINDS } from './kinds/time.ts';
import { TIMER_KINDS } from './kinds/timers.ts';
import { UNIT_KINDS } from './kinds/units.ts';
import { createRng, type Rng } from './random.ts';
import { SESSION_KINDS, type Step } from './sessions.ts';
import { fill, finish } from './surface.ts';
import { LANGUAGES, type Category, type Ctx, type Followup, type Kind, type Line, type Made, type Params, type State, type TemplateSpec } from './types.ts';

export const OUTPUT_FILE = fileURLToPath(new URL('../../../data/everyday/generated/independent.jsonl', import.meta.url));

export const SINGLE_KINDS: readonly Kind[] = [...ARITHMETIC_KINDS, ...PERCENT_KINDS, ...UNIT_KINDS, ...TIME_KINDS, ...DATE_KINDS, ...TIMER_KINDS];

type Draft = Omit<Line, 'id'>;

const spec = (template: TemplateSpec): [string, Params] => (typeof template === 'string' ? [template, {}] : [template[0], template[1]]);

/** Questions already written in a language: a repeat is drawn again. */
class Written {
  private readonly seen = new Set<string>();
  add(lang: Language, q: string): boolean {
    const key = `${lang}|${q.toLowerCase().replace(/[¿?.,!]/g, '').trim()}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

function writeLine(
  ctx: Ctx,
  written: Written,
  name: string,
  templates: readonly TemplateSpec[],
  index: number,
  make: (params: Params) => Made,
): { q: string; made: Made; template: string } {
  const [text, params] = spec(templates[index]!);
  for (let attempt = 0; ; attempt++) {
    const made = make(params);
    const q = finish(ctx, text, fill(ctx, text, made.slots));
    if (written.add(ctx.lang, q) || attempt >= 30) return { q, made, template: `independent/${ctx.lang}/${name}/${index}` };
  }
}

/** Templates in a shuffled order, then round again: every phrasing is used before any twice. */
function rotation(rng: Rng, size: number): () => number {
  let order: number[] = [];
  return () => {
    if (order.length === 0) order = rng.shuffle([...Array(size).keys()]);
    return order.shift()!;
  };
}

function singleLines(lang: Language, written: Written): Draft[] {
  const drafts: Draft[] = [];
  for (const kind of SINGLE_KINDS) {
    const rng = createRng(`independent/${lang}/${kind.name}`);
    const ctx: Ctx = { lang, rng };
    const templates = kind.templates[lang];
    const next = rotation(rng, templates.length);
    for (let i = 0; i < kind.count; i++) {
      const { q, made, template } = writeLine(ctx, written, kind.name, templates, next(), (params) => kind.make(ctx, params));
      drafts.push({ lang, category: kind.category, q, expect: made.expect, template });
    }
  }
  return drafts;
}

function sessionLines(lang: Language, written: Written): Draft[] {
  const drafts: Draft[] = [];
  let sessionNumber = 0;
  const rotations = new Map<string, () => number>();
  for (const sessionKind of SESSION_KINDS) {
    const rng = createRng(`independent/${lang}/session/${sessionKind.name}`);
    const ctx: Ctx = { lang, rng };
    const nextTemplate = (name: string, size: number) => {
      if (!rotations.has(name)) rotations.set(name, rotation(createRng(`independent/${lang}/rotation/${name}`), size));
      return rotations.get(name)!();
    };
    for (let i = 0; i < sessionKind.count; i++) {
      const session = `${lang}-ind-session-${String(++sessionNumber).padStart(3, '0')}`;
      let state: State = {};
      for (const step of sessionKind.plan(rng)) {
        const { name, category, templates, make } = describe(step, ctx, () => state);
        const { q, made, template } = writeLine(ctx, written, name, templates, nextTemplate(name, templates.length), make);
        state = made.state ?? {};
        drafts.push({ lang, category, q, session, expect: made.expect, template });
      }
    }
  }
  return drafts;
}

function describe(step: Step, ctx: Ctx, before: () => State): { name: string; category: Category; templates: readonly TemplateSpec[]; make: (params: Params) => Made } {
  if ('kind' in step) return { name: step.kind.name, category: step.kind.category, templates: step.kind.templates[ctx.lang], make: (params) => step.kind.make(ctx, params) };
  const followup: Followup = step.followup;
  return { name: followup.name, category: step.category, templates: followup.templates[ctx.lang], make: (params) => followup.make(ctx, params, before()) };
}

/** Every line of the independent set, in file order, with its id. */
export function buildIndependentSet(): Line[] {
  const lines: Line[] = [];
  for (const lang of LANGUAGES) {
    const written = new Written();
    const counters = new Map<string, number>();
    for (const draft of [...singleLines(lang, written), ...sessionLines(lang, written)]) {
      const number = (counters.get(draft.category) ?? 0) + 1;
      counters.set(draft.category, number);
      const id = `${lang}-ind-${draft.category}-${String(number).padStart(3, '0')}`;
      lines.push({ id, lang: draft.lang, category: draft.category, q: draft.q, ...(draft.session ? { session: draft.session } : {}), expect: draft.expect, template: draft.template });
    }
  }
  return lines;
}

export const serialise = (lines: readonly Line[]): string => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = buildIndependentSet();
  writeFileSync(OUTPUT_FILE, serialise(lines));
  const perLanguage = LANGUAGES.map((lang) => `${lang} ${lines.filter((line) => line.lang === lang).length}`).join(', ');
  process.stdout.write(`${OUTPUT_FILE}: ${lines.length} lines (${perLanguage})\n`);
}
