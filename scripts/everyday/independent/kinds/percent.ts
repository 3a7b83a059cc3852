import { writeMoney } from '../clock-words.ts';
import { writeDigits } from '../surface.ts';
import type { Ctx, Kind } from '../types.ts';
import { FRACTIONS } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// Percentages of a number, rises and cuts, "what percent is", tips, and fractions as percentages.

const RATES = [5, 10, 12, 15, 18, 20, 25, 30, 35, 40, 45, 50, 60, 75, 80, 90, 7.5, 2.5, 8, 3, 17, 22];

/** An amount: a round number, a number, or a price. */
function amount(ctx: Ctx): number {
  const roll = ctx.rng.next();
  if (roll < 0.35) return ctx.rng.int(2, 40) * 10;
  if (roll < 0.7) return ctx.rng.int(15, 2000);
  return ctx.rng.int(5, 300) + ctx.rng.pick([0.5, 0.99, 0.25, 0.8, 0.45]);
}

export const percentOf: Kind = {
  name: 'percent-of',
  category: 'percent',
  count: 10,
  templates: {
    en: ["what's {p:d}% of {y}?", '{p:d}% of {y}', '{p} percent of {y}', 'how much is {p} percent of {y}?', 'calculate {p:d}% of {y}', 'what is {p} per cent of {y}?', '{p:d}% of {m} is how much?', 'find {p} percent of {y}'],
    fr: ['combien font {p:d} % de {y} ?', '{p:d}% de {y}', '{p} pour cent de {y}', 'calcule {p:d} % de {m}', "c'est combien {p} pour cent de {y} ?", 'combien représentent {p:d} % de {y} ?', 'ça fait combien, {p:d} % de {m} ?', '§pouvez-vous calculer {p} pour cent de {y} ?'],
    de: ['was sind {p:d} % von {y}?', '{p:d}% von {y}', '{p} Prozent von {y}', 'wie viel sind {p} Prozent von {m}?', 'berechne {p:d} % von {y}', 'rechne {p} Prozent von {y} aus', 'was ergeben {p} Prozent von {y}?', 'wieviel ist {p:d}% von {m}'],
    es: ['cuánto es el {p:d}% de {y}?', '{p:d}% de {y}', 'el {p} por ciento de {y}', 'calcula el {p:d} % de {m}', 'cuánto es {p} por ciento de {y}?', 'cuánto sería el {p} por ciento de {m}?', 'sácame el {p:d}% de {y}', 'me dices cuánto es el {p:d}% de {y}?'],
  },
  make(ctx) {
    const p = ctx.rng.pick(RATES);
    const y = amount(ctx);
    const value = (p * y) / 100;
    return { slots: { p, y: writeDigits(ctx, y, { money: !Number.isInteger(y) }), m: writeMoney(ctx, y) }, expect: numbers(value), state: { value, percent: p, base: y } };
  },
};

export const percentRise: Kind = {
  name: 'percent-rise',
  category: 'percent',
  count: 8,
  templates: {
    en: ['increase {y} by {p:d}%', "what's {y} plus {p:d}%?", '{y:d} + {p:d}%', 'add {p} percent to {y}', "if {y} goes up by {p:d}%, what's the new value?", '{y} increased by {p} percent?', 'raise {y} by {p:d}%', 'my rent is {m} and it goes up {p:d}%, what will it be?'],
    fr: ['augmente {y} de {p:d} %', '{y} plus {p:d} %', '{y:d} + {p:d}%', 'combien fait {y} augmenté de {p:d} % ?', 'si {y} augmente de {p} pour cent, ça fait combien ?', 'ajoute {p:d} % à {y}', 'mon loyer de {m} augmente de {p:d} %, il passe à combien ?', '{y} majoré de {p:d} %, ça donne quoi ?'],
    de: ['erhöhe {y} um {p:d} %', '{y} plus {p:d} %', '{y:d} + {p:d}%', 'was ist {y} plus {p} Prozent?', '{y} um {p} Prozent erhöht?', 'wenn {y} um {p:d} % steigt, was kommt raus?', 'meine Miete von {m} steigt um {p:d} Prozent, wie hoch ist sie dann?', 'schlag {p:d} % auf {y} drauf'],
    es: ['aumenta {y} en un {p:d}%', '{y} más el {p:d}%', '{y:d} + {p:d}%', 'cuánto es {y} más un {p} por ciento?', '{y} con un aumento del {p:d}%?', 'si {y} sube un {p:d}%, cuánto queda?', 'mi alquiler de {m} sube un {p:d}%, cuánto pagaré?', 'súmale el {p:d}% a {y}'],
  },
  make(ctx) {
    const p = ctx.rng.pick([2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 50, 4]);
    const y = amount(ctx);
    const value = y * (1 + p / 100);
    return { slots: { p, y: writeDigits(ctx, y, { money: !Number.isInteger(y) }), m: writeMoney(ctx, y) }, expect: numbers(value), state: { value } };
  },
};

