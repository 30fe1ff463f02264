/**
 * Binds the content part of the API contract (preload/contract/content.ts): one input schema and one
 * handler per method. The work is in main/content/ (service.ts is its facade); the sync tasks are registered here.
 */
import { z } from 'zod';
import type { ContentMethods } from '../../preload/contract/content';
import type { HandlersFor } from '../ipc/dispatch';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { ContentService } from '../content/service';
import { offlinePlanOf, purgeOfflineCopies } from '../content/offline-policy';
import { UserFacingError } from '../ipc/errors';
import { describeError } from '../log/redact';
import type { SyncTask } from '../sync/task';

const none = z.tuple([]);
const id = z.number().int().positive();
/** A fileRef is the portal address of a file (without token) as content.course listed it. */
const fileRef = z.string().min(1).max(4000);

export const CONTENT_INPUT_SCHEMAS: InputSchemasFor<ContentMethods> = {
  'content.courses': none,
  'content.course': z.tuple([id]),
  'content.openFile': z.tuple([fileRef]),
  'content.viewFile': z.tuple([fileRef]),
  'content.saveFile': z.tuple([fileRef]),
  'content.page': z.tuple([id]),
  'content.setOffline': z.tuple([id, z.boolean()]),
  'content.deadlines': none,
  'content.storage': none,
  'content.cancelDownload': z.tuple([fileRef]),
};

export function createContentApi(context: ServiceContext): FeatureApi<ContentMethods> & { content: ContentService; purged: Promise<number> } {
  const content = new ContentService(context, context.deps.openPath ?? null, context.deps.saveFile ?? null);
  // Policy offlineEnabled and the setting prefetch decide what the file cache may do (main/content/offline-policy.ts).
  const plan = () => offlinePlanOf(context.settings);
  const nothing = { changed: false, requests: 0 };
  const assignmentFiles: SyncTask = { ...content.assignmentFilesTask, run: (input) => (plan().assignmentAttachments ? content.assignmentFilesTask.run(input) : Promise.resolve(nothing)) };
  const courseFiles: SyncTask = {
    name: 'course-files',
    order: 40,
    run: async (input) => {
      if (!plan().courseFiles) return nothing;
      const result = await content.prefetchCourseFiles(input.accountId, input.signal);
      return { changed: result.downloaded > 0, requests: result.downloaded + result.failed };
    },
  };
  const unregister = context.syncTasks.register(content.syncTask);
  // A full disk: cached files (not offline-pinned courses) give space back before a draft save fails.
  const unregisterSpace = context.space.register(() => content.giveBackSpace());
  const unregisterAssignmentFiles = context.syncTasks.register(assignmentFiles);
  const unregisterCourseFiles = context.syncTasks.register(courseFiles);
  // Offline storage off: what earlier runs kept goes (drafts and the outbox are not in the file cache).
  const purged = plan().keepFiles
    ? Promise.resolve(0)
    : purgeOfflineCopies(content.repo, context.deps.dataDir, context.accounts.list().map((account) => account.id)).catch((error: unknown) => {
        console.error(`[content] offline copies not removed: ${describeError(error)}`);
        return 0;
      });
  const cleanUp = () => {
    void content.removeOrphanedFiles().catch(() => undefined);
    void content.forgetLoggedOutOnSharedDevice().catch(() => undefined);
    void content.removeStaleDownloads().catch(() => undefined);
  };
  const stopWatching = context.accounts.onChange(cleanUp);
  cleanUp();
  const handlers: HandlersFor<ContentMethods> = {
    'content.courses': () => content.courses(),
    'content.course': (courseId) => content.course(courseId),
    'content.openFile': (ref) => content.openFile(ref),
    'content.viewFile': (ref) => content.viewFile(ref),
    'content.saveFile': (ref) => content.saveFile(ref),
    'content.page': (cmid) => content.page(cmid),
    'content.setOffline': (courseId, on) => {
      if (on && !plan().pinCourses) throw new UserFacingError('offline-disabled');
      return content.setOffline(courseId, on);
    },
    'content.deadlines': () => content.deadlines(),
    'content.storage': () => content.storage(),
    'content.cancelDownload': (ref) => content.cancelDownload(ref),
  };
  return {
    handlers,
    content,
    purged,
    close: async () => {
      stopWatching();
      unregister();
      unregisterAssignmentFiles();
      unregisterCourseFiles();
      unregisterSpace();
      await purged;
    },
  };
}
