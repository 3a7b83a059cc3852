import { addDays, clockAt, convert, iso, TODAY } from '../../generator/world.ts';
import { durationNumbers, writeDuration } from '../clock-words.ts';
import { writeDigits, writeNumber } from '../surface.ts';
import type { Ctx, Followup, Made, State } from '../types.ts';
import { TIMER_NAMES, UNIT_PAIRS, UNIT_WORDS } from '../vocabulary.ts';
import { CANCELLED, numbers } from './expect.ts';
import { pickCity } from './time.ts';

// Lines that go on from the answer before: an operation on the last result, another percentage,
// another city, another amount, another count of days, and timers asked about after being set.

const last = (before: State): number => {
  if (before.value === undefined) throw new Error('a follow-up needs a result before it');
  return before.value;
};

const result = (value: number): Made => ({ slots: {}, expect: numbers(value), state: { value } });

/** An operand a person would pick: one that divides the result evenly when there is one. */
function divisor(ctx: Ctx, value: number): number {
  const even = [2, 3, 4, 5, 6, 8, 10, 12].filter((k) => Number.isInteger(value / k));
  return even.length > 0 && ctx.rng.chance(0.8) ? ctx.rng.pick(even) : ctx.rng.int(2, 9);
}

const operand = (k: number): Made['slots'] => ({ k });

export const divideIt: Followup = {
  name: 'divide-it',
  templates: {
    en: ['now divide it by {k}', 'divide that by {k}', 'and divided by {k}?', 'then divide by {k}', "what's that divided by {k}?", 'ok and that over {k}?'],
    fr: ['divise ça par {k}', 'maintenant divise le résultat par {k}', 'et divisé par {k} ?', 'ça divisé par {k}, ça fait combien ?', 'puis divise par {k}', '§divisez le résultat par {k}'],
    de: ['teil das durch {k}', 'und jetzt durch {k}', 'das Ergebnis geteilt durch {k}?', 'dann noch durch {k} teilen', 'und das durch {k}?', '§teilen Sie das Ergebnis durch {k}'],
    es: ['divídelo entre {k}', 'ahora divide eso entre {k}', 'y entre {k}?', 'y eso dividido entre {k}?', 'divide el resultado entre {k}', 'luego divídelo por {k}'],
  },
  make(ctx, _params, before) {
    const k = divisor(ctx, last(before));
    return { ...result(last(before) / k), slots: operand(k) };
  },
};

export const multiplyIt: Followup = {
  name: 'multiply-it',
  templates: {
    en: ['multiply that by {k}', 'times {k}', 'and times {k}?', 'now multiply it by {k}', "what's that times {k}?", 'multiply the result by {k}'],
    fr: ['multiplie ça par {k}', 'et fois {k} ?', 'multiplie le résultat par {k}', 'ça fois {k} ?', 'maintenant fois {k}', '§multipliez-le par {k}'],
    de: ['mal {k}', 'und das mal {k}?', 'multiplizier das mit {k}', 'jetzt noch mit {k} multiplizieren', 'das Ergebnis mal {k}', 'nimm das mal {k}'],
    es: ['multiplícalo por {k}', 'y por {k}?', 'ahora por {k}', 'eso por {k}, cuánto da?', 'multiplica el resultado por {k}', 'y eso multiplicado por {k}?'],
  },
  make(ctx, _params, before) {
    const k = ctx.rng.int(2, 12);
    return { ...result(last(before) * k), slots: operand(k) };
  },
};

export const addToIt: Followup = {
  name: 'add-to-it',
  templates: {
    en: ['add {k} to that', 'plus {k}', 'and plus {k}?', 'now add {k}', 'what if I add {k}?', 'add {k} to the result'],
    fr: ['ajoute {k}', 'plus {k} ?', "et si j'ajoute {k} ?", 'ajoute {k} au résultat', 'rajoute {k}', 'et avec {k} de plus ?'],
    de: ['plus {k}', 'addiere {k} dazu', 'und jetzt {k} dazu', 'zähl noch {k} dazu', 'und plus {k}?', 'rechne {k} drauf'],
    es: ['súmale {k}', 'más {k}', 'y más {k}?', 'ahora súmale {k}', 'añade {k} al resultado', 'y si le sumo {k}?'],
  },
  make(ctx, _params, before) {
    const k = ctx.rng.pick([ctx.rng.int(2, 20), ctx.rng.int(10, 200)]);
    return { ...result(last(before) + k), slots: operand(k) };
  },
};

