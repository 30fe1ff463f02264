/**
 * The outbox: sends drafts to Moodle as a durable state machine, one SQLite row per item:
 *   pending → uploading → uploaded(itemid) → saving → saved → submitting → done
 * Each step is committed before its network call; every run first asks the server what it already
 * holds and skips that, and a server copy that is neither the draft's base nor ours stops the item
 * in "conflict" (main/outbox/README.md).
 * status: active · waiting-auth (runs after sign-in) · failed (student retries) · conflict · done.
 * The item and its row: outbox-item.ts; comparing with the server's copy: server-copy.ts.
 */
import { randomUUID } from 'node:crypto';
import { encodeErrorInfo } from '../../preload/contract/errors';
import type { ErrorInfo } from '../../preload/contract/errors';
import { isDiskFull, isReadOnly, toErrorPayload, UserFacingError } from '../ipc/errors';
import { PortalError } from '../portal/errors';
import type { MoodleClient } from '../portal/moodle-client';
import { tokenRejected } from '../portal/token-check';
import { backoffDelay } from '../net/retry';
import type { Store } from '../store/database';
import type { Draft, DraftStore } from './drafts';
import { toItem } from './outbox-item';
import type { OutboxItem, OutboxRow } from './outbox-item';
import { contentFingerprint, isConflict, serverCopyOf, serverHasDraft } from './server-copy';
import type { ServerCopy } from './server-copy';

export type { OutboxItem, OutboxStatus, OutboxStep } from './outbox-item';
export { contentFingerprint, isConflict, serverCopyOf, serverHasDraft } from './server-copy';
export type { ServerCopy } from './server-copy';

export interface OutboxSession {
  siteUrl: string;
  token: string;
}

