import { addDays, daysBetween, iso, TODAY, type CivilDate } from '../../generator/world.ts';
import { writeDate } from '../clock-words.ts';
import type { Ctx, Kind } from '../types.ts';
import { OCCASIONS } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// Dates counted from today or from another date, weekdays of dates, days between two dates,
// days until a date or a holiday, and today's date.

/** A day of 2026 to 2028 (any year with `withYear`), or one whose year the question leaves plain. */
function someDate(ctx: Ctx, span: { from: number; to: number } = { from: 2026, to: 2027 }): CivilDate {
  const year = ctx.rng.int(span.from, span.to);
  const month = ctx.rng.int(1, 12);
  const day = ctx.rng.int(1, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!);
  return { year, month, day };
}

/** A date whose year need not be said: from tomorrow to 19 November 2027, read as the next one. */
function upcoming(ctx: Ctx): CivilDate {
  return addDays(TODAY, ctx.rng.int(2, 363));
}

export const daysFromNow: Kind = {
  name: 'days-from-now',
  category: 'date',
  count: 10,
  templates: {
    en: ["what's the date in {n} days?", 'what date will it be {n} days from now?', '{n} days from today', 'what day is it in {n} days?', 'which date is {n} days from now', ['what will the date be in {n} weeks?', { weeks: 1 }], ['{n} weeks from today?', { weeks: 1 }], 'give me the date {n} days from now', ['what day will it be in {n} weeks', { weeks: 1 }]],
    fr: ['quelle date serons-nous dans {n} jours ?', 'on sera quel jour dans {n} jours ?', 'dans {n} jours on sera le combien ?', ['quelle est la date dans {n} semaines ?', { weeks: 1 }], ['dans {n} semaines, on sera quel jour ?', { weeks: 1 }], "c'est quel jour dans {n} jours ?", 'quelle date dans {n} jours', ['§pouvez-vous me dire la date dans {n} semaines ?', { weeks: 1 }]],
    de: ['welches Datum ist in {n} Tagen?', 'welcher Tag ist in {n} Tagen?', ['was für ein Datum haben wir in {n} Wochen?', { weeks: 1 }], 'den Wievielten haben wir in {n} Tagen?', 'in {n} Tagen ist welcher Tag?', ['welches Datum ist heute in {n} Wochen?', { weeks: 1 }], 'Datum in {n} Tagen', ['§welcher Tag ist in {n} Wochen?', { weeks: 1 }]],
    es: ['qué fecha será dentro de {n} días?', 'qué día es dentro de {n} días?', ['en {n} semanas qué fecha es?', { weeks: 1 }], 'a cuántos estaremos dentro de {n} días?', ['qué fecha cae dentro de {n} semanas?', { weeks: 1 }], 'dentro de {n} días qué día será?', 'fecha dentro de {n} días', ['§me dice qué fecha será dentro de {n} semanas?', { weeks: 1 }]],
  },
  make(ctx, params) {
    const n = params.weeks ? ctx.rng.int(2, 20) : ctx.rng.pick([ctx.rng.int(2, 60), ctx.rng.int(2, 400), ctx.rng.int(2, 30)]);
    const date = addDays(TODAY, params.weeks ? n * 7 : n);
    return { slots: { n }, expect: { date: iso(date) }, state: { value: n } };
  },
};

export const fromDate: Kind = {
  name: 'from-date',
  category: 'date',
  count: 8,
  templates: {
    en: ["what's the date {n} days after {d}?", '{n} days after {d}', ['what date is {n} days before {d}?', { before: 1 }], '{d} plus {n} days', ['{d} minus {n} days', { before: 1 }], "if I start on {d}, what's the date {n} days later?", ['count {n} days back from {d}', { before: 1 }], 'what date is it {n} days after {d}'],
    fr: ['quelle date tombe {n} jours après le {d} ?', '{n} jours après le {d}', ['{n} jours avant le {d}, c\'est quelle date ?', { before: 1 }], 'le {d} plus {n} jours', ['quelle est la date {n} jours avant le {d} ?', { before: 1 }], 'si je pars le {d} pour {n} jours, je rentre quelle date ?', ['§quelle date était-ce {n} jours avant le {d} ?', { before: 1 }]],
    de: ['welches Datum ist {n} Tage nach dem {d}?', '{n} Tage nach dem {d}', ['{n} Tage vor dem {d}', { before: 1 }], 'was ist der {d} plus {n} Tage?', ['welches Datum war {n} Tage vor dem {d}?', { before: 1 }], 'vom {d} aus {n} Tage weiter, welches Datum ist das?', ['§welches Datum liegt {n} Tage vor dem {d}?', { before: 1 }]],
    es: ['qué fecha es {n} días después del {d}?', '{n} días después del {d}', ['{n} días antes del {d}', { before: 1 }], 'el {d} más {n} días', ['qué fecha cae {n} días antes del {d}?', { before: 1 }], 'si empiezo el {d}, qué fecha será {n} días después?', ['§qué fecha era {n} días antes del {d}?', { before: 1 }]],
  },
  make(ctx, params) {
    let withYear = ctx.rng.chance(0.4);
    const start = withYear ? someDate(ctx, { from: 2025, to: 2028 }) : upcoming(ctx);
    const n = ctx.rng.pick([ctx.rng.int(2, 30), ctx.rng.int(10, 120), 90, 100, 45]);
    const shift = params.before ? -n : n;
    const date = addDays(start, shift);
    // Without a year the answer must not hang on which year is meant (a 29 February on the way).
    const inYear = (year: number) => addDays({ ...start, year }, shift);
    if (iso(inYear(2026)).slice(5) !== iso(inYear(2028)).slice(5)) withYear = true;
    return { slots: { n, d: writeDate(ctx, start, withYear) }, expect: { date: iso(date) } };
  },
};

