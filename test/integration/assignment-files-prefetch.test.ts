/**
 * "Assignment descriptions and their attached files are prefetched." The sync task
 * 'assignment-files' (after the assignments task) downloads every stored assignment's
 * attachments (mod_assign introattachments) into the content file cache, against the test
 * Moodle over HTTP; content.openFile then opens one with the portal stopped. Within the
 * download limit; an unchanged file costs no request. Policy offlineEnabled and the setting
 * prefetch gate it (main/content/offline-policy.ts), together with the 'course-files' task
 * (prefetch 'all') and "Offline verfügbar".
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import { fileKeyOf } from '../../main/content/service';
import { MoodleClient } from '../../main/portal/moodle-client';
import { syncAssignments } from '../../main/sync/assignments-sync';
import type { SyncTask } from '../../main/sync/task';
import { makePdf } from '../fixtures/moodle/files';
import { useContentPerTest } from './content-fixture';
import type { ContentFixture } from './content-fixture';

const HAUSAUFGABE_CMID = 6;
const HAUSAUFGABE_ID = 1;

const clock = Date.UTC(2026, 10, 23, 8, 0, 0);
const env = useContentPerTest(() => clock);

type Run = () => ReturnType<SyncTask['run']>;

function runnerOf(f: ContentFixture, name: string): { task: SyncTask; run: Run } {
  const task = f.context.syncTasks.list().find((t) => t.name === name);
  if (!task) throw new Error(`${name} task not registered`);
  const run = () => task.run({
    accountId: f.accountId, site: env.moodle.url, token: f.token, client: new MoodleClient(f.context.http), lastSuccessAt: null, now: clock, signal: new AbortController().signal,
  });
  return { task, run };
}

async function boot(policy: Record<string, unknown> = {}, dir?: string): Promise<{ f: ContentFixture; task: SyncTask; run: Run; courseFiles: Run }> {
  const f = await env.start({ policy, ...(dir ? { dir } : {}) });
  await syncAssignments(new MoodleClient(f.context.http), env.moodle.url, f.token, f.accountId, new AssignmentsRepository(f.context.store), clock);
  const { task, run } = runnerOf(f, 'assignment-files');
  return { f, task, run, courseFiles: runnerOf(f, 'course-files').run };
}

describe('assignment attachments prefetch', () => {
  it('runs after the assignments task, downloads each attachment once and opens it with the portal stopped', async () => {
    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Prozente_Uebungsblatt.pdf', makePdf('Prozentrechnung', ['1. 20 % von 250 Euro']));
    const { f, task, run } = await boot();
    expect(task.order).toBeGreaterThan(f.context.syncTasks.list().find((t) => t.name === 'content')?.order ?? Infinity);

    const stored = new AssignmentsRepository(f.context.store).get(f.accountId, HAUSAUFGABE_ID);
    const listed = stored?.files[0] as { filename: string; fileurl: string } | undefined;
    expect(listed?.filename).toBe('Prozente_Uebungsblatt.pdf');
    expect(listed?.fileurl).toContain('/webservice/pluginfile.php/21/mod_assign/introattachment/0/Prozente_Uebungsblatt.pdf');

    env.moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: true, requests: 1 });
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    expect((await f.call('content.storage')).files).toBe(1);

    // Nothing changed: no request.
    env.moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: false, requests: 0 });
    expect(env.moodle.state.stats.requests).toBe(0);

    await env.stopPortal();
    const opened = await f.call('content.openFile', fileKeyOf(listed?.fileurl ?? ''));
    expect(opened).toMatchObject({ filename: 'Prozente_Uebungsblatt.pdf', mimetype: 'application/pdf', fromCache: true, opened: 'download' });
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(JSON.stringify(opened)).not.toContain(f.token);
  });

  it('a changed attachment is fetched again; one over maxDownloadMb is skipped without a request', async () => {
    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Hinweise.txt', Buffer.from('Version 1\n'));
    const { f, run } = await boot({ maxDownloadMb: 1 });
    expect(await run()).toEqual({ changed: true, requests: 1 });

    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Hinweise.txt', Buffer.from('Version 2\n'));
    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Riesig.pdf', Buffer.alloc(2 * 1024 * 1024, 0x41));
    // The sync sees the new timemodified (the fixture's clock is fixed: bump it on the stored row).
    const txt = env.moodle.state.filesIn(21, 'mod_assign', 'introattachment', 0).find((file) => file.filename === 'Hinweise.txt');
    if (!txt) throw new Error('setup');
    txt.timemodified += 60;
    await syncAssignments(new MoodleClient(f.context.http), env.moodle.url, f.token, f.accountId, new AssignmentsRepository(f.context.store), clock);

    env.moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: true, requests: 1 });
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    const files = new AssignmentsRepository(f.context.store).get(f.accountId, HAUSAUFGABE_ID)?.files as { filename: string; fileurl: string }[];
    const ref = (name: string) => fileKeyOf(files.find((file) => file.filename === name)?.fileurl ?? '');
    const opened = await f.call('content.openFile', ref('Hinweise.txt'));
    expect(opened.fromCache).toBe(true);
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').toString()).toBe('Version 2\n');
    await expect(f.call('content.openFile', ref('Riesig.pdf'))).rejects.toMatchObject({ code: 'file-too-large' });
  });
});

describe('offlineEnabled and prefetch', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("prefetch 'off' (the user's choice): the attachments task asks the portal nothing; opening still works", async () => {
    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Prozente_Uebungsblatt.pdf', makePdf('Prozentrechnung', ['1. 20 % von 250 Euro']));
    const { f, run } = await boot();
    f.context.settings.set('prefetch', 'off');
    env.moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: false, requests: 0 });
    expect(env.moodle.state.stats.requests).toBe(0);
    expect((await f.call('content.storage')).files).toBe(0);

    const files = new AssignmentsRepository(f.context.store).get(f.accountId, HAUSAUFGABE_ID)?.files as { fileurl: string }[];
    const opened = await f.call('content.openFile', fileKeyOf(files[0]?.fileurl ?? ''));
    expect(opened).toMatchObject({ fromCache: false, opened: 'download' });
  });

  it("prefetch 'all': the course-files task loads every course's files once, after 'assignment-files'; 'assignments' does not", async () => {
    const { f, courseFiles } = await boot();
    await f.runSync(null);
    const order = (name: string) => f.context.syncTasks.list().find((t) => t.name === name)?.order ?? NaN;
    expect(order('course-files')).toBeGreaterThan(order('assignment-files'));

    env.moodle.state.stats.reset();
    expect(await courseFiles()).toEqual({ changed: false, requests: 0 });
    expect(env.moodle.state.stats.requests).toBe(0);

    f.context.settings.set('prefetch', 'all');
    const first = await courseFiles();
    expect(first.changed).toBe(true);
    expect(first.requests).toBeGreaterThan(1);
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(first.requests);
    expect((await f.call('content.storage')).files).toBe(first.requests);
    // Nothing changed: no request.
    env.moodle.state.stats.reset();
    expect(await courseFiles()).toEqual({ changed: false, requests: 0 });
    expect(env.moodle.state.stats.requests).toBe(0);
  });

  it('offlineEnabled false: nothing prefetched at any level, no "Offline verfügbar", and the next start empties the file cache', async () => {
    env.moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Prozente_Uebungsblatt.pdf', makePdf('Prozentrechnung', ['1. 20 % von 250 Euro']));
    const dir = mkdtempSync(join(tmpdir(), 'schuldesk-offline-off-'));
    dirs.push(dir);

    // A first run with offline storage on keeps an attachment and a pinned course.
    const on = await boot({}, dir);
    await on.f.runSync(null);
    expect(await on.run()).toEqual({ changed: true, requests: 1 });
    const courseId = (await on.f.call('content.courses'))[0]?.id ?? 0;
    await on.f.call('content.setOffline', courseId, true);
    const kept = (await on.f.call('content.storage')).files;
    expect(kept).toBeGreaterThan(1);
    await on.f.close();

    // IT turns it off: at start the cache and the pins are gone, files and rows.
    const off = await boot({ offlineEnabled: false, prefetch: 'all' }, dir);
    expect((await off.f.call('content.storage')).files).toBe(0);
    expect(existsSync(join(dir, 'files', off.f.accountId)) ? readdirSync(join(dir, 'files', off.f.accountId)) : []).toEqual([]);
    expect((await off.f.call('content.courses')).every((course) => !course.offline)).toBe(true);

    env.moodle.state.stats.reset();
    expect(await off.run()).toEqual({ changed: false, requests: 0 });
    expect(await off.courseFiles()).toEqual({ changed: false, requests: 0 });
    expect(env.moodle.state.stats.requests).toBe(0);
    await expect(off.f.call('content.setOffline', courseId, true)).rejects.toMatchObject({ code: 'offline-disabled' });
    // Turning a pin off is always allowed.
    await expect(off.f.call('content.setOffline', courseId, false)).resolves.toMatchObject({ on: false });

    // Opening a file still works (downloaded to show it).
    const files = new AssignmentsRepository(off.f.context.store).get(off.f.accountId, HAUSAUFGABE_ID)?.files as { fileurl: string }[];
    await expect(off.f.call('content.openFile', fileKeyOf(files[0]?.fileurl ?? ''))).resolves.toMatchObject({ fromCache: false });
  });
});
