/**
 * Files and pages through main against the test Moodle over HTTP: download with the token (which
 * never reaches the result), cache on disk, size limit, unknown references refused, the system
 * opener port, page sanitising (script/onerror gone, relative image embedded), offline prefetch.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContentFileView, ModuleView } from '../../preload/contract/content';
import { useContentPerTest } from './content-fixture';
import type { ContentFixture, ContentFixtureOptions } from './content-fixture';

let fx: ContentFixture | null = null;
let clock = Date.UTC(2026, 10, 23, 8, 0, 0);

/** A folder outside the data folder, as a student's Downloads would be. */
function f0dir(): string {
  return mkdtempSync(join(tmpdir(), 'schuldesk-saved-'));
}

async function boot(options: Omit<ContentFixtureOptions, 'now'> = {}): Promise<ContentFixture> {
  fx = await env.start({ ...options });
  await fx.runSync(null);
  return fx;
}

async function modules(f: ContentFixture, courseId = 2): Promise<ModuleView[]> {
  return (await f.call('content.course', courseId)).sections.flatMap((s) => s.modules);
}

async function firstPdf(f: ContentFixture): Promise<ContentFileView> {
  const file = (await modules(f)).find((m) => m.kind === 'file')?.files[0];
  if (!file) throw new Error('no file in Mathematik 7b');
  return file;
}

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 8, 0, 0);
});

const env = useContentPerTest(() => clock);

