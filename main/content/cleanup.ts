/**
 * Housekeeping of the file cache, one job after another: on shared devices (policy sharedDevice)
 * an account without credentials keeps no courses, deadlines or files; folders of removed accounts
 * go; temp files of downloads that did not finish (a crash, a killed process) go.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServiceContext } from '../service-context';
import { INCOMING_PREFIX } from './file-cache';
import type { FileCache } from './file-cache';
import type { ContentRepository } from './repository';

export class ContentCleanup {
  #cleanups: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly cache: FileCache,
  ) {}

  /** Clean-ups run one after another, so a caller awaiting one also waits for the one before. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#cleanups.then(work, work);
    this.#cleanups = next.catch(() => undefined);
    return next;
  }

  /**
   * Shared devices (policy sharedDevice): an account without credentials (logged out, or the
   * memory-only vault after a restart) keeps no courses, deadlines or files here — the next
   * student must not find them. Returns the accounts whose content was forgotten.
   */
  forgetLoggedOutOnSharedDevice(): Promise<string[]> {
    return this.#serial(async () => {
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
        await rm(this.cache.filesDir(account.id), { recursive: true, force: true });
        forgotten.push(account.id);
      }
      return forgotten;
    });
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
          await rm(join(this.cache.filesDir(account.id), row.relPath), { force: true });
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

  /** Files of accounts that were removed (their rows went by cascade): the folders go too. */
  removeOrphanedFiles(): Promise<string[]> {
    return this.#serial(async () => {
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
    });
  }

  /** Temp files of downloads that did not finish (a crash, a killed process): never part of the cache. */
  removeStaleDownloads(): Promise<number> {
    return this.#serial(async () => {
      const root = join(this.context.deps.dataDir, 'files');
      let removed = 0;
      for (const folder of await readdir(root).catch(() => [] as string[])) {
        for (const name of await readdir(join(root, folder)).catch(() => [] as string[])) {
          const path = join(root, folder, name);
          if (!name.startsWith(INCOMING_PREFIX) || this.cache.isIncoming(path)) continue;
          await rm(path, { force: true });
          removed += 1;
        }
      }
      return removed;
    });
  }
}