export const percentCut: Kind = {
  name: 'percent-cut',
  category: 'percent',
  count: 8,
  templates: {
    en: ['decrease {y} by {p:d}%', '{y} minus {p:d}%', '{y:d} - {p:d}%', "what's {m} with {p:d}% off?", 'a {p:d}% discount on {m}, what do I pay?', 'reduce {y} by {p} percent', "if a jacket costs {m} and it's {p:d}% off, how much is it?", '{p:d}% off {y}'],
    fr: ['diminue {y} de {p:d} %', '{y} moins {p:d} %', '{y:d} - {p:d}%', "{m} avec {p:d} % de réduction, ça fait combien ?", 'une remise de {p:d} % sur {m}, je paie combien ?', 'baisse {y} de {p} pour cent', 'enlève {p:d} % à {y}', 'un pull à {m} soldé à -{p:d} %, il coûte combien ?'],
    de: ['verringere {y} um {p:d} %', '{y} minus {p:d} %', '{y:d} - {p:d}%', '{p:d} % Rabatt auf {m}, was zahle ich?', 'was kostet eine Jacke für {m} mit {p:d} % Rabatt?', 'zieh {p} Prozent von {y} ab', '{y} abzüglich {p:d} %', 'reduziere {y} um {p} Prozent'],
    es: ['disminuye {y} en un {p:d}%', '{y} menos el {p:d}%', '{y:d} - {p:d}%', '{m} con un {p:d}% de descuento', 'cuánto pago por algo de {m} con un {p:d}% de descuento?', 'réstale el {p:d}% a {y}', 'rebaja {y} un {p} por ciento', 'si unos zapatos cuestan {m} y tienen un {p:d}% de descuento, cuánto cuestan?'],
  },
  make(ctx) {
    const p = ctx.rng.pick([5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 12]);
    const y = amount(ctx);
    const value = y * (1 - p / 100);
    return { slots: { p, y: writeDigits(ctx, y, { money: !Number.isInteger(y) }), m: writeMoney(ctx, y) }, expect: numbers(value), state: { value } };
  },
};

