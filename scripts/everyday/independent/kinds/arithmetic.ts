import type { Ctx, Kind, Made } from '../types.ts';
import { FRACTIONS } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// Sums, differences, products, quotients, "double"/"half of", fractions of a number, squares and
// roots, and short expressions, asked with symbols, words, verbs and nouns.

/** Now and then a number with decimals, written with the language's decimal mark. */
const maybeDecimal = (ctx: Ctx, whole: number): number => (ctx.rng.chance(0.2) ? whole + ctx.rng.pick([0.5, 0.25, 0.75, 0.2, 0.8]) : whole);

const binary = (a: number, b: number, result: number): Made => ({ slots: { a, b }, expect: numbers(result), state: { value: result } });

export const add: Kind = {
  name: 'add',
  category: 'arithmetic',
  count: 8,
  templates: {
    en: ["what's {a} plus {b}?", '{a:d} + {b:d}', 'add {a} and {b}', 'how much is {a} plus {b}?', 'what do you get if you add {a} to {b}?', 'what is the sum of {a} and {b}?', 'could you add up {a} and {b} for me', '{a} plus {b} equals?', 'calculate {a:d}+{b:d}'],
    fr: ['combien font {a} plus {b} ?', '{a:d} + {b:d}', 'ajoute {a} à {b}', 'additionne {a} et {b}', "c'est combien {a} plus {b} ?", 'quelle est la somme de {a} et {b} ?', 'tu peux calculer {a} plus {b} ?', '§pouvez-vous additionner {a} et {b} ?', '{a} plus {b} ça fait combien ?'],
    de: ['was ist {a} plus {b}?', 'wie viel ist {a} plus {b}?', '{a:d} + {b:d}', 'rechne {a} plus {b}', 'addiere {a} und {b}', 'was ergibt {a} plus {b}?', 'was ist die Summe von {a} und {b}?', '§können Sie {a} und {b} zusammenrechnen?', 'wieviel sind {a} und {b} zusammen?'],
    es: ['cuánto es {a} más {b}?', '{a:d} + {b:d}', 'suma {a} y {b}', 'cuánto da {a} más {b}?', 'cuál es la suma de {a} y {b}?', 'me sumas {a} más {b}?', '§puede sumar {a} y {b}?', '{a} más {b} cuánto es?', 'calcula {a} más {b}'],
  },
  make(ctx) {
    const a = maybeDecimal(ctx, ctx.rng.int(2, 999));
    const b = maybeDecimal(ctx, ctx.rng.int(2, 999));
    return binary(a, b, a + b);
  },
};

export const subtract: Kind = {
  name: 'subtract',
  category: 'arithmetic',
  count: 8,
  templates: {
    en: ["what's {a} minus {b}?", '{a:d} - {b:d}', 'subtract {b} from {a}', 'take {b} away from {a}', 'what is {a} take away {b}?', 'how much is {a} less {b}?', "what's the difference between {a} and {b}?", '{a} minus {b} is how much?', "what's left if you take {b} from {a}?"],
    fr: ['combien font {a} moins {b} ?', '{a:d} - {b:d}', 'soustrais {b} de {a}', 'enlève {b} à {a}', '{a} moins {b} ça fait combien ?', 'quelle est la différence entre {a} et {b} ?', '§retranchez {b} de {a}', "si j'enlève {b} à {a}, il reste combien ?"],
    de: ['was ist {a} minus {b}?', '{a:d} - {b:d}', 'zieh {b} von {a} ab', 'subtrahiere {b} von {a}', 'wie viel ist {a} weniger {b}?', 'was ist die Differenz zwischen {a} und {b}?', '{a} minus {b} ergibt?', 'wenn ich {b} von {a} abziehe, was bleibt übrig?'],
    es: ['cuánto es {a} menos {b}?', '{a:d} - {b:d}', 'resta {b} de {a}', 'réstale {b} a {a}', 'cuál es la diferencia entre {a} y {b}?', '{a} menos {b} cuánto da?', 'si a {a} le quito {b}, cuánto queda?', 'quítale {b} a {a}'],
  },
  make(ctx) {
    const b = maybeDecimal(ctx, ctx.rng.int(2, 500));
    const a = b + ctx.rng.int(1, 700);
    return binary(a, b, a - b);
  },
};

