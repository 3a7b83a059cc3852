import type { Language } from '../../language/language.ts';
import { foldText } from '../../language/to-english.ts';
import { abstain, type Agent, type AgentAbstention, type AgentContext, type AgentOutput } from '../../moe/agent.ts';
import { parseTimerIntent, type ClockTime, type TimerIntent } from '../../timers/timer-phrasing.ts';
import type { Reminder, ReminderKind, TimerBook } from '../../../ports/timer-book.ts';
import { formatDuration, formatTime, instantOfWallTime, wallTimeIn } from './zoned-time.ts';

// Timers, alarms and reminders: set, list, cancel, snooze, "how much time is left". The book keeps
// them (SQLite in the hosts, so they survive a restart); the host's scheduler makes them go off.
// Everything is counted from the turn's clock (context.now), so tests run on fixed time.

export interface TimersAgentOptions {
  book: TimerBook;
  newId: () => string;
  /** How long a snooze lasts unless the user says (ms). */
  snoozeMs?: number;
}

/** How long a snooze lasts unless the user says: the usual alarm clock's nine minutes. */
export const DEFAULT_SNOOZE_MS = 9 * 60_000;

export function createTimersAgent(options: TimersAgentOptions): Agent {
  return {
    name: 'timers',
    description: 'Sets, lists and cancels timers, alarms and reminders, tells how much time is left, and snoozes an alarm that went off.',
    capabilities: ['timers', 'alarms', 'reminders', 'snooze', 'time left on a timer'],
    examples: ['set a timer for 10 minutes', 'wake me up at 7am', 'remind me to call mum in 20 minutes', 'how much time is left', 'cancel the timer', 'list my alarms', 'snooze'],
    provider: 'local',
    cache: { cacheable: false, reason: 'timers change what is stored' },
    dependsOn: [],
    selfSelecting: true,
    async execute(query, context, signal): Promise<AgentOutput | AgentAbstention> {
      signal.throwIfAborted();
      const intent = parseTimerIntent(query);
      if (!intent) return abstain('not about a timer, an alarm or a reminder');
      return perform(intent, context, options);
    },
  };
}

