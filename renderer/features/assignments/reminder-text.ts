import type { TFunction } from 'i18next';
import type { InAppReminderView } from '../../../preload/contract/sync';

/** An in-app deadline reminder in words: "Abgabe in einer Stunde: Vokabeltest" and "Fällig Mo., 14:00. Noch nicht abgegeben." */
export function reminderWords(t: TFunction, language: string, reminder: InAppReminderView): { heading: string; body: string } {
  const hours = Math.round(reminder.leadMs / 3_600_000);
  const heading = hours >= 24 ? t('aufgaben.reminders.dueTomorrow', { title: reminder.title }) : t('aufgaben.reminders.dueInHours', { count: hours, title: reminder.title });
  const time = new Intl.DateTimeFormat(language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(reminder.dueAt));
  return { heading, body: t('aufgaben.reminders.body', { time }) };
}
