import type { Expectation, Language } from '../checks.ts';
import type { Rng } from './random.ts';

export const LANGUAGES: readonly Language[] = ['en', 'fr', 'de', 'es'];

export type Category = 'arithmetic' | 'percent' | 'units' | 'time' | 'date' | 'timers' | 'followup';

/** Values a template fixes for its question (an operation, a unit, how the answer is counted). */
export type Params = Readonly<Record<string, string | number>>;

/**
 * A phrasing with `{slot}` holes; `{slot:d}` takes digits only. A leading "§" marks the polite
 * register (vous, Sie, usted), so that no familiar filler or "s'il te plaît" is added to it.
 */
export type TemplateSpec = string | readonly [string, Params];

export interface Ctx {
  lang: Language;
  rng: Rng;
}

/** Slot values: a number is written in digits or words when the question is filled in. */
export type Slots = Record<string, string | number>;

/** What a follow-up needs to know about the line before it. */
export interface State {
  value?: number;
  percent?: number;
  base?: number;
  unit?: { from: string; to: string };
  offset?: number;
  /** Cities already asked about in the session. */
  cities?: readonly string[];
  /** Named timers running in the session. */
  timers?: ReadonlyArray<{ phrase: string; key: string; seconds: number }>;
}

export interface Made {
  slots: Slots;
  expect: Expectation;
  state?: State;
}

export interface Kind {
  name: string;
  category: Category;
  /** Questions of this kind per language. */
  count: number;
  templates: Record<Language, readonly TemplateSpec[]>;
  make(ctx: Ctx, params: Params): Made;
}

export interface Line {
  id: string;
  lang: Language;
  category: Category;
  q: string;
  session?: string;
  expect: Expectation;
  template: string;
}

/** A line that goes on from the one before it in a session ("and in London?", "now halve it"). */
export interface Followup {
  name: string;
  templates: Record<Language, readonly TemplateSpec[]>;
  make(ctx: Ctx, params: Params, before: State): Made;
}
