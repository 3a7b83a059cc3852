import type { Language } from '../core/language/language.ts';

// Timers, alarms and reminders the user set, kept across restarts (SQLite in the hosts).

export type ReminderKind = 'timer' | 'alarm' | 'reminder';
/** pending: not due yet; fired: went off and awaits a dismiss or a snooze; done: dismissed or cancelled. */
export type ReminderState = 'pending' | 'fired' | 'done';

export interface Reminder {
  id: string;
  kind: ReminderKind;
  /** What it is for ("pasta", "call mum"), in the user's words; null for a plain timer or alarm. */
  label: string | null;
  /** The conversation it was set in (its announcement goes there first). */
  sessionId: string | null;
  language: Language;
  createdAt: number;
  /** Epoch ms it goes off (again, after a snooze). */
  dueAt: number;
  /** A timer's length, ms; null for alarms and reminders set for a time of day. */
  durationMs: number | null;
  state: ReminderState;
  firedAt: number | null;
  /** Why it ended: dismissed, cancelled. */
  endedBy: 'dismissed' | 'cancelled' | null;
  snoozes: number;
}

export interface TimerBook {
  add(reminder: Reminder): void;
  get(id: string): Reminder | null;
  /** Oldest first; by state when given. */
  list(states?: readonly ReminderState[]): Reminder[];
  update(id: string, patch: Partial<Pick<Reminder, 'dueAt' | 'state' | 'firedAt' | 'endedBy' | 'snoozes'>>): Reminder | null;
}