export const weekdayOfDate: Kind = {
  name: 'weekday-of-date',
  category: 'date',
  count: 8,
  templates: {
    en: ['what day of the week is {d}?', 'what day is {d}?', 'which day does {d} fall on?', 'what weekday is {d}?', ['what day of the week was {d}?', { past: 1 }], ["my birthday is {d}, what day of the week is that?", {}], ['what day was {d}?', { past: 1 }]],
    fr: ['quel jour de la semaine tombe le {d} ?', "le {d}, c'est quel jour ?", 'quel jour sera le {d} ?', ["c'était quel jour, le {d} ?", { past: 1 }], ['quel jour de la semaine était le {d} ?', { past: 1 }], 'mon anniversaire est le {d}, ça tombe quel jour ?', '§pourriez-vous me dire quel jour de la semaine tombe le {d} ?'],
    de: ['welcher Wochentag ist der {d}?', 'was für ein Wochentag ist der {d}?', 'auf welchen Wochentag fällt der {d}?', ['welcher Tag war der {d}?', { past: 1 }], 'an welchem Wochentag ist der {d}?', 'mein Geburtstag ist am {d}, welcher Wochentag ist das?', ['§welcher Wochentag war der {d}?', { past: 1 }]],
    es: ['qué día de la semana es el {d}?', 'qué día cae el {d}?', 'el {d} qué día es?', 'en qué día de la semana cae el {d}?', ['qué día fue el {d}?', { past: 1 }], 'mi cumpleaños es el {d}, qué día de la semana cae?', ['§qué día de la semana fue el {d}?', { past: 1 }]],
  },
  make(ctx, params) {
    if (params.past) {
      const date = someDate(ctx, { from: 1950, to: 2025 });
      return { slots: { d: writeDate(ctx, date, true) }, expect: { date: iso(date) } };
    }
    // This year's days still to come need no year; later ones have it.
    const date = ctx.rng.chance(0.3) ? addDays(TODAY, ctx.rng.int(2, 40)) : someDate(ctx, { from: 2027, to: 2030 });
    const withYear = date.year !== 2026 || ctx.rng.chance(0.3);
    return { slots: { d: writeDate(ctx, date, withYear) }, expect: { date: iso(date) } };
  },
};

export const daysBetweenDates: Kind = {
  name: 'days-between',
  category: 'date',
  count: 7,
  templates: {
    en: ['how many days between {a} and {b}?', 'days from {a} to {b}', 'how many days are there between {a} and {b}?', 'count the days from {a} to {b}', 'how long is it from {a} to {b} in days?', 'number of days between {a} and {b}'],
    fr: ['combien de jours entre le {a} et le {b} ?', 'nombre de jours du {a} au {b}', 'il y a combien de jours entre le {a} et le {b} ?', 'compte les jours du {a} au {b}', "ça fait combien de jours du {a} jusqu'au {b} ?", 'combien de jours séparent le {a} du {b} ?'],
    de: ['wie viele Tage liegen zwischen dem {a} und dem {b}?', 'Tage zwischen {a} und {b}', 'wie viele Tage sind es vom {a} bis zum {b}?', 'zähl die Tage vom {a} bis zum {b}', 'wieviele Tage vom {a} bis zum {b}?', 'Anzahl der Tage zwischen dem {a} und dem {b}'],
    es: ['cuántos días hay entre el {a} y el {b}?', 'días entre el {a} y el {b}', 'cuántos días van del {a} al {b}?', 'cuenta los días del {a} al {b}', 'cuántos días pasan desde el {a} hasta el {b}?', 'número de días entre el {a} y el {b}'],
  },
  make(ctx) {
    const withYear = ctx.rng.chance(0.5);
    if (withYear) {
      const first = someDate(ctx, { from: 2025, to: 2028 });
      const second = addDays(first, ctx.rng.int(5, 500));
      return { slots: { a: writeDate(ctx, first, true), b: writeDate(ctx, second, true) }, expect: numbers(daysBetween(first, second)) };
    }
    // Without years, two days still to come and in calendar order, so that "this year's" and
    // "the next ones" are the same two days (1 January to 19 November 2027).
    const offsets = [ctx.rng.int(0, 322), ctx.rng.int(0, 322)].sort((x, y) => x - y);
    if (offsets[0] === offsets[1]) offsets[1]! += 7;
    const [first, second] = offsets.map((offset) => addDays({ year: 2027, month: 1, day: 1 }, offset)) as [CivilDate, CivilDate];
    return { slots: { a: writeDate(ctx, first, false), b: writeDate(ctx, second, false) }, expect: numbers(daysBetween(first, second)) };
  },
};

