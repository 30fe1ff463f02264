/**
 * The sync engine: runs every registered SyncTask for the current account — on start, after
 * sign-in or an account switch, after reconnecting (spread over a window so a school does not
 * sync in the same second), on the jittered regular schedule and on "Jetzt synchronisieren".
 * One run at a time; a request during a run queues exactly one follow-up run.
 * Electron-free; clock, randomness and timers are injected so tests run in virtual time.
 */
import type { ConnectivityState } from '../../preload/api';
import type { PortalAccount, PortalCredentials } from '../portal/accounts';
import type { ErrorInfo } from '../../preload/contract/errors';
import { isDiskFull, isReadOnly, toErrorPayload } from '../ipc/errors';
import { PortalError, PortalUnreachableError, SessionExpiredError } from '../portal/errors';
import type { MoodleClient } from '../portal/moodle-client';
import { tokenRejected } from '../portal/token-check';
import type { SyncSchedulePolicy } from './schedule';
import { DEFAULT_SYNC_SCHEDULE, delayAfterFailure, nextRegularDelay, reconnectDelay } from './schedule';
import type { SyncStateRepository } from './sync-state';
import { callBatch } from './batch';
import { SharedBatch } from './run-batch';
import type { SyncTask, SyncTaskRegistry } from './task';
import { REAL_TIMERS } from './timers';
import type { EngineTimers } from './timers';

export type { EngineTimers } from './timers';

export type SyncState = 'idle' | 'running' | 'failed' | 'needs-sign-in' | 'offline';

export interface SyncStatus {
  state: SyncState;
  /** Oldest last success over all tasks of the current account ("Stand: <Zeit>"); null = never complete. */
  lastSuccessAt: number | null;
  /** When the next background run is planned (epoch ms), null if none. */
  nextRunAt: number | null;
  /** The failure's portal error code (`portal.error.<code>` in the UI) and German text. */
  error?: ErrorInfo;
}

export type SyncTrigger = 'start' | 'sign-in' | 'reconnect' | 'schedule' | 'now' | 'retry';

export interface SyncEngineOptions {
  tasks: SyncTaskRegistry;
  accounts: {
    current(): PortalAccount | null;
    credentials(id: string): PortalCredentials | null;
    markNeedsReauth(id: string): unknown;
    onChange(listener: () => void): () => void;
  };
  connectivity: {
    current(): ConnectivityState;
    onChange(listener: (state: ConnectivityState) => void): () => void;
    /** The OS network came back (the status may still say offline until a request answers). */
    onNetworkBack?(listener: () => void): () => void;
    reportSyncStarted(): void;
    reportSyncFinished(at: number): void;
    reportSyncStopped(lastSyncAt: number | null): void;
  };
  client: MoodleClient;
  /** Per-task last success/failure (SyncStateRepository over the store). */
  state: Pick<SyncStateRepository, 'get' | 'lastSuccessAt' | 'recordSuccess' | 'recordFailure'>;
  now: () => number;
  random?: () => number;
  timers?: EngineTimers;
  schedule?: SyncSchedulePolicy;
  onStatus?: (status: SyncStatus) => void;
  /** After a run in which a task reported a change (the UI reloads from the store). */
  onChanged?: (accountId: string) => void;
}

const accountKey = (account: PortalAccount | null): string => (account ? `${account.id}:${account.needsReauth ? 'reauth' : 'ok'}` : 'none');

export class SyncEngine {
  readonly #o: SyncEngineOptions;
  readonly #timers: EngineTimers;
  readonly #random: () => number;
  readonly #schedule: SyncSchedulePolicy;
  readonly #unsubscribers: (() => void)[] = [];
  #status: SyncStatus = { state: 'idle', lastSuccessAt: null, nextRunAt: null };
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  #followUp = false;
  #abort: AbortController | null = null;
  #failures = 0;
  /** A server's Retry-After from the last failed run (epoch ms): nothing, not even the network coming back, runs before it. */
  #notBefore = 0;
  #lastAccountKey = 'none';
  #connectivity: ConnectivityState['status'] = 'online';
  #started = false;
  #closed = false;

