import type { ReminderEvent } from '../../../shared/contract.ts';

// A timer going off also shows as a system notification where the page may (the user allowed it
// once); the in-page banner is shown either way.

export function showPageNotification(event: ReminderEvent): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(event.title, { body: event.text, tag: event.reminder.id });
  } catch {
    // Some browsers only allow notifications from a service worker; the banner is enough.
  }
}

/** Whether asking the user could enable notifications (not yet asked, and the API exists). */
export const canAskForNotifications = (): boolean => typeof Notification !== 'undefined' && Notification.permission === 'default';
