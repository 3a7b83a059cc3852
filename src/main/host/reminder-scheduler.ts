import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.ts';
import type { Reminder, TimerBook } from '../ports/timer-book.ts';

// Makes timers, alarms and reminders go off: one host timer armed for the next one due, on the
// injected clock and timer (tests advance fake time). At start, any that came due while the app
// was closed go off at once, marked late. A change to the book (set, cancel, snooze) re-arms it.

export type SetTimer = (fn: () => void, ms: number) => () => void;

export interface ReminderSchedulerOptions {
  book: TimerBook;
  clock: Clock;
  setTimer: SetTimer;
  logger: Logger;
  /** One went off: `late` when it came due while the app was not running. */
  onFire(reminder: Reminder, late: boolean): void;
}

export interface ReminderScheduler {
  /** Fires what came due while closed, then arms the timer. */
  start(): void;
  /** The book changed: re-arm for the next one due. */
  wake(): void;
  stop(): void;
}

/** setTimeout fires at once past this (about 24.8 days), so longer waits are armed in steps. */
const MAX_DELAY_MS = 2_147_483_647;

export function createReminderScheduler(options: ReminderSchedulerOptions): ReminderScheduler {
  const { book, clock, logger } = options;
  let cancel: (() => void) | null = null;
  let stopped = false;

  function fireDue(late: boolean): void {
    const now = clock.now();
    for (const reminder of book.list(['pending'])) {
      if (reminder.dueAt > now) continue;
      const fired = book.update(reminder.id, { state: 'fired', firedAt: now });
      if (!fired) continue;
      logger.info({ code: 'reminder_fired', kind: fired.kind, id: fired.id, late, lateByMs: now - fired.dueAt }, `${fired.kind} went off`);
      try {
        options.onFire(fired, late);
      } catch (error) {
        logger.error({ code: 'reminder_announce_failed', id: fired.id, err: error }, 'announcing a reminder failed');
      }
    }
  }

  function arm(): void {
    cancel?.();
    cancel = null;
    if (stopped) return;
    let next: number | null = null;
    try {
      for (const reminder of book.list(['pending'])) next = next === null ? reminder.dueAt : Math.min(next, reminder.dueAt);
    } catch (error) {
      logger.error({ code: 'reminders_unreadable', err: error }, 'the timers could not be read; none will go off until the store is readable');
      return;
    }
    if (next === null) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, next - clock.now()));
    cancel = options.setTimer(() => {
      cancel = null;
      try {
        fireDue(false);
      } catch (error) {
        logger.error({ code: 'reminders_fire_failed', err: error }, 'timers could not be fired');
      }
      arm();
    }, delay);
  }

  return {
    start() {
      try {
        fireDue(true);
      } catch (error) {
        logger.error({ code: 'reminders_fire_failed', err: error }, 'timers due while the app was closed could not be fired');
      }
      arm();
    },
    wake: arm,
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}

/** The book, telling `changed` after every write (so the scheduler re-arms). */
export function observedBook(book: TimerBook, changed: () => void): TimerBook {
  return {
    add(reminder) {
      book.add(reminder);
      changed();
    },
    get: (id) => book.get(id),
    list: (states) => book.list(states),
    update(id, patch) {
      const next = book.update(id, patch);
      changed();
      return next;
    },
  };
}
