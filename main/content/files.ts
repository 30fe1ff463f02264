/**
 * What a portal file is to the content feature: its identity (address without query), its name in
 * the cache folder, whether the system may open it, and where the account's data lists it (a
 * module's contents or an assignment's attachments).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AssignmentsRepository } from '../assignments/index';
import { UserFacingError } from '../ipc/errors';
import type { CourseModule } from '../portal/schemas';
import type { Store } from '../store/database';
import type { ContentRepository } from './repository';

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

/** The file's identity: its portal address without query (forcedownload, token). */
export function fileKeyOf(fileurl: string): string {
  return fileurl.split('?')[0] ?? fileurl;
}

export type ModuleContent = NonNullable<CourseModule['contents']>[number];

export interface FileLocation {
  courseId: number;
  module: CourseModule;
  content: ModuleContent;
}

/** A portal file the cache can hold: a module's content or an assignment's attachment. */
export interface FileSource {
  courseId: number;
  cmid: number;
  filename: string;
  fileurl: string;
  filesize: number;
  mimetype: string;
  timemodified: number;
}

export const sourceOf = ({ courseId, module, content }: FileLocation): FileSource => ({
  courseId, cmid: module.id, filename: content.filename, fileurl: content.fileurl, filesize: content.filesize,
  mimetype: content.mimetype ?? 'application/octet-stream', timemodified: content.timemodified ?? 0,
});

export const isFileContent = (c: ModuleContent): boolean => c.type === 'file' && !(c.filename === 'index.html' && c.filesize === 0);

/** introattachments of mod_assign_get_assignments as the assignments repository keeps them. */
const assignmentFileSchema = z.object({
  filename: z.string().min(1), fileurl: z.string().min(1), filesize: z.number().nonnegative(),
  mimetype: z.string().optional(), timemodified: z.number().optional(),
});

/** The attachments of the account's stored assignments (prefetched by the 'assignment-files' task). */
export function assignmentFiles(store: Store, accountId: string): FileSource[] {
  return new AssignmentsRepository(store).list(accountId).flatMap((a) =>
    a.files.flatMap((file) => {
      const parsed = assignmentFileSchema.safeParse(file);
      if (!parsed.success) return [];
      const f = parsed.data;
      return [{ courseId: a.courseId, cmid: a.cmid, filename: f.filename, fileurl: f.fileurl, filesize: f.filesize, mimetype: f.mimetype || 'application/octet-stream', timemodified: f.timemodified ?? 0 }];
    }));
}

function locate(repo: ContentRepository, accountId: string, fileRef: string): FileLocation | null {
  for (const course of repo.courses(accountId)) {
    for (const section of course.sections ?? []) {
      for (const module of section.modules) {
        const content = (module.contents ?? []).find((c) => c.type === 'file' && fileKeyOf(c.fileurl) === fileRef);
        if (content) return { courseId: course.courseId, module, content };
      }
    }
  }
  return null;
}

/** A file the account may open: in its cached course contents or its stored assignments' attachments. */
export function fileSource(repo: ContentRepository, store: Store, accountId: string, fileRef: string): FileSource {
  const location = locate(repo, accountId, fileRef);
  const source = location ? sourceOf(location) : assignmentFiles(store, accountId).find((f) => fileKeyOf(f.fileurl) === fileRef);
  if (!source) throw new UserFacingError('file-not-found');
  return source;
}
