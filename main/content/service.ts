/**
 * Content service: views of the cached courses, files through main (token added here, never in
 * the renderer), pages sanitised with their images embedded, "Offline verfügbar" prefetch within
 * the storage budget, and the content sync task.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  ContentFileView, CourseSummaryView, CourseView, DeadlineView, FileViewResult, ModuleKind, ModuleView, OfflineResult, OpenFileResult, PageView,
  SaveFileView, StorageView,
} from '../../preload/contract/content';
import { z } from 'zod';
import { AssignmentsRepository } from '../assignments/index';
import { isDiskFull, UserFacingError } from '../ipc/errors';
import { HttpClientError } from '../net/http-client';
import type { HttpRequest, HttpResponse } from '../net/http-client';
import type { PortalAccount, PortalCredentials } from '../portal/accounts';
import { SessionExpiredError } from '../portal/errors';
import { MoodleClient } from '../portal/moodle-client';
import type { CourseModule, CourseSection } from '../portal/schemas';
import type { SaveFilePort } from '../privacy/save-file-port';
import { confineToRealRoot } from '../security/app-path';
import type { ServiceContext } from '../service-context';
import { mbToBytes, planEviction } from '../sync/storage-budget';
import type { SyncTask, SyncTaskInput } from '../sync/task';
import { syncContent } from './content-sync';
import type { ContentSyncResult } from './content-sync';
import { ContentRepository } from './repository';
import type { CachedFileRow } from './repository';
import { cachedFileUrl, FileViewGrants, viewKindOf } from './file-view';
import type { CachedFileSource, ServedCachedFile } from './file-view';
import { resolvePortalLink, safeLinkTarget, sanitizeCourseHtml } from './sanitize-page';

/** The browser shell hands files to the page as data: URLs; beyond this the desktop app is needed. */
export const BROWSER_FILE_LIMIT_BYTES = 25 * 1024 * 1024;
/** Page images are embedded as data: URLs; larger ones show their alt text. */
const PAGE_IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
const DATA_URL_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/**
 * What the system opener may get: documents, pictures, sound and video only. An allowlist, not a
 * list of dangerous types: whatever a school laptop would *run* (programs, scripts, shortcuts,
 * installers, Office files with macros, web pages) is left out by not being named.
 */
const SYSTEM_OPENABLE_EXTENSIONS = new Set([
  'pdf', 'txt', 'md', 'rtf', 'csv', 'doc', 'docx', 'odt', 'xls', 'xlsx', 'ods', 'ppt', 'pptx', 'pps', 'ppsx', 'odp', 'odg', 'epub', 'ggb',
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'heic',
  'mp3', 'm4a', 'wav', 'ogg', 'oga', 'opus', 'flac', 'mp4', 'm4v', 'mov', 'webm', 'mkv',
]);

function extensionOf(filename: string): string {
  const name = filename.replace(/[.\s]+$/, '');
  return name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
}

/** May this file be handed to the system's program? Judged on every name it has (portal and disk). */
export function opensWithSystem(...names: string[]): boolean {
  return names.length > 0 && names.every((name) => SYSTEM_OPENABLE_EXTENSIONS.has(extensionOf(name)));
}

/**
 * The file's name in the cache folder: a hash of its reference, then the portal's name made safe
 * and cut *before* its extension, so the name on disk ends exactly as the name that was judged
 * (cutting the whole name could turn "….exe.pdf" into "….exe"). No trailing dots or spaces
 * (Windows drops them), no separators.
 */
export function cacheFileName(fileKey: string, filename: string): string {
  const hash = createHash('sha256').update(fileKey).digest('hex').slice(0, 24);
  const safe = filename.replace(/[.\s]+$/, '').replace(/[^\w.\-äöüÄÖÜß]/g, '_');
  const dot = safe.lastIndexOf('.');
  const extension = dot > 0 ? safe.slice(dot + 1, dot + 1 + 16) : '';
  const stem = (dot > 0 ? safe.slice(0, dot) : safe).slice(0, 60).replace(/[.\s]+$/, '');
  return `${hash}-${stem || 'datei'}${extension ? `.${extension}` : ''}`;
}

/** Opens a cached file with the system's program (Electron's shell.openPath); absent in the browser shell. */
export type OpenPathPort = (absolutePath: string) => Promise<void>;

type ModuleContent = NonNullable<CourseModule['contents']>[number];

interface FileLocation {
  courseId: number;
  module: CourseModule;
  content: ModuleContent;
}

/** A portal file the cache can hold: a module's content or an assignment's attachment. */
interface FileSource {
  courseId: number;
  cmid: number;
  filename: string;
  fileurl: string;
  filesize: number;
  mimetype: string;
  timemodified: number;
}

const sourceOf = ({ courseId, module, content }: FileLocation): FileSource => ({
  courseId, cmid: module.id, filename: content.filename, fileurl: content.fileurl, filesize: content.filesize,
  mimetype: content.mimetype ?? 'application/octet-stream', timemodified: content.timemodified ?? 0,
});

/** introattachments of mod_assign_get_assignments as the assignments repository keeps them. */
const assignmentFileSchema = z.object({
  filename: z.string().min(1), fileurl: z.string().min(1), filesize: z.number().nonnegative(),
  mimetype: z.string().optional(), timemodified: z.number().optional(),
});

