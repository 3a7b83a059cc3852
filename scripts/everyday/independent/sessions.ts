import { add, divide, multiples, multiply, subtract } from './kinds/arithmetic.ts';
import { daysFromNow } from './kinds/dates.ts';
import { ARITHMETIC_FOLLOWUPS, cancelTimer, namedTimer, otherAmount, otherCity, otherDays, otherPercent, pickNamed, timeLeft } from './kinds/followups.ts';
import { percentOf } from './kinds/percent.ts';
import { cityClock } from './kinds/time.ts';
import { timerSet } from './kinds/timers.ts';
import { conversions } from './kinds/units.ts';
import type { Rng } from './random.ts';
import type { Category, Followup, Kind } from './types.ts';

// Conversations of two or three lines: a question, then lines that only make sense after it.

export type Step = { kind: Kind } | { followup: Followup; category: Category };

export interface SessionKind {
  name: string;
  /** Sessions of this kind per language. */
  count: number;
  plan(rng: Rng): Step[];
}

const then = (followup: Followup, category: Category = 'followup'): Step => ({ followup, category });

export const SESSION_KINDS: readonly SessionKind[] = [
  {
    name: 'arithmetic-then-operations',
    count: 12,
    plan(rng) {
      const [first, second] = rng.shuffle(ARITHMETIC_FOLLOWUPS);
      return [{ kind: rng.pick([multiply, add, subtract, divide, multiples]) }, then(first!), then(second!)];
    },
  },
  {
    name: 'percent-then-other-rates',
    count: 5,
    plan: (rng) => [{ kind: percentOf }, then(otherPercent), ...(rng.chance(0.6) ? [then(otherPercent)] : [])],
  },
  {
    name: 'city-then-other-cities',
    count: 5,
    plan: (rng) => [{ kind: cityClock }, then(otherCity), ...(rng.chance(0.6) ? [then(otherCity)] : [])],
  },
  {
    name: 'conversion-then-other-amounts',
    count: 5,
    plan: (rng) => [{ kind: conversions }, then(otherAmount), ...(rng.chance(0.6) ? [then(otherAmount)] : [])],
  },
  {
    name: 'date-then-other-days',
    count: 3,
    plan: () => [{ kind: daysFromNow }, then(otherDays)],
  },
  {
    name: 'timer-then-time-left',
    count: 6,
    plan: () => [{ kind: timerSet }, then(timeLeft, 'timers')],
  },
  {
    name: 'timer-then-cancel',
    count: 6,
    plan: () => [{ kind: timerSet }, then(cancelTimer, 'timers')],
  },
  {
    name: 'two-named-timers-then-one',
    count: 4,
    plan: () => [then(namedTimer, 'timers'), then(namedTimer, 'timers'), then(pickNamed, 'timers')],
  },
];
