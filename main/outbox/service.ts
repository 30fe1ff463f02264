/**
 * The outbox feature as one service over the shared ServiceContext: drafts of the current account,
 * sending in the background (on enqueue, on reconnect, after sign-in), conflicts, the shared-device
 * logout hook and the idle logout timer. main/api/outbox.ts and main/api/device.ts only validate input and map views (main/outbox/views.ts).
 */
import { rmSync } from 'node:fs';
import { AssignmentsRepository } from '../assignments/index';
import { PortalError } from '../portal/errors';
import type { PortalAccount } from '../portal/accounts';
import { MoodleClient } from '../portal/moodle-client';
import type { ServiceContext } from '../service-context';
import { UserFacingError } from '../ipc/errors';
import { accountFolders, accountScopedTables, quoteIdent } from '../privacy/inventory';
import { damagedCopies, eraseDamagedCopies } from '../store/damaged-copies';
import { eraseSecurely } from '../store/erase';
import { DeviceKeys } from './device-keys';
import type { Draft } from './drafts';
import { DraftStore } from './drafts';
import type { AssignmentLimits } from './limits';
import { limitsFromAssignment, limitsFromStoredAssignment } from './limits';
import type { OutboxItem, ServerCopy } from './outbox';
import { OutboxEngine, serverCopyOf } from './outbox';
import type { LogoutDeletion, LogoutPreview } from '../../preload/contract/device';

/** What a shared-device logout keeps of an account with unsent work: that work, sealed, and its key. */
const SEALED_WORK_TABLES: ReadonlySet<string> = new Set(['drafts', 'draft_versions', 'outbox', 'sealed_keys']);

export class OutboxService {
  readonly drafts: DraftStore;
  readonly engine: OutboxEngine;
  readonly keys: DeviceKeys;
  readonly #context: ServiceContext;
  readonly #client: MoodleClient;
  readonly #limits = new Map<string, AssignmentLimits>();
  readonly #assignments: AssignmentsRepository;
  readonly #unsubscribers: (() => void)[] = [];
  #idleTimer: NodeJS.Timeout | null = null;
  /** Wakes the outbox when the next backed-off item is due (nothing else would run it). */
  #retryTimer: NodeJS.Timeout | null = null;
  #lastActivity: number;
  #closed = false;

