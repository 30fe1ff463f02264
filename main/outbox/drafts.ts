/**
 * Drafts: one per account and assignment, every saved version kept until the student discards the
 * draft. Each save is one SQLite transaction (the store runs synchronous=FULL), so a save that
 * returned survives a crash. Attached files are copied into <dataDir>/drafts/<account>/<draft>/ and
 * fsynced before the row that names them is committed.
 *
 * On a shared device (`sealed` mode) the text, files and the server's base text are stored only
 * encrypted with the student's data key (device-keys.ts); without the key nothing can be read or
 * saved.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorInfo } from '../../preload/contract/errors';
import { UserFacingError } from '../ipc/errors';
import type { Store } from '../store/database';
import { decrypt, encrypt } from './device-keys';
import type { AssignmentLimits } from './limits';
import { checkLimits } from './limits';
import { sanitizeDraftHtml } from './sanitize-html';

export type DraftState = 'saved' | 'sending' | 'sent' | 'conflict' | 'error';

export interface DraftFile {
  id: string;
  name: string;
  size: number;
  mimetype: string;
}

export interface Draft {
  id: string;
  accountId: string;
  assignId: number;
  courseId: number;
  title: string;
  textHtml: string;
  files: DraftFile[];
  version: number;
  baseTimemodified: number | null;
  baseStatus: string | null;
  baseText: string | null;
  /** Fingerprints of content we started saving to the server since the base (ours if the server shows it). */
  sentAttempts: string[];
  state: DraftState;
  error: string | null;
  /** True when the content is sealed and the key is not unlocked. */
  locked: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DraftVersion {
  version: number;
  textHtml: string;
  files: DraftFile[];
  savedAt: number;
}

export interface ServerBase {
  timemodified: number | null;
  status: string | null;
  text: string | null;
}

interface DraftRow {
  id: string;
  account_id: string;
  assign_id: number;
  course_id: number;
  title: string;
  text_html: string;
  files_json: string;
  version: number;
  base_timemodified: number | null;
  base_status: string | null;
  base_text: string | null;
  sent_attempts: string;
  state: string;
  error: string | null;
  sealed: Uint8Array | null;
  created_at: number;
  updated_at: number;
}

interface Payload {
  textHtml: string;
  files: DraftFile[];
  baseText?: string | null;
}

export const MAX_DRAFT_FILE_BYTES = 100 * 1024 * 1024;

