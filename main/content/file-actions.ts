/**
 * What the student does with a course file: view it in the app (served from the cache on our own
 * origin), save a copy, or open it with the system's program (documents, pictures, sound and
 * video only; in the browser shell a data: URL up to BROWSER_FILE_LIMIT_BYTES).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FileViewResult, OpenFileResult, SaveFileView } from '../../preload/contract/content';
import { UserFacingError } from '../ipc/errors';
import type { SaveFilePort } from '../privacy/save-file-port';
import { confineToRealRoot } from '../security/app-path';
import type { ServiceContext } from '../service-context';
import { currentAccount } from './access';
import type { FileCache } from './file-cache';
import { cachedFileUrl, FileViewGrants, viewKindOf } from './file-view';
import type { ServedCachedFile } from './file-view';
import { fileSource, opensWithSystem } from './files';
import type { FileSource } from './files';
import type { ContentRepository } from './repository';

/** The browser shell hands files to the page as data: URLs; beyond this the desktop app is needed. */
export const BROWSER_FILE_LIMIT_BYTES = 25 * 1024 * 1024;

/** Opens a cached file with the system's program (Electron's shell.openPath); absent in the browser shell. */
export type OpenPathPort = (absolutePath: string) => Promise<void>;

export class FileActions {
  readonly #views: FileViewGrants;

  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly cache: FileCache,
    private readonly openPath: OpenPathPort | null,
    private readonly saveFilePort: SaveFilePort | null,
  ) {
    this.#views = new FileViewGrants(context.now);
  }

  #source(accountId: string, fileRef: string): FileSource {
    return fileSource(this.repo, this.context.store, accountId, fileRef);
  }

  /** In-app viewer: the file into the cache (with progress, cancellable), then its address on our own origin. */
  async viewFile(fileRef: string): Promise<FileViewResult> {
    const account = currentAccount(this.context);
    const source = this.#source(account.id, fileRef);
    const { row, fromCache } = await this.cache.fetch(account, source);
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
    const dir = this.cache.filesDir(grant.accountId);
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
    const account = currentAccount(this.context);
    const { row, path } = await this.cache.fetch(account, this.#source(account.id, fileRef));
    const extension = row.filename.includes('.') ? (row.filename.split('.').pop() ?? '').toLowerCase() : '';
    const filters = extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [];
    return port({ suggestedName: row.filename, copyFrom: path, filters });
  }

  async openFile(fileRef: string): Promise<OpenFileResult> {
    const account = currentAccount(this.context);
    const source = this.#source(account.id, fileRef);
    const refused = () =>
      new UserFacingError('file-executable');
    if (this.openPath && !opensWithSystem(source.filename)) throw refused();
    const { row, path, fromCache } = await this.cache.fetch(account, source);
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
}
