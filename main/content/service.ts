/**
 * ContentService: the content feature's one entry point for main/api/content.ts and the composition
 * root. A thin facade; the work lives in the modules beside it (see README.md): file-cache.ts,
 * file-actions.ts, course-view.ts, page-view.ts, prefetch.ts, sync-runner.ts, cleanup.ts.
 */
import type {
  CourseSummaryView, CourseView, DeadlineView, FileViewResult, OfflineResult, OpenFileResult, PageView, SaveFileView, StorageView,
} from '../../preload/contract/content';
import type { PortalAccount } from '../portal/accounts';
import { MoodleClient } from '../portal/moodle-client';
import type { SaveFilePort } from '../privacy/save-file-port';
import type { ServiceContext } from '../service-context';
import type { SyncTask } from '../sync/task';
import { currentAccount } from './access';
import { ContentCleanup } from './cleanup';
import type { ContentSyncResult } from './content-sync';
import { CourseViews } from './course-view';
import { FileActions } from './file-actions';
import type { OpenPathPort } from './file-actions';
import { FileCache } from './file-cache';
import type { CachedFileSource, ServedCachedFile } from './file-view';
import { PageViews } from './page-view';
import { Prefetch } from './prefetch';
import { ContentRepository } from './repository';
import { ContentSyncRunner } from './sync-runner';

export { BROWSER_FILE_LIMIT_BYTES } from './file-actions';
export type { OpenPathPort } from './file-actions';
export { progressEmitter } from './file-cache';
export { cacheFileName, fileKeyOf, opensWithSystem } from './files';

export class ContentService implements CachedFileSource {
  readonly repo: ContentRepository;
  readonly #cache: FileCache;
  readonly #files: FileActions;
  readonly #courses: CourseViews;
  readonly #pages: PageViews;
  readonly #prefetch: Prefetch;
  readonly #sync: ContentSyncRunner;
  readonly #cleanup: ContentCleanup;

  constructor(
    private readonly context: ServiceContext,
    openPath: OpenPathPort | null = null,
    saveFilePort: SaveFilePort | null = null,
  ) {
    this.repo = new ContentRepository(context.store);
    this.#cache = new FileCache(context, this.repo);
    this.#sync = new ContentSyncRunner(context, this.repo, new MoodleClient(context.http));
    this.#files = new FileActions(context, this.repo, this.#cache, openPath, saveFilePort);
    this.#courses = new CourseViews(context, this.repo, this.#cache, (account) => this.#sync.ensureSynced(account));
    this.#pages = new PageViews(context, this.repo, this.#cache);
    this.#prefetch = new Prefetch(context, this.repo, this.#cache, () => this.#courses.storage());
    this.#cleanup = new ContentCleanup(context, this.repo, this.#cache);
  }

  // sync
  get syncTask(): SyncTask {
    return this.#sync.task;
  }
  syncNow(account: PortalAccount): Promise<ContentSyncResult> {
    return this.#sync.syncNow(account);
  }

  // prefetch
  get assignmentFilesTask(): SyncTask {
    return this.#prefetch.assignmentFilesTask;
  }
  prefetchAssignmentFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    return this.#prefetch.assignmentFiles(accountId, signal);
  }
  prefetchCourseFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    return this.#prefetch.courseFiles(accountId, signal);
  }
  setOffline(courseId: number, on: boolean): Promise<OfflineResult> {
    return this.#prefetch.setOffline(courseId, on);
  }

  // clean-up
  forgetLoggedOutOnSharedDevice(): Promise<string[]> {
    return this.#cleanup.forgetLoggedOutOnSharedDevice();
  }
  /** Full disk: cached files (not those of offline courses) give their space back first. */
  giveBackSpace(): Promise<number> {
    return this.#cleanup.giveBackSpace();
  }
  removeOrphanedFiles(): Promise<string[]> {
    return this.#cleanup.removeOrphanedFiles();
  }
  removeStaleDownloads(): Promise<number> {
    return this.#cleanup.removeStaleDownloads();
  }

  // views
  account(): PortalAccount {
    return currentAccount(this.context);
  }
  courses(): Promise<CourseSummaryView[]> {
    return this.#courses.courses();
  }
  course(courseId: number): Promise<CourseView> {
    return this.#courses.course(courseId);
  }
  deadlines(): DeadlineView[] {
    return this.#courses.deadlines();
  }
  storage(): StorageView {
    return this.#courses.storage();
  }
  page(cmid: number): Promise<PageView> {
    return this.#pages.page(cmid);
  }

  // files
  viewFile(fileRef: string): Promise<FileViewResult> {
    return this.#files.viewFile(fileRef);
  }
  resolveCachedFile(token: string): Promise<ServedCachedFile | null> {
    return this.#files.resolveCachedFile(token);
  }
  saveFile(fileRef: string): Promise<SaveFileView> {
    return this.#files.saveFile(fileRef);
  }
  openFile(fileRef: string): Promise<OpenFileResult> {
    return this.#files.openFile(fileRef);
  }
  /** Stops the current account's download of this file; resolves once its temp file is gone. */
  cancelDownload(fileRef: string): Promise<{ cancelled: boolean }> {
    return this.#cache.cancel(this.account().id, fileRef);
  }
}
