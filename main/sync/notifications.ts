/**
 * Deadline reminders (24 h and 1 h before the due date of work not handed in) as system
 * notifications. Reads only the stored assignments, so it works offline; each reminder fires
 * once, remembered in the store across restarts. Off when policy/user turns off `notifications`
 * or `deadlineNotifications`. Without system notifications (browser shell) the caller's port
 * shows them in the app instead.
 */
import type { Language } from '../../preload/api';
import type { AssignmentsRepository } from '../assignments/index';
import type { PortalAccount } from '../portal/accounts';
import type { DeadlineInput, DeadlineReminder } from './deadline-schedule';
import { dueReminders, nextCheckAt } from './deadline-schedule';
import type { EngineTimers } from './timers';
import { REAL_TIMERS } from './timers';
import type { SentRemindersRepository } from './sync-state';

export type NotifyPort = (title: string, body: string, reminder: DeadlineReminder) => void;

export interface DeadlineNotifierOptions {
  assignments: AssignmentsRepository;
  sent: SentRemindersRepository;
  currentAccount: () => PortalAccount | null;
  setting: (key: 'notifications' | 'deadlineNotifications') => unknown;
  /** The UI language, for the system notification's words (default German). */
  language?: () => Language;
  notify: NotifyPort | null | undefined;
  now: () => number;
  timers?: EngineTimers;
  /** Check at least this often (a sync may have brought new due dates in between). */
  maxWaitMs?: number;
}

const SUBMITTED = new Set(['submitted']);

/**
 * The system notification's words (no renderer is involved: the app may be in the background). In
 * the app (browser shell) the renderer words the same facts itself (aufgaben.reminders).
 */
const REMINDER_TEXT = {
  de: {
    when: (hours: number) => (hours >= 24 ? 'morgen' : hours === 1 ? 'in einer Stunde' : `in ${hours} Stunden`),
    title: (when: string, title: string) => `Abgabe ${when}: ${title}`,
    body: (time: string) => `Fällig ${time}. Noch nicht abgegeben.`,
    locale: 'de-DE',
  },
  en: {
    when: (hours: number) => (hours >= 24 ? 'tomorrow' : hours === 1 ? 'in one hour' : `in ${hours} hours`),
    title: (when: string, title: string) => `Due ${when}: ${title}`,
    body: (time: string) => `Due ${time}. Not handed in yet.`,
    locale: 'en-GB',
  },
} as const;

export function reminderText(reminder: DeadlineReminder, language: Language = 'de'): { title: string; body: string } {
  const text = REMINDER_TEXT[language];
  const hours = Math.round(reminder.leadMs / 3_600_000);
  const time = new Intl.DateTimeFormat(text.locale, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(reminder.dueAt);
  return { title: text.title(text.when(hours), reminder.title), body: text.body(time) };
}

export class DeadlineNotifier {
  readonly #o: DeadlineNotifierOptions;
  readonly #timers: EngineTimers;
  #timer: unknown = null;
  #closed = false;

  constructor(options: DeadlineNotifierOptions) {
    this.#o = options;
    this.#timers = options.timers ?? REAL_TIMERS;
  }

  enabled(): boolean {
    return Boolean(this.#o.notify) && this.#o.setting('notifications') === true && this.#o.setting('deadlineNotifications') === true;
  }

  /** Shows what is due now, remembers it, and plans the next look. Returns the reminders shown. */
  check(): DeadlineReminder[] {
    if (this.#closed) return [];
    const account = this.#o.currentAccount();
    const now = this.#o.now();
    let shown: DeadlineReminder[] = [];
    let items: DeadlineInput[] = [];
    if (account && this.enabled() && this.#o.notify) {
      items = this.#o.assignments.list(account.id).map((a) => ({
        assignId: a.assignId,
        title: a.name,
        dueAt: a.dueAt,
        submitted: SUBMITTED.has(a.status?.status ?? ''),
      }));
      shown = dueReminders(items, now, this.#o.sent.keys(account.id));
      for (const reminder of shown) {
        // Remember first: a notification shown twice is worse than one lost to a crash.
        this.#o.sent.markSent(account.id, reminder.key, now);
        const { title, body } = reminderText(reminder, this.#o.language?.() ?? 'de');
        try {
          this.#o.notify(title, body, reminder);
        } catch (error) {
          console.warn('[notifications] could not show a reminder:', error instanceof Error ? error.name : typeof error);
        }
      }
    }
    this.#planNext(items, now);
    return shown;
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }

  #planNext(items: readonly DeadlineInput[], now: number): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    const maxWait = this.#o.maxWaitMs ?? 15 * 60_000;
    const next = nextCheckAt(items, now);
    const delay = next === null ? maxWait : Math.max(1_000, Math.min(maxWait, next - now));
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      this.check();
    }, delay);
  }
}