  constructor(context: ServiceContext) {
    this.#context = context;
    this.#client = new MoodleClient(context.http);
    this.#assignments = new AssignmentsRepository(context.store);
    this.keys = new DeviceKeys(context.store);
    this.drafts = new DraftStore({
      store: context.store,
      dataDir: context.deps.dataDir,
      now: context.now,
      sealed: () => this.sharedDevice(),
      sealKey: (accountId) => this.keys.key(accountId),
    });
    this.engine = new OutboxEngine({
      store: context.store,
      drafts: this.drafts,
      client: this.#client,
      now: context.now,
      random: context.deps.random,
      session: (accountId) => this.#session(accountId),
      onInvalidToken: (accountId) => {
        context.accounts.markNeedsReauth(accountId);
      },
      onChange: (accountId, draftId) => {
        if (context.accounts.current()?.id === accountId) context.events.emit('drafts.changed', { draftId });
      },
    });
    this.#lastActivity = context.now();
    this.#unsubscribers.push(
      context.connectivity.onChange((state) => {
        if (state.status === 'online') this.kick();
      }),
      // The OS network is back (connectivity.networkChanged): send soon (spread, never before a
      // server's Retry-After), not when the old backoff ends.
      context.connectivity.onNetworkBack(() => {
        const account = context.accounts.current();
        if (!account || account.needsReauth) return;
        this.engine.bringForward(account.id);
        this.kick();
      }),
      // The assignments sync stored new data (a teacher may have changed a limit): ask the portal
      // again instead of using what this session fetched before.
      context.events.subscribe((name) => {
        if (name === 'assignments.changed') this.#limits.clear();
      }),
      context.accounts.onChange(() => {
        const account = context.accounts.current();
        if (account && !account.needsReauth) {
          this.engine.resumeAfterSignIn(account.id);
          this.kick();
        }
      }),
    );
    // Idle logout on shared devices; unref so it never keeps a test or the shell alive.
    this.#idleTimer = setInterval(() => void this.checkIdle(), 30_000);
    this.#idleTimer.unref();
    this.#eraseSignedOutOnSharedDevice();
  }

  /**
   * At start on a shared device: an account without a sign-in (the app was killed or the laptop
   * switched off before the student logged out; secrets are memory-only there) is treated as logged
   * out, so the next student finds nothing of it either.
   */
  #eraseSignedOutOnSharedDevice(): void {
    if (!this.sharedDevice()) return;
    for (const account of this.#context.accounts.list()) {
      if (this.#session(account.id) !== null) continue;
      try {
        this.onSharedDeviceLogout(account);
      } catch (error) {
        console.error('[outbox] erasing a signed-out account on a shared device failed:', error instanceof Error ? error.name : typeof error);
      }
    }
  }

  sharedDevice(): boolean {
    return this.#context.settings.get('sharedDevice') === true;
  }

  /** The current, signed-in account (drafts act on nothing else). */
  account(): PortalAccount {
    const account = this.#context.accounts.current();
    if (!account) throw new UserFacingError('not-signed-in');
    return account;
  }

  #session(accountId: string): { siteUrl: string; token: string } | null {
    const account = this.#context.accounts.get(accountId);
    if (!account || account.needsReauth) return null;
    let credentials;
    try {
      credentials = this.#context.accounts.credentials(accountId);
    } catch {
      return null;
    }
    return credentials ? { siteUrl: account.siteUrl, token: credentials.token.reveal() } : null;
  }

  /** Signed in with a readable secret: an item of this account can be sent now. */
  canSend(accountId: string): boolean {
    return this.#session(accountId) !== null;
  }

  /** Sends whatever is due for the current account in the background. */
  kick(): void {
    const account = this.#context.accounts.current();
    if (!account || this.#closed) return;
    void this.engine.runUntilIdle(account.id, { wait: false }).then(
      () => this.#wakeWhenDue(account.id),
      (error: unknown) => {
        console.warn('[outbox] run failed:', error instanceof Error ? error.name : typeof error);
      },
    );
  }

  /** One timer for the account's earliest backed-off item; unref so it never keeps the app alive. */
  #wakeWhenDue(accountId: string): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#closed || this.#context.accounts.current()?.id !== accountId) return;
    const due = this.engine.list(accountId).filter((item) => item.status === 'active').map((item) => item.nextAttemptAt);
    if (due.length === 0) return;
    // At least a second: never a busy loop, whatever the clock says.
    const delay = Math.min(5 * 60_000, Math.max(1000, Math.min(...due) - this.#context.now()));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.kick();
    }, delay);
    this.#retryTimer.unref();
  }

  /**
   * The assignment's limits: from the portal when it answers (kept until the assignments sync stores
   * new data, event `assignments.changed`), otherwise — offline,
   * signed out, portal down — from the assignment the last sync stored. Null only when neither knows it.
   */
  async limits(accountId: string, assignId: number): Promise<AssignmentLimits | null> {
    const key = `${accountId}:${assignId}`;
    const cached = this.#limits.get(key);
    if (cached) return cached;
    const session = this.#session(accountId);
    if (session) {
      try {
        const result = await this.#client.callFunction(session.siteUrl, session.token, 'mod_assign_get_assignments', {}, { maxAttempts: 1, timeoutMs: 8000 });
        for (const course of result.courses) {
          for (const assignment of course.assignments) this.#limits.set(`${accountId}:${assignment.id}`, limitsFromAssignment({ ...assignment, course: course.id }));
        }
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
      }
    }
    const live = this.#limits.get(key);
    if (live) return live;
    const stored = this.#assignments.get(accountId, assignId);
    return stored ? limitsFromStoredAssignment(stored) : null;
  }

  async serverCopy(accountId: string, assignId: number): Promise<ServerCopy | null> {
    const session = this.#session(accountId);
    if (!session) return null;
    try {
      const status = await this.#client.callFunction(session.siteUrl, session.token, 'mod_assign_get_submission_status', { assignid: assignId }, { maxAttempts: 1, timeoutMs: 8000 });
      return serverCopyOf(status);
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      return null;
    }
  }

  /** Opens (creates) the draft; the base is the server's copy when reachable, else unknown (any server content then counts as a conflict). */
  async open(assignId: number, hint?: { courseId: number; title: string }): Promise<Draft> {
    const account = this.account();
    const existing = this.drafts.byAssignment(account.id, assignId);
    if (existing) return existing;
    const [limits, server] = await Promise.all([this.limits(account.id, assignId), this.serverCopy(account.id, assignId)]);
    return this.drafts.open(
      account.id,
      { assignId, courseId: limits?.courseId ?? hint?.courseId ?? 0, title: limits?.name ?? hint?.title ?? `Aufgabe ${assignId}` },
      server ? { timemodified: server.exists ? server.timemodified : 0, status: server.status, text: server.text } : { timemodified: null, status: null, text: null },
    );
  }

  async send(draftId: string, options: { handin: boolean; acceptStatement: boolean }): Promise<OutboxItem> {
    const account = this.account();
    const draft = this.drafts.requireOpen(account.id, draftId);
    const limits = await this.limits(account.id, draft.assignId);
    const problems = this.drafts.problems(draft, limits);
    if (problems.length > 0) throw new UserFacingError('draft-over-limits');
    if (options.handin && limits?.requireSubmissionStatement && !options.acceptStatement) {
      throw new UserFacingError('statement-required');
    }
    const item = this.engine.enqueue(account.id, draftId, options);
    this.kick();
    return item;
  }

  async conflict(draftId: string): Promise<{ draft: Draft; server: ServerCopy } | null> {
    const account = this.account();
    const draft = this.drafts.requireOpen(account.id, draftId);
    if (draft.state !== 'conflict') return null;
    const server = await this.serverCopy(account.id, draft.assignId);
    if (!server) throw new UserFacingError('portal-unreachable');
    return { draft, server };
  }

  /** keep mine / take the server's / merged by hand: the new base is the server copy seen now; the old text stays in the history. */
  async resolveConflict(draftId: string, choice: 'mine' | 'server' | 'merged', mergedHtml?: string): Promise<Draft> {
    const found = await this.conflict(draftId);
    if (!found) throw new UserFacingError('no-conflict');
    const { draft, server } = found;
    const account = this.account();
    const base = { timemodified: server.timemodified, status: server.status, text: server.text };
    const text = choice === 'mine' ? draft.textHtml : choice === 'server' ? (server.text ?? '') : (mergedHtml ?? '');
    return this.#context.store.transaction(() => {
      this.engine.drop(account.id, draftId);
      const next = this.drafts.rebase(account.id, draftId, base, { textHtml: text });
      this.drafts.setState(account.id, draftId, 'saved');
      return { ...next, state: 'saved' as const };
    });
  }

  unlock(pin: string): Draft[] {
    const account = this.account();
    this.keys.unlock(account.id, pin, `${account.siteUrl}#${account.userId}`, this.#context.now());
    // Work written before the PIN existed (policy switched on later) is sealed now.
    this.#sealPlaintext(account.id);
    // Items that waited for the key (or a sign-in) run now.
    this.engine.resumeAfterSignIn(account.id);
    this.kick();
    return this.drafts.list(account.id);
  }

  #sealPlaintext(accountId: string): void {
    if (!this.sharedDevice() || !this.keys.key(accountId)) return;
    for (const draft of this.drafts.list(accountId)) {
      if (draft.locked) continue;
      const row = this.#context.store.get<{ sealed: Uint8Array | null }>('SELECT sealed FROM drafts WHERE account_id = ? AND id = ?', accountId, draft.id);
      if (row && row.sealed === null) this.drafts.rebase(accountId, draft.id, { timemodified: draft.baseTimemodified, status: draft.baseStatus, text: draft.baseText });
    }
  }

  unsentDrafts(accountId: string): Draft[] {
    const items = new Set(this.engine.unsent(accountId).map((item) => item.draftId));
    return this.drafts.list(accountId).filter((draft) => draft.state !== 'sent' || items.has(draft.id));
  }

  /** What a logout would leave and remove, as data (the renderer words it). */
  logoutPreview(): LogoutPreview {
    const account = this.account();
    const shared = this.sharedDevice();
    const unsentItems = this.unsentDrafts(account.id).map((d) => ({ draftId: d.id, title: d.title, updatedAt: d.updatedAt }));
    const willDelete: LogoutDeletion[] = shared ? ['sign-in', 'account-name', 'cached-content', 'cached-files', 'sent-drafts'] : ['sign-in'];
    if (shared && damagedCopies(this.#context.store.filePath).length > 0) willDelete.push('damaged-store-copies');
    return { sharedDevice: shared, unsentItems, willDelete };
  }

  /**
   * AccountsService's shared-device hook (after the secret is gone). The account's cached data goes:
   * every row of every account-scoped table (courses, assignments, submission status with grades and
   * feedback, sync state, conference data …) and its folders (cached files). Only unsent work stays,
   * sealed: its drafts, versions, outbox items and the PIN-wrapped key. Then the account row either
   * goes too (nothing unsent) or becomes a nameless placeholder (AccountsService.seal) that the same
   * student's next sign-in takes back. With secure_delete and a TRUNCATE checkpoint, nothing of it
   * stays readable in the database, its free pages or the -wal file. Damaged copies of the store that
   * a salvage kept beside it hold this student's data and others': they are erased too (zeros, then
   * removed; main/store/damaged-copies.ts). The same runs at start for accounts left signed out.
   */
  onSharedDeviceLogout(account: PortalAccount): void {
    const store = this.#context.store;
    const accounts = this.#context.accounts;
    this.keys.forget(account.id);
    for (const key of [...this.#limits.keys()]) if (key.startsWith(`${account.id}:`)) this.#limits.delete(key);
    const keep = new Set(this.unsentDrafts(account.id).map((d) => d.id));
    const sent = this.drafts.list(account.id).filter((draft) => !keep.has(draft.id));
    eraseSecurely(store, () => {
      if (keep.size === 0) {
        accounts.remove(account.id);
        return;
      }
      for (const draft of sent) store.run('DELETE FROM drafts WHERE account_id = ? AND id = ?', account.id, draft.id);
      store.run("DELETE FROM outbox WHERE account_id = ? AND status = 'done'", account.id);
      for (const table of accountScopedTables(store)) {
        if (!SEALED_WORK_TABLES.has(table.name)) store.run(`DELETE FROM ${quoteIdent(table.name)} WHERE account_id = ?`, account.id);
      }
      accounts.seal(account.id);
    });
    for (const draft of sent) rmSync(this.drafts.filesDir(account.id, draft.id), { recursive: true, force: true });
    // Cached files (and any other per-account folder); the drafts folder holds only sealed files now.
    for (const { folder, path } of accountFolders(this.#context.deps.dataDir, account.id)) {
      if (keep.size === 0 || folder !== 'drafts') rmSync(path, { recursive: true, force: true });
    }
    eraseDamagedCopies(store.filePath);
  }

  /** The renderer reports activity (input); the idle timer logs out after `idleLogoutMinutes` on shared devices. */
  activity(): void {
    this.#lastActivity = this.#context.now();
  }

  async checkIdle(): Promise<boolean> {
    if (!this.sharedDevice()) return false;
    const minutes = Number(this.#context.settings.get('idleLogoutMinutes') ?? 0);
    if (!(minutes > 0)) return false;
    const account = this.#context.accounts.current();
    if (!account || this.#context.now() - this.#lastActivity < minutes * 60_000) return false;
    await this.#context.accounts.logout(account.id, { deviceMode: 'shared' });
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idleTimer) clearInterval(this.#idleTimer);
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    await this.engine.stop();
  }
}
