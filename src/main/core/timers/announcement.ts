import type { Language } from '../language/language.ts';
import type { Reminder } from '../../ports/timer-book.ts';
import { formatDuration, formatTime } from '../experts/specialists/zoned-time.ts';

// What is said and shown when a timer, an alarm or a reminder goes off, in its language. One that
// came due while the app was closed says when it went off.

export interface AnnouncementContext {
  now: number;
  timeZone: string;
  locale: string;
}

export function announcementOf(reminder: Reminder, late: boolean, context: AnnouncementContext): { title: string; text: string } {
  const language: Language = reminder.language;
  const at = formatTime(reminder.dueAt, context.timeZone, context.locale);
  const missed = late
    ? { en: ` (while the app was closed, at ${at})`, fr: ` (pendant que l'application était fermée, à ${at})`, de: ` (während die App geschlossen war, um ${at})`, es: ` (mientras la aplicación estaba cerrada, a las ${at})` }[language]
    : '';
  switch (reminder.kind) {
    case 'timer': {
      const length = reminder.durationMs ? formatDuration(reminder.durationMs, language) : '';
      const name = reminder.label ? ` ${reminder.label}` : '';
      return {
        title: { en: 'Timer', fr: 'Minuteur', de: 'Timer', es: 'Temporizador' }[language],
        text: {
          en: `Time's up: your${name} timer for ${length} is done${missed}.`,
          fr: `C'est l'heure : votre minuteur${name} de ${length} est terminé${missed}.`,
          de: `Die Zeit ist um: dein${name ? ` Timer „${reminder.label}“` : ' Timer'} über ${length} ist abgelaufen${missed}.`,
          es: `Se acabó el tiempo: tu temporizador${name} de ${length} ha terminado${missed}.`,
        }[language],
      };
    }
    case 'alarm':
      return {
        title: { en: 'Alarm', fr: 'Alarme', de: 'Wecker', es: 'Alarma' }[language],
        text: { en: `It's ${at}: your alarm${missed}.`, fr: `Il est ${at} : votre alarme${missed}.`, de: `Es ist ${at}: dein Wecker${missed}.`, es: `Son las ${at}: tu alarma${missed}.` }[language],
      };
    case 'reminder':
      // The banner shows the title before the text: the text does not say "Reminder" again.
      return {
        title: { en: 'Reminder', fr: 'Rappel', de: 'Erinnerung', es: 'Recordatorio' }[language],
        text: reminder.label
          ? {
              en: `Don't forget: ${reminder.label}${missed}.`,
              fr: `N'oubliez pas : ${reminder.label}${missed}.`,
              de: `Nicht vergessen: ${reminder.label}${missed}.`,
              es: `No te olvides: ${reminder.label}${missed}.`,
            }[language]
          : {
              en: `This is the reminder you asked for${missed}.`,
              fr: `Voici le rappel que vous avez demandé${missed}.`,
              de: `Hier ist die Erinnerung, um die du gebeten hast${missed}.`,
              es: `Aquí tienes el recordatorio que pediste${missed}.`,
            }[language],
      };
  }
}
