import { describe, expect, it } from 'vitest';
import type { Language } from '../../language/language.ts';
import { memoryTimerBook } from '../../timers/testing/memory-timer-book.ts';
import { contextForTests, FIXED_NOW, resultOf } from '../testing/context-for-tests.ts';
import { createTimersAgent } from './timers-agent.ts';

function setup() {
  const book = memoryTimerBook();
  let ids = 0;
  const agent = createTimersAgent({ book, newId: () => `r${++ids}` });
  const ask = (query: string, overrides: { now?: number; language?: Language; utterance?: string; sessionId?: string; locale?: string } = {}) =>
    resultOf(agent.execute(query, contextForTests({ timeZone: 'Europe/Berlin', ...overrides }), new AbortController().signal));
  return { book, ask };
}

describe('the timers expert', () => {
  it('sets a timer, says how much is left, lists it and cancels it', async () => {
    const { book, ask } = setup();
    expect((await ask('set a timer for 10 minutes')).text).toBe('Timer set for 10 minutes.');
    expect(book.all()).toMatchObject([{ kind: 'timer', dueAt: FIXED_NOW + 600_000, durationMs: 600_000, state: 'pending', sessionId: 'session-1' }]);
    expect((await ask('how much time is left', { now: FIXED_NOW + 150_000 })).text).toBe('7 minutes and 30 seconds left on your timer.');
    expect((await ask('list my timers')).text).toBe('You have 1: timer, 10 minutes left.');
    expect((await ask('cancel the timer')).text).toBe('Cancelled: timer, 10 minutes left.');
    expect(book.all()[0]).toMatchObject({ state: 'done', endedBy: 'cancelled' });
    expect((await ask('cancel the timer')).text).toBe('There is no timer to cancel.');
  });

  it('sets an alarm for the next time the clock shows it, and a reminder with what it is for', async () => {
    const { book, ask } = setup();
    // 15:04 in Berlin: 7am is tomorrow, 5pm is today.
    expect((await ask('set an alarm for 7am')).text).toBe('Alarm set for 7:00 AM tomorrow.');
    expect(new Date(book.all()[0]!.dueAt).toISOString()).toBe('2026-11-21T06:00:00.000Z');
    expect((await ask('remind me at 5pm to pick up the kids')).text).toBe("OK, I'll remind you to pick up kids at 5:00 PM today.");
    expect((await ask('remind me to call mum in 20 minutes')).text).toBe("OK, I'll remind you to call mum in 20 minutes.");
  });

  it('snoozes the alarm that went off', async () => {
    const { book, ask } = setup();
    await ask('wake me up at 3:10 pm');
    expect((await ask('snooze')).text).toBe('Nothing has gone off to snooze.');
    book.update('r1', { state: 'fired', firedAt: FIXED_NOW + 360_000 });
    expect((await ask('snooze', { now: FIXED_NOW + 400_000 })).text).toBe('Snoozed for 9 minutes.');
    expect(book.get('r1')).toMatchObject({ state: 'pending', dueAt: FIXED_NOW + 400_000 + 540_000, snoozes: 1 });
  });

  it('answers in the user language and keeps their words for the label', async () => {
    const { book, ask } = setup();
    const french = { language: 'fr' as const, locale: 'fr-FR' };
    expect((await ask('remind me call mum in 20 minutes', { ...french, utterance: "rappelle-moi d'appeler maman dans 20 minutes" })).text).toBe(
      "D'accord, je vous rappellerai « appeler maman » dans 20 minutes.",
    );
    expect((await ask('set a timer for 3 minutes for œufs', { ...french, utterance: 'lance un minuteur de 3 minutes pour les œufs' })).text).toBe('Minuteur « œufs » de 3 minutes lancé.');
    expect(book.all().map((item) => item.language)).toEqual(['fr', 'fr']);
  });

  it.each([
    ['fr', "À 6 heures et demie du matin, rappelle-moi d'arroser les plantes", 'remind me to arroser plantes at 6:30 am', 'arroser les plantes'],
    ['fr', 'rappelez-moi de prendre mes médicaments dans une demi-heure', 'remind me to prendre médicaments in half an hour', 'prendre mes médicaments'],
    ['de', 'erinnere mich um 17.15 Uhr daran, den Müll rauszubringen', 'remind me at 17:15 to mull rauszubringen', 'den Müll rauszubringen'],
    ['de', 'erinnere mich in einer halben Stunde, Mama anzurufen', 'remind me in half an hour to call mama', 'Mama anzurufen'],
    ['es', 'recuérdame mirar el horno a las cinco y media de la mañana', 'remind me to mirar horno at 5:30 am', 'mirar el horno'],
    ['es', 'en media hora recuérdame que riegue las plantas', 'remind me to riegue plantas in half an hour', 'riegue las plantas'],
  ] as const)('keeps only what a reminder is for, in the user words (%s): %s', async (language, utterance, english, label) => {
    const { book, ask } = setup();
    await ask(english, { language, utterance, locale: { fr: 'fr-FR', de: 'de-DE', es: 'es-ES' }[language] });
    expect(book.all()[0]!.label).toBe(label);
  });

  it('prefers the timers of its own conversation', async () => {
    const { ask } = setup();
    await ask('set a timer for 5 minutes', { sessionId: 'other' });
    await ask('set a timer for 10 minutes', { sessionId: 'mine' });
    await ask('set a timer for 2 minutes', { sessionId: 'other' });
    expect((await ask('how much time is left', { sessionId: 'mine' })).text).toBe('10 minutes left on your timer.');
  });

  it('abstains from what is not about timers', async () => {
    const { ask } = setup();
    expect(await ask('what time is it in Tokyo')).toEqual({ abstained: true, reason: 'not about a timer, an alarm or a reminder' });
  });
});
