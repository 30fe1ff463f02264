/**
 * The cached courses as the renderer shows them: the course list, one course with its sections and
 * modules (HTML sanitised, links resolved against the portal, which files are on the device), the
 * deadlines and the storage use. All from the store; the first look before any sync loads once.
 */
import type { ContentFileView, CourseSummaryView, CourseView, DeadlineView, ModuleKind, ModuleView, StorageView } from '../../preload/contract/content';
import { UserFacingError } from '../ipc/errors';
import type { PortalAccount } from '../portal/accounts';
import type { CourseModule } from '../portal/schemas';
import type { ServiceContext } from '../service-context';
import { currentAccount } from './access';
import type { FileCache } from './file-cache';
import { fileKeyOf, isFileContent } from './files';
import type { ContentRepository } from './repository';
import { resolvePortalLink, safeLinkTarget, sanitizeCourseHtml } from './sanitize-page';

function kindOf(modname: string): ModuleKind {
  switch (modname) {
    case 'resource': return 'file';
    case 'page': case 'url': case 'folder': case 'label': case 'assign': case 'bigbluebuttonbn': return modname;
    default: return 'other';
  }
}

export class CourseViews {
  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly cache: FileCache,
    /** Loads the account's courses when none are stored yet (ContentSyncRunner.ensureSynced). */
    private readonly ensureSynced: (account: PortalAccount) => Promise<void>,
  ) {}

  async courses(): Promise<CourseSummaryView[]> {
    const account = currentAccount(this.context);
    await this.ensureSynced(account);
    return this.repo.courses(account.id).map((c) => ({ id: c.courseId, fullname: c.fullname, shortname: c.shortname, offline: c.offline, syncedAt: c.contentsSyncedAt }));
  }

  async course(courseId: number): Promise<CourseView> {
    const account = currentAccount(this.context);
    await this.ensureSynced(account);
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
    const account = currentAccount(this.context);
    return this.repo.deadlines(account.id).map((d) => ({
      id: d.eventId, name: d.name, courseId: d.courseId, courseName: d.courseName, dueAt: d.dueAt, overdue: d.overdue,
      modulename: d.modulename, instance: d.instance, actionName: d.actionName,
    }));
  }

  storage(): StorageView {
    const account = currentAccount(this.context);
    const used = this.repo.usedBytes(account.id);
    return { usedBytes: used.bytes, budgetBytes: this.cache.budgetBytes(), files: used.files };
  }
}
