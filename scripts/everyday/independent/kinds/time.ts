import { CITIES, clockAt, NOW_UTC, USER_OFFSET_MINUTES } from '../../generator/world.ts';
import { durationNumbers, writeClock, writeDuration } from '../clock-words.ts';
import type { Ctx, Kind } from '../types.ts';
import { cityName, WHOLE_HOUR_CITIES } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// The time here and in cities, time differences, how long until a time today, and the time
// after a while.

const LOCAL_MINUTES = NOW_UTC.hour * 60 + NOW_UTC.minute + USER_OFFSET_MINUTES; // 15:04

export function pickCity(ctx: Ctx, avoid: readonly string[] = []): { key: string; name: string; offset: number } {
  const keys = Object.keys(CITIES).filter((key) => !avoid.includes(key));
  const key = ctx.rng.pick(keys);
  const city = CITIES[key]!;
  return { key, name: cityName(ctx.rng, city, ctx.lang), offset: city.offset };
}

export const cityClock: Kind = {
  name: 'city-clock',
  category: 'time',
  count: 12,
  templates: {
    en: ['what time is it in {city}?', 'time in {city}', "what's the time in {city} right now?", 'current time in {city}', 'do you know what time it is in {city}?', 'tell me the time in {city}', "what's the local time in {city}?", 'what time is it over in {city} now'],
    fr: ['quelle heure est-il à {city} ?', 'il est quelle heure à {city} ?', "l'heure à {city}", 'quelle heure il est à {city} là ?', "§dites-moi l'heure qu'il est à {city}", 'tu sais quelle heure il est à {city} ?', 'heure actuelle à {city}', 'il est quelle heure en ce moment à {city} ?'],
    de: ['wie spät ist es in {city}?', 'wieviel Uhr ist es in {city}?', 'Uhrzeit in {city}', 'sag mir die Uhrzeit in {city}', 'weißt du, wie spät es in {city} ist?', 'wie viel Uhr haben wir gerade in {city}?', 'wie spät ist es jetzt in {city}?', '§können Sie mir sagen, wie spät es in {city} ist?'],
    es: ['qué hora es en {city}?', 'la hora en {city}', 'qué hora tienen en {city}?', 'me dices qué hora es en {city}?', 'sabes qué hora es ahora en {city}?', 'hora actual en {city}', 'dime la hora de {city}', '§me podría decir qué hora es en {city}?'],
  },
  make(ctx) {
    const city = pickCity(ctx, ['madrid', 'paris', 'vienna', 'rome', 'warsaw']);
    return { slots: { city: city.name }, expect: { time: clockAt(city.offset) }, state: { offset: city.offset, cities: [city.key] } };
  },
};

export const localClock: Kind = {
  name: 'local-clock',
  category: 'time',
  count: 6,
  templates: {
    en: ['what time is it?', "what's the time", 'time please', 'got the time?', 'what time is it now', 'tell me the time', 'do you have the time?'],
    fr: ['quelle heure est-il ?', 'il est quelle heure ?', "tu as l'heure ?", "§vous avez l'heure ?", "c'est quelle heure là ?", "donne-moi l'heure", 'il est quelle heure maintenant ?'],
    de: ['wie spät ist es?', 'wie viel Uhr ist es?', 'wieviel Uhr haben wir?', 'sag mir die Uhrzeit', 'wie spät haben wir es?', '§können Sie mir sagen, wie spät es ist?', 'Uhrzeit bitte'],
    es: ['qué hora es?', 'me dices la hora?', 'qué horas son?', 'tienes hora?', 'dime la hora', '§me podría decir la hora?', 'qué hora es ahora?'],
  },
  make: () => ({ slots: {}, expect: { time: clockAt(USER_OFFSET_MINUTES) } }),
};

/** "Here" is Berlin. Cities an hour or more away, and whole hours only. */
export const timeDifference: Kind = {
  name: 'time-difference',
  category: 'time',
  count: 8,
  templates: {
    en: ["what's the time difference between {a} and {b}?", 'time difference between {a} and {b}', ["what's the time difference with {a}?", { here: 1 }], ["how many hours' difference is there between {a} and {b}?", {}], ['how far ahead or behind {b} is {a}?', {}], ['how big is the time difference between here and {a}?', { here: 1 }], ['how many hours apart are {a} and {b}?', {}]],
    fr: ['quel est le décalage horaire entre {a} et {b} ?', 'décalage horaire {a} {b}', ["combien d'heures de décalage avec {a} ?", { here: 1 }], "il y a combien d'heures de différence entre {a} et {b} ?", ["c'est quoi le décalage horaire entre ici et {a} ?", { here: 1 }], "quelle est la différence d'heure entre {a} et {b} ?", '§pouvez-vous me dire le décalage horaire entre {a} et {b} ?'],
    de: ['wie groß ist die Zeitverschiebung zwischen {a} und {b}?', 'Zeitunterschied {a} {b}', ['wie viele Stunden Zeitunterschied sind es nach {a}?', { here: 1 }], ['wie viel Zeitverschiebung haben wir zu {a}?', { here: 1 }], 'welchen Zeitunterschied gibt es zwischen {a} und {b}?', 'wie viele Stunden liegen {a} und {b} auseinander?', '§können Sie mir den Zeitunterschied zwischen {a} und {b} sagen?'],
    es: ['cuál es la diferencia horaria entre {a} y {b}?', 'diferencia de horario {a} {b}', ['cuántas horas de diferencia hay con {a}?', { here: 1 }], 'cuántas horas de diferencia hay entre {a} y {b}?', ['qué diferencia de hora hay entre aquí y {a}?', { here: 1 }], '{a} y {b}, cuántas horas de diferencia tienen?', '§me puede decir la diferencia horaria entre {a} y {b}?'],
  },
  make(ctx, params) {
    for (;;) {
      const a = pickCity({ ...ctx }, Object.keys(CITIES).filter((key) => !WHOLE_HOUR_CITIES.includes(key)));
      const b = params.here ? { key: 'here', name: '', offset: USER_OFFSET_MINUTES } : pickCity(ctx, Object.keys(CITIES).filter((key) => !WHOLE_HOUR_CITIES.includes(key)));
      const hours = Math.abs(a.offset - b.offset) / 60;
      if (hours === 0) continue;
      return { slots: { a: a.name, b: b.name }, expect: numbers(hours) };
    }
  },
};