/** The file's identity: its portal address without query (forcedownload, token). */
export function fileKeyOf(fileurl: string): string {
  return fileurl.split('?')[0] ?? fileurl;
}

function kindOf(modname: string): ModuleKind {
  switch (modname) {
    case 'resource': return 'file';
    case 'page': case 'url': case 'folder': case 'label': case 'assign': case 'bigbluebuttonbn': return modname;
    default: return 'other';
  }
}

/** Temp files of downloads in progress start with this; cached files start with hex digits. */
const INCOMING_PREFIX = '.incoming-';
/** A download fails when no byte arrived for this long (headers: the client's per-attempt limit). */
const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

/** Where a streamed download goes (HttpClient onChunk/onProgress) and what cancels it. */
interface FileSink {
  signal: AbortSignal;
  onChunk: (chunk: Uint8Array) => Promise<void>;
  onProgress: (receivedBytes: number, totalBytes: number | null) => void;
}

/** The codes of a download that did not arrive (a page then counts as not yet on this device). */
const DOWNLOAD_FAILURES: ReadonlySet<string> = new Set(['file-download-failed', 'file-download-status', 'file-refused', 'file-download-network']);

function tooLarge(limit: number): UserFacingError {
  return new UserFacingError('file-too-large', { limitMb: Math.round(limit / 1024 / 1024) });
}

