/**
 * A full disk and a read-only data folder, with the data folder on a real tiny filesystem (a tmpfs
 * of a few MB, mounted as root; see tiny-fs.ts) and the real composition root, store and dispatch:
 * a draft save on the full disk answers `disk-full` (no prose), the earlier version stays, cached
 * files give space back before the save fails, saving works again once space is back, downloads
 * stop with the same reason; a read-only folder is named in the answer.
 */
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentService } from '../../main/content/service';
import { dispatch } from '../../main/ipc/dispatch';
import { createServices } from '../../main/services';
import { startupFailureText } from '../../main/startup-failure';
import { startFileLog } from '../../main/log/file-log';
import type { Services } from '../../main/services';
import { Secret } from '../../main/vault/secret';
import { startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { canMountTmpfs, mountTinyFs } from '../support/tiny-fs';
import type { TinyFs } from '../support/tiny-fs';

let fs: TinyFs;
let moodle: TestMoodle;
let services: Services | null = null;

async function boot(dataDir: string): Promise<void> {
  services = await createServices({
    shell: 'browser',
    appVersion: '0.0.0-test',
    dataDir,
    policySources: [{ kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: {} }]) }],
  });
}

async function call(method: string, ...args: unknown[]): Promise<{ ok: true; result: unknown } | { ok: false; error: { code: string; params?: Record<string, unknown> } }> {
  if (!services) throw new Error('not booted');
  return dispatch(services.handlers, method, args, INPUT_SCHEMAS);
}

async function ok<T>(method: string, ...args: unknown[]): Promise<T> {
  const outcome = await call(method, ...args);
  if (!outcome.ok) throw new Error(`${method}: ${JSON.stringify(outcome.error)}`);
  return outcome.result as T;
}

function signIn(username: string): string {
  if (!services) throw new Error('not booted');
  const user = moodle.state.requireUser(username);
  const { account } = services.context.accounts.signIn(
    { siteUrl: moodle.url, siteName: 'Testschule', userId: user.id, username, fullName: moodle.state.fullname(user), lang: 'de' },
    { token: new Secret(moodle.state.issueToken(username)), privateToken: null },
  );
  return account.id;
}

type Draft = { id: string; version: number; textHtml: string };
type Version = { version: number; textHtml: string };

/** A text large enough that the store must grow its files to hold it (twice: the draft and its version). */
const BIG = `<p>${'Mein langer Aufsatz. '.repeat(20_000)}</p>`;

/** Each test: a 6 MiB tmpfs for the data folder and a fresh test Moodle; services closed and both gone afterwards. */
function useTinyDataFolderAndMoodle(): void {
  beforeEach(async () => {
    fs = mountTinyFs(6);
    moodle = await startTestMoodle();
  });
  afterEach(async () => {
    await services?.close().catch(() => undefined);
    services = null;
    await moodle.close();
    fs.unmount();
  });
}

describe.skipIf(!canMountTmpfs())('data folder on a tiny filesystem (tmpfs)', () => {
  useTinyDataFolderAndMoodle();

  it('full disk: the save answers disk-full, the earlier version stays, saving works again when space is back', async () => {
    await boot(fs.dir);
    signIn('student1');
    const draft = await ok<Draft>('drafts.open', 1);
    await ok('drafts.saveText', draft.id, '<p>Version eins</p>');

    expect(fs.fill()).toBeGreaterThan(0);
    const failed = await call('drafts.saveText', draft.id, BIG);
    expect(failed).toEqual({ ok: false, error: { code: 'disk-full' } });
    // Nothing of the saved work is lost; the failed save left no half version.
    const [still] = await ok<Draft[]>('drafts.list');
    expect(still?.textHtml).toBe('<p>Version eins</p>');
    const versionsBefore = await ok<Version[]>('drafts.versions', draft.id);
    expect(versionsBefore.map((v) => v.textHtml)).toContain('<p>Version eins</p>');

    fs.free();
    const saved = await ok<Draft>('drafts.saveText', draft.id, BIG);
    expect(saved.version).toBeGreaterThan(versionsBefore[0]?.version ?? 0);
    const [after] = await ok<Draft[]>('drafts.list');
    expect(after?.textHtml.length).toBeGreaterThan(400_000);
    expect((await ok<Version[]>('drafts.versions', draft.id)).map((v) => v.textHtml)).toContain('<p>Version eins</p>');
  });

  it('outbox on the full disk: queuing answers disk-full and queues nothing half; sent once when space is back', async () => {
    await boot(fs.dir);
    const accountId = signIn('student1');
    const draft = await ok<Draft>('drafts.open', 1);
    await ok('drafts.saveText', draft.id, '<p>Abgabe</p>');
    const outbox = services!.outbox;
    fs.fill();
    const queued = await call('outbox.send', draft.id, { handin: false, acceptStatement: false });
    // Queuing itself needs a write: on the full disk it answers disk-full (cached files had nothing to give).
    expect(queued).toEqual({ ok: false, error: { code: 'disk-full' } });
    expect(await ok<unknown[]>('outbox.list')).toEqual([]);
    expect((await ok<Draft[]>('drafts.list'))[0]?.textHtml).toBe('<p>Abgabe</p>');
    fs.free();
    await ok('outbox.send', draft.id, { handin: false, acceptStatement: false });
    await outbox.engine.runUntilIdle(accountId, { wait: true });
    expect(await ok<{ state: string }[]>('outbox.list')).toMatchObject([{ state: 'sent' }]);
    expect(moodle.state.getSubmission(1, 'student1')?.submission.onlineText).toBe('<p>Abgabe</p>');
  });

  it('cached files give space back before a draft save fails: the save succeeds and the cached file is gone', async () => {
    await boot(fs.dir);
    const accountId = signIn('student1');
    const draft = await ok<Draft>('drafts.open', 1);
    const content = services?.cachedFiles as ContentService;
    const filesDir = join(fs.dir, 'files', accountId);
    mkdirSync(filesDir, { recursive: true });
    writeFileSync(join(filesDir, 'cached.bin'), Buffer.alloc(2 * 1024 * 1024, 1));
    content.repo.putFile(accountId, { fileKey: 'cached', courseId: 999, cmid: 1, filename: 'cached.bin', mimetype: 'application/octet-stream', bytes: 2 * 1024 * 1024, relPath: 'cached.bin', timeModified: 1 }, Date.now());

    fs.fill();
    const saved = await ok<Draft>('drafts.saveText', draft.id, BIG);
    expect(saved.id).toBe(draft.id);
    expect(content.repo.file(accountId, 'cached')).toBeUndefined();
  });

  it('a download on the full disk stops with disk-full-file', async () => {
    await boot(fs.dir);
    signIn('student1');
    const courses = await ok<{ id: number }[]>('content.courses');
    let fileRef: string | null = null;
    for (const course of courses) {
      const detail = await ok<{ sections: { modules: { files?: { fileRef: string }[] }[] }[] }>('content.course', course.id);
      fileRef = detail.sections.flatMap((s) => s.modules.flatMap((m) => (m.files ?? []).map((f) => f.fileRef)))[0] ?? null;
      if (fileRef) break;
    }
    if (!fileRef) throw new Error('the test Moodle has no course file');
    fs.fill();
    expect(await call('content.openFile', fileRef)).toEqual({ ok: false, error: { code: 'disk-full-file' } });
    fs.free();
    expect((await call('content.openFile', fileRef)).ok).toBe(true);
  });

  it('read-only data folder at start: a clear error naming the folder, nothing written', async () => {
    fs.remount('ro');
    await expect(boot(fs.dir)).rejects.toMatchObject({ code: 'data-folder-read-only', params: { folder: fs.dir } });
  });
});

