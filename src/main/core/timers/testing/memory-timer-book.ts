import type { Reminder, ReminderState, TimerBook } from '../../../ports/timer-book.ts';

/** A TimerBook in memory, for tests of what uses one. */
export function memoryTimerBook(): TimerBook & { all(): Reminder[] } {
  const items = new Map<string, Reminder>();
  return {
    add: (reminder) => void items.set(reminder.id, { ...reminder }),
    get: (id) => (items.has(id) ? { ...items.get(id)! } : null),
    list: (states?: readonly ReminderState[]) => [...items.values()].filter((item) => !states || states.includes(item.state)).map((item) => ({ ...item })),
    update(id, patch) {
      const current = items.get(id);
      if (!current) return null;
      const next = { ...current, ...patch };
      items.set(id, next);
      return { ...next };
    },
    all: () => [...items.values()],
  };
}
