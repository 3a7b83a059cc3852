import { convert } from '../../generator/world.ts';
import { writeDigits, writeNumber } from '../surface.ts';
import type { Ctx, Kind, Made } from '../types.ts';
import { TEMPERATURE_WORDS, UNIT_PAIRS, UNIT_WORDS } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// Conversions of length, weight, volume and time, and of temperatures.

/** The words for a conversion in `ctx.lang`, or null when the language does not use that unit. */
export function conversionSlots(ctx: Ctx, from: string, to: string, value: number): Made['slots'] | null {
  const table = UNIT_WORDS[ctx.lang];
  const fromWords = table[from];
  const toWords = table[to];
  if (!fromWords || !toWords) return null;
  const fromForm = ctx.rng.pick(fromWords.forms);
  // "five km" reads oddly: words only before a unit written out.
  const v = fromForm.length <= 3 ? writeDigits(ctx, value) : writeNumber(ctx, value);
  const toForm = ctx.rng.chance(0.75) ? toWords.forms[0]! : ctx.rng.pick(toWords.forms);
  const howMany = toWords.feminine ? 'cuántas' : 'cuántos';
  return { v, from: fromForm, to: toForm, howMany, HowMany: howMany.replace(/^c/, 'C') };
}

export const conversions: Kind = {
  name: 'conversions',
  category: 'units',
  count: 24,
  templates: {
    en: ['how many {to} in {v} {from}?', 'convert {v} {from} to {to}', '{v} {from} in {to}', "what's {v} {from} in {to}?", '{v} {from} to {to}', 'how many {to} is {v} {from}?', '{v} {from} is how many {to}?', 'what is {v} {from} in {to}, please', 'how much is {v} {from} in {to}?'],
    fr: ['combien de {to} dans {v} {from} ?', 'convertis {v} {from} en {to}', '{v} {from} en {to}', 'ça fait combien en {to}, {v} {from} ?', "{v} {from}, c'est combien de {to} ?", '§convertissez {v} {from} en {to}', '{v} {from} ça donne combien en {to} ?', 'combien font {v} {from} en {to} ?'],
    de: ['wie viel {to} sind {v} {from}?', 'rechne {v} {from} in {to} um', '{v} {from} in {to}', 'wie viele {to} sind {v} {from}?', '{v} {from} sind wie viel {to}?', '§rechnen Sie bitte {v} {from} in {to} um', 'was sind {v} {from} in {to}?', 'wieviel {to} entsprechen {v} {from}?'],
    es: ['{howMany} {to} son {v} {from}?', 'convierte {v} {from} a {to}', '{v} {from} en {to}', 'pasa {v} {from} a {to}', '{v} {from} {howMany} {to} son?', 'cuánto son {v} {from} en {to}?', 'a {howMany} {to} equivalen {v} {from}?', '§me puede convertir {v} {from} a {to}?'],
  },
  make(ctx) {
    for (;;) {
      const pair = ctx.rng.pick(UNIT_PAIRS);
      const value = ctx.rng.pick(pair.values);
      const slots = conversionSlots(ctx, pair.from, pair.to, value);
      if (!slots) continue;
      const result = convert(value, pair.from, pair.to);
      return { slots, expect: numbers(result), state: { value: result, base: value, unit: { from: pair.from, to: pair.to } } };
    }
  },
};

export function temperatureSlots(ctx: Ctx, from: 'fahrenheit' | 'celsius', value: number): Made['slots'] {
  const words = TEMPERATURE_WORDS[ctx.lang];
  const to = from === 'fahrenheit' ? 'celsius' : 'fahrenheit';
  const fromForm = ctx.rng.pick(words[from]);
  const v = fromForm.startsWith(' ') && value >= 0 ? writeNumber(ctx, value) : writeDigits(ctx, value);
  // "20 Grad" is Celsius to a German, but "in Grad" names no scale.
  const toForm = ctx.rng.pick(words[to].filter((form) => !/^(Grad|degrés|grados)$/.test(form.trim()))).trim();
  return { v, from: fromForm, to: toForm, toName: words[`${to}Name`] };
}

export const temperatures: Kind = {
  name: 'temperatures',
  category: 'units',
  count: 8,
  templates: {
    en: ["what's {v}{from} in {to}?", 'convert {v}{from} to {to}', '{v}{from} in {to}', '{v}{from} is how many degrees {toName}?', "it's {v}{from} outside, what's that in {to}?", 'how much is {v}{from} in {to}?', '{v}{from} to {to}'],
    fr: ['combien font {v}{from} en {to} ?', 'convertis {v}{from} en {to}', '{v}{from} en {to}', 'il fait {v}{from}, ça fait combien en {to} ?', "{v}{from}, c'est combien en degrés {toName} ?", '§pourriez-vous convertir {v}{from} en {to} ?', '{v}{from} ça donne quoi en {to} ?'],
    de: ['wie viel sind {v}{from} in {to}?', 'rechne {v}{from} in {to} um', '{v}{from} in {to}', 'es hat {v}{from}, was ist das in {to}?', '{v}{from} sind wie viel Grad {toName}?', 'wie viel Grad {toName} sind {v}{from}?', '§können Sie {v}{from} in {to} umrechnen?'],
    es: ['cuánto son {v}{from} en {to}?', 'convierte {v}{from} a {to}', '{v}{from} en {to}', 'hace {v}{from}, cuánto es en {to}?', '{v}{from} cuántos grados {toName} son?', 'pasa {v}{from} a {to}', '§me dice cuánto son {v}{from} en {to}?'],
  },
  make(ctx) {
    const from = ctx.rng.chance(0.5) ? 'fahrenheit' : 'celsius';
    const value = from === 'fahrenheit' ? ctx.rng.pick([32, 50, 68, 72, 75, 80, 90, 98.6, 100, 212, 350, 0, 45, 60]) : ctx.rng.pick([-10, -5, 0, 10, 18, 20, 25, 30, 37, 40, 100, 180, 200]);
    const result = convert(value, from, from === 'fahrenheit' ? 'celsius' : 'fahrenheit');
    return { slots: temperatureSlots(ctx, from, value), expect: numbers(result), state: { value: result } };
  },
};

export const UNIT_KINDS: readonly Kind[] = [conversions, temperatures];