  constructor(options: SyncEngineOptions) {
    this.#o = options;
    this.#timers = options.timers ?? REAL_TIMERS;
    this.#random = options.random ?? Math.random;
    this.#schedule = options.schedule ?? DEFAULT_SYNC_SCHEDULE;
  }

  /** Subscribes to sign-in and reconnect and runs once right away (after the caller's turn, so every feature has registered). */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#lastAccountKey = accountKey(this.#o.accounts.current());
    this.#connectivity = this.#o.connectivity.current().status;
    this.#unsubscribers.push(
      this.#o.accounts.onChange(() => this.#accountsChanged()),
      this.#o.connectivity.onChange((state) => this.#connectivityChanged(state)),
    );
    if (this.#o.connectivity.onNetworkBack) this.#unsubscribers.push(this.#o.connectivity.onNetworkBack(() => this.#networkBack()));
    this.#refreshStatus();
    this.#plan(0, 'start');
  }

  status(): SyncStatus {
    return { ...this.#status };
  }

  /** "Jetzt synchronisieren": runs now (or right after the current run) and resolves when done. */
  async syncNow(): Promise<SyncStatus> {
    await this.#request('now');
    return this.status();
  }

  /** Resolves when no run is in progress or queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribers.splice(0)) unsubscribe();
    this.#cancelTimer();
    this.#abort?.abort();
    await this.idle().catch(() => undefined);
  }

  #accountsChanged(): void {
    const account = this.#o.accounts.current();
    const key = accountKey(account);
    if (key === this.#lastAccountKey) return;
    const previous = this.#lastAccountKey;
    this.#lastAccountKey = key;
    // A switch away stops the running run at its next await; its results would belong to the old account.
    if (previous.split(':')[0] !== key.split(':')[0]) this.#abort?.abort();
    this.#failures = 0;
    if (account && !account.needsReauth) this.#plan(0, 'sign-in');
    else {
      this.#cancelTimer();
      this.#refreshStatus();
    }
  }

  #connectivityChanged(state: ConnectivityState): void {
    const was = this.#connectivity;
    this.#connectivity = state.status;
    if (state.status === 'offline' && this.#status.state !== 'running' && this.#status.state !== 'needs-sign-in') {
      this.#setStatus({ ...this.#status, state: 'offline' });
    }
    // A run in progress turned it online itself (its first answer): its end plans the next run;
    // a reconnect run now would only repeat it (one reconnect, two full syncs).
    if (was !== 'online' && state.status === 'online' && !this.#running && this.#status.state !== 'running') {
      // Back online: spread the first sync, but never later than what is already planned.
      const delay = reconnectDelay(this.#schedule, this.#random);
      if (this.#status.nextRunAt === null || this.#o.now() + delay < this.#status.nextRunAt) this.#plan(delay, 'reconnect');
    }
  }

  /**
   * The network is back: the run waiting out a backoff comes forward to the reconnect spread (a
   * school's laptops do not all sync in the same second), never before a server's Retry-After.
   */
  #networkBack(): void {
    const account = this.#o.accounts.current();
    if (this.#closed || this.#running || !account || account.needsReauth) return;
    const delay = Math.max(reconnectDelay(this.#schedule, this.#random), this.#notBefore - this.#o.now());
    if (this.#status.nextRunAt === null || this.#o.now() + delay < this.#status.nextRunAt) this.#plan(delay, 'reconnect');
  }

  #plan(delayMs: number, trigger: SyncTrigger): void {
    if (this.#closed) return;
    this.#cancelTimer();
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      void this.#request(trigger);
    }, delayMs);
    this.#setStatus({ ...this.#status, nextRunAt: this.#o.now() + delayMs });
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    if (this.#status.nextRunAt !== null) this.#setStatus({ ...this.#status, nextRunAt: null });
  }

  /** Single flight: during a run, one follow-up is queued and the caller waits for it. */
  #request(trigger: SyncTrigger): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#followUp = true;
      return this.idle();
    }
    const loop = async () => {
      try {
        let next: SyncTrigger | null = trigger;
        while (next !== null && !this.#closed) {
          this.#followUp = false;
          await this.#runOnce(next);
          next = this.#followUp ? 'retry' : null;
        }
      } finally {
        this.#running = null;
      }
    };
    this.#running = loop();
    return this.#running;
  }

  async #runOnce(_trigger: SyncTrigger): Promise<void> {
    this.#cancelTimer();
    const account = this.#o.accounts.current();
    if (!account || account.needsReauth) {
      this.#refreshStatus();
      return;
    }
    let credentials: PortalCredentials | null;
    try {
      credentials = this.#o.accounts.credentials(account.id);
    } catch {
      credentials = null;
    }
    if (!credentials) {
      // The secret is gone (keyring changed, or the browser shell's memory-only vault restarted).
      this.#setStatus({ state: 'needs-sign-in', lastSuccessAt: this.#lastSuccess(account.id), nextRunAt: null, error: this.#describe(new SessionExpiredError()) });
      return;
    }
    // Taken before the first request: recorded as each task's last success, so the next run asks
    // "what changed since" from here and a change made while this run is in flight is not lost.
    // "Stand" then honestly means "data as of at least this time".
    const runStartedAt = this.#o.now();
    const abort = new AbortController();
    this.#abort = abort;
    this.#setStatus({ ...this.#status, state: 'running', lastSuccessAt: this.#lastSuccess(account.id) });
    this.#o.connectivity.reportSyncStarted();
    let changed = false;
    let failure: { error: unknown; retryAfterMs: number | null } | null = null;
    let reauth = false;
    // One verdict per error object: a shared request that failed fails every task of its stage alike.
    const verdicts = new Map<unknown, Promise<boolean>>();
    let unreachable = false;
    const rejected = (error: unknown) => {
      let verdict = verdicts.get(error);
      if (!verdict) {
        verdict = tokenRejected(this.#o.client, account.siteUrl, credentials.token.reveal(), error, abort.signal);
        verdicts.set(error, verdict);
      }
      return verdict;
    };
    try {
      stages: for (const stage of this.#o.tasks.stages()) {
        if (abort.signal.aborted || this.#closed) break;
        // The stage's tasks run together; their read calls go out in shared requests (main/sync/run-batch.ts).
        const shared = new SharedBatch((calls) => callBatch(this.#o.client, account.siteUrl, credentials.token.reveal(), calls), stage.length);
        const startedAt = this.#o.now();
        const settled = await Promise.allSettled(
          stage.map(async (task, i) => {
            const participant = shared.participant(i);
            try {
              const previous = this.#o.state.get(account.id, task.name);
              return await task.run({
                accountId: account.id,
                site: account.siteUrl,
                token: credentials.token.reveal(),
                client: this.#o.client,
                lastSuccessAt: previous?.lastSuccessAt ?? null,
                now: startedAt,
                signal: abort.signal,
                batch: participant.batch,
              });
            } finally {
              participant.done();
            }
          }),
        );
        if (abort.signal.aborted) break;
        for (const [i, outcome] of settled.entries()) {
          const task = stage[i] as SyncTask;
          if (outcome.status === 'fulfilled') {
            this.#record(() => this.#o.state.recordSuccess(account.id, task.name, runStartedAt));
            changed ||= outcome.value.changed;
            continue;
          }
          const error: unknown = outcome.reason;
          // An expired token first shows as accessexception: ask Moodle once more before calling it "no permission".
          const expired = await rejected(error);
          if (abort.signal.aborted) break stages;
          this.#record(() => this.#o.state.recordFailure(account.id, task.name, this.#o.now(), expired ? 'session-expired' : errorCode(error)));
          if (expired) reauth = true;
          else failure ??= { error, retryAfterMs: error instanceof PortalError ? (error.retryAfterMs ?? null) : null };
          // Unreachable or a full disk: the later stages would fail the same way.
          unreachable ||= error instanceof PortalUnreachableError || isDiskFull(error);
        }
        // Expired, or unreachable: the later stages would fail the same way; stop and back off.
        if (reauth || unreachable) break;
      }
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
    const lastSuccessAt = this.#lastSuccess(account.id);
    // Only a run without failure says "online"; otherwise the HTTP client's report stands.
    if (!failure && !reauth && !abort.signal.aborted && lastSuccessAt !== null) this.#o.connectivity.reportSyncFinished(lastSuccessAt);
    else this.#o.connectivity.reportSyncStopped(lastSuccessAt);
    if (changed) this.#o.onChanged?.(account.id);
    if (abort.signal.aborted || this.#closed) {
      // The account changed under us: the sign-in trigger plans the next run.
      this.#refreshStatus();
      return;
    }
    if (reauth) {
      this.#failures = 0;
      this.#o.accounts.markNeedsReauth(account.id);
      this.#setStatus({ state: 'needs-sign-in', lastSuccessAt, nextRunAt: null, error: this.#describe(new SessionExpiredError()) });
      return;
    }
    if (failure) {
      this.#failures += 1;
      this.#notBefore = failure.retryAfterMs ? this.#o.now() + failure.retryAfterMs : 0;
      const offline = failure.error instanceof PortalUnreachableError;
      this.#setStatus({ state: offline ? 'offline' : 'failed', lastSuccessAt, nextRunAt: null, error: this.#describe(failure.error) });
      this.#plan(delayAfterFailure(this.#schedule, this.#failures, failure.retryAfterMs, this.#random), 'retry');
      return;
    }
    this.#failures = 0;
    this.#notBefore = 0;
    this.#setStatus({ state: 'idle', lastSuccessAt, nextRunAt: null });
    this.#plan(nextRegularDelay(this.#schedule, this.#random), 'schedule');
  }

  #lastSuccess(accountId: string): number | null {
    return this.#o.state.lastSuccessAt(accountId, this.#o.tasks.list().map((t) => t.name));
  }

  /** Status without running: needs-sign-in, offline, or what the last run left. */
  #refreshStatus(): void {
    const account = this.#o.accounts.current();
    if (!account || account.needsReauth) {
      // No error = nobody signed in yet; session-expired = this account must sign in again.
      this.#setStatus({
        state: 'needs-sign-in', lastSuccessAt: account ? this.#lastSuccess(account.id) : null, nextRunAt: null,
        ...(account ? { error: this.#describe(new SessionExpiredError()) } : {}),
      });
      return;
    }
    const state: SyncState = this.#connectivity === 'offline' ? 'offline' : this.#status.state === 'needs-sign-in' || this.#status.state === 'running' ? 'idle' : this.#status.state;
    const next: SyncStatus = { state, lastSuccessAt: this.#lastSuccess(account.id), nextRunAt: this.#status.nextRunAt };
    // A signed-in account clears the sign-in error; offline/failed keep theirs.
    if (state !== 'idle' && this.#status.error) next.error = this.#status.error;
    this.#setStatus(next);
  }

  /**
   * Writes the run's bookkeeping. On a full disk or a read-only data folder it cannot be written;
   * the run goes on (the status still tells why) instead of ending the sync loop.
   */
  #record(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!isDiskFull(error) && !isReadOnly(error)) throw error;
      console.warn(`[sync] sync state not recorded: ${toErrorPayload(error).code}`);
    }
  }

  #describe(error: unknown): ErrorInfo {
    return describe(error);
  }

  #setStatus(next: SyncStatus): void {
    const before = this.#status;
    this.#status = next;
    if (next.state !== 'running' && before.lastSuccessAt !== next.lastSuccessAt) this.#o.connectivity.reportSyncStopped(next.lastSuccessAt);
    if (before.state === next.state && before.lastSuccessAt === next.lastSuccessAt && before.nextRunAt === next.nextRunAt && before.error?.code === next.error?.code) return;
    this.#o.onStatus?.(this.status());
  }
}

function errorCode(error: unknown): string {
  if (error instanceof PortalError) return error.code;
  return 'internal';
}

function describe(error: unknown): ErrorInfo {
  // The code only: the message's detail (request address, transport error) is for the log.
  if (error instanceof PortalError) return { code: error.code };
  const payload = toErrorPayload(error);
  return payload.code === 'internal' ? { code: 'sync-internal' } : payload;
}
