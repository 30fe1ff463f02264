/**
 * The outbox sends a backed-off item on its own: when its next attempt is due (a timer, nothing
 * else has to happen), and at once after a new sign-in (a backoff from before — e.g. an earlier
 * run of the app while the portal was down — says nothing about the portal now). Real
 * composition root, real test Moodle over HTTP, real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutboxMethods } from '../../preload/contract/outbox';
import { NETWORK_BACK_SPREAD_MS } from '../../main/outbox/outbox';
import type { OutboxService } from '../../main/outbox/service';
import type { Services } from '../../main/services';
import { apiCaller, bootServices, signInAs } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

let dir: string;
let moodle: TestMoodle;
let services: Services | null = null;
let clock: number | null = null;
/** The services' randomness (outbox backoff, reconnect spread); each test sets what it needs. */
let rand: () => number = () => 0.5;

let call: ApiCall<OutboxMethods>;

async function boot(): Promise<OutboxService> {
  services = await bootServices({ dataDir: dir, now: () => clock ?? Date.now(), random: () => rand() });
  call = apiCaller<OutboxMethods>(services);
  return services.outbox;
}

function signIn(username: string): string {
  return signInAs(services, moodle, username).accountId;
}

async function stateOfOnlyItem(): Promise<string | undefined> {
  return (await call('outbox.list'))[0]?.state;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-outbox-resume-'));
  moodle = await startTestMoodle();
});

afterEach(async () => {
  clock = null;
  rand = () => 0.5;
  await services?.close();
  services = null;
  await moodle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the OS network coming back (connectivity.networkChanged, from the renderer’s online event)', () => {
  it('sends a backed-off item without waiting out its backoff (spread drawn 0: at once), and brings the next sync forward', { timeout: 30_000 }, async () => {
    clock = Date.now();
    rand = () => 0.9;
    const outbox = await boot();
    const accountId = signIn('student3');
    const engine = services!.sync;
    await engine.syncNow();
    const regular = engine.status().nextRunAt ?? 0;
    expect(regular).toBeGreaterThan(clock + 60_000);
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Im Zug geschrieben</p>', draft.version);
    // The network drops (the portal cannot be reached): the item backs off.
    const port = Number(new URL(moodle.url).port);
    await moodle.close();
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    const [waiting] = await call('outbox.list');
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    expect(waiting?.nextAttemptAt ?? 0).toBeGreaterThan(clock);
    expect(services!.context.connectivity.current().status).not.toBe('online');
    // The network is back; the clock stands still, so only the OS signal can make the item due.
    moodle = await startTestMoodle({ port, state: moodle.state });
    const handlers = services!.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
    rand = () => 0;
    await handlers['connectivity.networkChanged']?.(true);
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await stateOfOnlyItem()).toBe('sent');
    expect(moodle.state.getSubmission(1, 'student3')?.submission.onlineText).toBe('<p>Im Zug geschrieben</p>');
    // The sync waits no longer for its regular run: it comes within the reconnect spread.
    expect(engine.status().nextRunAt ?? Infinity).toBeLessThanOrEqual(clock + 60_000);
  });
});

