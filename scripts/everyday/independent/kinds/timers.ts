import { durationIsSimple, durationNumbers, englishDurationAdjective, pickDuration, writeClock, writeDuration } from '../clock-words.ts';
import type { Ctx, Kind, Slots } from '../types.ts';
import { TASKS, TIMER_NAMES } from '../vocabulary.ts';
import { numbers } from './expect.ts';

// Timers, alarms and reminders. Time left and cancelling are asked in sessions (sessions.ts).

function durationSlots(ctx: Ctx, seconds: number): Slots {
  return { d: writeDuration(ctx, seconds), dd: writeDuration(ctx, seconds, 'dat'), adj: ctx.lang === 'en' ? englishDurationAdjective(ctx, seconds) : '' };
}

export const timerSet: Kind = {
  name: 'timer-set',
  category: 'timers',
  count: 10,
  templates: {
    en: ['set a timer for {d}', 'timer {d}', ['start a {adj} timer', { adj: 1 }], 'can you set a timer for {d}?', 'put a timer on for {d}', 'I need a timer for {d}', ['set the {name} timer for {d}', { named: 1 }], 'countdown {d}', ['{adj} timer please', { adj: 1 }]],
    fr: ['mets un minuteur de {d}', 'minuteur {d}', 'lance un minuteur de {d}', 'tu peux mettre un minuteur de {d} ?', 'programme un minuteur pour {d}', ["un minuteur de {d} pour {name} s'il te plaît", { named: 1 }], 'compte à rebours de {d}', '§réglez un minuteur sur {d}', 'mets-moi un minuteur de {d}'],
    de: ['stell einen Timer auf {d}', 'Timer {d}', 'Timer für {d}', 'starte einen Timer für {d}', 'kannst du einen Timer auf {d} stellen?', 'ich brauche einen Timer für {d}', '§stellen Sie bitte einen Timer auf {d}', ['stell einen Timer für die {name} auf {d}', { named: 1 }], 'stell die Eieruhr auf {d}'],
    es: ['pon un temporizador de {d}', 'temporizador {d}', 'ponme un temporizador de {d}', 'programa un temporizador de {d}', 'puedes poner un temporizador de {d}?', 'inicia una cuenta atrás de {d}', ['temporizador de {d} para {name}', { named: 1 }], 'activa un temporizador de {d}', '§ponga un temporizador de {d}, por favor'],
  },
  make(ctx, params) {
    let seconds = pickDuration(ctx);
    while (params.adj && !durationIsSimple(seconds)) seconds = pickDuration(ctx);
    const name = ctx.rng.pick(TIMER_NAMES[ctx.lang]);
    return { slots: { ...durationSlots(ctx, seconds), name: name.phrase }, expect: numbers(...durationNumbers(seconds)), state: { value: seconds } };
  },
};

/** An alarm: mornings (an hour alone means the morning), or later in the day with pm said. */
export const alarms: Kind = {
  name: 'alarms',
  category: 'timers',
  count: 8,
  templates: {
    en: ['set an alarm for {t}', 'wake me up at {t}', 'alarm at {t} tomorrow', 'can you wake me at {t} tomorrow morning?', ['I need an alarm at {t}', { pm: 1 }], 'set my alarm to {t}', 'alarm for {t} please', ['set an alarm for {t} today', { pm: 1 }]],
    fr: ['mets un réveil à {t}', 'réveille-moi à {t}', 'alarme à {t} demain', 'tu peux me réveiller à {t} demain matin ?', ['programme une alarme pour {t}', { pm: 1 }], 'règle le réveil sur {t}', '§réveillez-moi à {t} demain', ["mets une alarme à {t} aujourd'hui", { pm: 1 }]],
    de: ['stell einen Wecker auf {t}', 'weck mich um {t}', 'Wecker {t}', 'kannst du mich morgen um {t} wecken?', ['stell mir einen Wecker für {t}', { pm: 1 }], 'Alarm um {t}', 'weck mich morgen früh um {t}', ['§stellen Sie einen Wecker für heute {t}', { pm: 1 }]],
    es: ['pon una alarma a las {t}', 'despiértame a las {t}', 'alarma a las {t} mañana', 'me puedes despertar mañana a las {t}?', ['programa una alarma para las {t}', { pm: 1 }], 'ponme el despertador a las {t}', '§despiérteme a las {t}, por favor', ['pon una alarma hoy a las {t}', { pm: 1 }]],
  },
  make(ctx, params) {
    const hour = params.pm ? ctx.rng.int(16, 22) : ctx.rng.int(5, 10);
    const minute = ctx.rng.pick([0, 0, 15, 30, 30, 45, 10, 20, 40]);
    const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    return { slots: { t: writeClock(ctx, hour, minute, params.pm ? 'explicit' : 'morning') }, expect: { time } };
  },
};