describe.skipIf(!canMountTmpfs())('data folder that cannot be created (read-only tmpfs)', () => {
  it('missing data folder that cannot be created (policy dataDirectory below a read-only mount): start refused with data-folder-unavailable naming the folder, in German and English, no crash', async () => {
    const ro = mountTinyFs(1, { readOnly: true });
    try {
      const wanted = join(ro.dir, 'SchulDesk');
      const failure = await createServices({
        shell: 'browser',
        appVersion: '0.0.0-test',
        dataDir: join(ro.dir, 'unused-default'),
        policySources: [{ kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: { dataDirectory: wanted } }]) }],
      }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'data-folder-unavailable', params: { folder: wanted } });
      const text = startupFailureText(failure);
      expect(text.planned).toBe(true);
      expect(text.message).toContain(`Der Datenordner von SchulDesk fehlt und lässt sich nicht anlegen: ${wanted}.`);
      expect(text.message).toContain(`SchulDesk’s data folder is missing and cannot be created: ${wanted}.`);
      // The file log of the shells does not crash on the same folder either.
      expect(() => startFileLog(ro.dir).stop()).not.toThrow();
    } finally {
      ro.unmount();
    }
  });
});

describe.skipIf(!canMountTmpfs())('data folder that turns read-only while SchulDesk runs', () => {
  useTinyDataFolderAndMoodle();

  it('attachments folder on a read-only mount (real EROFS) and the store refusing writes (SQLite READONLY, injected with PRAGMA query_only): data-folder-read-only naming the folder, nothing lost, works again afterwards', async () => {
    await boot(fs.dir);
    signIn('student1');
    const draft = await ok<Draft>('drafts.open', 1);
    await ok('drafts.saveText', draft.id, '<p>Version eins</p>');

    // The file layer: a read-only tmpfs mounted over <data>/drafts (root ignores permission bits, a mount does not).
    const draftsDir = join(fs.dir, 'drafts');
    mkdirSync(draftsDir, { recursive: true });
    const ro = mountTinyFs(1, { readOnly: true });
    execFileSync('mount', ['--bind', ro.dir, draftsDir]);
    try {
      const file = { name: 'notiz.txt', mimetype: 'text/plain', dataBase64: Buffer.from('42').toString('base64') };
      expect(await call('drafts.addFile', draft.id, file)).toEqual({ ok: false, error: { code: 'data-folder-read-only', params: { folder: draftsDir } } });
    } finally {
      execFileSync('umount', [draftsDir]);
      ro.unmount();
    }

    // The SQLite layer: writes refused by the connection (injected; remounting the open store read-only is refused by the kernel).
    const store = services?.context.store;
    store?.exec('PRAGMA query_only = ON');
    expect(await call('drafts.saveText', draft.id, '<p>Version zwei</p>')).toEqual({ ok: false, error: { code: 'data-folder-read-only', params: { folder: fs.dir } } });
    expect((await ok<Draft[]>('drafts.list'))[0]?.textHtml).toBe('<p>Version eins</p>');
    store?.exec('PRAGMA query_only = OFF');
    expect((await ok<Draft>('drafts.saveText', draft.id, '<p>Version zwei</p>')).textHtml).toBe('<p>Version zwei</p>');
    expect((await ok<Version[]>('drafts.versions', draft.id)).map((v) => v.textHtml)).toContain('<p>Version eins</p>');
  });
});
