/**
 * System notifications for the core's `notify` port (deadline reminders). Silent when the OS
 * does not support them; the core already checks the `notifications` policy.
 */
import { Notification } from 'electron';

export function createNotifyPort(): (title: string, body: string) => void {
  return (title, body) => {
    if (!Notification.isSupported()) return;
    new Notification({ title, body, silent: false }).show();
  };
}
