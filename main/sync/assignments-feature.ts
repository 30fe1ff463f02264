/**
 * Builds the sync engine for the composition root (main/services.ts): the engine itself, the
 * assignments SyncTask (order 10, with content) and deadline reminders (system notifications, or kept
 * in the app where the shell has none). main/api/sync.ts binds `sync.*` to it and closes it;
 * services.ts returns the engine.
 */
import type { InAppReminderView } from '../../preload/contract/sync';
import { AssignmentsRepository } from '../assignments/index';
import { storedCourseNames } from '../assignments/views';
import { MoodleClient } from '../portal/moodle-client';
import type { ServiceContext } from '../service-context';
import { syncAssignments } from './assignments-sync';
import { SyncEngine } from './engine';
import type { SyncEngineOptions } from './engine';
import { DeadlineNotifier } from './notifications';
import { SentRemindersRepository, SyncStateRepository } from './sync-state';

export const ASSIGNMENTS_TASK = 'assignments';

/** In-app reminders kept since start, so a window that connects later still shows them. */
const MAX_IN_APP_REMINDERS = 20;

export interface AssignmentsFeature {
  engine: SyncEngine;
  notifier: DeadlineNotifier;
  /** The in-app reminders of `accountId` kept since start (newest last). */
  reminders(accountId: string | undefined): InAppReminderView[];
  close(): Promise<void>;
}

export function createAssignmentsFeature(
  context: ServiceContext,
  { startEngine = true, ...options }: Pick<SyncEngineOptions, 'timers' | 'random' | 'schedule'> & { startEngine?: boolean } = {},
): AssignmentsFeature {
  const repo = new AssignmentsRepository(context.store);
  const inApp: (InAppReminderView & { accountId: string })[] = [];
  const client = new MoodleClient(context.http);
  const notifier = new DeadlineNotifier({
    assignments: repo,
    sent: new SentRemindersRepository(context.store),
    currentAccount: () => context.accounts.current(),
    setting: (key) => context.settings.get(key),
    language: () => context.settings.get('language'),
    // System notification where the shell has them; otherwise the renderer shows (and words) it in the app.
    notify: (title, body, reminder) => {
      if (context.deps.notify) context.deps.notify(title, body);
      else {
        const accountId = context.accounts.current()?.id ?? '';
        const view: InAppReminderView = { assignId: reminder.assignId, title: reminder.title, dueAt: reminder.dueAt, leadMs: reminder.leadMs };
        inApp.push({ accountId, ...view });
        if (inApp.length > MAX_IN_APP_REMINDERS) inApp.shift();
        context.events.emit('sync.reminder', view);
      }
    },
    now: context.now,
    timers: options.timers,
  });
  // Statuses that could not be read, per account: asked for again next run (kept for this run of the app;
  // after a restart the STATUS_REFRESH_MS age brings them back).
  const failedStatuses = new Map<string, Set<number>>();
  // Courses the last assignment list covered, per account (after a restart the first run asks for the list).
  const listedCourses = new Map<string, Set<number>>();
  const unregister = context.syncTasks.register({
    name: ASSIGNMENTS_TASK,
    // With the content task (order 10): both run together and share their requests (one for a quiet sync).
    order: 10,
    async run(input) {
      const retry = failedStatuses.get(input.accountId) ?? new Set<number>();
      const result = await syncAssignments(input.client, input.site, input.token, input.accountId, repo, input.now, input.lastSuccessAt, retry, {
        ...(input.batch ? { batch: input.batch } : {}),
        courseIds: [...storedCourseNames(context.store, input.accountId).keys()],
        listedCourses: listedCourses.get(input.accountId) ?? new Set(),
      });
      failedStatuses.set(input.accountId, new Set(result.failedAssignIds));
      if (result.listedCourses) listedCourses.set(input.accountId, result.listedCourses);
      return { changed: true, requests: result.requests };
    },
  });
  const engine = new SyncEngine({
    tasks: context.syncTasks,
    accounts: context.accounts,
    connectivity: context.connectivity,
    client,
    state: new SyncStateRepository(context.store),
    now: context.now,
    ...options,
    onStatus: (status) => context.events.emit('sync.status', status),
    onChanged: () => {
      context.events.emit('assignments.changed', { at: context.now() });
      notifier.check();
    },
  });
  // Not started (tests that count requests): built and bound, but it runs nothing by itself.
  if (startEngine) engine.start();
  // Reminders come from the store: they work before (or without) any sync.
  notifier.check();

  return {
    engine,
    notifier,
    reminders: (accountId) => inApp.filter((r) => r.accountId === accountId).map(({ assignId, title, dueAt, leadMs }) => ({ assignId, title, dueAt, leadMs })),
    async close() {
      notifier.close();
      await engine.close();
      unregister();
    },
  };
}