export const subtractFromIt: Followup = {
  name: 'subtract-from-it',
  templates: {
    en: ['minus {k}', 'take away {k}', 'subtract {k} from that', 'now take {k} off', 'and minus {k}?', 'what if I subtract {k}?'],
    fr: ['moins {k}', 'enlève {k}', 'retire {k} au résultat', 'et moins {k} ?', 'soustrais {k}', 'maintenant enlève {k}'],
    de: ['minus {k}', 'zieh {k} ab', 'und minus {k}?', 'davon {k} abziehen', 'jetzt {k} weniger', 'zieh davon noch {k} ab'],
    es: ['menos {k}', 'réstale {k}', 'quítale {k}', 'y menos {k}?', 'ahora resta {k}', 'resta {k} al resultado'],
  },
  make(ctx, _params, before) {
    const value = last(before);
    const k = Math.max(1, Math.min(ctx.rng.pick([ctx.rng.int(2, 20), ctx.rng.int(10, 100)]), Math.floor(value) - 1));
    return { ...result(value - k), slots: operand(k) };
  },
};

export const doubleIt: Followup = {
  name: 'double-it',
  templates: {
    en: ['and double that', 'double it', "what's twice that?", 'now double it', 'times two?', 'double the result'],
    fr: ['et le double ?', 'double-le', 'multiplie ça par deux', 'et le double de ça ?', 'maintenant double le résultat', 'ça fois deux ?'],
    de: ['und das Doppelte?', 'verdopple das', 'das Ganze mal zwei', 'und verdoppelt?', 'jetzt verdoppeln', 'und doppelt so viel?'],
    es: ['y el doble?', 'duplícalo', 'el doble de eso', 'multiplícalo por dos', 'y eso por dos?', 'ahora el doble'],
  },
  make: (_ctx, _params, before) => result(last(before) * 2),
};

export const halveIt: Followup = {
  name: 'halve-it',
  templates: {
    en: ['half of that?', 'halve it', 'and half that?', 'divide it in half', "what's half of that", 'cut it in half'],
    fr: ['et la moitié ?', 'la moitié de ça ?', 'divise ça par deux', 'coupe ça en deux', 'et la moitié du résultat ?', 'maintenant la moitié'],
    de: ['und die Hälfte?', 'die Hälfte davon?', 'halbier das', 'und davon die Hälfte?', 'teil das durch zwei', 'jetzt halbieren'],
    es: ['y la mitad?', 'la mitad de eso', 'divídelo entre dos', 'y la mitad de eso?', 'ahora la mitad', 'pártelo por la mitad'],
  },
  make: (_ctx, _params, before) => result(last(before) / 2),
};

export const ARITHMETIC_FOLLOWUPS: readonly Followup[] = [divideIt, multiplyIt, addToIt, subtractFromIt, doubleIt, halveIt];

/** Another rate on the same amount ("what about 20%?"). */
export const otherPercent: Followup = {
  name: 'other-percent',
  templates: {
    en: ['what about {p:d}%?', 'and {p:d}%?', 'how about {p} percent?', 'now do {p:d}%', 'same with {p:d}%', 'and for {p} percent?'],
    fr: ['et {p:d} % ?', 'et avec {p:d} % ?', 'et pour {p} pour cent ?', 'même chose avec {p:d} %', 'et si c’était {p:d} % ?', 'maintenant {p:d} %'],
    de: ['und {p:d} %?', 'und mit {p} Prozent?', 'was ist mit {p:d} %?', 'dasselbe mit {p:d} %', 'und bei {p} Prozent?', 'jetzt {p:d} %'],
    es: ['y el {p:d}%?', 'y con un {p:d}%?', 'y si es el {p} por ciento?', 'lo mismo con el {p:d}%', 'qué tal el {p:d}%?', 'ahora con el {p:d}%'],
  },
  make(ctx, _params, before) {
    if (before.base === undefined || before.percent === undefined) throw new Error('another percentage needs an amount before it');
    const choices = [5, 10, 15, 20, 25, 30, 40, 50, 75, 12, 18].filter((p) => p !== before.percent);
    const p = ctx.rng.pick(choices);
    const value = (p * before.base) / 100;
    return { slots: { p }, expect: numbers(value), state: { value, percent: p, base: before.base } };
  },
};

/** The time in another city ("and in London?"). */
export const otherCity: Followup = {
  name: 'other-city',
  templates: {
    en: ['and in {city}?', 'what about {city}?', 'how about {city}?', 'and {city}?', 'same for {city}', 'and over in {city}?'],
    fr: ['et à {city} ?', 'et {city} ?', 'et pour {city} ?', 'même chose pour {city}', 'et du côté de {city} ?', 'et à {city}, il est quelle heure ?'],
    de: ['und in {city}?', 'und {city}?', 'was ist mit {city}?', 'und wie ist es in {city}?', 'dasselbe für {city}', 'und drüben in {city}?'],
    es: ['y en {city}?', 'y {city}?', 'qué tal en {city}?', 'y en {city} qué hora es?', 'lo mismo para {city}', 'y allá en {city}?'],
  },
  make(ctx, _params, before) {
    const asked = before.cities ?? [];
    let city = pickCity(ctx);
    while (city.offset === before.offset || city.offset === 60 || asked.includes(city.key)) city = pickCity(ctx);
    return { slots: { city: city.name }, expect: { time: clockAt(city.offset) }, state: { offset: city.offset, cities: [...asked, city.key] } };
  },
};