describe('the network coming back does not make thousands of clients hammer the portal', () => {
  function networkChanged(online: boolean): void {
    const handlers = services!.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
    handlers['connectivity.networkChanged']?.(online);
  }

  it('spreads queued hand-ins over the reconnect window (a random moment per item) instead of sending all at once', { timeout: 30_000 }, async () => {
    clock = Date.now();
    const outbox = await boot();
    const accountId = signIn('student1');
    const first = await call('drafts.open', 1);
    await call('drafts.saveText', first.id, '<p>Erste Aufgabe</p>', first.version);
    const second = await call('drafts.open', 3);
    await call('drafts.saveText', second.id, '<p>Zweite Aufgabe</p>', second.version);
    const port = Number(new URL(moodle.url).port);
    await moodle.close();
    await call('outbox.send', first.id, { handin: true, acceptStatement: false });
    await call('outbox.send', second.id, { handin: true, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect((await call('outbox.list')).map((item) => item.attempts)).toEqual([1, 1]);
    // As after a long outage: both back off for minutes (the backoff grows with every failed attempt).
    services!.context.store.run('UPDATE outbox SET next_attempt_at = ? WHERE account_id = ?', clock + 5 * 60_000, accountId);
    expect(services!.context.connectivity.current().status).not.toBe('online');

    moodle = await startTestMoodle({ port, state: moodle.state });
    const draws = [0.2, 0.8];
    rand = () => draws.shift() ?? 0.5;
    networkChanged(true);
    const due = (await call('outbox.list')).map((item) => item.nextAttemptAt).sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(due).toEqual([clock + 0.2 * NETWORK_BACK_SPREAD_MS, clock + 0.8 * NETWORK_BACK_SPREAD_MS]);
    expect(NETWORK_BACK_SPREAD_MS).toBeGreaterThanOrEqual(30_000);
    // Nothing goes at the very moment the network returns …
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(moodle.state.stats.byFunction.mod_assign_save_submission ?? 0).toBe(0);
    // … each at its own moment.
    clock += 0.2 * NETWORK_BACK_SPREAD_MS;
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect((await call('outbox.list')).map((item) => item.state).sort()).toEqual(['pending', 'sent']);
    clock += 0.6 * NETWORK_BACK_SPREAD_MS;
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect((await call('outbox.list')).map((item) => item.state)).toEqual(['sent', 'sent']);
    expect(moodle.state.stats.byFunction.mod_assign_save_submission).toBe(2);
  });

  it('never sends before the server’s Retry-After: not when the network returns, not on retry, not after a sign-in', { timeout: 30_000 }, async () => {
    clock = Date.now();
    const outbox = await boot();
    const accountId = signIn('student2');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Bitte später</p>', draft.version);
    moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'status', status: 503, retryAfter: 600 } });
    const item = await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    const limit = clock + 600_000;
    expect((await call('outbox.list'))[0]?.nextAttemptAt).toBeGreaterThanOrEqual(limit);
    expect(services!.context.connectivity.current().status).not.toBe('online');
    rand = () => 0;
    networkChanged(true);
    expect((await call('outbox.list'))[0]?.nextAttemptAt).toBeGreaterThanOrEqual(limit);
    await call('outbox.retry', item.id);
    expect((await call('outbox.list'))[0]?.nextAttemptAt).toBeGreaterThanOrEqual(limit);
    signIn('student2');
    expect((await call('outbox.list'))[0]?.nextAttemptAt).toBeGreaterThanOrEqual(limit);
    // Sending it anew (the student presses "send" again) keeps the server's limit too.
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    expect((await call('outbox.list'))[0]?.nextAttemptAt).toBeGreaterThanOrEqual(limit);
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await stateOfOnlyItem()).toBe('pending');
    clock = limit;
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await stateOfOnlyItem()).toBe('sent');
    expect(moodle.state.getSubmission(1, 'student2')?.submission.onlineText).toBe('<p>Bitte später</p>');
  });

  it('lets probes through open circuits only when the portal counted as unreachable, not on every OS online event', { timeout: 30_000 }, async () => {
    clock = Date.now();
    await boot();
    const { http, connectivity } = services!.context;
    const origin = new URL(moodle.url).origin;
    const port = Number(new URL(moodle.url).port);
    await moodle.close();
    for (let i = 0; i < 5; i++) await http.request({ url: `${origin}/login/token.php`, maxAttempts: 1 }).catch(() => undefined);
    expect(http.circuitState(origin)).toBe('open');
    moodle = await startTestMoodle({ port, state: moodle.state });
    // Another request answered meanwhile (the status is global): the app counts as online.
    connectivity.reportStatus('online');
    networkChanged(true);
    expect(http.circuitState(origin)).toBe('open');
    connectivity.reportStatus('portal-unreachable');
    networkChanged(true);
    expect(http.circuitState(origin)).toBe('half-open');
  });
});

describe('outbox retries without being asked', () => {
  it('sends a backed-off item when it is due, with no other trigger', { timeout: 30_000 }, async () => {
    const outbox = await boot();
    const accountId = signIn('student1');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Zweiter Versuch</p>', draft.version);
    moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'status', status: 503, retryAfter: 1 } });
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    const [waiting] = await call('outbox.list');
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1 });
    // Nobody kicks, drains or retries from here on: the outbox's own timer must.
    await expect.poll(stateOfOnlyItem, { timeout: 20_000, interval: 100 }).toBe('sent');
    expect(moodle.state.getSubmission(1, 'student1')?.submission.onlineText).toBe('<p>Zweiter Versuch</p>');
    // The 503 never reached the function (the fault answers first): one save in all.
    expect(moodle.state.stats.byFunction.mod_assign_save_submission).toBe(1);
  });

  it('a new sign-in sends a backed-off item at once instead of waiting out the old backoff', { timeout: 30_000 }, async () => {
    clock = Date.now();
    const outbox = await boot();
    const accountId = signIn('student2');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Nach der Anmeldung</p>', draft.version);
    // The portal fails (without a Retry-After: a server's Retry-After is kept even by a sign-in,
    // see "never sends before the server's Retry-After"); the item backs off.
    moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'status', status: 503 } });
    await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    const [waiting] = await call('outbox.list');
    expect(waiting?.state).toBe('pending');
    expect(waiting?.nextAttemptAt ?? 0).toBeGreaterThan(clock);

    // The clock stands still: only the sign-in can make it due.
    expect(signIn('student2')).toBe(accountId);
    await expect.poll(stateOfOnlyItem, { timeout: 20_000, interval: 100 }).toBe('sent');
    expect(moodle.state.getSubmission(1, 'student2')?.submission.status).toBe('submitted');
    expect(moodle.state.stats.byFunction.mod_assign_save_submission).toBe(1);
  });
});
