/**
 * API contract, feature part: Courses, materials, files and deadlines (courses, contents, pages, file downloads).
 * Merged into ApiMethods/ApiEvents by preload/api.ts; main binds it in main/api/content.ts.
 * Runtime-import free (compiled into main, preload and renderer alike).
 */

export interface CourseSummaryView {
  id: number;
  fullname: string;
  shortname: string;
  /** "Offline verfügbar": its files are kept on this device. */
  offline: boolean;
  /** Epoch ms of the last successful contents sync ("Stand"); null before the first one. */
  syncedAt: number | null;
}

/** file: Datei, page: Seite, url: Link, folder: Ordner, label: Textfeld, assign: Aufgabe, bigbluebuttonbn: Konferenz. */
export type ModuleKind = 'file' | 'page' | 'url' | 'folder' | 'label' | 'assign' | 'bigbluebuttonbn' | 'other';

export interface ContentFileView {
  /** Opaque reference for content.openFile (the portal address without token). */
  fileRef: string;
  filename: string;
  /** Folder path inside a folder module ("/" for top level). */
  filepath: string;
  mimetype: string;
  bytes: number;
  /** Already on this device. */
  cached: boolean;
}

export interface ModuleView {
  cmid: number;
  name: string;
  modname: string;
  kind: ModuleKind;
  /** Sanitised in main (labels show it inline; others as a description). */
  descriptionHtml: string;
  /** kind 'url': the external target, shown before it is opened. */
  externalUrl: string | null;
  /** The module in the portal (for "Im Portal öffnen"). */
  portalUrl: string | null;
  /** Activity instance id (assignment id, BigBlueButton id). */
  instance: number | null;
  files: ContentFileView[];
  /** The portal restricts it (availability info in German/English as the portal wrote it). */
  restrictionText: string | null;
}

export interface SectionView {
  id: number;
  name: string;
  summaryHtml: string;
  modules: ModuleView[];
}

export interface CourseView extends CourseSummaryView {
  sections: SectionView[];
  /** The course's portal address. */
  portalUrl: string;
}

export interface OpenFileResult {
  filename: string;
  mimetype: string;
  bytes: number;
  /**
   * system: opened with the system's program (desktop app).
   * download: `dataUrl` holds the file for the page to show or save (browser shell).
   */
  opened: 'system' | 'download';
  dataUrl: string | null;
  /** Came from the device's cache (no download). */
  fromCache: boolean;
}

/**
 * A cached file for the in-app viewer (content.viewFile). `url` is a same-origin address of the
 * app (app:// in Electron, the browser shell's own origin) that serves this file of this account
 * for 30 minutes while the account is current — give it to <img>, an <iframe> (PDF) or fetch (text).
 */
export interface FileViewResult {
  filename: string;
  mimetype: string;
  bytes: number;
  fromCache: boolean;
  /** How the app shows it; null: not here — save it, or open it with the system's program. */
  viewAs: 'image' | 'pdf' | 'text' | null;
  url: string;
  /** 'dialog': "Speichern" through content.saveFile (desktop); 'link': a download link to `url` (browser shell). */
  save: 'dialog' | 'link';
  /** Desktop: "Mit Systemprogramm öffnen" (content.openFile); never for programs and scripts. */
  canOpenWithSystem: boolean;
}

export interface SaveFileView {
  saved: boolean;
  /** The chosen file's name without its folder; null when the dialog was cancelled. */
  fileName: string | null;
}

export interface PageView {
  cmid: number;
  courseId: number;
  name: string;
  /** Sanitised in main; images embedded as data: URLs; relative links resolved against the portal. */
  html: string;
  syncedAt: number | null;
  /**
   * Shown from this device although the portal has a newer version (it could not be reached).
   * A page opened once is kept on the device and read from there while it is current.
   */
  outdated: boolean;
}

export interface OfflineResult {
  courseId: number;
  on: boolean;
  filesDownloaded: number;
  /** Files that did not fit the storage budget or the download size limit. */
  filesSkipped: number;
  storage: StorageView;
}

export interface StorageView {
  usedBytes: number;
  budgetBytes: number;
  files: number;
}

export interface DeadlineView {
  id: number;
  name: string;
  courseId: number | null;
  courseName: string | null;
  /** Epoch ms. */
  dueAt: number;
  overdue: boolean;
  /** 'assign' for assignments (the UI links to Aufgaben), else the module type or null. */
  modulename: string | null;
  instance: number | null;
  actionName: string | null;
}

export interface ContentMethods {
  'content.courses': { args: []; result: CourseSummaryView[] };
  'content.course': { args: [courseId: number]; result: CourseView };
  'content.openFile': { args: [fileRef: string]; result: OpenFileResult };
  /** Downloads the file if needed (with progress, cancellable) and returns its viewer address. */
  'content.viewFile': { args: [fileRef: string]; result: FileViewResult };
  /** Desktop only: a copy of the cached file where the student chooses (native "Save as"). */
  'content.saveFile': { args: [fileRef: string]; result: SaveFileView };
  'content.page': { args: [cmid: number]; result: PageView };
  'content.setOffline': { args: [courseId: number, on: boolean]; result: OfflineResult };
  'content.deadlines': { args: []; result: DeadlineView[] };
  'content.storage': { args: []; result: StorageView };
  /**
   * Stops the current account's download of this file (see `content.downloadProgress`);
   * resolves once nothing of it is left on disk. `cancelled: false` when none was running.
   * The call that started the download fails with code `download-cancelled`.
   */
  'content.cancelDownload': { args: [fileRef: string]; result: { cancelled: boolean } };
}

export interface ContentEvents {
  /** Courses, contents or deadlines of the current account changed (after a sync or an offline toggle). */
  'content.changed': { courseIds: number[] };
  /** Progress of an "Offline verfügbar" prefetch. */
  'content.offlineProgress': { courseId: number; done: number; total: number };
  /**
   * A file download of the current account in progress (in steps: the first, about every 1 %, the
   * last). `totalBytes` from the portal's Content-Length, else the size the course lists, else null.
   */
  'content.downloadProgress': { fileRef: string; receivedBytes: number; totalBytes: number | null };
}

export const CONTENT_METHOD_NAMES = [
  'content.courses',
  'content.course',
  'content.openFile',
  'content.viewFile',
  'content.saveFile',
  'content.page',
  'content.setOffline',
  'content.deadlines',
  'content.storage',
  'content.cancelDownload',
] as const satisfies readonly (keyof ContentMethods)[];
export const CONTENT_EVENT_NAMES = ['content.changed', 'content.offlineProgress', 'content.downloadProgress'] as const satisfies readonly (keyof ContentEvents)[];
