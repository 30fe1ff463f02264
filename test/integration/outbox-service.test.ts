/**
 * The outbox through the real composition root (createServices → API handlers) against the real
 * test Moodle over HTTP, with a real SQLite file: a lost answer after the server applied a step,
 * 503 with Retry-After, a token that expires mid-send, a server copy changed meanwhile (conflict),
 * limits checked before sending, and the shared-device flow (A's unsent work sealed, B cannot read
 * it — neither via the API nor in the files on disk — and A sends it after signing in again).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssignmentsMethods } from '../../preload/contract/assignments';
import type { DeviceMethods } from '../../preload/contract/device';
import type { OutboxMethods } from '../../preload/contract/outbox';
import type { OutboxService } from '../../main/outbox/service';
import { apiCaller, signInAs, useMoodleAndServicesPerTest } from '../support/services-harness';
import type { ApiCall } from '../support/services-harness';

const env = useMoodleAndServicesPerTest('schuldesk-outbox-');

let call: ApiCall<OutboxMethods & DeviceMethods & AssignmentsMethods>;

let clock: number | null = null;

async function boot(policy: Record<string, unknown> = {}): Promise<OutboxService> {
  const services = await env.boot({ policy, now: () => clock ?? Date.now() });
  call = apiCaller<OutboxMethods & DeviceMethods & AssignmentsMethods>(services);
  return services.outbox;
}

function signIn(username: string): string {
  return signInAs(env.services, env.moodle, username, { fullName: env.moodle.state.fullname(env.moodle.state.requireUser(username)) }).accountId;
}

/** The student saves on another device (the portal in a browser, the phone): its own token, the same web service. */
async function saveOnAnotherDevice(username: string, assignId: number, html: string): Promise<void> {
  const res = await fetch(`${env.moodle.url}/webservice/rest/server.php`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ wstoken: env.moodle.state.issueToken(username), wsfunction: 'mod_assign_save_submission', moodlewsrestformat: 'json', assignmentid: String(assignId), 'plugindata[onlinetext_editor][text]': html, 'plugindata[onlinetext_editor][format]': '1', 'plugindata[onlinetext_editor][itemid]': '0' }),
  });
  expect(await res.json()).toEqual([]);
}

async function drain(outbox: OutboxService, accountId: string): Promise<void> {
  await outbox.engine.runUntilIdle(accountId, { wait: true });
}

/** Every file under `root` (recursively) that contains the text as bytes (UTF-8 or UTF-16LE). */
function filesContaining(root: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const hits: string[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if (needles.some((needle) => readFileSync(path).includes(needle))) hits.push(path);
  };
  walk(root);
  return hits;
}

afterEach(() => {
  clock = null;
});