/** Another amount in the same conversion ("and 10?"). */
export const otherAmount: Followup = {
  name: 'other-amount',
  templates: {
    en: ['and {v}?', 'what about {v}?', 'how about {v} {from}?', 'and for {v}?', 'now {v}', 'same for {v} {from}'],
    fr: ['et {v} ?', 'et pour {v} ?', 'et {v} {from} ?', 'même chose pour {v}', 'et avec {v} ?', "et si c'est {v} {from} ?"],
    de: ['und {v}?', 'und für {v}?', 'und {v} {from}?', 'dasselbe für {v}', 'was ist mit {v}?', 'und bei {v} {from}?'],
    es: ['y {v}?', 'y para {v}?', 'y {v} {from}?', 'lo mismo para {v}', 'qué tal {v}?', 'y con {v} {from}?'],
  },
  make(ctx, _params, before) {
    if (!before.unit) throw new Error('another amount needs a conversion before it');
    const { from, to } = before.unit;
    const pair = UNIT_PAIRS.find((candidate) => candidate.from === from && candidate.to === to)!;
    const amount = ctx.rng.pick(pair.values.filter((value) => value !== before.base));
    const words = UNIT_WORDS[ctx.lang][from]!;
    const value = convert(amount, from, to);
    return { slots: { v: ctx.rng.chance(0.7) ? writeDigits(ctx, amount) : writeNumber(ctx, amount), from: words.forms[0]! }, expect: numbers(value), state: { value, unit: before.unit, base: amount } };
  },
};

/** Another count of days from today ("and in 3 weeks?"). */
export const otherDays: Followup = {
  name: 'other-days',
  templates: {
    en: ['and in {n} days?', 'what about {n} days?', ['and in {n} weeks?', { weeks: 1 }], ['how about {n} weeks from now?', { weeks: 1 }], 'and {n} days from now?', 'same for {n} days'],
    fr: ['et dans {n} jours ?', ['et dans {n} semaines ?', { weeks: 1 }], 'et pour {n} jours ?', ['même chose pour {n} semaines', { weeks: 1 }], "et d'ici {n} jours ?", 'et dans {n} jours alors ?'],
    de: ['und in {n} Tagen?', ['und in {n} Wochen?', { weeks: 1 }], 'was ist mit {n} Tagen?', ['und heute in {n} Wochen?', { weeks: 1 }], 'und in {n} Tagen dann?', 'dasselbe für {n} Tage'],
    es: ['y dentro de {n} días?', ['y dentro de {n} semanas?', { weeks: 1 }], 'y en {n} días?', ['lo mismo para {n} semanas', { weeks: 1 }], 'qué tal dentro de {n} días?', 'y de aquí a {n} días?'],
  },
  make(ctx, params) {
    const n = params.weeks ? ctx.rng.int(2, 12) : ctx.rng.int(2, 90);
    return { slots: { n }, expect: { date: iso(addDays(TODAY, params.weeks ? n * 7 : n)) } };
  },
};

/** After a timer is set: how long is left (all of it: the clock stands still). */
export const timeLeft: Followup = {
  name: 'time-left',
  templates: {
    en: ['how much time is left?', 'how long left on the timer?', 'how much longer?', 'time left on my timer?', 'how long until the timer goes off?', 'how much time do I have left'],
    fr: ['il reste combien de temps ?', 'combien de temps reste-t-il sur le minuteur ?', 'le minuteur en est où ?', 'combien de temps il reste au minuteur ?', 'encore combien de temps ?', '§combien de temps reste-t-il ?'],
    de: ['wie viel Zeit ist noch übrig?', 'wie lange läuft der Timer noch?', 'wie lange noch?', 'wieviel Zeit bleibt noch auf dem Timer?', "wie lange dauert's noch?", '§wie lange läuft der Timer noch?'],
    es: ['cuánto tiempo queda?', 'cuánto le queda al temporizador?', 'cuánto falta?', 'cuánto tiempo le queda?', 'cuánto falta para que suene el temporizador?', '§cuánto tiempo queda en el temporizador?'],
  },
  make: (_ctx, _params, before) => ({ slots: {}, expect: numbers(...durationNumbers(last(before))) }),
};

