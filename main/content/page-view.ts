/**
 * Moodle pages (mod_page) read in the app: the page's index.html through the file cache (so a page
 * opened once stays readable offline, an older copy marked outdated), its images embedded as data:
 * URLs, links to its own files pointed at their portal address, everything sanitised.
 */
import { readFile } from 'node:fs/promises';
import type { PageView } from '../../preload/contract/content';
import { UserFacingError } from '../ipc/errors';
import type { PortalAccount } from '../portal/accounts';
import type { CourseModule } from '../portal/schemas';
import type { ServiceContext } from '../service-context';
import { currentAccount } from './access';
import type { FileCache } from './file-cache';
import { fileKeyOf, isFileContent, sourceOf } from './files';
import type { ModuleContent } from './files';
import type { ContentRepository } from './repository';
import { resolvePortalLink, sanitizeCourseHtml } from './sanitize-page';

/** Page images are embedded as data: URLs; larger ones show their alt text. */
const PAGE_IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
const DATA_URL_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;


/** The codes of a download that did not arrive (a page then counts as not yet on this device). */
const DOWNLOAD_FAILURES: ReadonlySet<string> = new Set(['file-download-failed', 'file-download-status', 'file-refused', 'file-download-network']);
export class PageViews {
  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly cache: FileCache,
  ) {}

  async page(cmid: number): Promise<PageView> {
    const account = currentAccount(this.context);
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
    // Cached like any file, so a page opened once stays readable offline.
    let page: { path: string; outdated: boolean };
    try {
      page = await this.cache.fetchOrCached(account, sourceOf({ courseId, module, content: index }));
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
        const { row, path } = await this.cache.fetchOrCached(account, sourceOf({ courseId, module, content }));
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
}