function perform(intent: TimerIntent, context: AgentContext, options: TimersAgentOptions): AgentOutput {
  const book = mineFirst(options.book, context.sessionId);
  const language = context.language;
  const now = context.now;
  const answer = (text: string, data: unknown): AgentOutput => ({ text, confidence: 0.95, data });
  const newReminder = (kind: ReminderKind, dueAt: number, label: string | null, durationMs: number | null): Reminder => ({
    id: options.newId(),
    kind,
    label,
    sessionId: context.sessionId,
    language,
    createdAt: now,
    dueAt,
    durationMs,
    state: 'pending',
    firedAt: null,
    endedBy: null,
    snoozes: 0,
  });

  switch (intent.type) {
    case 'set_timer': {
      const label = intent.label ? inUserWords(intent.label, context) : null;
      const timer = newReminder('timer', now + intent.durationMs, label, intent.durationMs);
      book.add(timer);
      return answer(say.timerSet(language, formatDuration(intent.durationMs, language), label), { id: timer.id, dueAt: timer.dueAt });
    }
    case 'set_alarm': {
      const dueAt = nextTime(intent.at, context);
      const alarm = newReminder('alarm', dueAt, null, null);
      book.add(alarm);
      return answer(say.alarmSet(language, formatTime(dueAt, context.timeZone, context.locale), dayWord(dueAt, context)), { id: alarm.id, dueAt });
    }
    case 'set_reminder': {
      const dueAt = intent.inMs !== null ? now + intent.inMs : nextTime(intent.at!, context);
      const label = reminderLabel(intent.label, context);
      const reminder = newReminder('reminder', dueAt, label, intent.inMs);
      book.add(reminder);
      const when = intent.inMs !== null ? say.inTime(language, formatDuration(intent.inMs, language)) : say.atTime(language, formatTime(dueAt, context.timeZone, context.locale), dayWord(dueAt, context));
      return answer(say.reminderSet(language, label, when), { id: reminder.id, dueAt });
    }
    case 'list': {
      const pending = book.list(['pending', 'fired']).filter((item) => !intent.kind || item.kind === intent.kind);
      if (pending.length === 0) return answer(say.noneSet(language, intent.kind), { count: 0 });
      const items = pending.map((item) => describe(item, context));
      return answer(say.list(language, pending.length, items), { count: pending.length });
    }
    case 'time_left': {
      const timer = pick(book.list(['pending']), intent.kind ?? 'timer', intent.label) ?? pick(book.list(['pending']), null, intent.label);
      if (!timer) return answer(say.noneRunning(language), { count: 0 });
      return answer(say.left(language, formatDuration(Math.max(0, timer.dueAt - now), language), timer.label, timer.kind), { id: timer.id, leftMs: timer.dueAt - now });
    }
    case 'cancel': {
      const active = book.list(['fired', 'pending']);
      const targets = intent.all ? active.filter((item) => !intent.kind || item.kind === intent.kind) : [pick(active, intent.kind, intent.label)].filter((item): item is Reminder => item !== null);
      if (targets.length === 0) return answer(say.nothingToCancel(language, intent.kind), { cancelled: 0 });
      for (const item of targets) book.update(item.id, { state: 'done', endedBy: item.state === 'fired' ? 'dismissed' : 'cancelled' });
      return answer(say.cancelled(language, targets.map((item) => describe(item, context))), { cancelled: targets.length });
    }
    case 'snooze': {
      const fired = book.list(['fired']).filter((item) => item.kind !== 'timer').at(-1) ?? book.list(['fired']).at(-1);
      if (!fired) return answer(say.nothingToSnooze(language), { snoozed: 0 });
      const ms = intent.durationMs ?? options.snoozeMs ?? DEFAULT_SNOOZE_MS;
      book.update(fired.id, { state: 'pending', dueAt: now + ms, firedAt: null, snoozes: fired.snoozes + 1 });
      return answer(say.snoozed(language, formatDuration(ms, language)), { id: fired.id, dueAt: now + ms });
    }
  }
}

/** The book with this conversation's own timers listed last, so "the timer" is one set here when there is one. */
function mineFirst(book: TimerBook, sessionId: string | null): TimerBook {
  return {
    ...book,
    add: (reminder) => book.add(reminder),
    get: (id) => book.get(id),
    update: (id, patch) => book.update(id, patch),
    list: (states) => {
      const all = book.list(states);
      return [...all.filter((item) => item.sessionId !== sessionId), ...all.filter((item) => item.sessionId === sessionId)];
    },
  };
}

/** The newest matching one: by label words when given, else by kind. */
function pick(items: Reminder[], kind: ReminderKind | null, label: string | null): Reminder | null {
  const byKind = items.filter((item) => !kind || item.kind === kind);
  if (label) {
    const words = foldText(label).split(' ').filter((word) => word.length > 2);
    const named = byKind.filter((item) => item.label && words.some((word) => foldText(item.label!).includes(word)));
    if (named.length > 0) return named.at(-1)!;
  }
  return byKind.at(-1) ?? null;
}

/** The next instant the user's clock shows that time (tomorrow when asked, or when it has passed today). */
function nextTime(at: ClockTime, context: AgentContext): number {
  const today = wallTimeIn(context.timeZone, context.now);
  let due = instantOfWallTime({ ...today, hour: at.hour, minute: at.minute }, context.timeZone);
  if (at.tomorrow || due <= context.now) due = instantOfWallTime({ ...wallTimeIn(context.timeZone, context.now + 86_400_000), hour: at.hour, minute: at.minute }, context.timeZone);
  return due;
}