export const whatPercent: Kind = {
  name: 'what-percent',
  category: 'percent',
  count: 8,
  templates: {
    en: ['what percent is {a} of {b}?', '{a} is what percentage of {b}?', 'what percentage of {b} is {a}?', '{a} out of {b} as a percentage', 'I got {a} out of {b} on the test, what percent is that?', 'express {a:d}/{b:d} as a percent', 'how many percent is {a} of {b}?'],
    fr: ['quel pourcentage de {b} représente {a} ?', '{a} sur {b}, ça fait combien en pourcentage ?', "{a} c'est combien de pour cent de {b} ?", "j'ai eu {a} sur {b}, ça fait quel pourcentage ?", '{a:d}/{b:d} en pourcentage', 'combien de % représente {a} par rapport à {b} ?', '§pourriez-vous me dire quel pourcentage de {b} fait {a} ?'],
    de: ['wie viel Prozent sind {a} von {b}?', '{a} von {b} in Prozent', 'wieviel Prozent von {b} sind {a}?', 'ich habe {a} von {b} Punkten, wie viel Prozent sind das?', '{a:d}/{b:d} in Prozent', 'welchem Prozentsatz entspricht {a} von {b}?', '§können Sie mir sagen, wie viel Prozent {a} von {b} sind?'],
    es: ['qué porcentaje de {b} es {a}?', '{a} de {b} en porcentaje', '{a} es qué porcentaje de {b}?', 'saqué {a} de {b} en el examen, qué porcentaje es?', '{a:d}/{b:d} en porcentaje', 'cuánto por ciento es {a} de {b}?', '§me puede decir qué porcentaje de {b} son {a}?'],
  },
  make(ctx) {
    const b = ctx.rng.pick([20, 25, 40, 50, 60, 80, 120, 150, 200, 250, 300, 400, 500, ctx.rng.int(20, 400)]);
    const nice = [5, 10, 15, 20, 25, 30, 40, 45, 60, 75, 80, 90].map((p) => (b * p) / 100).filter(Number.isInteger);
    const a = nice.length > 0 && ctx.rng.chance(0.7) ? ctx.rng.pick(nice) : ctx.rng.int(1, b - 1);
    return { slots: { a, b }, expect: numbers((a / b) * 100), state: { value: (a / b) * 100 } };
  },
};

/** A tip: the tip itself, or the bill with it (`total`), as the phrasing asks. */
export const tips: Kind = {
  name: 'tips',
  category: 'percent',
  count: 10,
  templates: {
    en: ["what's a {p:d}% tip on {m}?", 'tip {p:d}% on {m}', 'how much should I tip at {p} percent on a bill of {m}?', '{p} percent tip on {y}', 'calculate a {p:d}% tip for {m}', 'the bill is {m}, how much is a {p:d}% tip?', ["what's the total with a {p:d}% tip on {m}?", { total: 1 }], ['{m} plus a {p:d}% tip, how much altogether?', { total: 1 }], ["bill's {m}, add {p} percent tip, what's the total?", { total: 1 }], ['how much do I pay in total for a {m} meal with a {p:d}% tip?', { total: 1 }]],
    fr: ['combien de pourboire à {p:d} % sur {m} ?', 'calcule un pourboire de {p:d} % sur {m}', 'pourboire de {p} pour cent sur une addition de {m}', "l'addition fait {m}, combien pour un pourboire de {p:d} % ?", "un pourboire de {p:d} % sur {y}, c'est combien ?", 'je veux laisser {p:d} % de pourboire sur {m}, ça fait combien ?', ["l'addition fait {m}, avec {p:d} % de pourboire ça fait combien au total ?", { total: 1 }], ['{m} plus {p:d} % de pourboire, ça fait combien en tout ?', { total: 1 }], ['§quel est le total pour une addition de {m} avec {p} pour cent de pourboire ?', { total: 1 }], ['total avec un pourboire de {p:d} % sur {m} ?', { total: 1 }]],
    de: ['wie viel Trinkgeld sind {p:d} % auf {m}?', '{p} Prozent Trinkgeld auf {m}', 'berechne {p:d} % Trinkgeld für eine Rechnung von {m}', 'die Rechnung ist {m}, wie viel sind {p:d} % Trinkgeld?', 'was sind {p:d} % Trinkgeld bei {y} Euro?', 'ich will {p} Prozent Trinkgeld geben, die Rechnung beträgt {m}, wie viel ist das?', ['die Rechnung beträgt {m}, wie viel zahle ich insgesamt mit {p:d} % Trinkgeld?', { total: 1 }], ['{m} plus {p:d} % Trinkgeld, was macht das zusammen?', { total: 1 }], ['§wie hoch ist der Gesamtbetrag bei einer Rechnung von {m} mit {p} Prozent Trinkgeld?', { total: 1 }], ['Gesamtbetrag mit {p:d} % Trinkgeld auf {m}?', { total: 1 }]],
    es: ['cuánto es una propina del {p:d}% sobre {m}?', 'propina del {p} por ciento de {m}', 'calcula la propina del {p:d}% para una cuenta de {m}', 'la cuenta es {m}, cuánto dejo de propina si quiero dejar el {p:d}%?', 'cuánto es el {p:d}% de propina de {y} euros?', 'quiero dejar un {p:d}% de propina sobre {m}, cuánto es?', ['la cuenta es de {m}, cuánto es en total con el {p:d}% de propina?', { total: 1 }], ['{m} más un {p:d}% de propina, cuánto es en total?', { total: 1 }], ['§cuánto pago en total si la cuenta es de {m} y dejo un {p} por ciento de propina?', { total: 1 }], ['total con una propina del {p:d}% sobre {m}?', { total: 1 }]],
  },
  make(ctx, params) {
    const p = ctx.rng.pick([10, 12, 15, 18, 20, 25]);
    const y = ctx.rng.chance(0.5) ? ctx.rng.int(15, 250) : ctx.rng.int(15, 250) + ctx.rng.pick([0.5, 0.8, 0.4, 0.75, 0.2]);
    const tip = (p * y) / 100;
    const value = params.total ? y + tip : tip;
    return { slots: { p, y: writeDigits(ctx, y, { money: !Number.isInteger(y) }), m: writeMoney(ctx, y) }, expect: numbers(value), state: { value, percent: p, base: y } };
  },
};

