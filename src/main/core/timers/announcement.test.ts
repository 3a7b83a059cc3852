import { describe, expect, it } from 'vitest';
import type { Language } from '../language/language.ts';
import type { Reminder, ReminderKind } from '../../ports/timer-book.ts';
import { announcementOf } from './announcement.ts';

// What a banner shows (its title, then its text) and what is said when a timer, an alarm or a
// reminder goes off.

const NOW = Date.UTC(2026, 10, 20, 14, 4);
const reminder = (kind: ReminderKind, language: Language, label: string | null): Reminder => ({
  id: 'r1',
  kind,
  label,
  sessionId: null,
  language,
  createdAt: NOW - 600_000,
  dueAt: NOW,
  durationMs: kind === 'timer' ? 600_000 : null,
  state: 'pending',
  firedAt: null,
  endedBy: null,
  snoozes: 0,
});
const context = { now: NOW, timeZone: 'Europe/Berlin', locale: 'en-US' };
const LABELS: Record<Language, string> = { en: 'take out bins', fr: 'sortir les poubelles', de: 'den Müll rausbringen', es: 'sacar la basura' };

describe('what goes off', () => {
  it.each(['en', 'fr', 'de', 'es'] as const)('never repeats a word between the title and the text of a banner (%s)', (language) => {
    for (const kind of ['timer', 'alarm', 'reminder'] as const) {
      for (const label of [LABELS[language], null]) {
        for (const late of [false, true]) {
          const { title, text } = announcementOf(reminder(kind, language, label), late, context);
          const words = `${title} ${text}`.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
          const doubled = words.find((word, index) => word === words[index + 1]);
          expect(doubled, `${title} ${text}`).toBeUndefined();
        }
      }
    }
  });

  it('says what a reminder is for, after its title', () => {
    expect(announcementOf(reminder('reminder', 'en', 'take out bins'), false, context)).toEqual({ title: 'Reminder', text: "Don't forget: take out bins." });
    expect(announcementOf(reminder('reminder', 'fr', 'sortir les poubelles'), false, context).text).toBe("N'oubliez pas : sortir les poubelles.");
    expect(announcementOf(reminder('reminder', 'de', 'den Müll rausbringen'), false, context).text).toBe('Nicht vergessen: den Müll rausbringen.');
    expect(announcementOf(reminder('reminder', 'es', 'sacar la basura'), false, context).text).toBe('No te olvides: sacar la basura.');
  });
});