function dayWord(dueAt: number, context: AgentContext): string {
  const today = wallTimeIn(context.timeZone, context.now).day;
  const due = wallTimeIn(context.timeZone, dueAt).day;
  if (due === today) return { en: 'today', fr: "aujourd'hui", de: 'heute', es: 'hoy' }[context.language];
  return { en: 'tomorrow', fr: 'demain', de: 'morgen', es: 'mañana' }[context.language];
}

function describe(item: Reminder, context: AgentContext): string {
  const language = context.language;
  const left = formatDuration(Math.max(0, item.dueAt - context.now), language);
  const at = formatTime(item.dueAt, context.timeZone, context.locale);
  const name = item.label ? `${item.label} ` : '';
  switch (item.kind) {
    case 'timer':
      return { en: `${name}timer, ${left} left`, fr: `minuteur ${name}(encore ${left})`, de: `${name}Timer, noch ${left}`, es: `temporizador ${name}(quedan ${left})` }[language];
    case 'alarm':
      return { en: `alarm at ${at}`, fr: `alarme à ${at}`, de: `Wecker um ${at}`, es: `alarma a las ${at}` }[language];
    case 'reminder':
      return { en: `reminder to ${item.label ?? '…'} at ${at}`, fr: `rappel « ${item.label ?? '…'} » à ${at}`, de: `Erinnerung „${item.label ?? '…'}“ um ${at}`, es: `recordatorio «${item.label ?? '…'}» a las ${at}` }[language];
  }
}

/** A label found in the English reading, written as the user wrote it ("oeufs" -> "œufs"). */
function inUserWords(label: string, context: AgentContext): string {
  if (context.language === 'en' || !context.utterance) return label;
  const folded = foldText(context.utterance);
  const at = folded.indexOf(label);
  // Folding keeps one character per character for these scripts, except "ß" (two).
  return at >= 0 && folded.length === context.utterance.length ? context.utterance.slice(at, at + label.length) : label;
}

/** An amount of time in digits or words: "20", "vingt", "zwanzig", "una", "1,5". */
const AMOUNT = String.raw`(?:\d+(?:[.,]\d+)?|\p{L}+(?:-\p{L}+)*)`;

