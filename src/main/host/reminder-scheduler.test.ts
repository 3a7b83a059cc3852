import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createManualTime } from '../core/testing/manual-time.ts';
import { memoryTimerBook } from '../core/timers/testing/memory-timer-book.ts';
import type { Reminder } from '../ports/timer-book.ts';
import { createReminderScheduler, observedBook } from './reminder-scheduler.ts';

const logger = pino({ level: 'silent' });
const reminder = (id: string, dueAt: number): Reminder => ({
  id, kind: 'timer', label: null, sessionId: 's1', language: 'en', createdAt: 0, dueAt, durationMs: dueAt, state: 'pending', firedAt: null, endedBy: null, snoozes: 0,
});

function setup(start = 0) {
  const time = createManualTime(start);
  const store = memoryTimerBook();
  const fired: { id: string; late: boolean; at: number }[] = [];
  const scheduler = createReminderScheduler({ book: store, clock: time.clock, setTimer: time.setTimer, logger, onFire: (item, late) => fired.push({ id: item.id, late, at: time.clock.now() }) });
  const book = observedBook(store, () => scheduler.wake());
  return { time, store, book, fired, scheduler };
}

describe('the reminder scheduler', () => {
  it('fires each on time, in order, and re-arms when one is added or cancelled', () => {
    const { time, book, fired, scheduler, store } = setup();
    scheduler.start();
    book.add(reminder('ten', 600_000));
    book.add(reminder('five', 300_000));
    book.add(reminder('later', 900_000));
    book.update('later', { state: 'done', endedBy: 'cancelled' });
    time.advance(299_999);
    expect(fired).toEqual([]);
    time.advance(1);
    expect(fired).toEqual([{ id: 'five', late: false, at: 300_000 }]);
    time.advance(300_000);
    expect(fired.map((item) => item.id)).toEqual(['five', 'ten']);
    time.advance(600_000);
    expect(fired.map((item) => item.id)).toEqual(['five', 'ten']);
    expect(store.get('ten')).toMatchObject({ state: 'fired', firedAt: 600_000 });
    expect(time.pending()).toBe(0);
  });

  it('announces at start what came due while the app was closed, as late', () => {
    const { store, fired, scheduler, time } = setup(1_000_000);
    store.add(reminder('missed', 400_000));
    store.add(reminder('coming', 1_060_000));
    scheduler.start();
    expect(fired).toEqual([{ id: 'missed', late: true, at: 1_000_000 }]);
    time.advance(60_000);
    expect(fired.at(-1)).toEqual({ id: 'coming', late: false, at: 1_060_000 });
  });

  it('waits in steps for one further away than a host timer can wait', () => {
    const { book, fired, scheduler, time } = setup();
    scheduler.start();
    const farAway = 40 * 86_400_000;
    book.add(reminder('far', farAway));
    time.advance(farAway - 1);
    expect(fired).toEqual([]);
    time.advance(1);
    expect(fired.map((item) => item.id)).toEqual(['far']);
  });
});