export const cancelTimer: Followup = {
  name: 'cancel-timer',
  templates: {
    en: ['cancel the timer', 'stop the timer', 'never mind, cancel the timer', 'delete my timer', 'turn off the timer', 'cancel it'],
    fr: ['annule le minuteur', 'arrête le minuteur', 'supprime le minuteur', 'laisse tomber le minuteur', "§annulez le minuteur s'il vous plaît", 'annule-le'],
    de: ['brich den Timer ab', 'stopp den Timer', 'lösch den Timer', 'Timer abbrechen', 'mach den Timer aus', 'vergiss den Timer'],
    es: ['cancela el temporizador', 'para el temporizador', 'borra el temporizador', 'quita el temporizador', 'olvídalo, cancela el temporizador', '§cancele el temporizador'],
  },
  make: () => ({ slots: {}, expect: { any: CANCELLED } }),
};

/** A named timer, set twice in one session so that the next line has to pick one by its name. */
export const namedTimer: Followup = {
  name: 'named-timer',
  templates: {
    en: ['set a {name} timer for {d}', '{name} timer, {d}', 'start a timer called {name} for {d}', 'timer for the {name}: {d}', 'add a {name} timer for {d}', 'set a timer for {d} for the {name}'],
    fr: ['mets un minuteur de {d} pour {name}', 'minuteur pour {name}, {d}', 'lance un minuteur pour {name} de {d}', 'un minuteur de {d} pour {name}', 'rajoute un minuteur pour {name} : {d}', '§mettez un minuteur de {d} pour {name}'],
    de: ['stell einen Timer für die {name} auf {d}', '{name}-Timer {d}', 'starte einen Timer für die {name}, {d}', 'Timer für die {name}: {d}', 'noch einen Timer für die {name} auf {d}', '§stellen Sie einen Timer für die {name} auf {d}'],
    es: ['pon un temporizador de {d} para {name}', 'temporizador para {name} de {d}', 'ponme un temporizador de {d} para {name}', 'otro temporizador de {d} para {name}', 'temporizador de {name}: {d}', '§ponga un temporizador de {d} para {name}'],
  },
  make(ctx, _params, before) {
    const running = before.timers ?? [];
    let seconds = ctx.rng.int(2, 45) * 60;
    while (running.some((timer) => timer.seconds === seconds)) seconds = ctx.rng.int(2, 45) * 60;
    const name = ctx.rng.pick(TIMER_NAMES[ctx.lang].filter((candidate) => !running.some((timer) => timer.key === candidate.key)));
    const timer = { phrase: name.phrase, key: name.key, seconds };
    return { slots: { d: writeDuration(ctx, seconds), name: name.phrase }, expect: numbers(...durationNumbers(seconds)), state: { value: seconds, timers: [...running, timer] } };
  },
};

/** "Cancel the pasta timer" / "how long is left on the rice?" when two named timers run. */
export const pickNamed: Followup = {
  name: 'named-pick',
  templates: {
    en: [['cancel the {name} timer', { cancel: 1 }], ['stop the {name} timer', { cancel: 1 }], ['delete the timer for the {name}', { cancel: 1 }], 'how long is left on the {name} timer?', 'how much time is left for the {name}?', "what's left on the {name} timer?"],
    fr: [['annule le minuteur de {name}', { cancel: 1 }], ['arrête le minuteur de {name}', { cancel: 1 }], ['supprime le minuteur pour {name}', { cancel: 1 }], 'il reste combien de temps pour {name} ?', 'combien de temps reste-t-il sur le minuteur de {name} ?', 'le minuteur de {name}, il en est où ?'],
    de: [['brich den Timer für die {name} ab', { cancel: 1 }], ['lösch den {name}-Timer', { cancel: 1 }], ['stopp den Timer für die {name}', { cancel: 1 }], 'wie lange läuft der Timer für die {name} noch?', 'wie viel Zeit haben die {name} noch?', 'wie lange brauchen die {name} noch?'],
    es: [['cancela el temporizador de {name}', { cancel: 1 }], ['quita el temporizador de {name}', { cancel: 1 }], ['borra el temporizador de {name}', { cancel: 1 }], 'cuánto le queda al temporizador de {name}?', 'cuánto falta para {name}?', 'cuánto tiempo le queda a {name}?'],
  },
  make(ctx, params, before) {
    const timer = ctx.rng.pick(before.timers ?? []);
    return params.cancel
      ? { slots: { name: timer.phrase }, expect: { any: CANCELLED, all: [timer.key] } }
      : { slots: { name: timer.phrase }, expect: numbers(...durationNumbers(timer.seconds)) };
  },
};
