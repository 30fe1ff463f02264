/**
 * Issue 3: "Assignment descriptions and their attached files are prefetched." The sync task
 * 'assignment-files' (after the assignments task) downloads every stored assignment's
 * attachments (mod_assign introattachments) into the content file cache, against the test
 * Moodle over HTTP; content.openFile then opens one with the portal stopped. Within the
 * download limit; an unchanged file costs no request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssignmentsRepository } from '../../main/assignments/index';
import { fileKeyOf } from '../../main/content/service';
import { MoodleClient } from '../../main/portal/moodle-client';
import { syncAssignments } from '../../main/sync/assignments-sync';
import type { SyncTask } from '../../main/sync/task';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { makePdf } from '../fixtures/moodle/files';
import { startContentFixture } from './content-fixture';
import type { ContentFixture } from './content-fixture';

const HAUSAUFGABE_CMID = 6;
const HAUSAUFGABE_ID = 1;

let moodle: TestMoodle;
let fx: ContentFixture | null = null;
let moodleOpen = false;
const clock = Date.UTC(2026, 10, 23, 8, 0, 0);

async function boot(policy: Record<string, unknown> = {}): Promise<{ f: ContentFixture; task: SyncTask; run: () => ReturnType<SyncTask['run']> }> {
  const f = await startContentFixture(moodle, { now: () => clock, policy });
  fx = f;
  await syncAssignments(new MoodleClient(f.context.http), moodle.url, f.token, f.accountId, new AssignmentsRepository(f.context.store), clock);
  const task = f.context.syncTasks.list().find((t) => t.name === 'assignment-files');
  if (!task) throw new Error('assignment-files task not registered');
  const run = () => task.run({
    accountId: f.accountId, site: moodle.url, token: f.token, client: new MoodleClient(f.context.http), lastSuccessAt: null, now: clock, signal: new AbortController().signal,
  });
  return { f, task, run };
}

beforeEach(async () => {
  moodle = await startTestMoodle({ now: () => clock });
  moodleOpen = true;
});
afterEach(async () => {
  await fx?.close();
  fx = null;
  if (moodleOpen) await moodle.close();
});

describe('assignment attachments prefetch', () => {
  it('runs after the assignments task, downloads each attachment once and opens it with the portal stopped', async () => {
    moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Prozente_Uebungsblatt.pdf', makePdf('Prozentrechnung', ['1. 20 % von 250 Euro']));
    const { f, task, run } = await boot();
    expect(task.order).toBeGreaterThan(f.context.syncTasks.list().find((t) => t.name === 'content')?.order ?? Infinity);

    const stored = new AssignmentsRepository(f.context.store).get(f.accountId, HAUSAUFGABE_ID);
    const listed = stored?.files[0] as { filename: string; fileurl: string } | undefined;
    expect(listed?.filename).toBe('Prozente_Uebungsblatt.pdf');
    expect(listed?.fileurl).toContain('/webservice/pluginfile.php/21/mod_assign/introattachment/0/Prozente_Uebungsblatt.pdf');

    moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: true, requests: 1 });
    expect(moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    expect((await f.call('content.storage')).files).toBe(1);

    // Nothing changed: no request.
    moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: false, requests: 0 });
    expect(moodle.state.stats.requests).toBe(0);

    await moodle.close();
    moodleOpen = false;
    const opened = await f.call('content.openFile', fileKeyOf(listed?.fileurl ?? ''));
    expect(opened).toMatchObject({ filename: 'Prozente_Uebungsblatt.pdf', mimetype: 'application/pdf', fromCache: true, opened: 'download' });
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(JSON.stringify(opened)).not.toContain(f.token);
  });

  it('a changed attachment is fetched again; one over maxDownloadMb is skipped without a request', async () => {
    moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Hinweise.txt', Buffer.from('Version 1\n'));
    const { f, run } = await boot({ maxDownloadMb: 1 });
    expect(await run()).toEqual({ changed: true, requests: 1 });

    moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Hinweise.txt', Buffer.from('Version 2\n'));
    moodle.state.putAssignIntroAttachment(HAUSAUFGABE_CMID, 'Riesig.pdf', Buffer.alloc(2 * 1024 * 1024, 0x41));
    // The sync sees the new timemodified (the fixture's clock is fixed: bump it on the stored row).
    const txt = moodle.state.filesIn(21, 'mod_assign', 'introattachment', 0).find((file) => file.filename === 'Hinweise.txt');
    if (!txt) throw new Error('setup');
    txt.timemodified += 60;
    await syncAssignments(new MoodleClient(f.context.http), moodle.url, f.token, f.accountId, new AssignmentsRepository(f.context.store), clock);

    moodle.state.stats.reset();
    expect(await run()).toEqual({ changed: true, requests: 1 });
    expect(moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    const files = new AssignmentsRepository(f.context.store).get(f.accountId, HAUSAUFGABE_ID)?.files as { filename: string; fileurl: string }[];
    const ref = (name: string) => fileKeyOf(files.find((file) => file.filename === name)?.fileurl ?? '');
    const opened = await f.call('content.openFile', ref('Hinweise.txt'));
    expect(opened.fromCache).toBe(true);
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').toString()).toBe('Version 2\n');
    await expect(f.call('content.openFile', ref('Riesig.pdf'))).rejects.toMatchObject({ code: 'file-too-large' });
  });
});
