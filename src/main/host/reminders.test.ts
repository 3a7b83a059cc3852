import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/contract-names.ts';
import type { ReminderEvent, ReminderView } from '../../shared/contract.ts';
import { createManualTime } from '../core/testing/manual-time.ts';
import type { AssistantHost } from './assistant-host.ts';
import { makeTempDir } from '../testing/temp-dir.ts';
import { createTestHost } from '../testing/test-host.ts';

// Timers through the whole host on fake time: set by asking, kept in SQLite, going off on the
// host's clock to the window that set them, snoozed and dismissed, and announced late after a
// restart when they came due while the app was closed.

let host: AssistantHost | undefined;
let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => {
  host?.close();
  temp?.remove();
});

const NOW = Date.UTC(2026, 10, 20, 14, 4);

async function call<T>(target: AssistantHost, method: string, params?: unknown, clientId = 'window-1'): Promise<T> {
  const result = await target.dispatch(method, params, { clientId });
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

function hostAt(dataDir: string, time: ReturnType<typeof createManualTime>) {
  const target = createTestHost(dataDir, { clock: time.clock, setTimer: time.setTimer });
  const events: { event: EventName; payload: unknown; isFor: (clientId: string) => boolean }[] = [];
  target.subscribe((event, payload, isFor) => events.push({ event, payload, isFor }));
  const reminders = () => events.filter((e) => e.event === 'reminder');
  return { target, events, reminders };
}

describe('timers, alarms and reminders', () => {
  it('go off on time to the window that set them, snooze and dismiss', async () => {
    temp = makeTempDir('reminders');
    const time = createManualTime(NOW);
    const started = hostAt(temp.path, time);
    host = started.target;
    time.advance(0);
    const sessionId = (await call<{ id: string }>(host, 'startSession')).id;
    const set = await call<{ answer: string }>(host, 'ask', { sessionId, text: 'set a timer for 10 minutes' });
    expect(set.answer).toBe('Timer set for 10 minutes.');

    time.advance(599_000);
    expect(started.reminders()).toEqual([]);
    time.advance(1000);
    expect(started.reminders()).toHaveLength(1);
    const fired = started.reminders()[0]!;
    expect(fired.payload).toMatchObject({ title: 'Timer', text: "Time's up: your timer for 10 minutes is done.", late: false, reminder: { kind: 'timer', state: 'fired', sessionId } });
    expect(fired.isFor('window-1')).toBe(true);
    expect(fired.isFor('window-2')).toBe(false);

    const id = (fired.payload as ReminderEvent).reminder.id;
    const listed = await call<{ pending: ReminderView[]; fired: ReminderEvent[] }>(host, 'listReminders');
    expect(listed.fired.map((event) => event.reminder.id)).toEqual([id]);
    expect(await call<ReminderView>(host, 'reminderAction', { id, action: 'snooze' })).toMatchObject({ state: 'pending', dueAt: NOW + 600_000 + 540_000, snoozes: 1 });
    time.advance(540_000);
    expect(started.reminders()).toHaveLength(2);
    expect(await call<ReminderView>(host, 'reminderAction', { id, action: 'dismiss' })).toMatchObject({ state: 'done', endedBy: 'dismissed' });
    const again = await host.dispatch('reminderAction', { id, action: 'dismiss' }, { clientId: 'window-1' });
    expect(again).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'that timer has not gone off' } });
  });

  it('survive a restart, and one that came due while the app was closed is announced at start', async () => {
    temp = makeTempDir('reminders');
    const time = createManualTime(NOW);
    let started = hostAt(temp.path, time);
    host = started.target;
    time.advance(0);
    const sessionId = (await call<{ id: string }>(host, 'startSession')).id;
    await call(host, 'ask', { sessionId, text: 'remind me to stretch in 5 minutes' });
    await call(host, 'ask', { sessionId, text: 'set an alarm for 7am' });
    host.close();

    // Back an hour later: the reminder went off while closed; the alarm (tomorrow 7:00) is still to come.
    const later = createManualTime(NOW + 3_600_000);
    started = hostAt(temp.path, later);
    host = started.target;
    later.advance(0);
    expect(started.reminders().map((e) => e.payload)).toMatchObject([{ late: true, text: expect.stringMatching(/^Don't forget: stretch \(while the app was closed, at \d{1,2}:09 [AP]M\)\.$/), reminder: { kind: 'reminder' } }]);
    // No window has the session open after the restart: every window is told.
    expect(started.reminders()[0]!.isFor('any-window')).toBe(true);
    const listed = await call<{ pending: ReminderView[]; fired: ReminderEvent[] }>(host, 'listReminders');
    expect(listed.pending.map((item) => item.kind)).toEqual(['alarm']);
    expect(listed.fired.map((event) => event.late)).toEqual([true]);
  });
});