/** Writes a file durably: temp file, fsync, rename, fsync of the directory. */
export function writeFileDurably(path: string, dir: string, data: Uint8Array): void {
  mkdirSync(dir, { recursive: true });
  const temp = `${path}.tmp-${randomUUID()}`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  try {
    const dirFd = openSync(dir, 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Windows cannot open directories; NTFS journals the rename.
  }
}

export interface DraftStoreOptions {
  store: Store;
  dataDir: string;
  now: () => number;
  /** The account's data key when drafts must be sealed (shared device); undefined = personal device. */
  sealKey?: (accountId: string) => Buffer | null;
  sealed?: () => boolean;
}

export class DraftStore {
  readonly #store: Store;
  readonly #dataDir: string;
  readonly #now: () => number;
  readonly #sealKey: (accountId: string) => Buffer | null;
  readonly #sealed: () => boolean;

  constructor(options: DraftStoreOptions) {
    this.#store = options.store;
    this.#dataDir = options.dataDir;
    this.#now = options.now;
    this.#sealKey = options.sealKey ?? (() => null);
    this.#sealed = options.sealed ?? (() => false);
  }

  filesDir(accountId: string, draftId: string): string {
    return join(this.#dataDir, 'drafts', accountId, draftId);
  }

  #encode(accountId: string, payload: Payload): { text: string; files: string; baseText: string | null; sealed: Buffer | null } {
    if (!this.#sealed()) return { text: payload.textHtml, files: JSON.stringify(payload.files), baseText: payload.baseText ?? null, sealed: null };
    const key = this.#sealKey(accountId);
    if (!key) throw new UserFacingError('pin-required');
    return { text: '', files: '[]', baseText: null, sealed: encrypt(key, Buffer.from(JSON.stringify(payload))) };
  }

  #decode(accountId: string, row: { text_html: string; files_json: string; sealed: Uint8Array | null; base_text?: string | null }): (Payload & { locked: boolean }) {
    if (!row.sealed) return { textHtml: row.text_html, files: JSON.parse(row.files_json) as DraftFile[], baseText: row.base_text ?? null, locked: false };
    const key = this.#sealKey(accountId);
    if (!key) return { textHtml: '', files: [], baseText: null, locked: true };
    return { ...(JSON.parse(decrypt(key, row.sealed).toString('utf8')) as Payload), locked: false };
  }

  #toDraft(row: DraftRow): Draft {
    const payload = this.#decode(row.account_id, row);
    return {
      id: row.id,
      accountId: row.account_id,
      assignId: row.assign_id,
      courseId: row.course_id,
      title: row.title,
      textHtml: payload.textHtml,
      files: payload.files,
      version: row.version,
      baseTimemodified: row.base_timemodified,
      baseStatus: row.base_status,
      baseText: payload.baseText ?? null,
      sentAttempts: JSON.parse(row.sent_attempts) as string[],
      state: row.state as DraftState,
      error: row.error,
      locked: payload.locked,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  get(accountId: string, draftId: string): Draft | null {
    const row = this.#store.get<DraftRow>('SELECT * FROM drafts WHERE account_id = ? AND id = ?', accountId, draftId);
    return row ? this.#toDraft(row) : null;
  }

  require(accountId: string, draftId: string): Draft {
    const draft = this.get(accountId, draftId);
    if (!draft) throw new UserFacingError('draft-not-found');
    return draft;
  }

  /** The decrypted draft for editing or sending; throws when it is sealed and locked. */
  requireOpen(accountId: string, draftId: string): Draft {
    const draft = this.require(accountId, draftId);
    if (draft.locked) throw new UserFacingError('pin-required');
    return draft;
  }

  byAssignment(accountId: string, assignId: number): Draft | null {
    const row = this.#store.get<DraftRow>('SELECT * FROM drafts WHERE account_id = ? AND assign_id = ?', accountId, assignId);
    return row ? this.#toDraft(row) : null;
  }

  list(accountId: string): Draft[] {
    return this.#store.all<DraftRow>('SELECT * FROM drafts WHERE account_id = ? ORDER BY updated_at DESC', accountId).map((row) => this.#toDraft(row));
  }

  /** The draft for this assignment, created (empty, with the server's current copy as base) if missing. */
  open(accountId: string, assignment: { assignId: number; courseId: number; title: string }, base: ServerBase): Draft {
    return this.#store.transaction(() => {
      const existing = this.byAssignment(accountId, assignment.assignId);
      if (existing) return existing;
      if (this.#sealed() && !this.#sealKey(accountId)) {
        throw new UserFacingError('pin-required');
      }
      const id = randomUUID();
      const now = this.#now();
      const text = base.text ? sanitizeDraftHtml(base.text) : '';
      const encoded = this.#encode(accountId, { textHtml: text, files: [], baseText: base.text });
      this.#store.run(
        `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, base_timemodified, base_status, base_text, state, error, sealed, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 'saved', NULL, ?, ?, ?)`,
        id, accountId, assignment.assignId, assignment.courseId, assignment.title, encoded.text, encoded.files,
        base.timemodified, base.status, encoded.baseText, encoded.sealed, now, now,
      );
      return this.require(accountId, id);
    });
  }

  /** A new version with this text and file list; the version history keeps the old one. */
  #saveVersion(draft: Draft, textHtml: string, files: DraftFile[], extra: Partial<{ baseTimemodified: number | null; baseStatus: string | null; baseText: string | null }> = {}): Draft {
    const now = this.#now();
    const version = draft.version + 1;
    const baseText = extra.baseText !== undefined ? extra.baseText : draft.baseText;
    const encoded = this.#encode(draft.accountId, { textHtml, files, baseText });
    const versionEncoded = this.#encode(draft.accountId, { textHtml, files });
    this.#store.transaction(() => {
      this.#store.run(
        `UPDATE drafts SET text_html = ?, files_json = ?, sealed = ?, base_text = ?, version = ?, updated_at = ?,
           base_timemodified = ?, base_status = ?, sent_attempts = CASE WHEN ? THEN '[]' ELSE sent_attempts END,
           state = CASE WHEN state IN ('sent', 'error') THEN 'saved' ELSE state END
         WHERE account_id = ? AND id = ?`,
        encoded.text, encoded.files, encoded.sealed, encoded.baseText, version, now,
        extra.baseTimemodified !== undefined ? extra.baseTimemodified : draft.baseTimemodified,
        extra.baseStatus !== undefined ? extra.baseStatus : draft.baseStatus,
        extra.baseTimemodified !== undefined ? 1 : 0,
        draft.accountId, draft.id,
      );
      this.#store.run(
        'INSERT INTO draft_versions (account_id, draft_id, version, text_html, files_json, sealed, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        draft.accountId, draft.id, version, versionEncoded.text, versionEncoded.files, versionEncoded.sealed, now,
      );
    });
    return this.require(draft.accountId, draft.id);
  }

  /** Saves the text (sanitised). `expectedVersion` guards against an older editor tab overwriting a newer save. */
  saveText(accountId: string, draftId: string, html: string, expectedVersion?: number): Draft {
    return this.#store.transaction(() => {
      const draft = this.requireOpen(accountId, draftId);
      if (expectedVersion !== undefined && expectedVersion !== draft.version) {
        throw new UserFacingError('draft-stale');
      }
      const clean = sanitizeDraftHtml(html);
      if (clean === draft.textHtml) return draft;
      return this.#saveVersion(draft, clean, draft.files);
    });
  }

  addFile(accountId: string, draftId: string, file: { name: string; mimetype: string; content: Uint8Array }): Draft {
    this.requireOpen(accountId, draftId);
    const name = safeFileName(file.name);
    if (file.content.byteLength > MAX_DRAFT_FILE_BYTES) throw new UserFacingError('draft-file-too-large', { name });
    const id = randomUUID();
    const dir = this.filesDir(accountId, draftId);
    const key = this.#sealed() ? this.#sealKey(accountId) : null;
    if (this.#sealed() && !key) throw new UserFacingError('pin-required');
    // The file first (durably), then the row naming it: a crash in between leaves only an orphan file.
    writeFileDurably(join(dir, id), dir, key ? encrypt(key, file.content) : file.content);
    const entry: DraftFile = { id, name, size: file.content.byteLength, mimetype: file.mimetype || 'application/octet-stream' };
    return this.#store.transaction(() => {
      const current = this.requireOpen(accountId, draftId);
      return this.#saveVersion(current, current.textHtml, [...current.files, entry]);
    });
  }

  /** Removes the file from the draft; its bytes stay on disk for older versions until discard. */
  removeFile(accountId: string, draftId: string, fileId: string): Draft {
    return this.#store.transaction(() => {
      const draft = this.requireOpen(accountId, draftId);
      if (!draft.files.some((f) => f.id === fileId)) return draft;
      return this.#saveVersion(draft, draft.textHtml, draft.files.filter((f) => f.id !== fileId));
    });
  }

  readFile(accountId: string, draftId: string, fileId: string): Buffer {
    const raw = readFileSync(join(this.filesDir(accountId, draftId), fileId));
    if (!this.#sealed()) return raw;
    const key = this.#sealKey(accountId);
    if (!key) throw new UserFacingError('pin-required');
    return decrypt(key, raw);
  }

  versions(accountId: string, draftId: string): DraftVersion[] {
    return this.#store
      .all<{ version: number; text_html: string; files_json: string; sealed: Uint8Array | null; saved_at: number }>(
        'SELECT version, text_html, files_json, sealed, saved_at FROM draft_versions WHERE account_id = ? AND draft_id = ? ORDER BY version DESC',
        accountId, draftId,
      )
      .map((row) => {
        const payload = this.#decode(accountId, row);
        return { version: row.version, textHtml: payload.textHtml, files: payload.files, savedAt: row.saved_at };
      });
  }

  restoreVersion(accountId: string, draftId: string, version: number): Draft {
    return this.#store.transaction(() => {
      const draft = this.requireOpen(accountId, draftId);
      const old = this.versions(accountId, draftId).find((v) => v.version === version);
      if (!old) throw new UserFacingError('version-not-found');
      return this.#saveVersion(draft, old.textHtml, old.files);
    });
  }

  /** Takes a new base (after our own send, or when the student resolves a conflict). */
  rebase(accountId: string, draftId: string, base: ServerBase, content?: { textHtml: string; files?: DraftFile[] }): Draft {
    return this.#store.transaction(() => {
      const draft = this.requireOpen(accountId, draftId);
      return this.#saveVersion(draft, content ? sanitizeDraftHtml(content.textHtml) : draft.textHtml, content?.files ?? draft.files, {
        baseTimemodified: base.timemodified,
        baseStatus: base.status,
        baseText: base.text,
      });
    });
  }

  /** Records, before the save call, that this content may reach the server (kept: the last 20). */
  recordSendAttempt(accountId: string, draftId: string, fingerprint: string): void {
    const draft = this.require(accountId, draftId);
    const attempts = [...draft.sentAttempts.filter((f) => f !== fingerprint), fingerprint].slice(-20);
    this.#store.run('UPDATE drafts SET sent_attempts = ? WHERE account_id = ? AND id = ?', JSON.stringify(attempts), accountId, draftId);
  }

  setState(accountId: string, draftId: string, state: DraftState, error: string | null = null): void {
    this.#store.run('UPDATE drafts SET state = ?, error = ? WHERE account_id = ? AND id = ?', state, error, accountId, draftId);
  }

  /** The student throws the draft away: rows, versions and files. */
  discard(accountId: string, draftId: string): void {
    this.#store.transaction(() => {
      this.require(accountId, draftId);
      this.#store.run('DELETE FROM drafts WHERE account_id = ? AND id = ?', accountId, draftId);
    });
    rmSync(this.filesDir(accountId, draftId), { recursive: true, force: true });
  }

  problems(draft: Draft, limits: AssignmentLimits | null): ErrorInfo[] {
    return limits ? checkLimits({ textHtml: draft.textHtml, files: draft.files.map((f) => ({ name: f.name, size: f.size })) }, limits) : [];
  }
}

export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const clean = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').replace(/^\.+/, '').slice(0, 200).trim();
  return clean || 'Datei';
}