/** What frames a reminder in each language (the request, when it is due), taken out to leave what it is for. */
const REMINDER_FRAMES: Record<Language, RegExp[]> = {
  en: [],
  fr: [
    /(?:n'oublie pas de |n’oublie pas de |pense à )?(?:peux-tu |pouvez-vous |tu peux |vous pouvez |tu pourrais )?(?:me rappeler|rappelle[- ]moi|rappelez[- ]moi|fais[- ]moi penser|faites[- ]moi penser|mets(?:[- ]moi)? un rappel|programme un rappel|rappel)/giu,
    new RegExp(String.raw`\b(?:dans|d'ici|d’ici)\s+(?:une demi-heure|un quart d'heure|${AMOUNT}\s*(?:heures?|h|minutes?|min|secondes?|s|jours?)(?:\s+et\s+(?:demie|quart)|\s*\d+)?)`, 'giu'),
    new RegExp(String.raw`(?:^|\s)(?:à|a|vers|pour)\s+(?:midi|minuit|${AMOUNT}\s*(?:heures?|h|:)(?:\s*\d{1,2})?)(?:\s+et\s+(?:demie|quart)|\s+moins\s+le\s+quart)?(?:\s+du\s+(?:matin|soir)|\s+de\s+l['’]après-midi)?`, 'giu'),
    /^[\s,;:]*(?:de|d['’]|qu['’]il faut|que je dois|pour|à)\s*/iu,
  ],
  de: [
    /(?:kannst du |könntest du |können sie |könnten sie )?(?:erinnere|erinner|erinnern sie|erinnert)?\s*(?:mich|uns)(?: bitte)?(?: daran)?(?:\s+erinnern)?|\berinnerung\b|\bsag (?:mir|uns)\b|\bbescheid,? dass (?:ich|wir)\b|\b(?:muss|müssen|soll)\s*$|\berinnern\b/giu,
    new RegExp(String.raw`\bin\s+(?:einer (?:halben )?stunde|einer viertelstunde|eineinhalb stunden|anderthalb stunden|${AMOUNT}\s*(?:stunden?|std|minuten?|min|sekunden?|tagen?))`, 'giu'),
    new RegExp(String.raw`\bum\s+(?:halb\s+\p{L}+|viertel\s+(?:nach|vor)\s+\p{L}+|\d{1,2}(?:[.:]\d{2})?(?:\s*uhr)?|\p{L}+\s+uhr)(?:\s+(?:morgens|früh|abends|mittags|nachts))?`, 'giu'),
    /\bbitte\b|\bdaran\b|[:,]/giu,
  ],
  es: [
    /(?:puedes |podrías |puede )?(?:recuérdame|recuerdame|recuérdeme|recuerdeme|recordarme|no me dejes olvidar)(?:\s+que)?/giu,
    new RegExp(String.raw`\b(?:en|dentro de)\s+(?:media hora|hora y media|un cuarto de hora|${AMOUNT}\s*(?:horas?|minutos?|min|segundos?|días?)(?:\s+y\s+(?:media|\d+\s*minutos?))?)`, 'giu'),
    new RegExp(String.raw`\b(?:a|para)\s+(?:las?\s+${AMOUNT}(?::\d{2})?(?:\s+y\s+(?:media|cuarto)|\s+menos\s+cuarto)?(?:\s+de\s+la\s+(?:mañana|manana|tarde|noche))?|(?:el\s+)?mediodía)|\bal mediodía`, 'giu'),
    /^[\s,;:]*(?:que|de)\s+/iu,
  ],
};

/** What the reminder is for, in the user's words. */
function reminderLabel(englishLabel: string, context: AgentContext): string {
  if (context.language === 'en' || !context.utterance) return englishLabel;
  let out = context.utterance;
  for (const pattern of REMINDER_FRAMES[context.language]) out = out.replace(pattern, ' ');
  out = out.replace(/[,.!?¿¡]/g, ' ').replace(/\s+/g, ' ').trim();
  return out.length > 0 ? out : englishLabel;
}

const say = {
  timerSet: (language: Language, duration: string, label: string | null): string =>
    label
      ? { en: `${capitalise(label)} timer set for ${duration}.`, fr: `Minuteur « ${label} » de ${duration} lancé.`, de: `Timer „${label}“ auf ${duration} gestellt.`, es: `Temporizador «${label}» de ${duration} en marcha.` }[language]
      : { en: `Timer set for ${duration}.`, fr: `Minuteur de ${duration} lancé.`, de: `Timer auf ${duration} gestellt.`, es: `Temporizador de ${duration} en marcha.` }[language],
  alarmSet: (language: Language, at: string, day: string): string =>
    ({ en: `Alarm set for ${at} ${day}.`, fr: `Alarme réglée pour ${at} ${day}.`, de: `Wecker für ${day} ${at} gestellt.`, es: `Alarma puesta para ${day} a las ${at}.` })[language],
  inTime: (language: Language, duration: string): string => ({ en: `in ${duration}`, fr: `dans ${duration}`, de: `in ${duration}`, es: `dentro de ${duration}` })[language],
  atTime: (language: Language, at: string, day: string): string => ({ en: `at ${at} ${day}`, fr: `à ${at} ${day}`, de: `${day} um ${at}`, es: `${day} a las ${at}` })[language],
  reminderSet: (language: Language, label: string, when: string): string =>
    ({ en: `OK, I'll remind you to ${label} ${when}.`, fr: `D'accord, je vous rappellerai « ${label} » ${when}.`, de: `Okay, ich erinnere dich ${when}: „${label}“.`, es: `Vale, te recordaré «${label}» ${when}.` })[language],
  noneSet: (language: Language, kind: ReminderKind | null): string => {
    const what = kindWord(language, kind, true);
    return { en: `You have no ${what}.`, fr: `Vous n'avez aucun ${what}.`, de: `Du hast keine ${what}.`, es: `No tienes ${what}.` }[language];
  },
  list: (language: Language, count: number, items: string[]): string =>
    ({ en: `You have ${count}: ${items.join('; ')}.`, fr: `Vous en avez ${count} : ${items.join(' ; ')}.`, de: `Du hast ${count}: ${items.join('; ')}.`, es: `Tienes ${count}: ${items.join('; ')}.` })[language],
  noneRunning: (language: Language): string =>
    ({ en: 'You have no timer running.', fr: "Aucun minuteur n'est en cours.", de: 'Es läuft kein Timer.', es: 'No hay ningún temporizador en marcha.' })[language],
  left: (language: Language, left: string, label: string | null, kind: ReminderKind): string => {
    const name = label ? ` (${label})` : '';
    if (kind !== 'timer') return { en: `${capitalise(left)} until your ${kind}${name}.`, fr: `Encore ${left} avant votre ${kind === 'alarm' ? 'alarme' : 'rappel'}${name}.`, de: `Noch ${left} bis ${kind === 'alarm' ? 'zum Wecker' : 'zur Erinnerung'}${name}.`, es: `Quedan ${left} para tu ${kind === 'alarm' ? 'alarma' : 'recordatorio'}${name}.` }[language];
    return { en: `${capitalise(left)} left on your timer${name}.`, fr: `Il reste ${left} sur votre minuteur${name}.`, de: `Auf deinem Timer${name} sind noch ${left}.`, es: `Quedan ${left} en tu temporizador${name}.` }[language];
  },
  nothingToCancel: (language: Language, kind: ReminderKind | null): string => {
    const what = kindWord(language, kind, false);
    return { en: `There is no ${what} to cancel.`, fr: `Il n'y a pas de ${what} à annuler.`, de: `Es gibt keinen ${what} zum Abbrechen.`, es: `No hay ningún ${what} que cancelar.` }[language];
  },
  cancelled: (language: Language, items: string[]): string =>
    ({ en: `Cancelled: ${items.join('; ')}.`, fr: `Annulé : ${items.join(' ; ')}.`, de: `Abgebrochen: ${items.join('; ')}.`, es: `Cancelado: ${items.join('; ')}.` })[language],
  nothingToSnooze: (language: Language): string =>
    ({ en: 'Nothing has gone off to snooze.', fr: "Rien n'a sonné, il n'y a rien à reporter.", de: 'Es hat nichts geklingelt, das ich verschieben könnte.', es: 'No ha sonado nada que posponer.' })[language],
  snoozed: (language: Language, duration: string): string =>
    ({ en: `Snoozed for ${duration}.`, fr: `Reporté de ${duration}.`, de: `Um ${duration} verschoben.`, es: `Pospuesto ${duration}.` })[language],
};

function kindWord(language: Language, kind: ReminderKind | null, plural: boolean): string {
  const words: Record<Language, Record<ReminderKind | 'any', [string, string]>> = {
    en: { timer: ['timer', 'timers'], alarm: ['alarm', 'alarms'], reminder: ['reminder', 'reminders'], any: ['timer, alarm or reminder', 'timers, alarms or reminders'] },
    fr: { timer: ['minuteur', 'minuteur'], alarm: ['alarme', 'alarme'], reminder: ['rappel', 'rappel'], any: ['minuteur, alarme ou rappel', 'minuteur, alarme ni rappel'] },
    de: { timer: ['Timer', 'Timer'], alarm: ['Wecker', 'Wecker'], reminder: ['Erinnerung', 'Erinnerungen'], any: ['Timer, Wecker oder Erinnerung', 'Timer, Wecker oder Erinnerungen'] },
    es: { timer: ['temporizador', 'temporizadores'], alarm: ['alarma', 'alarmas'], reminder: ['recordatorio', 'recordatorios'], any: ['temporizador, alarma ni recordatorio', 'temporizadores, alarmas ni recordatorios'] },
  };
  return words[language][kind ?? 'any'][plural ? 1 : 0];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
