/**
 * SyncEngine in virtual time: the clock and timers are the engine's injected ports, the tasks are
 * real SyncTasks registered in a real SyncTaskRegistry, connectivity is the real monitor. Only the
 * accounts service is a small in-memory stand-in (it needs a vault and SQLite otherwise).
 * Over 400 lines on purpose: all scheduling cases of the one engine in the same virtual time.
 */
import { describe, expect, it } from 'vitest';
import type { PortalAccount, PortalCredentials } from '../../main/portal/accounts';
import { InvalidResponseError, PortalUnreachableError, SessionExpiredError } from '../../main/portal/errors';
import { MoodleClient } from '../../main/portal/moodle-client';
import { HttpClient } from '../../main/net/http-client';
import { ConnectivityMonitor } from '../../main/sync/connectivity';
import type { EngineTimers, SyncStatus } from '../../main/sync/engine';
import { SyncEngine } from '../../main/sync/engine';
import { DEFAULT_SYNC_SCHEDULE } from '../../main/sync/schedule';
import type { SyncTaskState } from '../../main/sync/sync-state';
import type { SyncTaskInput, SyncTaskResult } from '../../main/sync/task';
import { SyncTaskRegistry } from '../../main/sync/task';
import { Secret } from '../../main/vault/secret';

class VirtualTime implements EngineTimers {
  now = 1_000_000;
  #next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): number {
    const id = this.#next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Fires due timers in time order, letting the async work they start settle in between. */
  async advance(ms: number, engine: SyncEngine): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = Math.max(this.now, due[1].at);
      due[1].fn();
      await settle(engine);
    }
    this.now = until;
  }
}

async function settle(engine: SyncEngine): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await engine.idle();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

class MemoryState {
  readonly rows = new Map<string, SyncTaskState>();
  get(accountId: string, task: string): SyncTaskState | null {
    return this.rows.get(`${accountId}/${task}`) ?? null;
  }
  lastSuccessAt(accountId: string, tasks: readonly string[]): number | null {
    const all = tasks.map((t) => this.get(accountId, t)?.lastSuccessAt ?? null);
    return all.length === 0 || all.includes(null) ? null : Math.min(...(all as number[]));
  }
  recordSuccess(accountId: string, task: string, at: number): void {
    const old = this.get(accountId, task);
    this.rows.set(`${accountId}/${task}`, { task, lastSuccessAt: at, lastFailureAt: old?.lastFailureAt ?? null, lastError: old?.lastError ?? null, failures: 0 });
  }
  recordFailure(accountId: string, task: string, at: number, code: string): void {
    const old = this.get(accountId, task);
    this.rows.set(`${accountId}/${task}`, { task, lastSuccessAt: old?.lastSuccessAt ?? null, lastFailureAt: at, lastError: code, failures: (old?.failures ?? 0) + 1 });
  }
}

function account(id: string, needsReauth = false): PortalAccount {
  return { id, siteUrl: 'https://moodle.example', siteName: 'Schule', userId: 7, username: 'lena', fullName: 'Lena', lang: 'de', createdAt: 0, lastUsedAt: 0, needsReauth };
}

