/**
 * The sync engine through the real composition root (createServices → sync.* / assignments.*
 * handlers) against the test Moodle over HTTP with a real SQLite file: the first sync fills the
 * store through the registered tasks, a 503 with Retry-After keeps the data and is retried after
 * the server's wait (virtual timers for that wait, real HTTP), and invalidtoken asks for a new sign-in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CourseView } from '../../preload/contract/content';
import type { AssignmentsMethods } from '../../preload/contract/assignments';
import type { SyncMethods } from '../../preload/contract/sync';
import { MoodleClient } from '../../main/portal/moodle-client';
import type { Services } from '../../main/services';
import { apiCaller, signInAs, useMoodleAndServicesPerTest } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';
import { ASSIGNMENTS_TASK } from '../../main/sync/assignments-feature';
import type { EngineTimers } from '../../main/sync/engine';
import { SyncEngine } from '../../main/sync/engine';
import { DeadlineNotifier } from '../../main/sync/notifications';
import { SentRemindersRepository, SyncStateRepository } from '../../main/sync/sync-state';
import { AssignmentsRepository } from '../../main/assignments/index';

const clock = { now: Date.UTC(2026, 10, 23, 9, 0) };
const notes: { title: string; body: string }[] = [];

let call: ApiCall<SyncMethods & AssignmentsMethods>;

async function boot(policy: Record<string, unknown> = {}, options: { systemNotifications?: boolean } = {}): Promise<Services> {
  const services = await env.boot({
    policy,
    now: () => clock.now,
    notify: options.systemNotifications === false ? null : (title, body) => notes.push({ title, body }),
  });
  call = apiCaller<SyncMethods & AssignmentsMethods>(services);
  return services;
}

function signIn(username: string): { accountId: string; token: string } {
  return signInAs(env.services, env.moodle, username);
}

class VirtualTimers implements EngineTimers {
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  #id = 0;
  set(fn: () => void, ms: number): number {
    this.#id += 1;
    this.pending.set(this.#id, { at: clock.now + ms, fn });
    return this.#id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves the clock to the earliest timer and fires it. */
  fireNext(): number {
    const [id, next] = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
    if (id === undefined || !next) throw new Error('no timer planned');
    this.pending.delete(id);
    clock.now = Math.max(clock.now, next.at);
    next.fn();
    return next.at;
  }
}

// Registered before the harness's hooks: the clock is reset before the Moodle seeds its dates.
beforeEach(() => {
  clock.now = Date.UTC(2026, 10, 23, 9, 0);
  notes.length = 0;
});

const env = useMoodleAndServicesPerTest('schuldesk-sync-', () => ({ now: () => clock.now }));

