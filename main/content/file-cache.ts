/**
 * The file cache: portal files downloaded through main (the token is added here, never in the
 * renderer) into `<dataDir>/files/<accountId>/`, one download per account and file at a time,
 * streamed into a temp file and renamed into place, within the storage budget (least recently
 * used files of courses not marked offline go first).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isDiskFull, UserFacingError } from '../ipc/errors';
import { HttpClientError } from '../net/http-client';
import type { HttpRequest, HttpResponse } from '../net/http-client';
import type { PortalAccount } from '../portal/accounts';
import type { ServiceContext } from '../service-context';
import { mbToBytes, planEviction } from '../sync/storage-budget';
import { credentialsOf } from './access';
import { cacheFileName, fileKeyOf } from './files';
import type { FileSource } from './files';
import type { CachedFileRow, ContentRepository } from './repository';

/** Temp files of downloads in progress start with this; cached files start with hex digits. */
export const INCOMING_PREFIX = '.incoming-';
/** A download fails when no byte arrived for this long (headers: the client's per-attempt limit). */
const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

/** Where a streamed download goes (HttpClient onChunk/onProgress) and what cancels it. */
interface FileSink {
  signal: AbortSignal;
  onChunk: (chunk: Uint8Array) => Promise<void>;
  onProgress: (receivedBytes: number, totalBytes: number | null) => void;
}

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

/** One way to fetch a portal file (see FileCache.#fileRequests). */
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

export class FileCache {
  /** Downloads in flight, per account and file (see fetch). */
  readonly #downloads = new Map<string, { controller: AbortController; done: Promise<{ row: CachedFileRow; path: string }> }>();
  /** Temp files of the downloads in flight (removeStaleDownloads leaves them alone). */
  readonly #incoming = new Set<string>();
  /** Per account: the fingerprint of a private access key the portal refused (this run only). */
  readonly #refusedKeys = new Map<string, string>();

  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
  ) {}

  budgetBytes(): number {
    return mbToBytes(Number(this.context.settings.get('offlineStorageBudgetMb')));
  }

  maxDownloadBytes(): number {
    return mbToBytes(Number(this.context.settings.get('maxDownloadMb')));
  }

  filesDir(accountId: string): string {
    return join(this.context.deps.dataDir, 'files', accountId);
  }

  /** Is this the temp file of a download in flight? */
  isIncoming(path: string): boolean {
    return this.#incoming.has(path);
  }

  /**
   * A portal file in the cache: from there when current, else downloaded (see #downloadToCache).
   * One download per account and file at a time: a second caller waits for the first.
   */
  async fetch(account: PortalAccount, source: FileSource, signal?: AbortSignal): Promise<{ row: CachedFileRow; path: string; fromCache: boolean }> {
    const key = fileKeyOf(source.fileurl);
    const known = this.repo.file(account.id, key);
    if (known && known.timeModified >= source.timemodified) {
      const path = join(this.filesDir(account.id), known.relPath);
      if (await isFile(path)) {
        this.repo.touchFile(account.id, key, this.context.now());
        return { row: known, path, fromCache: true };
      }
      this.repo.deleteFile(account.id, key); // gone from disk: download again
    }
    const flight = `${account.id}\n${key}`;
    const running = this.#downloads.get(flight);
    if (running) return { ...(await running.done), fromCache: false };
    const limit = this.maxDownloadBytes();
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
   * fetch, but when the portal cannot deliver (offline, down, signed out) an older copy on the
   * device is used — the same file, or an earlier version of it in the same module — marked outdated.
   */
  async fetchOrCached(account: PortalAccount, source: FileSource): Promise<{ row: CachedFileRow; path: string; outdated: boolean }> {
    try {
      return { ...(await this.fetch(account, source)), outdated: false };
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'download-cancelled') throw error;
      const key = fileKeyOf(source.fileurl);
      const files = this.repo.files(account.id);
      const copies = [files.find((f) => f.fileKey === key), ...files.filter((f) => f.cmid === source.cmid && f.filename === source.filename)];
      for (const copy of copies) {
        if (!copy) continue;
        const path = join(this.filesDir(account.id), copy.relPath);
        if (await isFile(path)) {
          this.repo.touchFile(account.id, copy.fileKey, this.context.now());
          return { row: copy, path, outdated: true };
        }
      }
      throw error;
    }
  }

  /** Stops the account's download of this file; resolves once its temp file is gone. */
  async cancel(accountId: string, fileRef: string): Promise<{ cancelled: boolean }> {
    const running = this.#downloads.get(`${accountId}\n${fileRef}`);
    if (!running) return { cancelled: false };
    running.controller.abort(new Error('cancelled by the user'));
    await running.done.catch(() => undefined);
    return { cancelled: true };
  }

  /** Least-recently-used files of courses not marked offline go first; the file just fetched stays. */
  async enforceBudget(accountId: string, keep: string | null, budget = this.budgetBytes()): Promise<{ overBudget: boolean }> {
    const files = this.repo.files(accountId);
    const pinned = new Set(this.repo.courses(accountId).filter((c) => c.offline).map((c) => c.courseId));
    const protectedKeys = new Set(files.filter((f) => pinned.has(f.courseId) || f.fileKey === keep).map((f) => f.fileKey));
    const plan = planEviction(files.map((f) => ({ id: f.fileKey, bytes: f.bytes, lastUsedAt: f.lastUsedAt })), budget, (id) => protectedKeys.has(id));
    for (const key of plan.evict) {
      const row = files.find((f) => f.fileKey === key);
      if (!row) continue;
      await rm(join(this.filesDir(accountId), row.relPath), { force: true });
      this.repo.deleteFile(accountId, key);
    }
    return { overBudget: plan.overBudget };
  }

  /**
   * Streams the file into `.incoming-<random>` next to its place in the cache, fsyncs, renames
   * it into place and only then records it: a cancelled, failed or interrupted download leaves
   * neither a row nor a partial file (stale temp files of a crash go at the next start).
   * Progress goes out as `content.downloadProgress`.
   */
  async #downloadToCache(account: PortalAccount, source: FileSource, key: string, limit: number, signal: AbortSignal): Promise<{ row: CachedFileRow; path: string }> {
    const dir = this.filesDir(account.id);
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
      await this.enforceBudget(account.id, key);
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
    const credentials = credentialsOf(this.context, account);
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
}