/** Days until a date or a holiday ("weeks" when the phrasing asks for weeks and the count is whole). */
export const daysUntil: Kind = {
  name: 'days-until',
  category: 'date',
  count: 9,
  templates: {
    en: ['how many days until {e}?', 'how long until {e}?', 'days till {e}', 'how many days are left until {e}?', 'how many more days to {e}?', 'how many days is it to {e}?', 'countdown to {e}'],
    fr: ['combien de jours avant {e} ?', "dans combien de jours c'est {e} ?", "il reste combien de jours jusqu'à {e} ?", "combien de jours d'ici {e} ?", "c'est dans combien de jours, {e} ?", '§pouvez-vous me dire combien de jours il reste avant {e} ?'],
    de: ['wie viele Tage noch bis {e}?', 'wie lange dauert es noch bis {e}?', 'Tage bis {e}', 'wie viele Tage haben wir noch bis {e}?', 'wie lange muss ich noch warten bis {e}?', 'wieviel Tage sind es noch bis {e}?', '§können Sie mir sagen, wie viele Tage es noch bis {e} sind?'],
    es: ['cuántos días faltan para {e}?', 'cuánto falta para {e}?', 'días que faltan para {e}', 'cuántos días quedan hasta {e}?', 'en cuántos días es {e}?', 'cuántos días hay de aquí a {e}?', '§me puede decir cuántos días faltan para {e}?'],
  },
  make(ctx) {
    const occasions = OCCASIONS.filter((occasion) => occasion.names[ctx.lang]);
    if (ctx.rng.chance(0.55)) {
      const occasion = ctx.rng.pick(occasions);
      const date = { year: occasion.year, month: occasion.month, day: occasion.day };
      return { slots: { e: ctx.rng.pick(occasion.names[ctx.lang]!) }, expect: numbers(daysBetween(TODAY, date)) };
    }
    const date = upcoming(ctx);
    const written = writeDate(ctx, date, false);
    const e = { en: () => ctx.rng.pick([written, `my birthday on ${written}`]), fr: () => ctx.rng.pick([`le ${written}`, `mon anniversaire le ${written}`]), de: () => ctx.rng.pick([`zum ${written}`, `zu meinem Geburtstag am ${written}`]), es: () => ctx.rng.pick([`el ${written}`, `mi cumpleaños, el ${written}`]) }[ctx.lang]();
    return { slots: { e }, expect: numbers(daysBetween(TODAY, date)) };
  },
};

export const todaysDate: Kind = {
  name: 'todays-date',
  category: 'date',
  count: 6,
  templates: {
    en: ["what's today's date?", "what's the date today", 'what day is it today?', "what's the date", "today's date please", 'which day is it today?'],
    fr: ["on est quel jour aujourd'hui ?", "quelle est la date d'aujourd'hui ?", 'on est le combien ?', "c'est quoi la date du jour ?", '§quel jour sommes-nous ?', "date d'aujourd'hui"],
    de: ['welcher Tag ist heute?', 'der Wievielte ist heute?', 'welches Datum haben wir heute?', 'was ist heute für ein Datum?', 'den Wievielten haben wir heute?', '§welches Datum ist heute?'],
    es: ['qué día es hoy?', 'a qué fecha estamos?', 'qué fecha es hoy?', 'a cuántos estamos hoy?', 'me dices la fecha de hoy?', '§cuál es la fecha de hoy?'],
  },
  make: () => ({ slots: {}, expect: { date: iso(TODAY) } }),
};

export const DATE_KINDS: readonly Kind[] = [daysFromNow, fromDate, weekdayOfDate, daysBetweenDates, daysUntil, todaysDate];