function isJson(headers: Headers): boolean {
  return (headers.get('content-type') ?? '').startsWith('application/json');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** fsync of the folder, so the rename survives a power cut (not possible on Windows: skipped). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Progress events in steps (the first, every 1 % or 64 KiB, whichever is larger — 256 KiB when
 * the size is unknown — and the last), by bytes, not by time: deterministic and few.
 */
export function progressEmitter(emit: (receivedBytes: number, totalBytes: number | null) => void): (received: number, total: number | null) => void {
  let last = -1;
  return (received, total) => {
    const step = total === null ? 256 * 1024 : Math.max(64 * 1024, Math.ceil(total / 100));
    const done = total !== null && received >= total;
    if (last >= 0 && !done && received - last < step) return;
    if (done && last === received) return;
    last = received;
    emit(received, total);
  };
}

/** One way to fetch a portal file (see ContentService.#fileRequests). */
interface FileRequest {
  url: URL;
  via: 'tokenpluginfile' | 'webservice';
  /** The private access key in the URL (tokenpluginfile only). */
  key: string | null;
}

/** Never the key itself in memory maps that outlive the request. */
function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Moodle's send_stored_file() always names the file (Content-Disposition); its error pages
 * (e.g. tokenpluginfile's "invalidkey", HTTP 404) do not.
 */
function isFileAnswer(response: { status: number; headers: Headers }): boolean {
  return response.status === 200 && response.headers.has('content-disposition');
}

const isFileContent = (c: ModuleContent): boolean => c.type === 'file' && !(c.filename === 'index.html' && c.filesize === 0);

export class ContentService implements CachedFileSource {
  readonly repo: ContentRepository;
  readonly #client: MoodleClient;
  readonly #syncing = new Map<string, Promise<ContentSyncResult>>();
  /** Downloads in flight, per account and file (see #fetchFile). */
  readonly #downloads = new Map<string, { controller: AbortController; done: Promise<{ row: CachedFileRow; path: string }> }>();
  /** Temp files of the downloads in flight (removeStaleDownloads leaves them alone). */
  readonly #incoming = new Set<string>();
  /** Per account: the fingerprint of a private access key the portal refused (this run only). */
  readonly #refusedKeys = new Map<string, string>();
  #cleanups: Promise<unknown> = Promise.resolve();

  readonly #views: FileViewGrants;

  constructor(
    private readonly context: ServiceContext,
    private readonly openPath: OpenPathPort | null = null,
    private readonly saveFilePort: SaveFilePort | null = null,
  ) {
    this.repo = new ContentRepository(context.store);
    this.#client = new MoodleClient(context.http);
    this.#views = new FileViewGrants(context.now);
  }

  /**
   * Shared devices (policy sharedDevice): an account without credentials (logged out, or the
   * memory-only vault after a restart) keeps no courses, deadlines or files here — the next
   * student must not find them. Returns the accounts whose content was forgotten.
   */
  forgetLoggedOutOnSharedDevice(): Promise<string[]> {
    return this.#serial(() => this.#forgetLoggedOut());
  }

  /**
   * The disk is full: every account's cached files except those of courses kept offline go (they
   * are downloaded again when opened). Resolves with the bytes freed. Files first, then rows: the
   * file is what frees space; a row whose delete fails on the full disk points at a missing file,
   * which counts as not cached.
   */
  giveBackSpace(): Promise<number> {
    return this.#serial(async () => {
      let freed = 0;
      for (const account of this.context.accounts.list()) {
        const pinned = new Set(this.repo.courses(account.id).filter((c) => c.offline).map((c) => c.courseId));
        for (const row of this.repo.files(account.id)) {
          if (pinned.has(row.courseId)) continue;
          await rm(join(this.#filesDir(account.id), row.relPath), { force: true });
          freed += row.bytes;
          try {
            this.repo.deleteFile(account.id, row.fileKey);
          } catch {
            // the row goes with the next clean-up (removeOrphanedFiles)
          }
        }
      }
      if (freed > 0) console.info(`[content] ${freed} Bytes zwischengespeicherter Dateien freigegeben (Speicherplatz voll)`);
      return freed;
    });
  }

  /** Clean-ups run one after another, so a caller awaiting one also waits for the one before. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#cleanups.then(work, work);
    this.#cleanups = next.catch(() => undefined);
    return next;
  }

  async #forgetLoggedOut(): Promise<string[]> {
    if (this.context.settings.get('sharedDevice') !== true) return [];
    const forgotten: string[] = [];
    for (const account of this.context.accounts.list()) {
      let signedIn: boolean;
      try {
        signedIn = this.context.accounts.credentials(account.id) !== null;
      } catch {
        signedIn = false;
      }
      if (signedIn) continue;
      if (this.repo.usedBytes(account.id).files === 0 && this.repo.courses(account.id).length === 0) continue;
      this.repo.forgetAccount(account.id);
      await rm(this.#filesDir(account.id), { recursive: true, force: true });
      forgotten.push(account.id);
    }
    return forgotten;
  }

  /** Files of accounts that were removed (their rows went by cascade): the folders go too. */
  removeOrphanedFiles(): Promise<string[]> {
    return this.#serial(() => this.#removeOrphaned());
  }

  async #removeOrphaned(): Promise<string[]> {
    const root = join(this.context.deps.dataDir, 'files');
    const known = new Set(this.context.accounts.list().map((a) => a.id));
    let folders: string[];
    try {
      folders = await readdir(root);
    } catch {
      return [];
    }
    const orphaned = folders.filter((name) => !known.has(name));
    for (const name of orphaned) await rm(join(root, name), { recursive: true, force: true });
    return orphaned;
  }

  account(): PortalAccount {
    const account = this.context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account;
  }

  #credentials(account: PortalAccount): PortalCredentials {
    const credentials = this.context.accounts.credentials(account.id);
    if (!credentials || account.needsReauth) throw new UserFacingError('needs-reauth');
    return credentials;
  }

  #token(account: PortalAccount): string {
    return this.#credentials(account).token.reveal();
  }

  // ------------------------------------------------------------------ sync

  readonly syncTask: SyncTask = {
    name: 'content',
    order: 10,
    run: async (input) => {
      const result = await this.#runSync(input);
      return { changed: result.changed, requests: result.requests };
    },
  };

  /**
   * After the assignments task (order 20): every stored assignment's attachments into the file
   * cache, so a task and its worksheet open offline. Within the storage budget and the download
   * limit; a file that fails is tried again next run. Unchanged files cost no request.
   */
  readonly assignmentFilesTask: SyncTask = {
    name: 'assignment-files',
    order: 30,
    run: async (input) => {
      const result = await this.prefetchAssignmentFiles(input.accountId, input.signal);
      return { changed: result.downloaded > 0, requests: result.downloaded + result.failed };
    },
  };

  async prefetchAssignmentFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    const account = this.context.accounts.get(accountId);
    if (!account) throw new Error('assignment files: unknown account');
    const budget = this.#budgetBytes();
    const maxDownload = this.#maxDownloadBytes();
    const counts = { downloaded: 0, skipped: 0, failed: 0 };
    for (const source of this.#assignmentFiles(accountId)) {
      signal?.throwIfAborted();
      const known = this.repo.file(accountId, fileKeyOf(source.fileurl));
      if (known && known.timeModified >= source.timemodified) continue;
      // Make room first (never at the cost of offline courses); skip what cannot fit.
      const room = source.filesize > maxDownload ? { overBudget: true } : await this.#enforceBudget(accountId, null, Math.max(0, budget - source.filesize));
      if (room.overBudget) {
        counts.skipped += 1;
        continue;
      }
      try {
        await this.#fetchFile(account, source, signal);
        counts.downloaded += 1;
      } catch (error) {
        if (error instanceof UserFacingError && error.code === 'needs-reauth') throw new SessionExpiredError();
        // A full disk: the next file would fail the same way; stop with the reason.
        if (isDiskFull(error)) throw error;
        counts.failed += 1;
      }
    }
    return counts;
  }

  /** Prefetch level 'all' (task 'course-files', main/content/offline-policy.ts): every course's files, offline courses first, only into the free part of the budget (nothing is evicted for them). */
  async prefetchCourseFiles(accountId: string, signal?: AbortSignal): Promise<{ downloaded: number; skipped: number; failed: number }> {
    const account = this.context.accounts.get(accountId);
    if (!account) throw new Error('course files: unknown account');
    const counts = { downloaded: 0, skipped: 0, failed: 0 };
    const courses = this.repo.courses(accountId).sort((a, b) => Number(b.offline) - Number(a.offline));
    const wanted = courses.flatMap((course) => (course.sections ?? []).flatMap((s) => s.modules.flatMap((module) => (module.contents ?? []).filter(isFileContent).map((content) => ({ courseId: course.courseId, module, content })))));
    for (const location of wanted) {
      signal?.throwIfAborted();
      const known = this.repo.file(accountId, fileKeyOf(location.content.fileurl));
      if (known && known.timeModified >= (location.content.timemodified ?? 0)) continue;
      if (location.content.filesize > this.#maxDownloadBytes() || this.repo.usedBytes(accountId).bytes + location.content.filesize > this.#budgetBytes()) {
        counts.skipped += 1;
        continue;
      }
      try {
        await this.#fetchFile(account, sourceOf(location));
        counts.downloaded += 1;
      } catch (error) {
        if (error instanceof UserFacingError && error.code === 'needs-reauth') throw new SessionExpiredError();
        // A full disk: the next file would fail the same way; stop with the reason.
        if (isDiskFull(error)) throw error;
        counts.failed += 1;
      }
    }
    return counts;
  }

  async #runSync(input: SyncTaskInput): Promise<ContentSyncResult> {
    const running = this.#syncing.get(input.accountId);
    if (running) return running;
    const account = this.context.accounts.get(input.accountId);
    if (!account) throw new Error('content sync: unknown account');
    const promise = (async () => {
      try {
        const result = await syncContent({ ...input, userId: account.userId }, this.repo, this.context.store);
        if (result.changed) this.context.events.emit('content.changed', { courseIds: result.fetchedCourses });
        return result;
      } catch (error) {
        if (error instanceof SessionExpiredError) this.context.accounts.markNeedsReauth(account.id);
        throw error;
      }
    })().finally(() => this.#syncing.delete(input.accountId));
    this.#syncing.set(input.accountId, promise);
    return promise;
  }

  /** A sync outside the engine's schedule (first look at Kurse before the engine ran). */
  async syncNow(account: PortalAccount): Promise<ContentSyncResult> {
    const controller = new AbortController();
    return this.#runSync({
      accountId: account.id, site: account.siteUrl, token: this.#token(account), client: this.#client,
      lastSuccessAt: this.repo.coursesSyncedAt(account.id), now: this.context.now(), signal: controller.signal,
    });
  }

  async #ensureSynced(account: PortalAccount): Promise<void> {
    if (this.repo.coursesSyncedAt(account.id) !== null) return;
    try {
      await this.syncNow(account);
    } catch (error) {
      if (error instanceof UserFacingError) throw error;
      if (error instanceof SessionExpiredError) throw new UserFacingError('needs-reauth');
      throw new UserFacingError('sync-failed');
    }
  }

  // ------------------------------------------------------------------ views

  async courses(): Promise<CourseSummaryView[]> {
    const account = this.account();
    await this.#ensureSynced(account);
    return this.repo.courses(account.id).map((c) => ({ id: c.courseId, fullname: c.fullname, shortname: c.shortname, offline: c.offline, syncedAt: c.contentsSyncedAt }));
  }

  async course(courseId: number): Promise<CourseView> {
    const account = this.account();
    await this.#ensureSynced(account);
    const course = this.repo.course(account.id, courseId);
    if (!course) throw new UserFacingError('course-not-found');
    const cached = new Set(this.repo.files(account.id).map((f) => f.fileKey));
    const siteBase = `${account.siteUrl.replace(/\/$/, '')}/`;
    const html = (text: string): string => sanitizeCourseHtml(text, undefined, (href) => resolvePortalLink(href, siteBase));
    return {
      id: course.courseId, fullname: course.fullname, shortname: course.shortname, offline: course.offline, syncedAt: course.contentsSyncedAt,
      portalUrl: `${account.siteUrl.replace(/\/$/, '')}/course/view.php?id=${course.courseId}`,
      sections: (course.sections ?? []).map((s) => ({
        id: s.id, name: s.name, summaryHtml: html(s.summary),
        modules: s.modules.filter((m) => m.uservisible !== false || m.availabilityinfo).map((m) => this.#moduleView(m, cached, html)),
      })),
    };
  }

  #moduleView(m: CourseModule, cached: ReadonlySet<string>, html: (text: string) => string): ModuleView {
    const kind = kindOf(m.modname);
    const files: ContentFileView[] = kind === 'file' || kind === 'folder'
      ? (m.contents ?? []).filter(isFileContent).map((c) => ({
          fileRef: fileKeyOf(c.fileurl), filename: c.filename, filepath: c.filepath ?? '/', mimetype: c.mimetype ?? 'application/octet-stream',
          bytes: c.filesize, cached: cached.has(fileKeyOf(c.fileurl)),
        }))
      : [];
    const external = kind === 'url' ? (m.contents ?? []).find((c) => c.type === 'url')?.fileurl ?? null : null;
    return {
      cmid: m.id, name: m.name, modname: m.modname, kind, descriptionHtml: html(m.description ?? ''),
      externalUrl: external === null ? null : safeLinkTarget(external), portalUrl: m.url ?? null, instance: m.instance ?? null, files,
      restrictionText: m.availabilityinfo ? sanitizeCourseHtml(m.availabilityinfo).replace(/<[^>]*>/g, '').trim() || null : null,
    };
  }

  deadlines(): DeadlineView[] {
    const account = this.account();
    return this.repo.deadlines(account.id).map((d) => ({
      id: d.eventId, name: d.name, courseId: d.courseId, courseName: d.courseName, dueAt: d.dueAt, overdue: d.overdue,
      modulename: d.modulename, instance: d.instance, actionName: d.actionName,
    }));
  }

  storage(): StorageView {
    const account = this.account();
    const used = this.repo.usedBytes(account.id);
    return { usedBytes: used.bytes, budgetBytes: this.#budgetBytes(), files: used.files };
  }

  #budgetBytes(): number {
    return mbToBytes(Number(this.context.settings.get('offlineStorageBudgetMb')));
  }

  #maxDownloadBytes(): number {
    return mbToBytes(Number(this.context.settings.get('maxDownloadMb')));
  }

  // ------------------------------------------------------------------ files

  /** The attachments of the account's stored assignments (prefetched by the 'assignment-files' task). */
  #assignmentFiles(accountId: string): FileSource[] {
    return new AssignmentsRepository(this.context.store).list(accountId).flatMap((a) =>
      a.files.flatMap((file) => {
        const parsed = assignmentFileSchema.safeParse(file);
        if (!parsed.success) return [];
        const f = parsed.data;
        return [{ courseId: a.courseId, cmid: a.cmid, filename: f.filename, fileurl: f.fileurl, filesize: f.filesize, mimetype: f.mimetype || 'application/octet-stream', timemodified: f.timemodified ?? 0 }];
      }));
  }

  #locate(accountId: string, fileRef: string): FileLocation | null {
    for (const course of this.repo.courses(accountId)) {
      for (const section of course.sections ?? []) {
        for (const module of section.modules) {
          const content = (module.contents ?? []).find((c) => c.type === 'file' && fileKeyOf(c.fileurl) === fileRef);
          if (content) return { courseId: course.courseId, module, content };
        }
      }
    }
    return null;
  }

  #filesDir(accountId: string): string {
    return join(this.context.deps.dataDir, 'files', accountId);
  }

  /**
   * A portal file in the cache: from there when current, else downloaded (see #downloadToCache).
   * One download per account and file at a time: a second caller waits for the first.
   */
  async #fetchFile(account: PortalAccount, source: FileSource, signal?: AbortSignal): Promise<{ row: CachedFileRow; path: string; fromCache: boolean }> {
    const key = fileKeyOf(source.fileurl);
    const known = this.repo.file(account.id, key);
    if (known && known.timeModified >= source.timemodified) {
      const path = join(this.#filesDir(account.id), known.relPath);
      if (await isFile(path)) {
        this.repo.touchFile(account.id, key, this.context.now());
        return { row: known, path, fromCache: true };
      }
      this.repo.deleteFile(account.id, key); // gone from disk: download again
    }
    const flight = `${account.id}\n${key}`;
    const running = this.#downloads.get(flight);
    if (running) return { ...(await running.done), fromCache: false };
    const limit = this.#maxDownloadBytes();
    if (source.filesize > limit) throw tooLarge(limit);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const done = this.#downloadToCache(account, source, key, limit, controller.signal).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      this.#downloads.delete(flight);
    });
    this.#downloads.set(flight, { controller, done });
    return { ...(await done), fromCache: false };
  }

  /**
   * Streams the file into `.incoming-<random>` next to its place in the cache, fsyncs, renames
   * it into place and only then records it: a cancelled, failed or interrupted download leaves
   * neither a row nor a partial file (stale temp files of a crash go at the next start).
   * Progress goes out as `content.downloadProgress`.
   */
  async #downloadToCache(account: PortalAccount, source: FileSource, key: string, limit: number, signal: AbortSignal): Promise<{ row: CachedFileRow; path: string }> {
    const dir = this.#filesDir(account.id);
    await mkdir(dir, { recursive: true });
    const relPath = cacheFileName(key, source.filename);
    const finalPath = join(dir, relPath);
    const tempPath = join(dir, `${INCOMING_PREFIX}${randomBytes(8).toString('hex')}`);
    this.#incoming.add(tempPath);
    let handle: FileHandle | null = null;
    let written = 0;
    const progress = progressEmitter((receivedBytes, totalBytes) => this.context.events.emit('content.downloadProgress', { fileRef: key, receivedBytes, totalBytes }));
    try {
      await this.#portalGet(account, source.fileurl, limit, {
        signal,
        onChunk: async (chunk) => {
          handle ??= await open(tempPath, 'wx');
          await handle.write(chunk);
          written += chunk.byteLength;
        },
        onProgress: (received, total) => progress(received, total ?? (source.filesize > 0 ? source.filesize : null)),
      });
      handle ??= await open(tempPath, 'wx'); // an empty file has no chunk
      await handle.sync();
      await handle.close();
      handle = null;
      // Signed out (on a loaner laptop: erased) while this was on its way: keep nothing of it.
      if (!this.context.accounts.list().some((candidate) => candidate.id === account.id)) {
        throw new UserFacingError('download-cancelled');
      }
      await rename(tempPath, finalPath);
      await syncDirectory(dir);
      const record = {
        fileKey: key, courseId: source.courseId, cmid: source.cmid, filename: source.filename,
        mimetype: source.mimetype, bytes: written, relPath, timeModified: source.timemodified,
      };
      this.repo.putFile(account.id, record, this.context.now());
      await this.#enforceBudget(account.id, key);
      const row = this.repo.file(account.id, key) ?? { ...record, downloadedAt: this.context.now(), lastUsedAt: this.context.now() };
      return { row, path: finalPath };
    } catch (error) {
      if (signal.aborted) throw new UserFacingError('download-cancelled');
      // A full disk (ENOSPC/EDQUOT while writing, SQLITE_FULL recording it) stops with that reason.
      if (isDiskFull(error)) throw new UserFacingError('disk-full-file', undefined, { cause: error });
      throw error;
    } finally {
      // Still open only when writing failed (TS cannot see the assignment inside onChunk).
      const stillOpen = handle as FileHandle | null;
      if (stillOpen) await stillOpen.close().catch(() => undefined);
      await rm(tempPath, { force: true });
      this.#incoming.delete(tempPath);
    }
  }

  /** Stops the current account's download of this file; resolves once its temp file is gone. */
  async cancelDownload(fileRef: string): Promise<{ cancelled: boolean }> {
    const account = this.account();
    const running = this.#downloads.get(`${account.id}\n${fileRef}`);
    if (!running) return { cancelled: false };
    running.controller.abort(new Error('cancelled by the user'));
    await running.done.catch(() => undefined);
    return { cancelled: true };
  }

  /** Temp files of downloads that did not finish (a crash, a killed process): never part of the cache. */
  removeStaleDownloads(): Promise<number> {
    return this.#serial(async () => {
      const root = join(this.context.deps.dataDir, 'files');
      let removed = 0;
      for (const folder of await readdir(root).catch(() => [] as string[])) {
        for (const name of await readdir(join(root, folder)).catch(() => [] as string[])) {
          const path = join(root, folder, name);
          if (!name.startsWith(INCOMING_PREFIX) || this.#incoming.has(path)) continue;
          await rm(path, { force: true });
          removed += 1;
        }
      }
      return removed;
    });
  }

  /**
   * Where a portal file is fetched, in order. With the user's private access key (site info
   * `userprivateaccesskey`, kept in the vault) first `/tokenpluginfile.php/<key>/…`, as the Moodle
   * app does (CoreUrl.fixPluginfileURL): the token then stays out of file URLs. Always
   * `/webservice/pluginfile.php/…?token=` as the fallback, and alone when there is no key or the
   * portal refused this key before. Both only ever go to the account's own portal.
   */
  #fileRequests(account: PortalAccount, fileurl: string): FileRequest[] {
    const site = new URL(account.siteUrl);
    let url: URL;
    try {
      url = new URL(fileurl);
    } catch {
      throw new UserFacingError('file-unavailable');
    }
    if (url.origin !== site.origin) throw new UserFacingError('file-outside-portal');
    const credentials = this.#credentials(account);
    const pluginfile = /\/(?:webservice\/)?pluginfile\.php\//;
    const requests: FileRequest[] = [];
    const key = credentials.privateAccessKey?.reveal() ?? null;
    if (key && pluginfile.test(url.pathname) && this.#refusedKeys.get(account.id) !== keyFingerprint(key)) {
      const viaKey = new URL(url);
      viaKey.pathname = url.pathname.replace(pluginfile, `/tokenpluginfile.php/${encodeURIComponent(key)}/`);
      viaKey.searchParams.delete('token');
      requests.push({ url: viaKey, via: 'tokenpluginfile', key });
    }
    const viaToken = new URL(url);
    viaToken.pathname = url.pathname.replace(pluginfile, '/webservice/pluginfile.php/');
    viaToken.searchParams.set('token', credentials.token.reveal());
    requests.push({ url: viaToken, via: 'webservice', key: null });
    return requests;
  }

  /**
   * GETs a portal file (tokenpluginfile first when there is a key, see #fileRequests). With a
   * sink the file's body streams into it; error answers never do (they are read here and become
   * the user's message). Without a sink the body is returned.
   */
  async #portalGet(account: PortalAccount, fileurl: string, limit: number, sink?: FileSink): Promise<Buffer> {
    const requests = this.#fileRequests(account, fileurl);
    for (const [index, request] of requests.entries()) {
      const last = index === requests.length - 1;
      let streamed = false;
      const response = await this.#get(request.url, limit, sink && {
        ...sink,
        streamBody: (head) => (streamed = request.via === 'tokenpluginfile' ? isFileAnswer(head) : head.status === 200 && !isJson(head.headers)),
      });
      if (request.via === 'tokenpluginfile' && !last && !isFileAnswer(response)) {
        // A removed or changed key gives Moodle's "invalidkey" error page: try the token instead.
        continue;
      }
      if (response.status !== 200) throw new UserFacingError('file-download-status', { status: response.status });
      if (isJson(response.headers)) {
        // Moodle answers webservice/pluginfile.php errors with 200 and a JSON error object.
        const parsed = (() => {
          try { return JSON.parse(response.text()) as { errorcode?: unknown }; } catch { return null; }
        })();
        if (parsed && typeof parsed.errorcode === 'string') {
          if (parsed.errorcode === 'invalidtoken') {
            this.context.accounts.markNeedsReauth(account.id);
            throw new UserFacingError('needs-reauth');
          }
          throw new UserFacingError('file-refused');
        }
      }
      if (sink && !streamed) throw new UserFacingError('file-refused');
      // The token worked where the key did not: skip the key for this account until a new sign-in brings another.
      const refused = requests.find((r) => r.via === 'tokenpluginfile');
      if (request.via === 'webservice' && refused?.key) this.#refusedKeys.set(account.id, keyFingerprint(refused.key));
      return Buffer.from(response.body);
    }
    throw new UserFacingError('file-download-failed');
  }

  async #get(url: URL, limit: number, sink?: FileSink & Pick<HttpRequest, 'streamBody'>): Promise<HttpResponse> {
    try {
      return await this.context.http.request({
        url, maxResponseBytes: limit,
        // Large files: the body may take as long as it needs while it keeps arriving.
        ...(sink ? { ...sink, bodyIdleTimeoutMs: DOWNLOAD_IDLE_TIMEOUT_MS } : {}),
      });
    } catch (error) {
      if (sink?.signal?.aborted) throw error;
      // Writing the body failed for lack of space: that is the reason, not the network.
      if (isDiskFull(error)) throw error;
      if (error instanceof HttpClientError && error.kind === 'too-large') throw tooLarge(limit);
      throw new UserFacingError('file-download-network');
    }
  }

  /** Least-recently-used files of courses not marked offline go first; the file just fetched stays. */
  async #enforceBudget(accountId: string, keep: string | null, budget = this.#budgetBytes()): Promise<{ overBudget: boolean }> {
    const files = this.repo.files(accountId);
    const pinned = new Set(this.repo.courses(accountId).filter((c) => c.offline).map((c) => c.courseId));
    const protectedKeys = new Set(files.filter((f) => pinned.has(f.courseId) || f.fileKey === keep).map((f) => f.fileKey));
    const plan = planEviction(files.map((f) => ({ id: f.fileKey, bytes: f.bytes, lastUsedAt: f.lastUsedAt })), budget, (id) => protectedKeys.has(id));
    for (const key of plan.evict) {
      const row = files.find((f) => f.fileKey === key);
      if (!row) continue;
      await rm(join(this.#filesDir(accountId), row.relPath), { force: true });
      this.repo.deleteFile(accountId, key);
    }
    return { overBudget: plan.overBudget };
  }

  /** A file the account may open: in its cached course contents or its stored assignments' attachments. */
  #source(accountId: string, fileRef: string): FileSource {
    const location = this.#locate(accountId, fileRef);
    const source = location ? sourceOf(location) : this.#assignmentFiles(accountId).find((f) => fileKeyOf(f.fileurl) === fileRef);
    if (!source) throw new UserFacingError('file-not-found');
    return source;
  }

  /** In-app viewer: the file into the cache (with progress, cancellable), then its address on our own origin. */
  async viewFile(fileRef: string): Promise<FileViewResult> {
    const account = this.account();
    const source = this.#source(account.id, fileRef);
    const { row, fromCache } = await this.#fetchFile(account, source);
    const token = this.#views.issue(account.id, row.fileKey);
    return {
      filename: row.filename, mimetype: row.mimetype, bytes: row.bytes, fromCache,
      viewAs: viewKindOf(row.mimetype),
      url: cachedFileUrl(token, row.filename),
      save: this.saveFilePort ? 'dialog' : 'link',
      canOpenWithSystem: this.openPath !== null && opensWithSystem(row.filename, row.relPath),
    };
  }

  /**
   * The cached file behind a viewer address (both shells' /files/ route): only while its account
   * is the current one, only a file of that account's cache, only inside its folder on disk.
   */
  async resolveCachedFile(token: string): Promise<ServedCachedFile | null> {
    const grant = this.#views.resolve(token);
    if (!grant || this.context.accounts.current()?.id !== grant.accountId) return null;
    const row = this.repo.file(grant.accountId, grant.fileKey);
    if (!row) return null;
    const dir = this.#filesDir(grant.accountId);
    const real = await confineToRealRoot(dir, join(dir, row.relPath));
    if (real === null) return null;
    try {
      const { size } = await stat(real);
      this.repo.touchFile(grant.accountId, row.fileKey, this.context.now());
      return { path: real, filename: row.filename, mimetype: row.mimetype, bytes: size };
    } catch {
      return null;
    }
  }

  /** Desktop "Speichern": a copy of the cached file where the student chooses. */
  async saveFile(fileRef: string): Promise<SaveFileView> {
    const port = this.saveFilePort;
    if (!port) throw new UserFacingError('not-available');
    const account = this.account();
    const { row, path } = await this.#fetchFile(account, this.#source(account.id, fileRef));
    const extension = row.filename.includes('.') ? (row.filename.split('.').pop() ?? '').toLowerCase() : '';
    const filters = extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [];
    return port({ suggestedName: row.filename, copyFrom: path, filters });
  }

  async openFile(fileRef: string): Promise<OpenFileResult> {
    const account = this.account();
    const source = this.#source(account.id, fileRef);
    const refused = () =>
      new UserFacingError('file-executable');
    if (this.openPath && !opensWithSystem(source.filename)) throw refused();
    const { row, path, fromCache } = await this.#fetchFile(account, source);
    const base = { filename: row.filename, mimetype: row.mimetype, bytes: row.bytes, fromCache };
    if (this.openPath) {
      // The name on disk decides what the system does with it: judged too (a cache from before may hold other names).
      if (!opensWithSystem(row.filename, basename(path))) throw refused();
      await this.openPath(path);
      return { ...base, opened: 'system', dataUrl: null };
    }
    if (row.bytes > BROWSER_FILE_LIMIT_BYTES) {
      throw new UserFacingError('file-browser-limit');
    }
    const bytes = await readFile(path);
    return { ...base, opened: 'download', dataUrl: `data:${row.mimetype};base64,${bytes.toString('base64')}` };
  }

  // ------------------------------------------------------------------ pages

  async page(cmid: number): Promise<PageView> {
    const account = this.account();
    for (const course of this.repo.courses(account.id)) {
      for (const section of course.sections ?? []) {
        const module = section.modules.find((m) => m.id === cmid && m.modname === 'page');
        if (module) return this.#pageView(account, course.courseId, course.contentsSyncedAt, module);
      }
    }
    throw new UserFacingError('page-not-found');
  }

  async #pageView(account: PortalAccount, courseId: number, syncedAt: number | null, module: CourseModule): Promise<PageView> {
    const contents = module.contents ?? [];
    const index = contents.find((c) => c.type === 'file' && c.filename === 'index.html');
    if (!index) throw new UserFacingError('page-unavailable');
    // Cached like any file, so a page opened once stays readable offline (issue 6 item 2).
    let page: { path: string; outdated: boolean };
    try {
      page = await this.#fetchOrCached(account, sourceOf({ courseId, module, content: index }));
    } catch (error) {
      if (error instanceof UserFacingError && DOWNLOAD_FAILURES.has(error.code)) {
        throw new UserFacingError('page-offline');
      }
      throw error;
    }
    const html = (await readFile(page.path)).toString('utf8');
    const images = new Map<string, string>();
    for (const match of html.matchAll(/<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      const src = match[1] ?? match[2] ?? match[3] ?? '';
      if (images.has(src)) continue;
      const content = this.#moduleFileNamed(account, contents, src);
      if (!content || content.filesize > PAGE_IMAGE_LIMIT_BYTES) continue;
      try {
        const { row, path } = await this.#fetchOrCached(account, sourceOf({ courseId, module, content }));
        images.set(src, `data:${row.mimetype};base64,${(await readFile(path)).toString('base64')}`);
      } catch {
        // The image stays out; its alt text is shown.
      }
    }
    const resolve = (src: string): string | null => images.get(src) ?? (DATA_URL_IMAGE.test(src) ? src : null);
    // A link naming one of the page's files goes to that file's own address (with its item id);
    // other relative links are resolved against index.html's place in the portal.
    const base = fileKeyOf(index.fileurl);
    const link = (href: string): string | null => {
      const file = /^[a-z][a-z0-9+.-]*:/i.test(href.trim()) ? null : this.#moduleFileNamed(account, contents, href);
      return resolvePortalLink(file ? file.fileurl : href, base);
    };
    const body = sanitizeCourseHtml(html, resolve, link);
    return { cmid: module.id, courseId, name: module.name, html: body, syncedAt, outdated: page.outdated };
  }

  /**
   * #fetchFile, but when the portal cannot deliver (offline, down, signed out) an older copy on the
   * device is used — the same file, or an earlier version of it in the same module — marked outdated.
   */
  async #fetchOrCached(account: PortalAccount, source: FileSource): Promise<{ row: CachedFileRow; path: string; outdated: boolean }> {
    try {
      return { ...(await this.#fetchFile(account, source)), outdated: false };
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'download-cancelled') throw error;
      const key = fileKeyOf(source.fileurl);
      const files = this.repo.files(account.id);
      const copies = [files.find((f) => f.fileKey === key), ...files.filter((f) => f.cmid === source.cmid && f.filename === source.filename)];
      for (const copy of copies) {
        if (!copy) continue;
        const path = join(this.#filesDir(account.id), copy.relPath);
        if (await isFile(path)) {
          this.repo.touchFile(account.id, copy.fileKey, this.context.now());
          return { row: copy, path, outdated: true };
        }
      }
      throw error;
    }
  }

  /** An <img src> or <a href> of a page → the module file it names (relative name, or the file's portal address). */
  #moduleFileNamed(account: PortalAccount, contents: readonly ModuleContent[], src: string): ModuleContent | null {
    const files = contents.filter((c) => isFileContent(c) && c.filename !== 'index.html');
    let decoded: string;
    try {
      decoded = decodeURIComponent(src.replace(/&amp;/g, '&'));
    } catch {
      return null;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(decoded)) {
      const key = fileKeyOf(decoded);
      if (!key.startsWith(new URL(account.siteUrl).origin)) return null;
      return files.find((c) => fileKeyOf(c.fileurl) === key || fileKeyOf(c.fileurl) === key.replace('/pluginfile.php/', '/webservice/pluginfile.php/')) ?? null;
    }
    const relative = (decoded.split('?')[0] ?? '').replace(/^\.?\//, '');
    return files.find((c) => `${(c.filepath ?? '/').replace(/^\//, '')}${c.filename}` === relative) ?? null;
  }

  // ------------------------------------------------------------------ offline

  async setOffline(courseId: number, on: boolean): Promise<OfflineResult> {
    const account = this.account();
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
      const budget = this.#budgetBytes();
      const maxDownload = this.#maxDownloadBytes();
      let done = 0;
      this.context.events.emit('content.offlineProgress', { courseId, done, total: wanted.length });
      for (const location of wanted) {
        const key = fileKeyOf(location.content.fileurl);
        const known = this.repo.file(account.id, key);
        const current = known && known.timeModified >= (location.content.timemodified ?? 0);
        if (!current) {
          const size = location.content.filesize;
          // Make room first (never at the cost of other offline courses); skip what cannot fit.
          const room = size > maxDownload ? { overBudget: true } : await this.#enforceBudget(account.id, null, Math.max(0, budget - size));
          if (room.overBudget) {
            filesSkipped += 1;
          } else {
            try {
              await this.#fetchFile(account, sourceOf(location));
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