export const multiply: Kind = {
  name: 'multiply',
  category: 'arithmetic',
  count: 8,
  templates: {
    en: ["what's {a} times {b}?", '{a:d} x {b:d}', '{a:d}*{b:d}', 'multiply {a} by {b}', 'what is {a} multiplied by {b}?', "what's the product of {a} and {b}", 'how much is {a} times {b}', '{a} times {b} equals what?', 'can you multiply {a} and {b}'],
    fr: ['combien font {a} fois {b} ?', '{a:d} x {b:d}', '{a:d}*{b:d}', 'multiplie {a} par {b}', '{a} multiplié par {b} ?', 'quel est le produit de {a} et {b} ?', '{a} fois {b} ça fait combien ?', '§pourriez-vous multiplier {a} par {b} ?'],
    de: ['was ist {a} mal {b}?', '{a:d} x {b:d}', '{a:d}*{b:d}', 'multipliziere {a} mit {b}', '{a} multipliziert mit {b}?', 'was ist das Produkt aus {a} und {b}?', 'wie viel ist {a} mal {b}?', 'rechne mal {a} mal {b}', '§können Sie {a} mit {b} multiplizieren?'],
    es: ['cuánto es {a} por {b}?', '{a:d} x {b:d}', '{a:d}*{b:d}', 'multiplica {a} por {b}', '{a} multiplicado por {b}?', 'cuál es el producto de {a} y {b}?', '{a} por {b} cuánto da?', 'me multiplicas {a} por {b}?', '§multiplique {a} por {b}, por favor'],
  },
  make(ctx) {
    const a = maybeDecimal(ctx, ctx.rng.int(2, 99));
    const b = ctx.rng.int(2, 99);
    return binary(a, b, a * b);
  },
};

export const divide: Kind = {
  name: 'divide',
  category: 'arithmetic',
  count: 8,
  templates: {
    en: ["what's {a} divided by {b}?", '{a:d} / {b:d}', '{a:d} ÷ {b:d}', 'divide {a} by {b}', 'how much is {a} over {b}?', 'how many times does {b} go into {a}?', 'what do you get when you divide {a} by {b}?', '{a} divided by {b}'],
    fr: ['combien font {a} divisé par {b} ?', '{a:d} / {b:d}', '{a:d} ÷ {b:d}', 'divise {a} par {b}', '{a} divisé par {b} ça donne quoi ?', 'il y a combien de fois {b} dans {a} ?', 'quel est le quotient de {a} par {b} ?', '§divisez {a} par {b}'],
    de: ['was ist {a} geteilt durch {b}?', '{a:d} / {b:d}', '{a:d} : {b:d}', 'teile {a} durch {b}', '{a} durch {b}?', 'wie oft passt {b} in {a}?', 'dividiere {a} durch {b}', 'wenn ich {a} durch {b} teile, was kommt raus?'],
    es: ['cuánto es {a} entre {b}?', '{a:d} / {b:d}', 'divide {a} entre {b}', '{a} dividido por {b}?', '{a} dividido entre {b}', 'cuántas veces cabe {b} en {a}?', 'si divido {a} entre {b}, cuánto sale?', '§divida {a} entre {b}'],
  },
  make(ctx) {
    const b = ctx.rng.int(2, 25);
    // Mostly whole quotients, as people ask; sometimes not.
    const a = ctx.rng.chance(0.75) ? b * ctx.rng.int(2, 99) : ctx.rng.int(10, 999);
    return binary(a, b, a / b);
  },
};