describe('sync engine against the test Moodle', () => {
  it('says needs-sign-in without an account; after sign-in the first sync fills the store through the registered tasks', async () => {
    const s = await boot();
    expect((await call('sync.status')).state).toBe('needs-sign-in');
    const { accountId } = signIn('student1');
    const status = await call('sync.now');
    expect(status).toMatchObject({ state: 'idle', lastSuccessAt: clock.now });
    const list = await call('assignments.list');
    expect(list.map((a) => a.title)).toEqual(expect.arrayContaining([
      'Hausaufgabe: Prozentrechnung', 'Wochenplan Geometrie', 'Erörterung: Handyverbot an Schulen?', 'Grammatik: Satzglieder bestimmen',
    ]));
    const graded = list.find((a) => a.title === 'Grammatik: Satzglieder bestimmen');
    expect(graded).toMatchObject({ status: 'submitted', grade: '85.00 / 100.00', hasDraft: false });
    // Every registered task recorded its success for this account.
    const state = new SyncStateRepository(s.context.store);
    const names = s.context.syncTasks.list().map((t) => t.name);
    expect(names).toContain(ASSIGNMENTS_TASK);
    for (const name of names) expect(state.get(accountId, name)?.lastSuccessAt).toBe(clock.now);

    const detail = await call('assignments.get', graded?.assignId ?? 0);
    expect(detail.descriptionHtml).not.toMatch(/<script|onerror|<img/i);
    expect(detail.limits).toHaveProperty('onlineTextEnabled');
    expect(detail.feedbackHtml).toBe('<p>Gut gemacht, Lena! Achte auf das Dativobjekt in Satz 7.</p>');

    // Offline afterwards: the list comes from the store.
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', times: 50, fault: { type: 'reset' } });
    const offline = await call('sync.now');
    expect(offline.state).toBe('offline');
    expect((await call('assignments.list')).length).toBe(list.length);
  });

  it('a link added while a run is in flight (portal slow, run ends seconds later) comes with the next run', async () => {
    clock.now += 60 * 60_000; // the school's courses exist a while before the student signs in
    await boot();
    signIn('student1');
    expect((await call('sync.now')).state).toBe('idle');
    clock.now += 30 * 60_000;
    // Deutsch changed before run 2 (so it has a contents batch); while that is in flight the teacher
    // adds a link to Mathematik and the answer takes 1.2 s more.
    env.moodle.state.touchModule(env.moodle.state.modulesOfCourse(3)[0]?.cmid ?? 0, { name: 'Geändert vor dem Lauf' });
    clock.now += 30 * 60_000;
    env.moodle.state.faults.inject({
      path: '/webservice/rest/server.php', wsfunction: 'tool_mobile_call_external_functions', after: 1,
      fault: { type: 'hook', run: () => {
        clock.now += 1_200;
        env.moodle.state.addUrlModule(2, 1, { name: 'Neu während des Abgleichs', externalurl: 'https://example.org/neu' });
      } },
    });
    const started = clock.now;
    const second = await call('sync.now');
    // "Stand" is the run's start: the data is at least that fresh (not the end, after the teacher's change).
    expect(second).toMatchObject({ state: 'idle', lastSuccessAt: started });
    const handlers = env.services?.handlers as unknown as { 'content.course': (id: number) => Promise<CourseView> };
    const names = async () => (await handlers['content.course'](2)).sections.flatMap((x) => x.modules.map((m) => m.name));
    expect(await names()).not.toContain('Neu während des Abgleichs');
    clock.now += 30 * 60_000;
    expect((await call('sync.now')).state).toBe('idle');
    expect(await names()).toContain('Neu während des Abgleichs');
  });

  it('a 503 with Retry-After keeps the data and the engine retries after the server’s wait', async () => {
    const s = await boot();
    const { accountId } = signIn('student1');
    await call('sync.now');
    const before = await call('assignments.list');
    const firstSuccess = clock.now;
    // Swap the composition root's engine for one on virtual timers (same tasks, store, HTTP client).
    await s.sync.close();
    const timers = new VirtualTimers();
    const engine = new SyncEngine({
      tasks: s.context.syncTasks, accounts: s.context.accounts, connectivity: s.context.connectivity,
      client: new MoodleClient(s.context.http), state: new SyncStateRepository(s.context.store),
      now: () => clock.now, random: () => 0.5, timers,
    });
    try {
      clock.now += 60_000;
      env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', times: 20, fault: { type: 'status', status: 503, retryAfter: 120 } });
      const failed = await engine.syncNow();
      expect(failed).toMatchObject({ state: 'offline', lastSuccessAt: firstSuccess, error: { code: 'server-overloaded' } });
      expect(failed.nextRunAt).toBe(clock.now + 120_000);
      expect(await call('assignments.list')).toEqual(before);

      env.moodle.state.faults.clear();
      const firedAt = timers.fireNext();
      expect(firedAt).toBe(failed.nextRunAt);
      await engine.idle();
      expect(engine.status()).toMatchObject({ state: 'idle', lastSuccessAt: firedAt });
      expect(new SyncStateRepository(s.context.store).get(accountId, ASSIGNMENTS_TASK)).toMatchObject({ lastSuccessAt: firedAt, failures: 0 });
    } finally {
      await engine.close();
    }
  });

  it('invalidtoken marks the account for a new sign-in, keeps the stored assignments and stops', async () => {
    const s = await boot();
    const { accountId, token } = signIn('student1');
    await call('sync.now');
    const count = (await call('assignments.list')).length;
    env.moodle.state.revokeToken(token);
    const status = await call('sync.now');
    expect(status).toMatchObject({ state: 'needs-sign-in', nextRunAt: null, error: { code: 'session-expired' } });
    expect(s.context.accounts.get(accountId)?.needsReauth).toBe(true);
    expect((await call('assignments.list')).length).toBe(count);
    const requests = env.moodle.state.stats.requests;
    expect((await call('sync.now')).state).toBe('needs-sign-in');
    expect(env.moodle.state.stats.requests).toBe(requests);
  });

  it.each([
    ['expires (Moodle: accessexception once, then the token is gone)', 'expireToken'],
    ['is revoked (invalidtoken)', 'revokeToken'],
  ] as const)('a token that %s between two calls of one sync: that sync already ends in needs-sign-in, cached data kept', async (_label, change) => {
    const s = await boot();
    const { accountId, token } = signIn('student1');
    await call('sync.now');
    const before = await call('assignments.list');
    // The next sync: its first request passes, then the token changes on the portal before the second.
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', after: 1, fault: { type: 'hook', run: () => env.moodle.state[change](token) } });
    const status = await call('sync.now');
    expect(env.moodle.state.faults.pending()).toBe(0);
    expect(status).toMatchObject({ state: 'needs-sign-in', nextRunAt: null, error: { code: 'session-expired' } });
    expect(s.context.accounts.get(accountId)?.needsReauth).toBe(true);
    expect(await call('assignments.list')).toEqual(before);
  });

  it('an accessexception while the token is still valid (e.g. a function outside the service) is "failed", not a sign-in', async () => {
    const s = await boot();
    const { accountId } = signIn('student1');
    await call('sync.now');
    const accessException = { exception: 'webservice_access_exception', errorcode: 'accessexception', message: 'Access control exception' };
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', after: 1, fault: { type: 'json', body: accessException } });
    const status = await call('sync.now');
    expect(status).toMatchObject({ state: 'failed', error: { code: 'access-denied' } });
    expect(s.context.accounts.get(accountId)?.needsReauth).toBe(false);
  });

  async function reminderSetup(policy: Record<string, unknown>) {
    const s = await boot(policy);
    const { accountId } = signIn('student1');
    await call('sync.now');
    const open = (await call('assignments.list')).find((a) => a.dueAt > clock.now && a.status !== 'submitted');
    if (!open) throw new Error('seed has no open assignment with a due date');
    clock.now = open.dueAt - 30 * 60_000; // half an hour before: the 1-hour reminder is due
    const notifier = new DeadlineNotifier({
      assignments: new AssignmentsRepository(s.context.store), sent: new SentRemindersRepository(s.context.store),
      currentAccount: () => s.context.accounts.current(), setting: (key) => s.context.settings.get(key),
      notify: (title, body) => notes.push({ title, body }), now: () => clock.now, timers: new VirtualTimers(),
    });
    return { s, accountId, open, notifier };
  }

  it('deadline reminders fire once, from the store, while the portal is unreachable', async () => {
    const { s, accountId, open, notifier } = await reminderSetup({});
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', times: 50, fault: { type: 'reset' } });
    const shown = notifier.check();
    expect(shown.map((r) => r.assignId)).toContain(open.assignId);
    expect(shown.find((r) => r.assignId === open.assignId)?.leadMs).toBe(3_600_000);
    expect(notes.some((n) => n.title.includes(open.title))).toBe(true);
    expect(notifier.check()).toEqual([]); // once
    expect(new SentRemindersRepository(s.context.store).keys(accountId).size).toBe(shown.length);
    notifier.close();
  });

  it('without system notifications (browser shell) the composition root keeps reminders for the app, once', async () => {
    await boot({}, { systemNotifications: false });
    signIn('student1');
    await call('sync.now');
    const open = (await call('assignments.list')).find((a) => a.dueAt > clock.now && a.status !== 'submitted');
    if (!open) throw new Error('seed has no open assignment with a due date');
    expect(await call('sync.reminders')).toEqual([]);
    clock.now = open.dueAt - 30 * 60_000;
    await call('sync.now'); // a sync looks at the deadlines again
    const shown = await call('sync.reminders');
    // Facts only (the renderer words them in the UI language): the name, the due date, how long before it.
    expect(shown).toContainEqual({ assignId: open.assignId, title: open.title, dueAt: open.dueAt, leadMs: 3_600_000 });
    await call('sync.now');
    expect((await call('sync.reminders')).filter((r) => r.assignId === open.assignId)).toHaveLength(1);
    expect(notes).toEqual([]);
  });

  it('no deadline reminders when policy turns deadlineNotifications off', async () => {
    const { notifier } = await reminderSetup({ deadlineNotifications: false });
    expect(notifier.check()).toEqual([]);
    expect(notes).toEqual([]);
    notifier.close();
  });
});