describe('outbox via the API against the test Moodle', () => {
  it('does not repeat a step the server applied when its answer was lost', async () => {
    const outbox = await boot();
    const accountId = signIn('student1');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Aufgabe 1: <b>42</b></p><script>alert(1)</script>', draft.version);
    await call('drafts.addFile', draft.id, { name: 'rechnung.txt', mimetype: 'text/plain', dataBase64: Buffer.from('3 * 14 = 42').toString('base64') });
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', fault: { type: 'reset', afterApply: true } });
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_submit_for_grading', fault: { type: 'reset', afterApply: true } });
    const item = await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    expect(item.state).toBe('pending');
    await drain(outbox, accountId);
    const [sent] = await call('outbox.list');
    expect(sent?.state).toBe('sent');
    expect(env.moodle.state.stats.byFunction.mod_assign_save_submission).toBe(1);
    expect(env.moodle.state.stats.byFunction.mod_assign_submit_for_grading).toBe(1);
    const server = env.moodle.state.getSubmission(1, 'student1');
    expect(server?.submission.status).toBe('submitted');
    expect(server?.submission.onlineText).toBe('<p>Aufgabe 1: <strong>42</strong></p>');
    expect(server?.files.map((f) => f.filename)).toEqual(['rechnung.txt']);
    expect((await call('drafts.list'))[0]?.state).toBe('sent');
  });

  it('honours 503 with Retry-After before resending', async () => {
    const outbox = await boot();
    const accountId = signIn('student2');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Mein Rechenweg</p>');
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', fault: { type: 'status', status: 503, retryAfter: 1 } });
    const before = Date.now();
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    const [waiting] = await call('outbox.list');
    expect(waiting?.state).toBe('pending');
    expect(waiting?.attempts).toBe(1);
    expect(waiting?.nextAttemptAt ?? 0).toBeGreaterThanOrEqual(before + 1000);
    await drain(outbox, accountId);
    expect((await call('outbox.list'))[0]?.state).toBe('sent');
    expect(env.moodle.state.getSubmission(1, 'student2')?.submission.onlineText).toBe('<p>Mein Rechenweg</p>');
  });

  it('waits for a new sign-in when the token expires mid-send, then sends once', async () => {
    const outbox = await boot();
    const accountId = signIn('student3');
    const draft = await call('drafts.open', 3);
    await call('drafts.saveText', draft.id, '<p>Pro: Konzentration. Contra: Notfälle.</p>');
    const token = env.services?.context.accounts.credentials(accountId)?.token.reveal() ?? '';
    env.moodle.state.expireToken(token);
    await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    await drain(outbox, accountId);
    expect((await call('outbox.list'))[0]?.state).toBe('waiting');
    expect(env.services?.context.accounts.get(accountId)?.needsReauth).toBe(true);
    expect((await call('drafts.list'))[0]?.state).toBe('error');
    signIn('student3');
    await drain(outbox, accountId);
    expect((await call('outbox.list'))[0]?.state).toBe('sent');
    expect(env.moodle.state.listSubmissions(3).filter((s) => s.submission.userId === env.moodle.state.requireUser('student3').id)).toHaveLength(1);
    expect(env.moodle.state.getSubmission(3, 'student3')?.submission.status).toBe('submitted');
  });

  it('an accessexception with a still valid token fails the item with the reason instead of asking for a sign-in', async () => {
    const outbox = await boot();
    const accountId = signIn('student2');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Rechenweg</p>');
    const accessException = { exception: 'webservice_access_exception', errorcode: 'accessexception', message: 'Access control exception' };
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', fault: { type: 'json', body: accessException } });
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await drain(outbox, accountId);
    expect(await call('outbox.list')).toMatchObject([{ state: 'failed' }]);
    expect(env.services?.context.accounts.get(accountId)?.needsReauth).toBe(false);
  });

  it('never overwrites a server copy that changed meanwhile: conflict, both sides, merge by hand, old versions kept', async () => {
    const outbox = await boot();
    const accountId = signIn('student1');
    const draft = await call('drafts.open', 3);
    await call('drafts.saveText', draft.id, '<p>Meine Fassung vom Laptop</p>');
    // Meanwhile on another device (the portal in a browser): a different text.
    const other = env.moodle.state.issueToken('student1');
    const res = await fetch(`${env.moodle.url}/webservice/rest/server.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ wstoken: other, wsfunction: 'mod_assign_save_submission', moodlewsrestformat: 'json', assignmentid: '3', 'plugindata[onlinetext_editor][text]': '<p>Fassung vom Handy</p>', 'plugindata[onlinetext_editor][format]': '1', 'plugindata[onlinetext_editor][itemid]': '0' }),
    });
    expect(await res.json()).toEqual([]);
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await drain(outbox, accountId);
    expect((await call('outbox.list'))[0]?.state).toBe('conflict');
    expect((await call('drafts.list'))[0]?.state).toBe('conflict');
    expect(env.moodle.state.getSubmission(3, 'student1')?.submission.onlineText).toBe('<p>Fassung vom Handy</p>');
    const conflict = await call('drafts.conflict', draft.id);
    expect(conflict).toMatchObject({ mineHtml: '<p>Meine Fassung vom Laptop</p>', serverHtml: '<p>Fassung vom Handy</p>' });
    const merged = await call('drafts.resolveConflict', draft.id, 'merged', '<p>Fassung vom Handy</p><p>Meine Fassung vom Laptop</p>');
    expect(merged.state).toBe('saved');
    await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await drain(outbox, accountId);
    expect(env.moodle.state.getSubmission(3, 'student1')?.submission.onlineText).toBe('<p>Fassung vom Handy</p><p>Meine Fassung vom Laptop</p>');
    const versions = await call('drafts.versions', draft.id);
    expect(versions.some((v) => v.textHtml === '<p>Meine Fassung vom Laptop</p>')).toBe(true);
  });

  it('checks the server copy again when a retry resumes after a 503 on save: an edit on another device is a conflict, not overwritten', async () => {
    const outbox = await boot();
    const accountId = signIn('student1');
    const draft = await call('drafts.open', 3);
    await call('drafts.saveText', draft.id, '<p>Meine Fassung vom Laptop</p>');
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', fault: { type: 'status', status: 503 } });
    const item = await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await call('outbox.list')).toMatchObject([{ state: 'pending', step: 'saving', attempts: 1 }]);
    // While the item backs off, the student edits on the phone (the portal's own save).
    await saveOnAnotherDevice('student1', 3, '<p>Fassung vom Handy</p>');
    await call('outbox.retry', item.id);
    await drain(outbox, accountId);
    expect(await call('outbox.list')).toMatchObject([{ state: 'conflict' }]);
    expect((await call('drafts.list'))[0]?.state).toBe('conflict');
    // Nothing overwritten, nothing handed in; both versions are there for the student.
    const server = env.moodle.state.getSubmission(3, 'student1');
    expect(server?.submission).toMatchObject({ onlineText: '<p>Fassung vom Handy</p>', status: 'draft' });
    expect(env.moodle.state.stats.byFunction.mod_assign_save_submission).toBe(1); // the phone's (the 503 never reached the assignment)
    expect(env.moodle.state.stats.byFunction.mod_assign_submit_for_grading ?? 0).toBe(0);
    expect(await call('drafts.conflict', draft.id)).toMatchObject({ mineHtml: '<p>Meine Fassung vom Laptop</p>', serverHtml: '<p>Fassung vom Handy</p>' });
    expect((await call('drafts.versions', draft.id)).some((v) => v.textHtml === '<p>Meine Fassung vom Laptop</p>')).toBe(true);
  });

  it('a file added while the item waits after a 503 on save is sent too: a fresh upload, not the old draft area', async () => {
    const outbox = await boot();
    const accountId = signIn('student3');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Mit Anhang</p>', draft.version);
    await call('drafts.addFile', draft.id, { name: 'a.txt', mimetype: 'text/plain', dataBase64: Buffer.from('erster Anhang').toString('base64') });
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'status', status: 503 } });
    const item = await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await call('outbox.list')).toMatchObject([{ state: 'pending', step: 'saving', attempts: 1 }]);
    // Editing while queued is allowed: the student adds a second file.
    await call('drafts.addFile', draft.id, { name: 'b.txt', mimetype: 'text/plain', dataBase64: Buffer.from('zweiter Anhang').toString('base64') });
    await call('outbox.retry', item.id);
    await drain(outbox, accountId);
    expect(await call('outbox.list')).toMatchObject([{ state: 'sent' }]);
    const server = env.moodle.state.getSubmission(1, 'student3');
    expect(server?.submission).toMatchObject({ onlineText: '<p>Mit Anhang</p>', status: 'submitted' });
    expect(server?.files.map((f) => f.filename).sort()).toEqual(['a.txt', 'b.txt']);
    expect((await call('drafts.list'))[0]?.state).toBe('sent');
  });

  it('text sent on a resumed save is recorded as ours: 503, edit, answer lost after apply, edit again is no conflict', async () => {
    const outbox = await boot();
    const accountId = signIn('student3');
    const draft = await call('drafts.open', 1);
    await call('drafts.saveText', draft.id, '<p>Version 1</p>', draft.version);
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'status', status: 503 } });
    const item = await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await call('outbox.list')).toMatchObject([{ state: 'pending', step: 'saving' }]);
    await call('drafts.saveText', draft.id, '<p>Version 2</p>');
    // The retry's save is applied, its answer lost.
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_save_submission', times: 1, fault: { type: 'reset', afterApply: true } });
    await call('outbox.retry', item.id);
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(env.moodle.state.getSubmission(1, 'student3')?.submission.onlineText).toBe('<p>Version 2</p>');
    expect(await call('outbox.list')).toMatchObject([{ state: 'pending' }]);
    await call('drafts.saveText', draft.id, '<p>Version 3</p>');
    await call('outbox.retry', item.id);
    await drain(outbox, accountId);
    expect(await call('outbox.list')).toMatchObject([{ state: 'sent' }]);
    expect((await call('drafts.list'))[0]?.state).toBe('sent');
    expect(env.moodle.state.getSubmission(1, 'student3')?.submission.onlineText).toBe('<p>Version 3</p>');
  });

  it('checks the server copy again before resuming from "saved": a change after our save is a conflict too', async () => {
    const outbox = await boot();
    const accountId = signIn('student1');
    const draft = await call('drafts.open', 3);
    await call('drafts.saveText', draft.id, '<p>Gespeichert, noch nicht abgegeben</p>');
    // Our save lands, then the hand-in fails: the item waits at step "submitting".
    env.moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_submit_for_grading', fault: { type: 'status', status: 503 } });
    const item = await call('outbox.send', draft.id, { handin: true, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: false });
    expect(await call('outbox.list')).toMatchObject([{ state: 'pending', step: 'submitting' }]);
    await saveOnAnotherDevice('student1', 3, '<p>Nachträglich am Handy geändert</p>');
    await call('outbox.retry', item.id);
    await drain(outbox, accountId);
    expect(await call('outbox.list')).toMatchObject([{ state: 'conflict' }]);
    expect(env.moodle.state.getSubmission(3, 'student1')?.submission).toMatchObject({ onlineText: '<p>Nachträglich am Handy geändert</p>', status: 'draft' });
    expect(env.moodle.state.stats.byFunction.mod_assign_save_submission).toBe(2); // ours once, the phone's once
  });

  it('checks the assignment limits before sending', async () => {
    await boot();
    signIn('student1');
    const draft = await call('drafts.open', 3);
    expect(draft.limits).toMatchObject({ wordLimit: 600, maxFiles: 2, maxBytes: 5242880 });
    const long = await call('drafts.saveText', draft.id, `<p>${'Wort '.repeat(601)}</p>`);
    expect(long.problems).toContainEqual({ code: 'limit-words', params: { words: 601, limit: 600 } });
    await expect(call('outbox.send', draft.id, { handin: true, acceptStatement: false })).rejects.toMatchObject({ code: 'draft-over-limits' });
    expect(env.moodle.state.stats.byFunction.mod_assign_save_submission ?? 0).toBe(0);
  });

  it('a teacher raising the word limit is seen after the next assignments sync, without a restart', async () => {
    await boot();
    signIn('student1');
    const draft = await call('drafts.open', 3);
    expect(draft.limits).toMatchObject({ wordLimit: 600 });
    await call('drafts.saveText', draft.id, `<p>${'Wort '.repeat(650)}</p>`);
    await expect(call('outbox.send', draft.id, { handin: false, acceptStatement: false })).rejects.toMatchObject({ code: 'draft-over-limits' });
    // The teacher allows 700 words; the app's next assignments sync stores it.
    const assign = env.moodle.state.assignById(3);
    if (!assign) throw new Error('seed without assignment 3');
    assign.onlinetext = { ...assign.onlinetext, wordlimit: 700 };
    await env.services!.sync.syncNow();
    expect((await call('assignments.get', 3)).limits).toMatchObject({ wordLimit: 700 });
    expect(await call('outbox.send', draft.id, { handin: false, acceptStatement: false })).toMatchObject({ handin: false });
  });

  it('offline, the limits come from what the last sync stored: word limit, file types (Moodle groups), submission statement', async () => {
    const assign = env.moodle.state.assignById(3);
    if (!assign) throw new Error('seed without assignment 3');
    assign.requiresubmissionstatement = true;
    assign.file = { ...assign.file, filetypes: 'document' };
    await boot();
    signIn('student1');
    await env.services!.sync.syncNow();
    // The portal goes down and the app starts again (nothing of the portal's answers in memory).
    await env.moodle.close();
    await boot();
    signIn('student1');
    expect((await call('assignments.get', 3)).limits).toMatchObject({ wordLimit: 600, requireSubmissionStatement: true, fileTypes: ['document'] });
    const draft = await call('drafts.open', 3);
    expect(draft.limits).toMatchObject({ wordLimit: 600, maxFiles: 2, fileTypes: ['document'], requireSubmissionStatement: true });
    expect(draft.limits?.submissionStatement).toContain('my own work');
    const long = await call('drafts.saveText', draft.id, `<p>${'Wort '.repeat(601)}</p>`);
    expect(long.problems).toEqual([{ code: 'limit-words', params: { words: 601, limit: 600 } }]);
    await expect(call('outbox.send', draft.id, { handin: true, acceptStatement: true })).rejects.toMatchObject({ code: 'draft-over-limits' });
    await call('drafts.saveText', draft.id, `<p>${'Wort '.repeat(600)}</p>`);
    const file = (name: string) => ({ name, mimetype: '', dataBase64: Buffer.from('Inhalt').toString('base64') });
    const withPhoto = await call('drafts.addFile', draft.id, file('foto.png'));
    expect(withPhoto.problems).toEqual([{ code: 'limit-file-type', params: { name: 'foto.png', fileTypes: 'document' } }]);
    await call('drafts.removeFile', draft.id, withPhoto.files[0]?.id ?? '');
    expect((await call('drafts.addFile', draft.id, file('aufsatz.odt'))).problems).toEqual([]);
    await expect(call('outbox.send', draft.id, { handin: true, acceptStatement: false })).rejects.toMatchObject({ code: 'statement-required' });
    expect(await call('outbox.send', draft.id, { handin: true, acceptStatement: true })).toMatchObject({ handin: true });
  });

  it('shared device: A’s unsent work stays sealed, B cannot read it, A sends it after signing in again', async () => {
    const secretText = 'Geheimer Aufsatz von Lena 7f3a';
    await boot({ sharedDevice: true, idleLogoutMinutes: 10 });
    const a = signIn('student1');
    // A's sync brings A's courses, assignments, handed-in text, grade and feedback onto the device.
    await env.services!.sync.syncNow();
    const ofA = ['Lena Müller', 'ihrer Freundin', 'Dativobjekt in Satz 7', '85.00 / 100.00'];
    for (const needle of ofA) expect(filesContaining(env.dir, needle), needle).not.toEqual([]);
    expect(await call('device.status')).toMatchObject({ sharedDevice: true, pinSet: false, unlocked: false });
    await expect(call('drafts.open', 1)).rejects.toMatchObject({ code: 'pin-required' });
    await expect(call('device.unlock', '123')).rejects.toMatchObject({ code: 'pin-too-short' });
    await call('device.unlock', 'Lena-2026');
    const draftA = await call('drafts.open', 1);
    expect(draftA.needsPin).toBe(false);
    await call('drafts.saveText', draftA.id, `<p>${secretText}</p>`);
    await call('drafts.addFile', draftA.id, { name: 'aufsatz.txt', mimetype: 'text/plain', dataBase64: Buffer.from(`${secretText} (Datei)`).toString('base64') });
    // The portal is down, so the work is unsent when A logs out.
    env.moodle.state.faults.inject({ path: '/webservice/*', times: 1000, fault: { type: 'status', status: 503 } });
    await call('outbox.send', draftA.id, { handin: true, acceptStatement: false }).catch(() => undefined);
    const preview = await call('device.logoutPreview');
    expect(preview.unsentItems).toHaveLength(1);
    // Data only, no prose (the renderer words it): what stays, and what goes.
    expect(preview).toEqual({ sharedDevice: true, unsentItems: [expect.objectContaining({ draftId: draftA.id })], willDelete: ['sign-in', 'account-name', 'cached-content', 'cached-files', 'sent-drafts'] });
    await env.services?.context.accounts.logout(a, { deviceMode: 'shared' });
    env.moodle.state.faults.clear();
    // Nothing of A stays readable in the data folder (database, -wal, -shm, cached files): not the
    // handed-in text, not the grade or feedback, not the name. Only the sealed work and its key stay.
    for (const needle of ofA) expect(filesContaining(env.dir, needle), needle).toEqual([]);
    const rowsOfA = (table: string): number => env.services!.context.store.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`, a)?.n ?? -1;
    expect(['assignments', 'assignment_status', 'content_courses', 'content_files', 'sync_state'].map(rowsOfA)).toEqual([0, 0, 0, 0, 0]);
    expect(['drafts', 'outbox', 'sealed_keys'].map(rowsOfA)).toEqual([1, 1, 1]);
    expect(env.services!.context.accounts.views()).toEqual([]);

    // Restart (same data env.dir), student B signs in.
    let outbox = await boot({ sharedDevice: true, idleLogoutMinutes: 10 });
    const b = signIn('student2');
    expect(b).not.toBe(a);
    // B's account list shows B only: no name, no placeholder of A.
    const accountsSeenByB = await (env.services!.handlers as unknown as Record<string, () => Promise<unknown>>)['portal.accounts']!();
    expect(JSON.stringify(accountsSeenByB)).not.toMatch(/Lena|student1/);
    expect(env.services!.context.accounts.views().map((v) => v.fullName)).toEqual(['Jonas Schmidt']);
    expect(await call('drafts.list')).toEqual([]);
    expect(outbox.drafts.list(a).every((d) => d.locked && d.textHtml === '')).toBe(true);
    await expect(call('device.unlock', 'falsch-123')).resolves.toEqual([]); // B's own (new) PIN, not A's
    expect(outbox.drafts.list(a).every((d) => d.locked)).toBe(true);
    env.services?.context.store.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(filesContaining(env.dir, secretText)).toEqual([]);

    // B never logs out: the laptop is switched off. At the next start B counts as logged out, and
    // B left nothing unsent, so B's account row is gone altogether.
    outbox = await boot({ sharedDevice: true, idleLogoutMinutes: 10 });
    expect(env.services!.context.store.get('SELECT 1 AS x FROM accounts WHERE id = ?', b)).toBeUndefined();
    expect(filesContaining(env.dir, 'Jonas Schmidt')).toEqual([]);
    // A signs in again: the placeholder is A's account again (same id, so the sealed work is A's);
    // the PIN unlocks the work, and it is sent exactly once.
    expect(signIn('student1')).toBe(a);
    await expect(call('device.unlock', 'Falsche-PIN')).rejects.toMatchObject({ code: 'pin-wrong' });
    const unlocked = await call('device.unlock', 'Lena-2026');
    expect(unlocked[0]?.textHtml).toBe(`<p>${secretText}</p>`);
    await drain(outbox, a);
    expect(await call('outbox.list')).toMatchObject([{ state: 'sent', lastError: null }]);
    const server = env.moodle.state.getSubmission(1, 'student1');
    expect(server?.submission.onlineText).toBe(`<p>${secretText}</p>`);
    expect(server?.files.map((f) => f.filename)).toEqual(['aufsatz.txt']);
  });

  it('shared device: the idle timeout logs out, forgets the key and keeps the unsent work sealed', async () => {
    clock = Date.now();
    const outbox = await boot({ sharedDevice: true, idleLogoutMinutes: 1 });
    const a = signIn('student1');
    await call('device.unlock', 'Lena-2026');
    const draft = await call('drafts.open', 3);
    await call('drafts.saveText', draft.id, '<p>Idle-Text 91c2</p>');
    clock += 30_000;
    expect(await outbox.checkIdle()).toBe(false);
    await call('device.activity');
    clock += 59_000;
    expect(await outbox.checkIdle()).toBe(false);
    clock += 2_000;
    expect(await outbox.checkIdle()).toBe(true);
    expect(env.services?.context.accounts.current()).toBeNull();
    expect(env.services?.context.accounts.credentials(a)).toBeNull();
    expect(outbox.drafts.list(a).map((d) => ({ locked: d.locked, text: d.textHtml }))).toEqual([{ locked: true, text: '' }]);
    expect(filesContaining(env.dir, 'Idle-Text 91c2')).toEqual([]);
  });
});
