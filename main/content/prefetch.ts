/**
 * Files onto the device before they are opened, always within the storage budget and the download
 * limit: assignment attachments (task 'assignment-files'), every course file (prefetch level 'all',
 * task 'course-files', see offline-policy.ts) and the courses a student marks "Offline verfügbar".
 */
import type { OfflineResult, StorageView } from '../../preload/contract/content';
import { isDiskFull, UserFacingError } from '../ipc/errors';
import { SessionExpiredError } from '../portal/errors';
import type { CourseSection } from '../portal/schemas';
import type { ServiceContext } from '../service-context';
import type { SyncTask } from '../sync/task';
import { currentAccount } from './access';
import type { FileCache } from './file-cache';
import { assignmentFiles, fileKeyOf, isFileContent, sourceOf } from './files';
import type { ContentRepository } from './repository';

export class Prefetch {
  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly cache: FileCache,
    private readonly storage: () => StorageView,
  ) {}

  /**
   * After the content and assignments tasks (order 10): every stored assignment's attachments into the file
   * cache, so a task and its worksheet open offline. Within the storage budget and the download
   * limit; a file that fails is tried again next run. Unchanged files cost no request.
   */
  readonly assignmentFilesTask: SyncTask = {
    name: 'assignment-files',
    order: 30,
    run: async (input) => {
      const result = await this.assignmentFiles(input.accountId, input.signal);
      return { changed: result.downloaded > 0, requests: result.downloaded + result.failed };
    },
  };

  /** One prefetch download, counted: a lost session ends the run as such, a full disk ends it with its reason, anything else counts as failed. */
  private async fetchCounted(counts: { downloaded: number; failed: number }, fetch: () => Promise<unknown>): Promise<void> {
    try {
      await fetch();
      counts.downloaded += 1;
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'needs-reauth') throw new SessionExpiredError();
      // A full disk: the next file would fail the same way; stop with the reason.
      if (isDiskFull(error)) throw error;
      counts.failed += 1;
    }
  }

  async assignmentFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    const account = this.context.accounts.get(accountId);
    if (!account) throw new Error('assignment files: unknown account');
    const budget = this.cache.budgetBytes();
    const maxDownload = this.cache.maxDownloadBytes();
    const counts = { downloaded: 0, skipped: 0, failed: 0 };
    for (const source of assignmentFiles(this.context.store, accountId)) {
      signal?.throwIfAborted();
      const known = this.repo.file(accountId, fileKeyOf(source.fileurl));
      if (known && known.timeModified >= source.timemodified) continue;
      // Make room first (never at the cost of offline courses); skip what cannot fit.
      const room = source.filesize > maxDownload ? { overBudget: true } : await this.cache.enforceBudget(accountId, null, Math.max(0, budget - source.filesize));
      if (room.overBudget) {
        counts.skipped += 1;
        continue;
      }
      await this.fetchCounted(counts, () => this.cache.fetch(account, source, signal));
    }
    return counts;
  }

  /** Prefetch level 'all' (task 'course-files', main/content/offline-policy.ts): every course's files, offline courses first, only into the free part of the budget (nothing is evicted for them). */
  async courseFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    const account = this.context.accounts.get(accountId);
    if (!account) throw new Error('course files: unknown account');
    const counts = { downloaded: 0, skipped: 0, failed: 0 };
    const courses = this.repo.courses(accountId).sort((a, b) => Number(b.offline) - Number(a.offline));
    const wanted = courses.flatMap((course) => (course.sections ?? []).flatMap((s) => s.modules.flatMap((module) => (module.contents ?? []).filter(isFileContent).map((content) => ({ courseId: course.courseId, module, content })))));
    for (const location of wanted) {
      signal?.throwIfAborted();
      const known = this.repo.file(accountId, fileKeyOf(location.content.fileurl));
      if (known && known.timeModified >= (location.content.timemodified ?? 0)) continue;
      if (location.content.filesize > this.cache.maxDownloadBytes() || this.repo.usedBytes(accountId).bytes + location.content.filesize > this.cache.budgetBytes()) {
        counts.skipped += 1;
        continue;
      }
      await this.fetchCounted(counts, () => this.cache.fetch(account, sourceOf(location)));
    }
    return counts;
  }

  async setOffline(courseId: number, on: boolean): Promise<OfflineResult> {
    const account = currentAccount(this.context);
    const course = this.repo.course(account.id, courseId);
    if (!course) throw new UserFacingError('course-not-found');
    this.repo.setOffline(account.id, courseId, on);
    let filesDownloaded = 0;
    let filesSkipped = 0;
    if (on) {
      // Files, and each page's index.html (its images are files of the page), so pages read offline too.
      const wanted = (course.sections ?? []).flatMap((s: CourseSection) =>
        s.modules.flatMap((module) =>
          (module.contents ?? []).filter((c) => isFileContent(c) || (module.modname === 'page' && c.type === 'file' && c.filename === 'index.html')).map((content) => ({ courseId, module, content }))));
      const budget = this.cache.budgetBytes();
      const maxDownload = this.cache.maxDownloadBytes();
      let done = 0;
      this.context.events.emit('content.offlineProgress', { courseId, done, total: wanted.length });
      for (const location of wanted) {
        const key = fileKeyOf(location.content.fileurl);
        const known = this.repo.file(account.id, key);
        const current = known && known.timeModified >= (location.content.timemodified ?? 0);
        if (!current) {
          const size = location.content.filesize;
          // Make room first (never at the cost of other offline courses); skip what cannot fit.
          const room = size > maxDownload ? { overBudget: true } : await this.cache.enforceBudget(account.id, null, Math.max(0, budget - size));
          if (room.overBudget) {
            filesSkipped += 1;
          } else {
            try {
              await this.cache.fetch(account, sourceOf(location));
              filesDownloaded += 1;
            } catch (error) {
              if (error instanceof UserFacingError && error.code === 'needs-reauth') throw error;
              // A full disk: the offline copy stops here with that reason (what is copied stays).
              if (isDiskFull(error)) throw error;
              filesSkipped += 1;
            }
          }
        }
        done += 1;
        this.context.events.emit('content.offlineProgress', { courseId, done, total: wanted.length });
      }
    }
    this.context.events.emit('content.changed', { courseIds: [courseId] });
    return { courseId, on, filesDownloaded, filesSkipped, storage: this.storage() };
  }
}
