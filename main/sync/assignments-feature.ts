/**
 * Builds the sync engine for the composition root (main/services.ts): the engine itself, the
 * assignments SyncTask (order 10, with content), deadline reminders, and the handlers for `sync.*` and
 * `assignments.*` (main/api/offline.ts spreads them into its handler table). services.ts returns the engine.
 */
import type { AssignmentDetailView, AssignmentSummaryView, InAppReminderView, OfflineMethods } from '../../preload/contract/offline';
import { AssignmentsRepository } from '../assignments/index';
import type { AssignmentRow } from '../assignments/index';
import type { HandlersFor } from '../ipc/dispatch';
import { UserFacingError } from '../ipc/errors';
import { fileKeyOf } from '../content/files';
import { limitsFromStoredAssignment } from '../outbox/limits';
import { sanitizeDraftHtml } from '../outbox/sanitize-html';
import { MoodleClient } from '../portal/moodle-client';
import type { ServiceContext } from '../service-context';
import { syncAssignments } from './assignments-sync';
import { SyncEngine } from './engine';
import type { SyncEngineOptions } from './engine';
import { DeadlineNotifier } from './notifications';
import { SentRemindersRepository, SyncStateRepository } from './sync-state';

export const ASSIGNMENTS_TASK = 'assignments';

type SyncHandlers = Pick<HandlersFor<OfflineMethods>, 'sync.status' | 'sync.now' | 'sync.reminders' | 'assignments.list' | 'assignments.get'>;

/** In-app reminders kept since start, so a window that connects later still shows them. */
const MAX_IN_APP_REMINDERS = 20;

export interface AssignmentsFeature {
  handlers: SyncHandlers;
  engine: SyncEngine;
  notifier: DeadlineNotifier;
  close(): Promise<void>;
}

export function createAssignmentsFeature(
  context: ServiceContext,
  options: Pick<SyncEngineOptions, 'timers' | 'random' | 'schedule'> = {},
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
  const courseNames = (accountId: string): Map<number, string> => {
    try {
      // The content feature's course cache (may be absent or empty): names only, for grouping.
      return new Map(context.store.all<{ course_id: number; fullname: string }>('SELECT course_id, fullname FROM content_courses WHERE account_id = ?', accountId).map((r) => [r.course_id, r.fullname]));
    } catch {
      return new Map();
    }
  };
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
        courseIds: [...courseNames(input.accountId).keys()],
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
  engine.start();
  // Reminders come from the store: they work before (or without) any sync.
  notifier.check();

  const current = (): string => {
    const account = context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account.id;
  };
  // The content feature's file cache (the 'assignment-files' task prefetches attachments into it).
  const isCached = (accountId: string, fileRef: string): boolean =>
    context.store.get<{ one: number }>('SELECT 1 AS one FROM content_files WHERE account_id = ? AND file_key = ?', accountId, fileRef) !== undefined;
  const draftAssignIds = (accountId: string): Set<number> =>
    new Set(context.store.all<{ assign_id: number }>('SELECT assign_id FROM drafts WHERE account_id = ?', accountId).map((r) => r.assign_id));

  const summary = (row: AssignmentRow, names: Map<number, string>, drafts: Set<number>): AssignmentSummaryView => ({
    assignId: row.assignId,
    cmid: row.cmid,
    courseId: row.courseId,
    courseName: names.get(row.courseId) ?? null,
    title: row.name,
    dueAt: row.dueAt,
    cutoffAt: row.cutoffAt,
    status: row.status?.status ?? 'unknown',
    grade: row.status?.grade ?? null,
    hasDraft: drafts.has(row.assignId),
    syncedAt: row.syncedAt,
  });

  const handlers: SyncHandlers = {
    'sync.status': () => engine.status(),
    'sync.now': () => engine.syncNow(),
    'sync.reminders': () => {
      const accountId = context.accounts.current()?.id;
      return inApp.filter((r) => r.accountId === accountId).map(({ assignId, title, dueAt, leadMs }) => ({ assignId, title, dueAt, leadMs }));
    },
    'assignments.list': () => {
      const accountId = current();
      const names = courseNames(accountId);
      const drafts = draftAssignIds(accountId);
      return repo.list(accountId).map((row) => summary(row, names, drafts));
    },
    'assignments.get': (assignId): AssignmentDetailView => {
      const accountId = current();
      const row = repo.get(accountId, assignId);
      if (!row) throw new UserFacingError('assignment-not-found');
      const limits = limitsFromStoredAssignment(row);
      return {
        ...summary(row, courseNames(accountId), draftAssignIds(accountId)),
        descriptionHtml: sanitizeDraftHtml(row.introHtml),
        feedbackHtml: row.status?.feedbackHtml ? sanitizeDraftHtml(row.status.feedbackHtml) : null,
        files: row.files.filter(isFile).map((f) => {
          const fileRef = typeof f.fileurl === 'string' && f.fileurl ? fileKeyOf(f.fileurl) : null;
          return { name: f.filename, size: f.filesize ?? 0, mimetype: f.mimetype ?? '', fileRef, cached: fileRef !== null && isCached(accountId, fileRef) };
        }),
        limits: {
          onlineTextEnabled: limits.onlineTextEnabled, wordLimit: limits.wordLimit, fileEnabled: limits.fileEnabled,
          maxFiles: limits.maxFiles, maxBytes: limits.maxBytes, fileTypes: limits.fileTypes,
          requireSubmissionStatement: limits.requireSubmissionStatement, submissionStatement: limits.submissionStatement,
        },
      };
    },
  };

  return {
    handlers,
    engine,
    notifier,
    async close() {
      notifier.close();
      await engine.close();
      unregister();
    },
  };
}

function isFile(value: unknown): value is { filename: string; filesize?: number; mimetype?: string; fileurl?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { filename?: unknown }).filename === 'string';
}
