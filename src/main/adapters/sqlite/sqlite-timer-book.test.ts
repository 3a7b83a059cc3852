import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reminder } from '../../ports/timer-book.ts';
import { makeTempDir } from '../../testing/temp-dir.ts';
import { openDatabase } from './database.ts';
import { SqliteTimerBook } from './sqlite-timer-book.ts';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.remove());

const timer = (id: string, dueAt: number): Reminder => ({
  id,
  kind: 'timer',
  label: 'pasta',
  sessionId: 's1',
  language: 'fr',
  createdAt: 1,
  dueAt,
  durationMs: 600_000,
  state: 'pending',
  firedAt: null,
  endedBy: null,
  snoozes: 0,
});

describe('timers in SQLite', () => {
  it('keeps timers and what happened to them across a reopen', () => {
    temp = makeTempDir('timer-book');
    const path = join(temp.path, 'assistant.sqlite');
    let db = openDatabase(path);
    const book = new SqliteTimerBook(db);
    book.add(timer('a', 1000));
    book.add({ ...timer('b', 2000), kind: 'reminder', label: 'appeler maman', durationMs: null });
    expect(book.update('a', { state: 'fired', firedAt: 1000 })).toMatchObject({ id: 'a', state: 'fired', firedAt: 1000 });
    expect(book.update('nobody', { state: 'done' })).toBeNull();
    db.close();

    db = openDatabase(path);
    const reopened = new SqliteTimerBook(db);
    expect(reopened.list().map((item) => [item.id, item.state])).toEqual([['a', 'fired'], ['b', 'pending']]);
    expect(reopened.list(['pending'])).toEqual([{ ...timer('b', 2000), kind: 'reminder', label: 'appeler maman', durationMs: null }]);
    expect(reopened.get('a')).toEqual({ ...timer('a', 1000), state: 'fired', firedAt: 1000 });
    db.close();
  });
});