class Accounts {
  currentAccount: PortalAccount | null = account('a1');
  readonly reauth: string[] = [];
  readonly #listeners = new Set<() => void>();
  current(): PortalAccount | null {
    return this.currentAccount;
  }
  credentials(id: string): PortalCredentials | null {
    return { token: new Secret(`token-${id}`), privateToken: null };
  }
  markNeedsReauth(id: string): void {
    this.reauth.push(id);
    if (this.currentAccount?.id === id) this.set({ ...this.currentAccount, needsReauth: true });
  }
  set(next: PortalAccount | null): void {
    this.currentAccount = next;
    for (const listener of this.#listeners) listener();
  }
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

type Behaviour = (input: SyncTaskInput) => Promise<SyncTaskResult>;

function setup(
  behaviour: Behaviour = () => Promise.resolve({ changed: true, requests: 1 }),
  options: { schedule?: typeof DEFAULT_SYNC_SCHEDULE } = {},
) {
  const time = new VirtualTime();
  const accounts = new Accounts();
  const connectivity = new ConnectivityMonitor();
  const state = new MemoryState();
  const tasks = new SyncTaskRegistry();
  const calls: SyncTaskInput[] = [];
  let active = 0;
  let maxActive = 0;
  let impl = behaviour;
  tasks.register({
    name: 'assignments',
    order: 20,
    async run(input) {
      calls.push(input);
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        return await impl(input);
      } finally {
        active -= 1;
      }
    },
  });
  const statuses: SyncStatus[] = [];
  const changed: string[] = [];
  const engine = new SyncEngine({
    tasks, accounts, connectivity, state,
    client: new MoodleClient(new HttpClient()),
    now: () => time.now,
    random: () => 0.5,
    timers: time,
    schedule: options.schedule ?? DEFAULT_SYNC_SCHEDULE,
    onStatus: (s) => statuses.push(s),
    onChanged: (id) => changed.push(id),
    ...options,
  });
  return {
    time, accounts, connectivity, state, engine, calls, statuses, changed, tasks,
    maxActive: () => maxActive,
    setBehaviour: (next: Behaviour) => {
      impl = next;
    },
  };
}

const P = DEFAULT_SYNC_SCHEDULE;

describe('SyncEngine', () => {
  it('runs on start, hands the task the account and its token, then again on the jittered schedule', async () => {
    const t = setup();
    t.engine.start();
    expect(t.calls).toHaveLength(0); // after the caller's turn, so every feature could register
    await t.time.advance(0, t.engine);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ accountId: 'a1', token: 'token-a1', site: 'https://moodle.example', lastSuccessAt: null });
    const firstSuccess = t.time.now;
    expect(t.engine.status()).toMatchObject({ state: 'idle', lastSuccessAt: firstSuccess, nextRunAt: firstSuccess + P.baseIntervalMs });
    expect(t.changed).toEqual(['a1']);
    expect(t.connectivity.current()).toMatchObject({ syncing: false, lastSyncAt: firstSuccess });

    await t.time.advance(P.baseIntervalMs - 1, t.engine);
    expect(t.calls).toHaveLength(1);
    await t.time.advance(1, t.engine);
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]?.lastSuccessAt).toBe(firstSuccess);
    await t.engine.close();
  });

  it('records the run’s start (before the first request) as the last success: the next run asks since then', async () => {
    // The run takes 7 s (the portal is slow); a change in those seconds must be newer than what the next run asks from.
    const t = setup((input) => {
      t.time.now = input.now + 7_000;
      return Promise.resolve({ changed: true, requests: 1 });
    });
    t.engine.start();
    const started = t.time.now;
    await t.time.advance(0, t.engine);
    expect(t.calls[0]?.now).toBe(started);
    expect(t.state.get('a1', 'assignments')?.lastSuccessAt).toBe(started);
    // "Stand" says the data is as of the run's start: true, it is at least that fresh.
    expect(t.engine.status()).toMatchObject({ state: 'idle', lastSuccessAt: started });
    expect(t.connectivity.current().lastSyncAt).toBe(started);
    await t.engine.syncNow();
    expect(t.calls[1]?.lastSuccessAt).toBe(started);
    await t.engine.close();
  });

  it('gives the reason of a failure as its code only (the renderer translates; the log detail stays in main)', async () => {
    const t = setup(() => Promise.reject(new InvalidResponseError('invalid-json', { detail: 'server.php: 812 Zeichen, kein gültiges JSON' })));
    t.engine.start();
    await t.time.advance(0, t.engine);
    expect(t.engine.status()).toMatchObject({ state: 'failed', error: { code: 'invalid-json' } });
    expect(JSON.stringify(t.engine.status())).not.toContain('server.php');
    t.setBehaviour(() => Promise.reject(new InvalidResponseError('html-response')));
    expect(await t.engine.syncNow()).toMatchObject({ state: 'failed', error: { code: 'html-response' } });
    await t.engine.close();
  });

  it('runs one at a time: requests during a run queue exactly one follow-up', async () => {
    let release: () => void = () => {};
    const t = setup(() => new Promise((resolve) => {
      release = () => resolve({ changed: false, requests: 1 });
    }));
    t.engine.start();
    void t.time.advance(0, t.engine);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.calls).toHaveLength(1);
    expect(t.engine.status().state).toBe('running');
    const a = t.engine.syncNow();
    const b = t.engine.syncNow();
    const c = t.engine.syncNow();
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.calls).toHaveLength(2); // the one follow-up started
    release();
    const results = await Promise.all([a, b, c]);
    expect(t.calls).toHaveLength(2);
    expect(t.maxActive()).toBe(1);
    for (const result of results) expect(result.state).toBe('idle');
    await t.engine.close();
  });

  it('backs off after a network failure, honours Retry-After, keeps the last success and recovers', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advance(0, t.engine);
    const firstSuccess = t.time.now;
    t.setBehaviour(() => {
      t.connectivity.reportStatus('portal-unreachable'); // as the HTTP client does
      return Promise.reject(new PortalUnreachableError('server-overloaded', { status: 503, retryAfterMs: 120_000 }));
    });
    const failed = await t.engine.syncNow();
    // The failed run does not claim "online"; the indicator keeps the last real success.
    expect(t.connectivity.current()).toEqual({ status: 'portal-unreachable', syncing: false, lastSyncAt: firstSuccess });
    expect(failed).toMatchObject({ state: 'offline', lastSuccessAt: firstSuccess, error: { code: 'server-overloaded' }, nextRunAt: t.time.now + 120_000 });
    expect(t.state.get('a1', 'assignments')).toMatchObject({ lastSuccessAt: firstSuccess, lastError: 'server-overloaded', failures: 1 });

    // Second failure without Retry-After: own full-jitter backoff (failures = 2 → base·2, random 0.5).
    t.setBehaviour(() => Promise.reject(new PortalUnreachableError('connection-failed', { detail: 'connect ECONNREFUSED 10.1.2.3:443' })));
    await t.time.advance(119_999, t.engine);
    expect(t.calls).toHaveLength(2);
    await t.time.advance(1, t.engine);
    expect(t.calls).toHaveLength(3);
    expect(t.engine.status()).toMatchObject({ state: 'offline', nextRunAt: t.time.now + P.backoffBaseMs });
    // The student reads the plain reason; the transport detail stays in the log.
    expect(t.engine.status().error).toEqual({ code: 'connection-failed' });

    t.setBehaviour(() => Promise.resolve({ changed: true, requests: 1 }));
    await t.time.advance(P.backoffBaseMs, t.engine);
    expect(t.calls).toHaveLength(4);
    expect(t.engine.status()).toMatchObject({ state: 'idle', lastSuccessAt: t.time.now, nextRunAt: t.time.now + P.baseIntervalMs });
    expect(t.state.get('a1', 'assignments')?.failures).toBe(0);
    await t.engine.close();
  });

  it('tasks of the same order run together, each gets a shared batch; one failing does not stop the other or a later stage', async () => {
    const events: string[] = [];
    const t = setup(async () => {
      events.push('assignments start');
      await Promise.resolve();
      events.push('assignments end');
      throw new InvalidResponseError('invalid-json', { detail: 'x' });
    });
    t.tasks.register({
      name: 'content',
      order: 20,
      async run(input) {
        events.push(`content start (batch: ${typeof input.batch})`);
        await Promise.resolve();
        events.push('content end');
        return { changed: false, requests: 0 };
      },
    });
    t.tasks.register({
      name: 'files',
      order: 30,
      run() {
        events.push('files');
        return Promise.resolve({ changed: false, requests: 0 });
      },
    });
    t.engine.start();
    await t.time.advance(0, t.engine);
    // 'assignments' (order 20, failing) and 'content' (order 20) interleave: one stage; then the next stage.
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]?.batch).toBeTypeOf('function');
    expect(events).toEqual(['assignments start', 'content start (batch: function)', 'assignments end', 'content end', 'files']);
    expect(t.state.get('a1', 'assignments')).toMatchObject({ lastError: 'invalid-json', lastSuccessAt: null });
    expect(t.state.get('a1', 'content')?.lastSuccessAt).toBe(t.time.now);
    expect(t.state.get('a1', 'files')?.lastSuccessAt).toBe(t.time.now);
    expect(t.engine.status().state).toBe('failed');
    await t.engine.close();
  });

  it('an expired session marks the account for re-authentication and stops until the next sign-in', async () => {
    const t = setup(() => Promise.reject(new SessionExpiredError()));
    t.engine.start();
    await t.time.advance(0, t.engine);
    expect(t.accounts.reauth).toEqual(['a1']);
    expect(t.engine.status()).toMatchObject({ state: 'needs-sign-in', nextRunAt: null, error: { code: 'session-expired' } });
    expect(t.time.pending.size).toBe(0);
    await t.time.advance(10 * P.baseIntervalMs, t.engine);
    expect(t.calls).toHaveLength(1);
    expect((await t.engine.syncNow()).state).toBe('needs-sign-in');
    expect(t.calls).toHaveLength(1);

    // Signing in again clears needsReauth: the engine runs right away.
    t.setBehaviour(() => Promise.resolve({ changed: true, requests: 1 }));
    t.accounts.set(account('a1'));
    await t.time.advance(0, t.engine);
    expect(t.calls).toHaveLength(2);
    expect(t.engine.status().state).toBe('idle');
    await t.engine.close();
  });

  it('without an account it reports needs-sign-in and runs nothing; an account switch runs for the new account', async () => {
    const t = setup();
    t.accounts.currentAccount = null;
    t.engine.start();
    await t.time.advance(0, t.engine);
    expect(t.calls).toHaveLength(0);
    expect(t.engine.status()).toEqual({ state: 'needs-sign-in', lastSuccessAt: null, nextRunAt: null }); // nobody signed in: no error
    t.accounts.set(account('b2'));
    await t.time.advance(0, t.engine);
    expect(t.calls.map((c) => c.accountId)).toEqual(['b2']);
    await t.engine.close();
  });

  it('a switch during a run aborts it and does not record the old account as synced', async () => {
    let release: () => void = () => {};
    const t = setup((input) => new Promise((resolve) => {
      release = () => resolve({ changed: true, requests: 1 });
      input.signal.addEventListener('abort', () => undefined);
    }));
    t.engine.start();
    void t.time.advance(0, t.engine);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.calls[0]?.accountId).toBe('a1');
    t.accounts.set(account('b2'));
    expect(t.calls[0]?.signal.aborted).toBe(true);
    release();
    await settle(t.engine);
    expect(t.state.get('a1', 'assignments')).toBeNull();
    await t.time.advance(0, t.engine);
    expect(t.calls.map((c) => c.accountId)).toEqual(['a1', 'b2']);
    release();
    await settle(t.engine);
    expect(t.state.get('b2', 'assignments')?.lastSuccessAt).not.toBeNull();
    await t.engine.close();
  });

  it('reconnecting plans a spread run sooner than the regular one; staying online does not', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advance(0, t.engine);
    t.connectivity.reportStatus('offline');
    expect(t.engine.status().state).toBe('offline');
    t.connectivity.reportStatus('online');
    expect(t.engine.status().nextRunAt).toBe(t.time.now + P.reconnectSpreadMs / 2);
    await t.time.advance(P.reconnectSpreadMs / 2, t.engine);
    expect(t.calls).toHaveLength(2);
    expect(t.engine.status().state).toBe('idle');
    await t.engine.close();
  });

  it('one reconnect is one run: the run’s own first answer turning the status online plans no second run', async () => {
    const t = setup(() => {
      t.connectivity.reportStatus('offline'); // as the HTTP client does when the request fails
      return Promise.reject(new PortalUnreachableError('connection-failed'));
    });
    t.engine.start();
    await t.time.advance(0, t.engine);
    expect(t.engine.status().state).toBe('offline');
    // The next run's first request answers (the client reports online), the rest of the run is slow:
    // the reconnect spread passes while it is still going.
    t.setBehaviour(() => {
      t.connectivity.reportStatus('online');
      t.time.now += P.reconnectSpreadMs;
      for (const [id, timer] of [...t.time.pending.entries()].filter(([, x]) => x.at <= t.time.now)) {
        t.time.pending.delete(id);
        timer.fn();
      }
      return Promise.resolve({ changed: true, requests: 1 });
    });
    await t.engine.syncNow();
    await settle(t.engine);
    expect(t.calls).toHaveLength(2);
    // The run's end plans the next one: the regular schedule, no follow-up.
    expect(t.engine.status()).toMatchObject({ state: 'idle', nextRunAt: t.time.now + P.baseIntervalMs });
    await t.time.advance(P.baseIntervalMs - 1, t.engine);
    expect(t.calls).toHaveLength(2);
    await t.engine.close();
  });

  it('the OS network coming back brings a run waiting out a long backoff forward to the reconnect spread', async () => {
    const schedule = { ...P, backoffBaseMs: 20 * 60_000 };
    const t = setup(() => {
      t.connectivity.reportStatus('offline'); // as the HTTP client does when the request fails
      return Promise.reject(new PortalUnreachableError('connection-failed'));
    }, { schedule });
    t.engine.start();
    await t.time.advance(0, t.engine);
    expect(t.engine.status()).toMatchObject({ state: 'offline', nextRunAt: t.time.now + schedule.backoffBaseMs / 2 });
    t.setBehaviour(() => Promise.resolve({ changed: true, requests: 1 }));
    t.connectivity.reportNetwork(false);
    expect(t.engine.status().nextRunAt).toBe(t.time.now + schedule.backoffBaseMs / 2);
    t.connectivity.reportNetwork(true);
    expect(t.engine.status().nextRunAt).toBe(t.time.now + P.reconnectSpreadMs / 2);
    await t.time.advance(P.reconnectSpreadMs / 2, t.engine);
    expect(t.calls).toHaveLength(2);
    expect(t.engine.status().state).toBe('idle');
    // Back again while online: nothing to bring forward.
    t.connectivity.reportNetwork(true);
    expect(t.engine.status().nextRunAt).toBeGreaterThan(t.time.now + P.reconnectSpreadMs);
    await t.engine.close();
  });

  it('the network coming back does not run before a server’s Retry-After', async () => {
    const t = setup(() => {
      t.connectivity.reportStatus('portal-unreachable');
      return Promise.reject(new PortalUnreachableError('server-overloaded', { status: 503, retryAfterMs: 10 * 60_000 }));
    });
    t.engine.start();
    await t.time.advance(0, t.engine);
    const planned = t.engine.status().nextRunAt;
    expect(planned).toBe(t.time.now + 10 * 60_000);
    t.connectivity.reportNetwork(true);
    expect(t.engine.status().nextRunAt).toBe(planned);
    await t.engine.close();
  });

  it('close cancels the schedule: nothing runs afterwards', async () => {
    const t = setup();
    t.engine.start();
    await t.time.advance(0, t.engine);
    await t.engine.close();
    expect(t.time.pending.size).toBe(0);
    await t.time.advance(10 * P.baseIntervalMs, t.engine);
    expect(t.calls).toHaveLength(1);
  });
});