describe('content.openFile', () => {
  it('downloads with the token, hands the page a data: URL, then serves it from the cache', async () => {
    const f = await boot();
    const file = await firstPdf(f);
    expect(file.cached).toBe(false);
    env.moodle.state.stats.reset();
    const opened = await f.call('content.openFile', file.fileRef);
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    expect(opened).toMatchObject({ filename: file.filename, opened: 'download', fromCache: false, mimetype: 'application/pdf' });
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').subarray(0, 4).toString()).toBe('%PDF');
    expect(JSON.stringify(opened)).not.toContain(f.token);

    const again = await f.call('content.openFile', file.fileRef);
    expect(again.fromCache).toBe(true);
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(1);
    expect((await firstPdf(f)).cached).toBe(true);
    expect((await f.call('content.storage')).files).toBe(1);
  });

  it('refuses files over maxDownloadMb before downloading, and references that are not in a course', async () => {
    const pdfModule = (await modules(await boot({ policy: { maxDownloadMb: 1 } }))).find((m) => m.kind === 'file');
    if (!pdfModule || !fx) throw new Error('setup');
    env.moodle.state.putModuleFile(pdfModule.cmid, 'Gross.pdf', Buffer.alloc(2 * 1024 * 1024, 0x41));
    await fx.runSync(null);
    const big = (await modules(fx)).find((m) => m.cmid === pdfModule.cmid)?.files.find((x) => x.filename === 'Gross.pdf');
    if (!big) throw new Error('big file not listed');
    env.moodle.state.stats.reset();
    await expect(fx.call('content.openFile', big.fileRef)).rejects.toMatchObject({ code: 'file-too-large' });
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php'] ?? 0).toBe(0);
    await expect(fx.call('content.openFile', `${env.moodle.url}/webservice/pluginfile.php/1/user/private/x.txt`)).rejects.toMatchObject({ code: 'file-not-found' });
    expect(env.moodle.state.stats.requests).toBe(0);
  });

  it('desktop: opens the cached file with the system program (port)', async () => {
    const opened: string[] = [];
    const f = await boot({ openPath: (path) => { opened.push(path); return Promise.resolve(); } });
    const result = await f.call('content.openFile', (await firstPdf(f)).fileRef);
    expect(result).toMatchObject({ opened: 'system', dataUrl: null });
    expect(opened).toHaveLength(1);
    expect(opened[0]?.startsWith(join(f.dir, 'files', f.accountId))).toBe(true);
    expect(existsSync(opened[0] ?? '')).toBe(true);
  });

  it('desktop: never hands programs or scripts to the system opener', async () => {
    const opened: string[] = [];
    const f = await boot({ openPath: (path) => { opened.push(path); return Promise.resolve(); } });
    const folder = (await modules(f)).find((m) => m.kind === 'folder');
    if (!folder) throw new Error('no folder');
    env.moodle.state.putModuleFile(folder.cmid, 'Spiel.exe', Buffer.from('MZ'));
    await f.runSync(null);
    const exe = (await modules(f)).find((m) => m.cmid === folder.cmid)?.files.find((x) => x.filename === 'Spiel.exe');
    if (!exe) throw new Error('exe not listed');
    env.moodle.state.stats.reset();
    await expect(f.call('content.openFile', exe.fileRef)).rejects.toMatchObject({ code: 'file-executable' });
    expect(opened).toEqual([]);
    expect(env.moodle.state.stats.requests).toBe(0);
  });

  it('desktop: a long name that hides ".exe" before its last extension lands on disk as what it claims to be', async () => {
    const opened: string[] = [];
    const f = await boot({ openPath: (path) => { opened.push(path); return Promise.resolve(); } });
    const folder = (await modules(f)).find((m) => m.kind === 'folder');
    if (!folder) throw new Error('no folder');
    const tricky = `${'A'.repeat(76)}.exe.pdf`;
    env.moodle.state.putModuleFile(folder.cmid, tricky, Buffer.from('%PDF-1.4\n%%EOF\n'));
    await f.runSync(null);
    const file = (await modules(f)).find((m) => m.cmid === folder.cmid)?.files.find((x) => x.filename === tricky);
    if (!file) throw new Error('file not listed');
    await f.call('content.openFile', file.fileRef);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/\.pdf$/);
    expect(opened[0]).not.toMatch(/\.exe$/);
    // Not a document at all: refused before anything is downloaded or opened.
    env.moodle.state.putModuleFile(folder.cmid, 'Verknuepfung.lnk', Buffer.from('L'));
    await f.runSync(null);
    const lnk = (await modules(f)).find((m) => m.cmid === folder.cmid)?.files.find((x) => x.filename === 'Verknuepfung.lnk');
    if (!lnk) throw new Error('lnk not listed');
    await expect(f.call('content.openFile', lnk.fileRef)).rejects.toMatchObject({ code: 'file-executable' });
    expect(opened).toHaveLength(1);
  });

  it('desktop: "Speichern" copies the cached file where the student chose; the browser shell has no dialog', async () => {
    const chosen = join(f0dir(), 'Gespeichert.pdf');
    const requests: unknown[] = [];
    const f = await boot({
      openPath: () => Promise.resolve(),
      saveFile: async (request) => {
        requests.push({ ...request });
        if (!('copyFrom' in request)) throw new Error('expected a copy');
        copyFileSync(request.copyFrom, chosen);
        return { saved: true, fileName: 'Gespeichert.pdf' };
      },
    });
    const pdf = await firstPdf(f);
    const view = await f.call('content.viewFile', pdf.fileRef);
    expect(view).toMatchObject({ viewAs: 'pdf', save: 'dialog', canOpenWithSystem: true });
    expect(await f.call('content.saveFile', pdf.fileRef)).toEqual({ saved: true, fileName: 'Gespeichert.pdf' });
    expect(requests).toEqual([{ suggestedName: pdf.filename, copyFrom: expect.stringContaining(join(f.dir, 'files', f.accountId)), filters: [{ name: 'PDF', extensions: ['pdf'] }] }]);
    expect(readFileSync(chosen).subarray(0, 5).toString()).toBe('%PDF-');
    rmSync(dirname(chosen), { recursive: true, force: true });
    await f.close();
    fx = null;

    const browser = await boot();
    await expect(browser.call('content.saveFile', (await firstPdf(browser)).fileRef)).rejects.toMatchObject({ code: 'not-available' });
  });

  it('removing the account removes its cached files folder', async () => {
    const f = await boot();
    await f.call('content.openFile', (await firstPdf(f)).fileRef);
    const folder = join(f.dir, 'files', f.accountId);
    expect(existsSync(folder)).toBe(true);
    f.context.accounts.remove(f.accountId);
    // The accounts listener starts the same clean-up; awaiting it here makes the check deterministic.
    await f.content.removeOrphanedFiles();
    expect(existsSync(folder)).toBe(false);
  });

  it('shared device: logging out forgets courses, deadlines and cached files', async () => {
    const f = await boot({ policy: { sharedDevice: true } });
    await f.call('content.openFile', (await firstPdf(f)).fileRef);
    expect(existsSync(join(f.dir, 'files', f.accountId))).toBe(true);
    await f.context.accounts.logout(f.accountId, { deviceMode: 'shared' });
    // The accounts listener starts the same clean-up; awaiting it here makes the check deterministic.
    await f.content.forgetLoggedOutOnSharedDevice();
    expect(existsSync(join(f.dir, 'files', f.accountId))).toBe(false);
    expect(f.content.repo.courses(f.accountId)).toEqual([]);
    expect(f.content.repo.deadlines(f.accountId)).toEqual([]);
    expect(f.content.repo.files(f.accountId)).toEqual([]);
  });

  it('personal device: logging out keeps the cache (offline use after signing in again)', async () => {
    const f = await boot();
    await f.call('content.openFile', (await firstPdf(f)).fileRef);
    await f.context.accounts.logout(f.accountId, { deviceMode: 'personal' });
    expect(await f.content.forgetLoggedOutOnSharedDevice()).toEqual([]);
    expect(f.content.repo.courses(f.accountId).length).toBe(2);
    expect(existsSync(join(f.dir, 'files', f.accountId))).toBe(true);
  });

  it('an expired token marks the account for re-authentication', async () => {
    const f = await boot();
    env.moodle.state.revokeToken(f.token);
    await expect(f.call('content.openFile', (await firstPdf(f)).fileRef)).rejects.toMatchObject({ code: 'needs-reauth' });
    expect(f.context.accounts.get(f.accountId)?.needsReauth).toBe(true);
  });
});