/** A reminder in a while: the answer repeats the span and a word of the task. */
export const remindIn: Kind = {
  name: 'remind-in',
  category: 'timers',
  count: 8,
  templates: {
    en: ['remind me to {task} in {d}', 'in {d} remind me to {task}', 'remind me in {d} to {task}', 'can you remind me to {task} in {d}?', 'set a reminder to {task} in {d}', "in {d}, remind me that I have to {task}"],
    fr: ['rappelle-moi de {task} dans {d}', 'dans {d}, rappelle-moi de {task}', 'tu peux me rappeler de {task} dans {d} ?', 'mets un rappel dans {d} pour {task}', 'fais-moi penser à {task} dans {d}', '§rappelez-moi de {task} dans {d}'],
    de: ['erinnere mich in {dd} daran, {zu}', 'erinner mich in {dd}, {zu}', 'kannst du mich in {dd} daran erinnern, {zu}?', 'Erinnerung in {dd}: {task}', 'in {dd} {task}, erinnere mich bitte', '§erinnern Sie mich bitte in {dd} daran, {zu}'],
    es: ['recuérdame {task} en {d}', 'en {d} recuérdame {task}', 'me recuerdas {task} dentro de {d}?', 'ponme un recordatorio para {task} en {d}', 'avísame en {d} para {task}', '§recuérdeme {task} dentro de {d}'],
  },
  make(ctx) {
    const seconds = ctx.rng.chance(0.8) ? ctx.rng.int(2, 59) * 60 : ctx.rng.pick([3600, 7200, 5400, 1800]);
    const task = ctx.rng.pick(TASKS[ctx.lang]);
    return { slots: { ...durationSlots(ctx, seconds), task: task.text, zu: task.zu ?? task.text }, expect: { ...numbers(...durationNumbers(seconds)), all: [task.key] } };
  },
};

/** A reminder at a time of day. */
export const remindAt: Kind = {
  name: 'remind-at',
  category: 'timers',
  count: 7,
  templates: {
    en: ['remind me at {t} to {task}', 'remind me to {task} at {t}', 'set a reminder for {t} to {task}', 'at {t} remind me to {task}', 'can you remind me to {task} at {t}?', "don't let me forget to {task}, remind me at {t}"],
    fr: ['rappelle-moi à {t} de {task}', 'rappelle-moi de {task} à {t}', 'mets un rappel à {t} pour {task}', 'à {t}, rappelle-moi de {task}', 'tu peux me rappeler de {task} à {t} ?', '§rappelez-moi à {t} de {task}'],
    de: ['erinnere mich um {t} daran, {zu}', 'erinnere mich daran, um {t} {zu}', 'Erinnerung um {t}: {task}', 'erinnere mich heute um {t}: {task}', 'kannst du mich um {t} daran erinnern, {zu}?', '§erinnern Sie mich um {t} daran, {zu}'],
    es: ['recuérdame a las {t} {task}', 'recuérdame {task} a las {t}', 'ponme un recordatorio a las {t} para {task}', 'a las {t} recuérdame {task}', 'me recuerdas {task} a las {t}?', '§recuérdeme a las {t} que tengo que {task}'],
  },
  make(ctx) {
    const hour = ctx.rng.int(16, 22);
    const minute = ctx.rng.pick([0, 0, 30, 15, 45]);
    const task = ctx.rng.pick(TASKS[ctx.lang]);
    const time = `${hour}:${String(minute).padStart(2, '0')}`;
    return { slots: { t: writeClock(ctx, hour, minute, 'explicit'), task: task.text, zu: task.zu ?? task.text }, expect: { time, all: [task.key] } };
  },
};

export const TIMER_KINDS: readonly Kind[] = [timerSet, alarms, remindIn, remindAt];
