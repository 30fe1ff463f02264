/**
 * In-app viewing of cached files: images, PDFs and plain text through the app's own origin
 * (`app://schuldesk/files/…` in Electron, the browser shell's `/files/…`), never the portal's.
 * Addresses are capabilities `/files/<64 hex>/<name>`: a random token for one cached file of one
 * account, 30 minutes, honoured only while that account is current; it maps to a cache row, never
 * to a path. Responses are inert (own CSP with `sandbox`, `nosniff`, download for other types).
 * Pure, Electron-free; the shells only do the I/O.
 */
import { randomBytes } from 'node:crypto';

export type ViewKind = 'image' | 'pdf' | 'text';

export { CACHED_FILE_ROUTE, cachedFileToken, cachedFileUrl } from '../security/cached-file-route';
export const FILE_VIEW_TTL_MS = 30 * 60 * 1000;
/** A viewer session rarely needs more; the oldest grants go first. */
const MAX_GRANTS = 500;

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

/**
 * What the viewer can show, by the type the portal declared. SVG is no image here: it is a
 * document that can carry script (the system opener never gets it either).
 */
export function viewKindOf(mimetype: string): ViewKind | null {
  const type = mimetype.split(';')[0]?.trim().toLowerCase() ?? '';
  if (IMAGE_TYPES.has(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (TEXT_TYPES.has(type)) return 'text';
  return null;
}

/**
 * The CSP of every cached-file response. Chromium's PDF viewer works under it (the `sandbox`
 * *attribute* on an iframe would block the viewer; the CSP directive does not).
 */
export const CACHED_FILE_CSP = "default-src 'none'; frame-ancestors 'self'; sandbox";

export interface CachedFileHead {
  filename: string;
  mimetype: string;
  bytes: number;
}

/** Headers of a cached file's response, in both shells. */
export function cachedFileHeaders(file: CachedFileHead): Record<string, string> {
  const kind = viewKindOf(file.mimetype);
  const type = file.mimetype.split(';')[0]?.trim().toLowerCase() ?? '';
  const contentType = kind === null ? 'application/octet-stream' : kind === 'text' ? `${type}; charset=utf-8` : type;
  const ascii = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const disposition = `${kind === null ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
  return {
    'Content-Type': contentType,
    'Content-Length': String(file.bytes),
    'Content-Disposition': disposition,
    'Content-Security-Policy': CACHED_FILE_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** A cached file ready to be served: where it is on disk and what to say about it. */
export interface ServedCachedFile extends CachedFileHead {
  path: string;
}

/** What the shells ask (ContentService implements it). */
export interface CachedFileSource {
  resolveCachedFile(token: string): Promise<ServedCachedFile | null>;
}

export interface FileViewGrant {
  accountId: string;
  fileKey: string;
  expiresAt: number;
}

/** The capabilities handed out by content.viewFile (memory only: a restart ends them all). */
export class FileViewGrants {
  readonly #grants = new Map<string, FileViewGrant>();

  constructor(
    private readonly now: () => number,
    private readonly newToken: () => string = () => randomBytes(32).toString('hex'),
  ) {}

  issue(accountId: string, fileKey: string): string {
    const now = this.now();
    for (const [token, grant] of this.#grants) if (grant.expiresAt <= now) this.#grants.delete(token);
    while (this.#grants.size >= MAX_GRANTS) {
      const oldest = this.#grants.keys().next().value;
      if (oldest === undefined) break;
      this.#grants.delete(oldest);
    }
    const token = this.newToken();
    this.#grants.set(token, { accountId, fileKey, expiresAt: now + FILE_VIEW_TTL_MS });
    return token;
  }

  /** The grant behind a token, or null when unknown or expired. */
  resolve(token: string): FileViewGrant | null {
    const grant = this.#grants.get(token);
    if (!grant) return null;
    if (grant.expiresAt <= this.now()) {
      this.#grants.delete(token);
      return null;
    }
    return grant;
  }

  /** An account's grants end (account removed, logged out on a shared device). */
  revokeAccount(accountId: string): void {
    for (const [token, grant] of this.#grants) if (grant.accountId === accountId) this.#grants.delete(token);
  }
}
