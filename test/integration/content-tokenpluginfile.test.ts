/**
 * Files through /tokenpluginfile.php/<userprivateaccesskey>/… against the test
 * Moodle over HTTP: a password sign-in keeps the key from core_webservice_get_site_info in the
 * vault (encrypted on disk, never in account views or logs); files and page images then go
 * through tokenpluginfile (no token in their URLs). A key the portal no longer accepts falls
 * back to webservice/pluginfile.php with the token, and is not tried again; without a key only
 * webservice/pluginfile.php is used; a refused key plus an expired token asks for a new sign-in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentFileView, ModuleView } from '../../preload/contract/content';
import { SecretVault } from '../../main/vault/secret-vault';
import { AccountsService } from '../../main/portal/accounts';
import { FakeCipher } from '../support/vault-fake-cipher';
import { useContentPerTest } from './content-fixture';
import type { ContentFixture, ContentFixtureOptions } from './content-fixture';

let fx: ContentFixture | null = null;
const clock = Date.UTC(2026, 10, 23, 8, 0, 0);
const env = useContentPerTest(() => clock);
let logged: string[] = [];

async function boot(options: Partial<ContentFixtureOptions> = {}): Promise<ContentFixture> {
  fx = await env.start({ signIn: 'password', ...options });
  await fx.runSync(null);
  return fx;
}

async function modules(f: ContentFixture, courseId = 2): Promise<ModuleView[]> {
  return (await f.call('content.course', courseId)).sections.flatMap((s) => s.modules);
}

async function files(f: ContentFixture): Promise<ContentFileView[]> {
  return (await modules(f)).filter((m) => m.kind === 'file' || m.kind === 'folder').flatMap((m) => m.files);
}

const viaKey = (): number => env.moodle.state.stats.byEndpoint['/tokenpluginfile.php'] ?? 0;
const viaToken = (): number => env.moodle.state.stats.byEndpoint['/webservice/pluginfile.php'] ?? 0;
const pdfBytes = (dataUrl: string | null): string => Buffer.from(dataUrl?.split(',')[1] ?? '', 'base64').subarray(0, 5).toString();

beforeEach(async () => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
});

describe('files with the private access key', () => {
  it('keeps the key from site info in the vault, encrypted on disk, out of account views', async () => {
    const cipher = new FakeCipher({ backend: 'gnome_libsecret' });
    const f = await boot({ cipher });
    const key = env.moodle.state.requireUser('student1').privateAccessKey;
    expect(f.context.accounts.credentials(f.accountId)?.privateAccessKey?.reveal()).toBe(key);
    expect(JSON.stringify(f.context.accounts.views())).not.toContain(key);
    // Written through the keyring: a later run over the same database reads it back ...
    const nextRun = new AccountsService({ store: f.context.store, vault: new SecretVault({ cipher: new FakeCipher({ backend: 'gnome_libsecret', key: cipher.key }), store: f.context.store }) });
    expect(nextRun.credentials(f.accountId)?.privateAccessKey?.reveal()).toBe(key);
    // ... and no file of the data folder holds it in plain text.
    f.context.store.exec('PRAGMA wal_checkpoint(FULL)');
    for (const name of readdirSync(f.dir).filter((n) => n.startsWith('schuldesk.sqlite'))) {
      expect(readFileSync(join(f.dir, name)).includes(Buffer.from(key))).toBe(false);
    }
  });

  it('downloads files and page images through tokenpluginfile, without the token in the URL', async () => {
    const f = await boot();
    const pdf = (await files(f)).find((x) => x.mimetype === 'application/pdf');
    if (!pdf) throw new Error('no PDF in Mathematik 7b');
    env.moodle.state.stats.reset();
    const opened = await f.call('content.openFile', pdf.fileRef);
    expect(pdfBytes(opened.dataUrl)).toBe('%PDF-');
    expect(viaKey()).toBe(1);
    expect(viaToken()).toBe(0);
    expect(Object.keys(env.moodle.state.stats.byPath).some((p) => p.includes('token='))).toBe(false);

    const page = (await modules(f)).find((m) => m.kind === 'page');
    if (!page) throw new Error('no page');
    env.moodle.state.stats.reset();
    const view = await f.call('content.page', page.cmid);
    expect(view.html).toMatch(/<img src="data:image\/png;base64,/);
    expect(viaKey()).toBe(2); // index.html and its image
    expect(viaToken()).toBe(0);
    expect(logged.join('\n')).not.toContain(env.moodle.state.requireUser('student1').privateAccessKey);
  });

  it('falls back to webservice/pluginfile.php when the portal refuses the key, and then skips the key', async () => {
    const f = await boot();
    const oldKey = env.moodle.state.requireUser('student1').privateAccessKey;
    env.moodle.state.resetPrivateAccessKey('student1');
    const [first, second] = (await files(f)).filter((x) => !x.cached);
    if (!first || !second) throw new Error('need two files');
    env.moodle.state.stats.reset();
    const opened = await f.call('content.openFile', first.fileRef);
    expect(opened).toMatchObject({ filename: first.filename, fromCache: false });
    expect(viaKey()).toBe(1); // refused: "invalidkey" error page, HTTP 404
    expect(viaToken()).toBe(1);
    expect(Buffer.from(opened.dataUrl?.split(',')[1] ?? '', 'base64').length).toBe(first.bytes);

    await f.call('content.openFile', second.fileRef);
    expect(viaKey()).toBe(1);
    expect(viaToken()).toBe(2);
    expect(logged.join('\n')).not.toContain(oldKey);
  });

  it('without a key (a site that gives none, or a sign-in stored before) uses only webservice/pluginfile.php', async () => {
    const f = await boot({ signIn: 'token' });
    expect(f.context.accounts.credentials(f.accountId)?.privateAccessKey ?? null).toBeNull();
    const pdf = (await files(f)).find((x) => x.mimetype === 'application/pdf');
    if (!pdf) throw new Error('no PDF');
    env.moodle.state.stats.reset();
    expect(pdfBytes((await f.call('content.openFile', pdf.fileRef)).dataUrl)).toBe('%PDF-');
    expect(viaKey()).toBe(0);
    expect(viaToken()).toBe(1);
  });

  it('a refused key and a revoked token: asks for a new sign-in, keeps the account', async () => {
    const f = await boot();
    env.moodle.state.resetPrivateAccessKey('student1');
    env.moodle.state.revokeToken(f.token);
    const pdf = (await files(f)).find((x) => x.mimetype === 'application/pdf');
    if (!pdf) throw new Error('no PDF');
    await expect(f.call('content.openFile', pdf.fileRef)).rejects.toMatchObject({ code: 'needs-reauth' });
    expect(f.context.accounts.get(f.accountId)?.needsReauth).toBe(true);
    expect(viaKey()).toBeGreaterThanOrEqual(1);
  });
});