/** A time later today, on the quarter hour. */
function laterToday(ctx: Ctx): { hour: number; minute: number; minutesLeft: number } {
  const hour = ctx.rng.int(16, 23);
  const minute = ctx.rng.pick([0, 0, 15, 30, 30, 45]);
  return { hour, minute, minutesLeft: hour * 60 + minute - LOCAL_MINUTES };
}

/** How long until a time today: in minutes when the question says minutes, else as hours and minutes. */
export const untilClock: Kind = {
  name: 'until-clock',
  category: 'time',
  count: 8,
  templates: {
    en: [['how many minutes until {t}?', { unit: 'min' }], 'how long until {t}?', 'how much time until {t}?', "how long is it till {t}?", ['minutes left until {t}', { unit: 'min' }], 'how many hours until {t}?', 'how long do I have until {t}?'],
    fr: [['combien de minutes avant {t} ?', { unit: 'min' }], 'dans combien de temps il est {t} ?', "combien de temps jusqu'à {t} ?", 'il reste combien de temps avant {t} ?', ["combien de minutes il reste jusqu'à {t} ?", { unit: 'min' }], "combien d'heures avant {t} ?", "§combien de temps me reste-t-il jusqu'à {t} ?"],
    de: [['wie viele Minuten bis {t}?', { unit: 'min' }], 'wie lange noch bis {t}?', 'wie viel Zeit bleibt bis {t}?', 'wie lange dauert es noch bis {t}?', ['wieviele Minuten sind es noch bis {t}?', { unit: 'min' }], 'wie viele Stunden sind es noch bis {t}?', '§wie viel Zeit habe ich noch bis {t}?'],
    es: [['cuántos minutos faltan para las {t}?', { unit: 'min' }], 'cuánto falta para las {t}?', 'cuánto tiempo queda hasta las {t}?', 'cuántas horas faltan para las {t}?', ['cuántos minutos quedan para las {t}?', { unit: 'min' }], 'cuánto queda para las {t}?', '§cuánto tiempo me queda hasta las {t}?'],
  },
  make(ctx, params) {
    const target = laterToday(ctx);
    const expected = params.unit === 'min' ? [target.minutesLeft] : durationNumbers(target.minutesLeft * 60);
    return { slots: { t: writeClock(ctx, target.hour, target.minute, 'later') }, expect: numbers(...expected) };
  },
};

/** "What time will it be in 3 hours": the clock after a span. */
export const clockAfter: Kind = {
  name: 'clock-after',
  category: 'time',
  count: 6,
  templates: {
    en: ['what time will it be in {d}?', "what's the time going to be in {d}?", 'what time is it in {d}', 'in {d}, what time will it be?', 'what time will it be {d} from now?', 'tell me what time it will be in {d}'],
    fr: ['quelle heure sera-t-il dans {d} ?', 'il sera quelle heure dans {d} ?', 'dans {d}, il sera quelle heure ?', "quelle heure il sera d'ici {d} ?", '§pouvez-vous me dire quelle heure il sera dans {d} ?', 'ça fera quelle heure dans {d} ?'],
    de: ['wie spät ist es in {dd}?', 'wie viel Uhr ist es in {dd}?', 'welche Uhrzeit haben wir in {dd}?', 'in {dd}, wie spät ist es dann?', 'wie spät wird es in {dd} sein?', '§können Sie mir sagen, wie spät es in {dd} ist?'],
    es: ['qué hora será dentro de {d}?', 'qué hora es dentro de {d}?', 'dentro de {d} qué hora será?', 'qué hora será en {d}?', 'me dices qué hora será dentro de {d}?', '§qué hora será de aquí a {d}?'],
  },
  make(ctx) {
    const minutes = ctx.rng.chance(0.5) ? ctx.rng.int(1, 8) * 60 : ctx.rng.pick([20, 30, 45, 90, 10, 15, 40, 150]);
    const total = (LOCAL_MINUTES + minutes) % (24 * 60);
    const time = `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    return { slots: { d: writeDuration(ctx, minutes * 60), dd: writeDuration(ctx, minutes * 60, 'dat') }, expect: { time } };
  },
};

export const TIME_KINDS: readonly Kind[] = [cityClock, localClock, timeDifference, untilClock, clockAfter];
