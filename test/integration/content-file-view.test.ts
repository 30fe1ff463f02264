/**
 * The in-app viewer's file route over real HTTP: real services (SQLite file, vault, HTTP client)
 * behind the real browser-shell server, files from the test Moodle. content.viewFile hands out a
 * same-origin address; it serves exactly that cached file of the current account with its type,
 * nosniff and a sandboxing CSP, and nothing else: no other path, no expired or foreign token, no
 * cross-site request, no file another account's sign-in hides, no symlink out of the cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentFileView, FileViewResult } from '../../preload/contract/content';
import { createServices } from '../../main/services';
import type { Services } from '../../main/services';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { startWebShell } from '../../main/web-shell/server';
import type { WebShell } from '../../main/web-shell/server';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

let moodle: TestMoodle;
let services: Services;
let shell: WebShell;
let dir: string;
let clock = Date.UTC(2026, 10, 23, 8, 0, 0);

const call = async <T>(method: string, ...args: unknown[]): Promise<T> =>
  (await (services.handlers as unknown as Record<string, (...a: unknown[]) => unknown>)[method]?.(...args)) as T;

async function courseFiles(courseId: number): Promise<ContentFileView[]> {
  const course = await call<{ sections: { modules: { files: ContentFileView[] }[] }[] }>('content.course', courseId);
  return course.sections.flatMap((s) => s.modules).flatMap((m) => m.files);
}

async function fileNamed(courseId: number, filename: string): Promise<ContentFileView> {
  const file = (await courseFiles(courseId)).find((f) => f.filename === filename);
  if (!file) throw new Error(`${filename} not in course ${courseId}`);
  return file;
}

const get = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${shell.origin}${path}`, init);
const sha = (bytes: ArrayBuffer | Buffer): string => createHash('sha256').update(Buffer.from(bytes as ArrayBuffer)).digest('hex');
const portalFile = (name: string): Buffer => {
  const file = moodle.state.files.find((f) => f.filename === name);
  if (!file) throw new Error(`no ${name} in the test Moodle`);
  return file.content;
};

beforeEach(async () => {
  clock = Date.UTC(2026, 10, 23, 8, 0, 0);
  moodle = await startTestMoodle({ now: () => clock });
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-file-view-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SchulDesk</title>');
  services = await createServices({ shell: 'browser', appVersion: '0.0.0-test', dataDir: join(dir, 'data'), policySources: [], now: () => clock, secretCipher: null });
  shell = await startWebShell({ services: { services, inputSchemas: INPUT_SCHEMAS }, rendererDir, secret: 'f'.repeat(48) });
  await call('portal.signInPassword', moodle.url, 'student1', SEED_PASSWORD);
});
afterEach(async () => {
  await shell.close();
  await services.close();
  await moodle.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('content.viewFile and the /files/ route', () => {
  it('serves the cached PDF, text and image with their type, nosniff and a sandboxing CSP', async () => {
    const pdf = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Arbeitsblatt_Bruchrechnung.pdf')).fileRef);
    expect(pdf).toMatchObject({ filename: 'Arbeitsblatt_Bruchrechnung.pdf', viewAs: 'pdf', save: 'link', canOpenWithSystem: false, fromCache: false });
    expect(pdf.url).toMatch(/^\/files\/[0-9a-f]{64}\/Arbeitsblatt_Bruchrechnung\.pdf$/);
    const response = await get(pdf.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'; sandbox");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(sha(await response.arrayBuffer())).toBe(sha(portalFile('Arbeitsblatt_Bruchrechnung.pdf')));

    const head = await get(pdf.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(pdf.bytes));

    const text = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Loesungen_Uebung_1.txt')).fileRef);
    expect(text.viewAs).toBe('text');
    const textResponse = await get(text.url);
    expect(textResponse.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await textResponse.text()).toBe('a) 2/3\nb) 12/20\nc) 5/7\nd) 1/2\n');

    const image = await call<FileViewResult>('content.viewFile', (await fileNamed(3, 'Tortendiagramm_Lesezeit.png')).fileRef);
    expect(image.viewAs).toBe('image');
    const imageResponse = await get(image.url);
    expect(imageResponse.headers.get('content-type')).toBe('image/png');
    expect(sha(await imageResponse.arrayBuffer())).toBe(sha(portalFile('Tortendiagramm_Lesezeit.png')));

    // Viewing again costs no download; the address is a new one.
    moodle.state.stats.reset();
    const again = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Arbeitsblatt_Bruchrechnung.pdf')).fileRef);
    expect(again.fromCache).toBe(true);
    expect(again.url).not.toBe(pdf.url);
    expect(moodle.state.stats.requests).toBe(0);
  });

  it('a file the viewer cannot show is offered as a download', async () => {
    const folder = (await call<{ sections: { modules: { cmid: number; kind: string }[] }[] }>('content.course', 2)).sections.flatMap((s) => s.modules).find((m) => m.kind === 'folder');
    if (!folder) throw new Error('no folder');
    clock += 60_000;
    moodle.state.putModuleFile(folder.cmid, 'Seite.html', Buffer.from('<script>parent.document.title = "gekapert"</script>'));
    await call('sync.now');
    const html = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Seite.html')).fileRef);
    expect(html.viewAs).toBeNull();
    const response = await get(html.url);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; /);
  });

  it('refuses every other path, a cross-site request, other methods and an expired token', async () => {
    const pdf = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Arbeitsblatt_Bruchrechnung.pdf')).fileRef);
    const token = /[0-9a-f]{64}/.exec(pdf.url)?.[0] ?? '';
    const accountFolder = readdirSync(join(dir, 'data', 'files'))[0] ?? '';
    const cached = readdirSync(join(dir, 'data', 'files', accountFolder))[0] ?? '';
    for (const path of [
      `/files/${'0'.repeat(64)}/Arbeitsblatt_Bruchrechnung.pdf`,
      `/files/${token.slice(1)}`,
      `/files/${token}/a/b.pdf`,
      `/files/${token}/..%2f..%2f..%2fschuldesk.sqlite`,
      `/files/${token}?x=1`,
      `/files/${accountFolder}/${cached}`,
      `/files/${cached}`,
      '/files/%2e%2e/schuldesk.sqlite',
      '/files/..%2fschuldesk.sqlite',
      '/files',
    ]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
    expect((await get(pdf.url, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(404);
    expect((await get(pdf.url, { headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(404);
    expect((await get(pdf.url, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
    expect((await get(pdf.url, { method: 'POST' })).status).toBe(405);

    clock += 30 * 60 * 1000;
    expect((await get(pdf.url)).status).toBe(404);
  });

  it('serves only while its account is the current one', async () => {
    const pdf = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Arbeitsblatt_Bruchrechnung.pdf')).fileRef);
    const lena = services.context.accounts.current();
    await call('portal.signInPassword', moodle.url, 'student2', SEED_PASSWORD);
    expect(services.context.accounts.current()?.id).not.toBe(lena?.id);
    expect((await get(pdf.url)).status).toBe(404);
    await call('portal.switchAccount', lena?.id);
    expect((await get(pdf.url)).status).toBe(200);
    await call('portal.logout', lena?.id);
    expect((await get(pdf.url)).status).toBe(404);
  });

  it('never follows a symlink out of the account’s cache folder', async () => {
    const pdf = await call<FileViewResult>('content.viewFile', (await fileNamed(2, 'Arbeitsblatt_Bruchrechnung.pdf')).fileRef);
    const accountDir = join(dir, 'data', 'files', readdirSync(join(dir, 'data', 'files'))[0] ?? '');
    const cached = join(accountDir, readdirSync(accountDir)[0] ?? '');
    unlinkSync(cached);
    symlinkSync(join(dir, 'data', 'schuldesk.sqlite'), cached);
    expect((await get(pdf.url)).status).toBe(404);
  });
});
