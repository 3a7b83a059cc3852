import { useState } from 'react';
import { useAppActions, useAppState } from '../../state/app-context.tsx';
import { canAskForNotifications } from './page-notification.ts';

/** Timers, alarms and reminders that went off: what they say, with Dismiss and Snooze. */
export function ReminderBanners() {
  const reminders = useAppState((s) => s.reminders);
  const actions = useAppActions();
  const [askable, setAskable] = useState(canAskForNotifications);
  if (reminders.length === 0) return null;
  return (
    <section aria-label="Timers and reminders" className="reminders">
      {reminders.map(({ reminder, title, text }) => (
        <div key={reminder.id} role="alert" className="banner banner-reminder" data-testid="reminder-banner">
          <p>
            <strong>{title}</strong> {text}
          </p>
          <div className="banner-actions">
            <button type="button" onClick={() => void actions.actOnReminder(reminder.id, 'snooze')}>
              Snooze 9 min
            </button>
            <button type="button" onClick={() => void actions.actOnReminder(reminder.id, 'dismiss')}>
              Dismiss
            </button>
            {askable && (
              <button type="button" onClick={() => void Notification.requestPermission().then(() => setAskable(canAskForNotifications()))}>
                Also notify me outside this page
              </button>
            )}
          </div>
        </div>
      ))}
    </section>
  );
}