export interface OutboxEngineOptions {
  store: Store;
  drafts: DraftStore;
  client: MoodleClient;
  /** The account's site and token; null while signed out (items wait). */
  session: (accountId: string) => OutboxSession | null;
  /** Moodle said invalidtoken: accounts.markNeedsReauth. */
  onInvalidToken: (accountId: string) => void;
  now: () => number;
  random?: () => number;
  /** Waits (the run loop honours Retry-After); tests may pass a fake. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  onChange?: (accountId: string, draftId: string) => void;
}

const NEVER = Number.MAX_SAFE_INTEGER;
const MAX_WAIT_MS = 5 * 60_000;
/**
 * When the network comes back, queued items are spread over this window (uniformly at random per
 * item), so thousands of clients whose school network returns at once do not all send at once.
 */
export const NETWORK_BACK_SPREAD_MS = 30_000;

export class OutboxEngine {
  readonly #o: OutboxEngineOptions;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #running = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(options: OutboxEngineOptions) {
    this.#o = options;
    this.#random = options.random ?? Math.random;
    this.#sleep =
      options.sleep ??
      ((ms, signal) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        }));
  }

  list(accountId: string): OutboxItem[] {
    return this.#o.store.all<OutboxRow>('SELECT * FROM outbox WHERE account_id = ? ORDER BY created_at DESC', accountId).map(toItem);
  }

  get(accountId: string, id: string): OutboxItem | null {
    const row = this.#o.store.get<OutboxRow>('SELECT * FROM outbox WHERE account_id = ? AND id = ?', accountId, id);
    return row ? toItem(row) : null;
  }

  /** Unsent = not done: what a shared-device logout must keep. */
  unsent(accountId: string): OutboxItem[] {
    return this.list(accountId).filter((item) => item.status !== 'done');
  }

  /**
   * Queues the draft's current version. An earlier unfinished item for the same draft is replaced
   * (its progress is not lost: the server check makes the new item skip what is already there).
   */
  enqueue(accountId: string, draftId: string, options: { handin: boolean; acceptStatement: boolean }): OutboxItem {
    const now = this.#o.now();
    const id = randomUUID();
    this.#o.store.transaction(() => {
      const draft = this.#o.drafts.requireOpen(accountId, draftId);
      // The server's Retry-After for the item this one replaces still holds.
      const limit = this.#o.store.get<{ until: number | null }>(
        "SELECT MAX(retry_after_until) AS until FROM outbox WHERE account_id = ? AND draft_id = ? AND status != 'done'", accountId, draftId,
      )?.until ?? 0;
      const retryAfterUntil = limit > now ? limit : 0;
      this.#o.store.run("DELETE FROM outbox WHERE account_id = ? AND draft_id = ? AND status != 'done'", accountId, draftId);
      this.#o.store.run(
        `INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, itemid, attempts, last_error, next_attempt_at, retry_after_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', 'active', NULL, 0, NULL, ?, ?, ?, ?)`,
        id, accountId, draftId, draft.version, options.handin ? 1 : 0, options.acceptStatement ? 1 : 0, Math.max(now, retryAfterUntil), retryAfterUntil, now, now,
      );
      this.#o.drafts.setState(accountId, draftId, 'sending');
    });
    this.#changed(accountId, draftId);
    const item = this.get(accountId, id);
    if (!item) throw new Error('outbox: item vanished');
    return item;
  }

  /** A failed or waiting item runs again now (not before the server's Retry-After). */
  retry(accountId: string, id: string): OutboxItem | null {
    const now = this.#o.now();
    this.#o.store.run(
      "UPDATE outbox SET status = 'active', next_attempt_at = MAX(?, retry_after_until), updated_at = ? WHERE account_id = ? AND id = ? AND status IN ('failed', 'waiting-auth', 'active')",
      now, now, accountId, id,
    );
    const item = this.get(accountId, id);
    if (item) {
      this.#o.drafts.setState(accountId, item.draftId, 'sending');
      this.#changed(accountId, item.draftId);
    }
    return item;
  }

  /**
   * After a new sign-in: items waiting for it run again, and so do items backing off — the portal
   * just answered the sign-in, and a backoff from before (often from an earlier run of the app,
   * e.g. its circuit breaker while the portal was down) says nothing about it now. A server's
   * Retry-After still holds.
   */
  resumeAfterSignIn(accountId: string): void {
    const now = this.#o.now();
    this.#o.store.run(
      "UPDATE outbox SET status = 'active', next_attempt_at = MAX(?, retry_after_until), updated_at = ? WHERE account_id = ? AND (status = 'waiting-auth' OR (status = 'active' AND next_attempt_at > MAX(?, retry_after_until)))",
      now, now, accountId, now,
    );
  }

  /**
   * The network came back: items backing off (not those waiting for a sign-in or the student) come
   * forward instead of waiting out the old backoff — each to a random moment within
   * NETWORK_BACK_SPREAD_MS (every client's network returns at the same time after a school-wide
   * outage), never before the server's Retry-After and never later than it was due anyway.
   */
  bringForward(accountId: string): void {
    const now = this.#o.now();
    const waiting = this.list(accountId).filter((item) => item.status === 'active' && item.nextAttemptAt > now);
    this.#o.store.transaction(() => {
      for (const item of waiting) {
        const at = Math.max(item.retryAfterUntil, now + Math.floor(this.#random() * NETWORK_BACK_SPREAD_MS));
        if (at < item.nextAttemptAt) this.#o.store.run('UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE account_id = ? AND id = ?', at, now, accountId, item.id);
      }
    });
  }

  /** Removes the item (after a conflict the student resolves and sends anew). */
  drop(accountId: string, draftId: string): void {
    this.#o.store.run("DELETE FROM outbox WHERE account_id = ? AND draft_id = ? AND status != 'done'", accountId, draftId);
  }

  #set(item: OutboxItem, fields: Partial<Pick<OutboxItem, 'step' | 'status' | 'itemid' | 'fingerprint' | 'draftVersion' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'retryAfterUntil'>>): OutboxItem {
    const next = { ...item, ...fields, updatedAt: this.#o.now() };
    this.#o.store.run(
      'UPDATE outbox SET step = ?, status = ?, itemid = ?, fingerprint = ?, draft_version = ?, attempts = ?, last_error = ?, next_attempt_at = ?, retry_after_until = ?, updated_at = ? WHERE account_id = ? AND id = ?',
      next.step, next.status, next.itemid, next.fingerprint, next.draftVersion, next.attempts, next.lastError, next.nextAttemptAt, next.retryAfterUntil, next.updatedAt, item.accountId, item.id,
    );
    return next;
  }

  #changed(accountId: string, draftId: string): void {
    try {
      this.#o.onChange?.(accountId, draftId);
    } catch {
      // A listener's failure must not stop sending.
    }
  }

  /** Runs every due item of the account until none is due; waits for Retry-After/backoff when asked. */
  runUntilIdle(accountId: string, options: { wait?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const running = this.#running.get(accountId);
    // One loop per account at a time; a caller who wants to wait for retries runs after the current one.
    if (running && !options.wait) return running;
    const run = (running ?? Promise.resolve()).then(() => this.#loop(accountId, options)).finally(() => {
      if (this.#running.get(accountId) === run) this.#running.delete(accountId);
    });
    this.#running.set(accountId, run);
    return run;
  }

  /** Stops starting new work and waits for what is in flight (before the store closes). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#running.values()]);
  }

  async #loop(accountId: string, options: { wait?: boolean; signal?: AbortSignal }): Promise<void> {
    for (;;) {
      if (options.signal?.aborted || this.#stopped) return;
      const active = this.list(accountId).filter((item) => item.status === 'active').sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
      const first = active[0];
      if (!first) return;
      const now = this.#o.now();
      if (first.nextAttemptAt > now) {
        if (!options.wait) return;
        await this.#sleep(Math.min(first.nextAttemptAt - now, MAX_WAIT_MS), options.signal);
        continue;
      }
      await this.#process(first);
    }
  }

  async #status(session: OutboxSession, assignId: number): Promise<ServerCopy> {
    const status = await this.#o.client.callFunction(session.siteUrl, session.token, 'mod_assign_get_submission_status', { assignid: assignId });
    return serverCopyOf(status);
  }

  async #process(start: OutboxItem): Promise<void> {
    let item = start;
    const { accountId, draftId } = item;
    const session = this.#o.session(accountId);
    if (!session) {
      this.#set(item, { status: 'waiting-auth', lastError: encodeErrorInfo({ code: 'send-needs-sign-in' }) });
      this.#o.drafts.setState(accountId, draftId, 'error', encodeErrorInfo({ code: 'send-needs-sign-in' }));
      this.#changed(accountId, draftId);
      return;
    }
    let draft: Draft;
    try {
      draft = this.#o.drafts.requireOpen(accountId, draftId);
    } catch (error) {
      this.#set(item, { status: 'waiting-auth', lastError: encodeErrorInfo(toErrorPayload(error)) });
      return;
    }
    try {
      // Always first: what does the server hold now?
      let server = await this.#status(session, draft.assignId);
      if (serverHasDraft(draft, server) && (!item.handin || server.status === 'submitted')) {
        item = this.#set(item, { step: 'done' });
      } else if (serverHasDraft(draft, server) && item.handin) {
        item = this.#set(item, { step: 'saved' });
      } else if (isConflict(draft, server)) {
        // At every step, not only the first: a retry or a resume after a crash may come hours later,
        // and an edit on another device in between must not be overwritten. What we sent ourselves
        // (recorded before each save) is never a conflict: isConflict knows its fingerprints.
        this.#set(item, { status: 'conflict', lastError: null });
        this.#o.drafts.setState(accountId, draftId, 'conflict');
        this.#changed(accountId, draftId);
        return;
      } else if (item.step === 'saved' || item.step === 'submitting' || item.step === 'done') {
        // The server does not show what we saved, and no one else changed it (e.g. an older send of ours): start over.
        item = this.#set(item, { step: 'pending', itemid: null, fingerprint: null });
      }
      // What this run sends: the draft as read above (the upload, the text and the fingerprint all come from it).
      const fingerprint = contentFingerprint(draft.textHtml, draft.files);
      for (;;) {
        switch (item.step) {
          case 'pending':
            item = this.#set(item, draft.files.length > 0 ? { step: 'uploading' } : { step: 'uploaded', itemid: null, fingerprint, draftVersion: draft.version });
            break;
          case 'uploading': {
            const files = draft.files.map((f) => ({ filename: f.name, mimetype: f.mimetype, content: this.#o.drafts.readFile(accountId, draftId, f.id) }));
            const uploaded = await this.#o.client.uploadFiles(session.siteUrl, session.token, files);
            const itemid = uploaded[0]?.itemid;
            if (itemid === undefined) throw new PortalError('moodle-error', { detail: 'upload without itemid' });
            item = this.#set(item, { step: 'uploaded', itemid, fingerprint, draftVersion: draft.version });
            break;
          }
          case 'uploaded':
          case 'saving': {
            // The student may edit while an item waits (after a 503, a crash, a sign-in): the draft
            // area holds the files of the draft the upload was made for. Saving the current text
            // with it would send a mix (a new file missing) — start over with a fresh upload instead.
            if (item.fingerprint !== fingerprint) {
              item = this.#set(item, { step: 'pending', itemid: null, fingerprint: null });
              break;
            }
            // Recorded before the call, so a save applied with its answer lost is known as ours.
            this.#o.store.transaction(() => {
              this.#o.drafts.recordSendAttempt(accountId, draftId, fingerprint);
              if (item.step === 'uploaded') item = this.#set(item, { step: 'saving' });
            });
            const plugindata: Record<string, unknown> = { onlinetext_editor: { text: draft.textHtml, format: 1, itemid: 0 } };
            if (item.itemid !== null) plugindata.files_filemanager = item.itemid;
            else if (draft.files.length === 0) plugindata.files_filemanager = 0;
            const warnings = await this.#o.client.callFunction(session.siteUrl, session.token, 'mod_assign_save_submission', {
              assignmentid: draft.assignId,
              plugindata: plugindata as never,
            });
            if (warnings.length > 0) {
              server = await this.#status(session, draft.assignId);
              if (!serverHasDraft(draft, server)) return this.#fail(item, { code: 'submission-refused', params: { detail: warnings.map((w) => w.message).join(' ') } });
            }
            item = this.#set(item, { step: 'saved' });
            break;
          }
          case 'saved':
            item = this.#set(item, item.handin ? { step: 'submitting' } : { step: 'done' });
            break;
          case 'submitting': {
            const warnings = await this.#o.client.callFunction(session.siteUrl, session.token, 'mod_assign_submit_for_grading', {
              assignmentid: draft.assignId,
              acceptsubmissionstatement: item.acceptStatement,
            });
            if (warnings.length > 0) {
              server = await this.#status(session, draft.assignId);
              if (server.status !== 'submitted') return this.#fail(item, { code: 'submission-refused', params: { detail: warnings.map((w) => w.message).join(' ') } });
            }
            item = this.#set(item, { step: 'done' });
            break;
          }
          case 'done': {
            server = await this.#status(session, draft.assignId);
            this.#o.store.transaction(() => {
              this.#set(item, { status: 'done', lastError: null });
              const current = this.#o.drafts.requireOpen(accountId, draftId);
              // The new base is what the server now holds (our own send), so later edits compare against it.
              this.#o.drafts.rebase(accountId, draftId, { timemodified: server.timemodified, status: server.status, text: server.text });
              this.#o.drafts.setState(accountId, draftId, current.version === item.draftVersion ? 'sent' : 'saved');
            });
            this.#changed(accountId, draftId);
            return;
          }
        }
      }
    } catch (error) {
      this.#handleError(item, error, await tokenRejected(this.#o.client, session.siteUrl, session.token, error));
    }
  }

  /** The reason is stored as code and parameters (encodeErrorInfo); the renderer translates it. */
  #fail(item: OutboxItem, reason: ErrorInfo): void {
    const stored = encodeErrorInfo(reason);
    this.#set(item, { status: 'failed', lastError: stored });
    this.#o.drafts.setState(item.accountId, item.draftId, 'error', stored);
    this.#changed(item.accountId, item.draftId);
  }

  #handleError(item: OutboxItem, error: unknown, tokenGone: boolean): void {
    // invalidtoken, or an expired token (a bare "accessexception" that token-check.ts confirmed):
    // for a student's own submission that means "sign in again", never "give up".
    if (tokenGone) {
      this.#o.onInvalidToken(item.accountId);
      const message = encodeErrorInfo({ code: 'send-needs-sign-in' });
      this.#set(item, { status: 'waiting-auth', lastError: message, nextAttemptAt: NEVER });
      this.#o.drafts.setState(item.accountId, item.draftId, 'error', message);
      this.#changed(item.accountId, item.draftId);
      return;
    }
    // Logout or the idle timeout forgot the key mid-send: wait for the student, do not fail.
    if (error instanceof UserFacingError && error.code === 'pin-required') {
      this.#set(item, { status: 'waiting-auth', lastError: encodeErrorInfo(error.info), nextAttemptAt: NEVER });
      this.#changed(item.accountId, item.draftId);
      return;
    }
    if (error instanceof PortalError && error.retryable) {
      const attempts = item.attempts + 1;
      const now = this.#o.now();
      const delay = Math.max(error.retryAfterMs ?? 0, backoffDelay(attempts - 1, this.#random, { baseMs: 1000, capMs: MAX_WAIT_MS }));
      // Only the server's own Retry-After (an answer with a status) is a limit no trigger may bring
      // forward; the circuit breaker's cool-down (circuit-open, no status) is the client's own.
      const serverRetryAfter = error.status !== undefined && error.retryAfterMs !== undefined ? now + error.retryAfterMs : 0;
      const retryAfterUntil = Math.max(item.retryAfterUntil, serverRetryAfter);
      // The student sees lastError: the plain text, without the message's log detail (request address, transport error).
      this.#set(item, { attempts, lastError: encodeErrorInfo({ code: error.code }), nextAttemptAt: Math.max(now + delay, retryAfterUntil), retryAfterUntil });
      this.#changed(item.accountId, item.draftId);
      return;
    }
    // A full disk or a data folder briefly read-only passes: keep the item, try again after a pause
    // (the student sees why). If even that cannot be written, the item stays as it was and the next
    // trigger tries again — nothing is marked failed that was not.
    if (isDiskFull(error) || isReadOnly(error)) {
      const attempts = item.attempts + 1;
      const delay = backoffDelay(attempts - 1, this.#random, { baseMs: 5000, capMs: MAX_WAIT_MS });
      this.#set(item, { attempts, lastError: encodeErrorInfo(toErrorPayload(error)), nextAttemptAt: this.#o.now() + delay });
      this.#changed(item.accountId, item.draftId);
      return;
    }
    const reason = toErrorPayload(error);
    if (reason.code === 'internal') console.error(`[outbox] sending failed: ${error instanceof Error ? error.message : String(error)}`);
    this.#fail(item, reason);
  }
}