export const asPercentage: Kind = {
  name: 'as-percentage',
  category: 'percent',
  count: 6,
  templates: {
    en: [['{n:d}/{d:d} as a percentage', { f: 1 }], ['what is {frac} as a percent?', { f: 1 }], ['{x} as a percentage', { f: 0 }], ['convert {n:d}/{d:d} to a percentage', { f: 1 }], ["what's {x} in percent?", { f: 0 }], ['how much is {frac} in percent?', { f: 1 }]],
    fr: [['{n:d}/{d:d} en pourcentage', { f: 1 }], ['{frac}, ça fait combien en pourcentage ?', { f: 1 }], ['{x} en pourcentage', { f: 0 }], ['combien de pour cent font {n:d}/{d:d} ?', { f: 1 }], ['convertis {x} en pourcentage', { f: 0 }], ['{frac} en pourcentage ?', { f: 1 }]],
    de: [['{n:d}/{d:d} in Prozent', { f: 1 }], ['wie viel Prozent sind {frac}?', { f: 1 }], ['{x} in Prozent', { f: 0 }], ['was ist {n:d}/{d:d} als Prozentzahl?', { f: 1 }], ['rechne {x} in Prozent um', { f: 0 }], ['{frac} in Prozent?', { f: 1 }]],
    es: [['{n:d}/{d:d} en porcentaje', { f: 1 }], ['cuánto es {frac} en porcentaje?', { f: 1 }], ['{x} en porcentaje', { f: 0 }], ['qué porcentaje es {n:d}/{d:d}?', { f: 1 }], ['pasa {x} a porcentaje', { f: 0 }], ['{frac} en porcentaje?', { f: 1 }]],
  },
  make(ctx, params) {
    const fraction = ctx.rng.pick(FRACTIONS);
    const x = ctx.rng.pick([0.35, 0.2, 0.05, 0.125, 0.6, 0.875, 0.07, 1.5]);
    const value = params.f ? (fraction.numerator / fraction.denominator) * 100 : x * 100;
    return { slots: { n: fraction.numerator, d: fraction.denominator, frac: ctx.rng.pick(fraction.bare[ctx.lang]), x: writeDigits(ctx, x) }, expect: numbers(value), state: { value } };
  },
};

export const PERCENT_KINDS: readonly Kind[] = [percentOf, percentRise, percentCut, whatPercent, tips, asPercentage];