/** Double, triple, twice, half of, a quarter of: the factor is fixed by the phrasing. */
export const multiples: Kind = {
  name: 'multiples',
  category: 'arithmetic',
  count: 12,
  templates: {
    en: [["what's double {a}?", { f: 2 }], ['double {a}', { f: 2 }], ['twice {a}', { f: 2 }], ['what is {a} doubled?', { f: 2 }], ['half of {a}', { f: 0.5 }], ["what's half of {a}?", { f: 0.5 }], ['{a} halved', { f: 0.5 }], ['triple {a}', { f: 3 }], ["what's three times {a}?", { f: 3 }], ['{a} tripled?', { f: 3 }], ['quadruple {a}', { f: 4 }], ['what is half {a}', { f: 0.5 }]],
    fr: [['le double de {a}', { f: 2 }], ['quel est le double de {a} ?', { f: 2 }], ['multiplie {a} par deux', { f: 2 }], ['la moitié de {a}', { f: 0.5 }], ["c'est combien la moitié de {a} ?", { f: 0.5 }], ['le triple de {a}', { f: 3 }], ['combien fait le triple de {a} ?', { f: 3 }], ['le quart de {a}', { f: 0.25 }], ['deux fois {a}', { f: 2 }], ['§pouvez-vous me donner la moitié de {a} ?', { f: 0.5 }], ['quatre fois {a} ?', { f: 4 }]],
    de: [['das Doppelte von {a}', { f: 2 }], ['was ist das Doppelte von {a}?', { f: 2 }], ['verdopple {a}', { f: 2 }], ['die Hälfte von {a}', { f: 0.5 }], ['was ist die Hälfte von {a}?', { f: 0.5 }], ['halbiere {a}', { f: 0.5 }], ['das Dreifache von {a}', { f: 3 }], ['was ist dreimal {a}?', { f: 3 }], ['zweimal {a}', { f: 2 }], ['wie viel ist die Hälfte von {a}?', { f: 0.5 }], ['ein Viertel von {a}', { f: 0.25 }], ['das Vierfache von {a}?', { f: 4 }]],
    es: [['el doble de {a}', { f: 2 }], ['cuál es el doble de {a}?', { f: 2 }], ['duplica {a}', { f: 2 }], ['la mitad de {a}', { f: 0.5 }], ['cuánto es la mitad de {a}?', { f: 0.5 }], ['el triple de {a}', { f: 3 }], ['cuánto es el triple de {a}?', { f: 3 }], ['dos veces {a}', { f: 2 }], ['la cuarta parte de {a}', { f: 0.25 }], ['dime la mitad de {a}', { f: 0.5 }], ['el cuádruple de {a}', { f: 4 }]],
  },
  make(ctx, params) {
    const factor = Number(params.f);
    const divisor = factor < 1 ? Math.round(1 / factor) : 1;
    const a = divisor * ctx.rng.int(3, factor < 1 ? 250 : 400);
    return { slots: { a }, expect: numbers(a * factor), state: { value: a * factor } };
  },
};

export const fractionOf: Kind = {
  name: 'fraction-of',
  category: 'arithmetic',
  count: 8,
  templates: {
    en: ["what's {frac} {a}?", '{frac} {a}', 'how much is {frac} {a}?', 'calculate {frac} {a}', "what's {n:d}/{d:d} of {a}?", '{n:d}/{d:d} of {a}', 'I need {frac} {a}, how much is that?'],
    fr: ['combien font {frac} {a} ?', '{frac} {a}', "c'est combien {frac} {a} ?", 'calcule {frac} {a}', '{n:d}/{d:d} de {a}', 'combien font {n:d}/{d:d} de {a} ?', '§pouvez-vous calculer {frac} {a} ?'],
    de: ['was ist {frac} {a}?', '{frac} {a}', 'wie viel ist {frac} {a}?', 'berechne {frac} {a}', '{n:d}/{d:d} von {a}', 'was ist {n:d}/{d:d} von {a}?', 'rechne mir {frac} {a} aus'],
    es: ['cuánto es {frac} {a}?', '{frac} {a}', 'calcula {frac} {a}', 'cuánto son {frac} {a}?', '{n:d}/{d:d} de {a}', 'cuánto es {n:d}/{d:d} de {a}?', 'me dices cuánto es {frac} {a}?'],
  },
  make(ctx) {
    const fraction = ctx.rng.pick(FRACTIONS.slice(0, -1));
    const a = fraction.denominator * ctx.rng.int(2, 60);
    const value = (a * fraction.numerator) / fraction.denominator;
    return { slots: { a, frac: ctx.rng.pick(fraction.of[ctx.lang]), n: fraction.numerator, d: fraction.denominator }, expect: numbers(value), state: { value } };
  },
};

