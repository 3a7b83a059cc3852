import { describe, expect, it } from 'vitest';
import { renderWithStore } from '../../testing/render-with-store.tsx';
import type { ReminderEvent } from '../../../shared/contract.ts';
import { createAppActions } from '../../state/app-actions.ts';
import { createAppStore, type AppStore } from '../../state/app-store.ts';
import { createFakeClient } from '../../testing/fake-client.ts';
import { ReminderBanners } from './ReminderBanners.tsx';

const went = (id: string, text: string): ReminderEvent => ({
  reminder: { id, kind: 'timer', label: null, sessionId: 'mine', language: 'en', createdAt: 0, dueAt: 600_000, durationMs: 600_000, state: 'fired', firedAt: 600_000, endedBy: null, snoozes: 0 },
  title: 'Timer',
  text,
  late: false,
});

const render = (store: AppStore) => renderWithStore(<ReminderBanners />, () => {}, store);

describe('reminder banners', () => {
  it('show each timer that went off with its text, until it is dismissed or snoozed', async () => {
    const fake = createFakeClient();
    const store = createAppStore();
    const actions = createAppActions(fake.client, store);
    const stop = actions.start();
    fake.pushReminder(went('t1', "Time's up: your timer for 10 minutes is done."));
    fake.pushReminder(went('t2', "Time's up: your timer for 5 minutes is done."));
    // The same one again (a snooze that went off) replaces its banner.
    fake.pushReminder(went('t1', "Time's up: your timer for 10 minutes is done."));
    const html = render(store);
    expect(html.match(/data-testid="reminder-banner"/g)).toHaveLength(2);
    expect(html).toContain('role="alert"');
    expect(html).toContain('your timer for 5 minutes is done');
    expect(html).toContain('Snooze 9 min');

    await actions.actOnReminder('t1', 'dismiss');
    expect(fake.requests.at(-1)).toEqual({ method: 'reminderAction', params: { id: 't1', action: 'dismiss' } });
    expect(store.getState().reminders.map((event) => event.reminder.id)).toEqual(['t2']);
    await actions.actOnReminder('t2', 'snooze');
    expect(store.getState().reminders).toEqual([]);
    expect(render(store)).toBe('');
    stop();
  });
});