describe('content.page', () => {
  it('sanitises the page in main and embeds its relative image as a data: URL', async () => {
    const f = await boot();
    const page = (await modules(f)).find((m) => m.kind === 'page');
    if (!page) throw new Error('no page');
    const stored = env.moodle.state.module(page.cmid) as unknown as { content: string };
    stored.content += '<script>alert(1)</script><img src="x" onerror="alert(2)"><p onclick="alert(3)">Klick</p><a href="javascript:alert(4)">böse</a><iframe src="https://example.org"></iframe>';
    env.moodle.state.stats.reset();
    const view = await f.call('content.page', page.cmid);
    expect(view.name).toBe(page.name);
    expect(view.html).toContain('<h3>Kürzen</h3>');
    expect(view.html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="Pizza: 3\/8 markiert" width="160" height="160">/);
    expect(view.html).not.toMatch(/script|onerror|onclick|javascript:|iframe|alert/i);
    expect(view.html).toContain('<p>Klick</p>');
    // index.html and the image, both with the token.
    expect(env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php']).toBe(2);
  });
});

describe('content.setOffline', () => {
  it('prefetches every file of the course, reports progress, and skips what does not fit the budget', async () => {
    const f = await boot({ policy: { offlineStorageBudgetMb: 50 } });
    const folder = (await modules(f)).find((m) => m.kind === 'folder');
    if (!folder) throw new Error('no folder');
    env.moodle.state.putModuleFile(folder.cmid, 'Riesig.bin', Buffer.alloc(60 * 1024 * 1024));
    await f.runSync(null);
    const expected = (await modules(f)).flatMap((m) => m.files).length;
    env.moodle.state.stats.reset();
    const result = await f.call('content.setOffline', 2, true);
    expect(result).toMatchObject({ courseId: 2, on: true, filesSkipped: 1 });
    expect(result.filesDownloaded).toBeGreaterThanOrEqual(expected - 1);
    expect(result.storage.budgetBytes).toBe(50 * 1024 * 1024);
    expect(result.storage.usedBytes).toBeGreaterThan(0);
    expect(result.storage.usedBytes).toBeLessThanOrEqual(result.storage.budgetBytes);
    expect((await f.call('content.courses')).find((c) => c.id === 2)?.offline).toBe(true);
    const progress = f.events.filter((e) => e.name === 'content.offlineProgress').map((e) => e.payload as { done: number; total: number });
    expect(progress.at(-1)).toEqual({ courseId: 2, done: progress.at(-1)?.total, total: progress.at(-1)?.total });
    // The big file was never requested.
    expect(Object.keys(env.moodle.state.stats.byPath).some((p) => p.includes('Riesig'))).toBe(false);

    // Off again: stays cached, but no longer pinned.
    const off = await f.call('content.setOffline', 2, false);
    expect(off.on).toBe(false);
    expect((await f.call('content.courses')).find((c) => c.id === 2)?.offline).toBe(false);
  });
});