export const powers: Kind = {
  name: 'powers',
  category: 'arithmetic',
  count: 7,
  templates: {
    en: [["what's {a} squared?", { op: 'sq' }], ['{a} squared', { op: 'sq' }], ['square root of {s}', { op: 'root' }], ['what is the square root of {s}?', { op: 'root' }], ['{a} to the power of {k}', { op: 'pow' }], ['{a:d}^{k:d}', { op: 'pow' }], ['{a} cubed', { op: 'cube' }]],
    fr: [['{a} au carré', { op: 'sq' }], ['combien fait {a} au carré ?', { op: 'sq' }], ['racine carrée de {s}', { op: 'root' }], ['quelle est la racine carrée de {s} ?', { op: 'root' }], ['{a} puissance {k}', { op: 'pow' }], ['{a:d}^{k:d}', { op: 'pow' }], ['{a} au cube', { op: 'cube' }]],
    de: [['{a} hoch {k}', { op: 'pow' }], ['{a} zum Quadrat', { op: 'sq' }], ['Wurzel aus {s}', { op: 'root' }], ['was ist die Quadratwurzel von {s}?', { op: 'root' }], ['was ist {a} im Quadrat?', { op: 'sq' }], ['{a:d}^{k:d}', { op: 'pow' }], ['{a} hoch drei', { op: 'cube' }]],
    es: [['{a} al cuadrado', { op: 'sq' }], ['cuánto es {a} al cuadrado?', { op: 'sq' }], ['raíz cuadrada de {s}', { op: 'root' }], ['cuál es la raíz cuadrada de {s}?', { op: 'root' }], ['{a} elevado a {k}', { op: 'pow' }], ['{a:d}^{k:d}', { op: 'pow' }], ['{a} al cubo', { op: 'cube' }]],
  },
  make(ctx, params) {
    const op = String(params.op);
    const a = ctx.rng.int(2, op === 'sq' || op === 'root' ? 30 : 12);
    const k = op === 'pow' ? ctx.rng.int(2, 5) : op === 'cube' ? 3 : 2;
    const value = op === 'root' ? a : a ** k;
    return { slots: { a, k, s: a * a }, expect: numbers(value), state: { value } };
  },
};

/** Expressions of three numbers whose value does not hang on how the words are grouped. */
export const expressions: Kind = {
  name: 'expressions',
  category: 'arithmetic',
  count: 7,
  templates: {
    en: [['{a:d} * {b:d} + {c:d}', { e: 'ab+c' }], ['({a:d} + {b:d}) * {c:d}', { e: '(a+b)c' }], ['{a:d} + {b:d} * {c:d}', { e: 'a+bc' }], ["what's {a} times {b} plus {c}?", { e: 'ab+c' }], ['add {a} and {b} and then multiply by {c}', { e: '(a+b)c' }], ['what is {a} plus {b} plus {c}?', { e: 'a+b+c' }], ['{a:d}+{b:d}-{c:d}', { e: 'a+b-c' }]],
    fr: [['{a:d} * {b:d} + {c:d}', { e: 'ab+c' }], ['({a:d} + {b:d}) x {c:d}', { e: '(a+b)c' }], ['{a:d} + {b:d} * {c:d}', { e: 'a+bc' }], ['combien font {a} fois {b} plus {c} ?', { e: 'ab+c' }], ['additionne {a} et {b} puis multiplie par {c}', { e: '(a+b)c' }], ['{a} plus {b} plus {c} ?', { e: 'a+b+c' }], ['{a:d}+{b:d}-{c:d}', { e: 'a+b-c' }]],
    de: [['{a:d} * {b:d} + {c:d}', { e: 'ab+c' }], ['({a:d} + {b:d}) * {c:d}', { e: '(a+b)c' }], ['{a:d} + {b:d} * {c:d}', { e: 'a+bc' }], ['was ist {a} mal {b} plus {c}?', { e: 'ab+c' }], ['addiere {a} und {b} und multipliziere dann mit {c}', { e: '(a+b)c' }], ['{a} plus {b} plus {c}', { e: 'a+b+c' }], ['{a:d}+{b:d}-{c:d}', { e: 'a+b-c' }]],
    es: [['{a:d} * {b:d} + {c:d}', { e: 'ab+c' }], ['({a:d} + {b:d}) * {c:d}', { e: '(a+b)c' }], ['{a:d} + {b:d} * {c:d}', { e: 'a+bc' }], ['cuánto es {a} por {b} más {c}?', { e: 'ab+c' }], ['suma {a} y {b} y luego multiplica por {c}', { e: '(a+b)c' }], ['{a} más {b} más {c}', { e: 'a+b+c' }], ['{a:d}+{b:d}-{c:d}', { e: 'a+b-c' }]],
  },
  make(ctx, params) {
    const a = ctx.rng.int(2, 60);
    const b = ctx.rng.int(2, 60);
    const c = ctx.rng.int(2, 30);
    const value = { 'ab+c': a * b + c, '(a+b)c': (a + b) * c, 'a+bc': a + b * c, 'a+b+c': a + b + c, 'a+b-c': a + b - c }[String(params.e)];
    if (value === undefined) throw new Error(`unknown expression ${String(params.e)}`);
    return { slots: { a, b, c }, expect: numbers(value), state: { value } };
  },
};

export const ARITHMETIC_KINDS: readonly Kind[] = [add, subtract, multiply, divide, multiples, fractionOf, powers, expressions];
