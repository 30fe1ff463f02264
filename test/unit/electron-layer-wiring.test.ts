/**
 * The Electron layer's wiring, run under Node with a FAKE `electron` module (the one mock this
 * project allows: there is no Electron binary here). The fake records what main/index.ts and
 * main/electron/* do with Electron's API and lets the test fire Electron's events; everything
 * behind it is real — the services with a real SQLite file, a real policy file, the pure
 * decisions, the renderer's index.html served through the app:// handler.
 *
 * What this proves that tsc cannot: the order of calls (before/after ready), that every session
 * and contents gets its guards, that handlers call the decisions with the right context, that
 * IPC refuses untrusted senders, that events reach only our UI and that deep links are routed
 * without logging the token. What it cannot prove: that Electron itself behaves as documented —
 * that is test/electron/app.test.ts, where a binary exists.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHOD_NAMES, EVENT_CHANNEL, methodChannel } from '../../preload/api';
import { APP_SCHEME_DEFINITION } from '../../main/security/app-scheme';
import { APP_ENTRY_URL } from '../../main/security/origins';
import { partitionFor, WINDOW_KINDS, webPreferencesFor } from '../../main/security/window-policy';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import type { TestCertificates } from '../support/http-tls-certs';

// The one fake Electron (test/support/fake-electron.ts); vi.mock below hands it to every import of electron.
const fake = await vi.hoisted(async () => (await import('../support/fake-electron')).createFakeElectron({ dialogAnswer: 1, recordIpcListeners: false }));

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state, electron } = fake;
type FakeWebContents = InstanceType<typeof fake.FakeWebContents>;
type FakeSession = InstanceType<typeof fake.FakeSession>;

const REPO = join(import.meta.dirname, '..', '..');
const TOKEN_PAYLOAD = Buffer.from('ffb7da8db9c056a103fcc4ab13455148:::SECRETTOKEN0123456789abcdef012345').toString('base64');
const logs: string[] = [];
let base = '';
/** A private CA in the policy's trustedCaCertificates and a leaf for 127.0.0.1 it issued (openssl CLI). */
const certs: TestCertificates | null = hasOpenssl() ? makeTestCertificates() : null;

function mainWindow() {
  const window = state.windows.find((candidate) => candidate instanceof fake.FakeBrowserWindow);
  if (!window) throw new Error('no main window yet');
  return window;
}

function mainContents(): FakeWebContents {
  return mainWindow().webContents;
}

function sessionOf(partition: string): FakeSession {
  const found = state.sessions.get(partition);
  if (!found) throw new Error(`no session ${partition}`);
  return found;
}

function request(ses: FakeSession, contents: unknown, permission: string, details: object): boolean {
  let granted: boolean | null = null;
  ses.requestHandler?.(contents, permission, (value) => (granted = value), details);
  if (granted === null) throw new Error('permission handler did not answer');
  return granted;
}

function navigate(contents: FakeWebContents, event: 'will-frame-navigate' | 'will-navigate' | 'will-redirect', url: string, isMainFrame = true): boolean {
  let prevented = false;
  contents.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) });
  return prevented;
}

function invoke(channel: string, sender: unknown, frame: { url: string; parent: unknown } | null, ...args: unknown[]) {
  const handler = state.ipc.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender, senderFrame: frame }, ...args) as Promise<{ ok: boolean; result?: unknown; error?: { code: string } }>;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('main/index.ts and main/electron/* against a fake Electron', () => {
  const saved = { ...process.env };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'schuldesk-wiring-'));
    const policyFile = join(base, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        portals: [{ name: 'Testschule', url: 'https://moodle.schule.test/lernen' }],
        extraBbbHosts: ['https://bbb.schule.test'],
        ...(certs ? { trustedCaCertificates: [certs.caCert] } : {}),
      }),
    );
    process.env.SCHULDESK_DATA_DIR = join(base, 'data');
    process.env.SCHULDESK_POLICY_FILE = policyFile;
    process.env.SCHULDESK_SKIP_PROTOCOL_REGISTRATION = '1';
    for (const method of ['info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(' ')));
    }
    await import('../../main/index');
  });

  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
    rmSync(base, { recursive: true, force: true });
  });

  it('before ready: sandbox for all, data folder, lock, app:// scheme — and no OS registration in this test run', () => {
    expect(state.calls).toEqual([
      'enableSandbox',
      'setPath:userData',
      'requestSingleInstanceLock',
      `registerSchemesAsPrivileged:${JSON.stringify([APP_SCHEME_DEFINITION])}`,
    ]);
    expect(state.userData).toBe(join(base, 'data'));
    expect(electron.app.listeners.has('open-url')).toBe(true);
    expect(electron.app.listeners.has('second-instance')).toBe(true);
    expect(state.windows).toHaveLength(0);
  });

  it('a deep link that arrives before ready (macOS launch) is kept, not handled yet', () => {
    let prevented = false;
    electron.app.emit('open-url', { preventDefault: () => (prevented = true) }, `schuldesk://token=${TOKEN_PAYLOAD}`);
    expect(prevented).toBe(true);
    expect(logs.some((line) => line.includes('SSO callback received'))).toBe(false);
  });

  it('at ready: guards on every session, then services, then the main window from app://schuldesk', async () => {
    state.resolveReady();
    await vi.waitFor(() => expect(state.windows).toHaveLength(1), { timeout: 10_000 });
    const window = mainWindow();
    expect(window.options.webPreferences).toEqual(webPreferencesFor('main', { packaged: false, preloadPath: join(REPO, 'preload', 'app.cjs') }));
    expect(window.loaded).toEqual([APP_ENTRY_URL]);
    const shownBefore = window.showCount; // the queued deep link already brought it forward
    window.emit('ready-to-show');
    expect(window.showCount).toBe(shownBefore + 1);
    for (const ses of [electron.session.defaultSession, ...WINDOW_KINDS.map((kind) => sessionOf(partitionFor(kind)))]) {
      expect(ses.requestHandler).toBeTypeOf('function');
      expect(ses.checkHandler).toBeTypeOf('function');
      expect(ses.displayHandler).toBeTypeOf('function');
      expect(ses.displayOptions).toEqual({ useSystemPicker: false });
      expect(ses.deviceHandler).toBeTypeOf('function');
      expect(ses.verifyProc).toBeTypeOf('function');
      expect(ses.listeners.has('will-download')).toBe(true);
    }
  });

  it.skipIf(certs === null)('certificates: a chain of the policy CA is trusted where Chromium only lacked the authority; all else stays Chromium\'s', () => {
    const portal = sessionOf(partitionFor('portal'));
    const verify = (request: object): number => {
      let result = NaN;
      portal.verifyProc?.(request, (value) => (result = value));
      return result;
    };
    const leaf = { data: certs?.valid.cert ?? '', issuerCert: null };
    const selfSigned = { data: certs?.selfSigned.cert ?? '', issuerCert: null };
    expect(verify({ hostname: '127.0.0.1', errorCode: -202, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', certificate: leaf })).toBe(0);
    expect(logs.some((line) => line.includes('certificate of 127.0.0.1 trusted') && line.includes('SchulDesk Test CA'))).toBe(true);
    // Chromium's verdict for everything else: OK stays OK, a wrong host stays wrong, a stranger stays unknown.
    expect(verify({ hostname: '127.0.0.1', errorCode: 0, verificationResult: 'net::OK', certificate: leaf })).toBe(-3);
    expect(verify({ hostname: 'moodle.schule.test', errorCode: -202, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', certificate: leaf })).toBe(-3);
    expect(verify({ hostname: '127.0.0.1', errorCode: -202, verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID', certificate: selfSigned })).toBe(-3);
    expect(verify({ hostname: '127.0.0.1', errorCode: -201, verificationResult: 'net::ERR_CERT_DATE_INVALID', certificate: leaf })).toBe(-3);
  });

  it('the queued deep link is routed after start, logged without its token', () => {
    expect(logs.filter((line) => line.includes('SSO callback received'))).toHaveLength(1);
    expect(logs.join('\n')).not.toContain(TOKEN_PAYLOAD);
    expect(logs.join('\n')).not.toContain('SECRETTOKEN');
  });

  it('a second instance with a link focuses the window and routes it; invalid links are logged by reason only', () => {
    const before = mainWindow().showCount;
    electron.app.emit('second-instance', {}, ['/opt/SchulDesk/schuldesk', '--flag', `schuldesk://token=${TOKEN_PAYLOAD}`], '/');
    expect(mainWindow().showCount).toBeGreaterThan(before);
    expect(logs.filter((line) => line.includes('SSO callback received'))).toHaveLength(2);
    electron.app.emit('second-instance', {}, ['/opt/SchulDesk/schuldesk', 'schuldesk://token=SECRET!!'], '/');
    expect(logs.some((line) => line.includes('invalid-payload'))).toBe(true);
    expect(logs.join('\n')).not.toContain('SECRET');
  });

  it('permissions: our UI may write the clipboard and nothing else; other sessions get nothing', () => {
    const main = sessionOf(partitionFor('main'));
    const contents = mainContents();
    const app = { requestingUrl: 'app://schuldesk/index.html', isMainFrame: true };
    expect(request(main, contents, 'clipboard-sanitized-write', app)).toBe(true);
    expect(request(main, contents, 'media', { ...app, mediaTypes: ['audio'] })).toBe(false);
    expect(request(main, contents, 'media', { ...app, mediaTypes: [] })).toBe(false);
    expect(request(main, contents, 'notifications', app)).toBe(false);
    expect(main.checkHandler?.(contents, 'clipboard-sanitized-write', 'app://schuldesk', { isMainFrame: true })).toBe(true);
    expect(main.checkHandler?.(null, 'clipboard-sanitized-write', 'app://schuldesk', { isMainFrame: true })).toBe(true);
    expect(main.checkHandler?.(contents, 'geolocation', 'app://schuldesk', { isMainFrame: true })).toBe(false);
    // The default session and a contents the factory did not register count as unknown.
    expect(request(electron.session.defaultSession, contents, 'clipboard-sanitized-write', app)).toBe(false);
    const stranger = new fake.FakeWebContents(main);
    expect(request(main, stranger, 'clipboard-sanitized-write', app)).toBe(false);
    expect(request(sessionOf(partitionFor('conference')), null, 'media', { requestingUrl: 'https://bbb.schule.test/', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false);
  });

  it('screen capture, devices and downloads are refused', () => {
    const main = sessionOf(partitionFor('main'));
    let streams: unknown = 'unanswered';
    main.displayHandler?.({ securityOrigin: 'app://schuldesk', videoRequested: true, audioRequested: false, userGesture: true, frame: null }, (value) => (streams = value));
    expect(streams).toEqual({});
    expect(main.deviceHandler?.({ deviceType: 'usb', origin: 'app://schuldesk' })).toBe(false);
    let prevented = false;
    main.emit('will-download', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('navigation: inside app:// proceeds; leaving it is blocked and offered only after the German warning', async () => {
    const contents = mainContents();
    expect(navigate(contents, 'will-frame-navigate', 'app://schuldesk/courses/2')).toBe(false);
    expect(navigate(contents, 'will-navigate', 'app://schuldesk/courses/2')).toBe(false);

    state.dialogAnswer = 1; // Abbrechen
    expect(navigate(contents, 'will-frame-navigate', 'https://example.com/')).toBe(true);
    await flush();
    expect(state.dialogs).toHaveLength(1);
    expect(state.dialogs[0]?.owner).toBe(mainWindow());
    expect(state.dialogs[0]?.options.title).toBe('Externe Seite öffnen?');
    expect(state.dialogs[0]?.options.message).toContain('example.com');
    expect(state.opened).toEqual([]);

    state.dialogAnswer = 0; // Im Browser öffnen
    expect(navigate(contents, 'will-navigate', 'HTTPS://EXAMPLE.COM/a b')).toBe(true);
    await vi.waitFor(() => expect(state.opened).toEqual(['https://example.com/a%20b']));
    state.dialogAnswer = 1;
  });

  it('navigation: redirects, subframes and non-https schemes are blocked without any dialog', async () => {
    const contents = mainContents();
    const dialogs = state.dialogs.length;
    expect(navigate(contents, 'will-redirect', 'https://moodle.schule.test/')).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', 'https://example.com/', false)).toBe(true);
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-navigate', 'app://schuldesk.evil/')).toBe(true);
    await flush();
    expect(state.dialogs).toHaveLength(dialogs);
  });

  it('window.open never opens a window: the configured portal goes to the browser directly, others after a warning', async () => {
    const contents = mainContents();
    const handler = contents.windowOpenHandler;
    if (!handler) throw new Error('no window open handler');
    const opened = state.opened.length;
    const dialogs = state.dialogs.length;
    expect(handler({ url: 'https://moodle.schule.test/mod/page/view.php?id=1' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(state.opened.slice(opened)).toEqual(['https://moodle.schule.test/mod/page/view.php?id=1']));
    expect(state.dialogs).toHaveLength(dialogs);
    expect(handler({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(state.dialogs).toHaveLength(dialogs + 1));
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://schuldesk/index.html' })).toEqual({ action: 'deny' });
    await flush();
    expect(state.dialogs).toHaveLength(dialogs + 1);
    expect(state.opened).toHaveLength(opened + 1);
  });

  it('<webview> is refused', () => {
    let prevented = false;
    mainContents().emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });

  it('IPC: one handler per API method, answering only the top frame of app://schuldesk in a main window', async () => {
    expect([...state.ipc.keys()].sort()).toEqual(API_METHOD_NAMES.map(methodChannel).sort());
    const contents = mainContents();
    const top = { url: 'app://schuldesk/index.html', parent: null };
    const info = await invoke(methodChannel('app.info'), contents, top);
    expect(info).toMatchObject({ ok: true, result: { name: 'SchulDesk', shell: 'electron', version: '0.1.0-test' } });

    const forbidden = { ok: false, error: { code: 'forbidden', message: 'Zugriff verweigert.' } };
    expect(await invoke(methodChannel('app.info'), contents, { url: 'app://schuldesk/index.html', parent: top })).toEqual(forbidden);
    expect(await invoke(methodChannel('app.info'), contents, { url: 'app://schuldesk.evil/index.html', parent: null })).toEqual(forbidden);
    expect(await invoke(methodChannel('app.info'), contents, { url: 'https://moodle.schule.test/', parent: null })).toEqual(forbidden);
    expect(await invoke(methodChannel('app.info'), contents, null)).toEqual(forbidden);
    expect(await invoke(methodChannel('app.info'), new fake.FakeWebContents(sessionOf(partitionFor('main'))), top)).toEqual(forbidden);
    expect(await invoke(methodChannel('settings.set'), contents, top, 'language', 'en')).toMatchObject({ ok: true });
    expect(await invoke(methodChannel('settings.reset'), contents, top, '../etc')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('IPC: the configured policy reached the services (portals come from the policy file)', async () => {
    const top = { url: 'app://schuldesk/index.html', parent: null };
    const listed = await invoke(methodChannel('settings.list'), mainContents(), top);
    const portals = (listed.result as { key: string; value: unknown; source: string }[]).find((view) => view.key === 'portals');
    expect(portals).toMatchObject({ source: 'policy', value: [{ name: 'Testschule', url: 'https://moodle.schule.test/lernen' }] });
  });

  it('events reach the main window on the one event channel, and only while it shows our UI', async () => {
    const contents = mainContents();
    const settingsEvents = () => contents.sent.filter(([channel, message]) => channel === EVENT_CHANNEL && (message as { name: string }).name === 'settings.changed');
    expect(settingsEvents().length).toBeGreaterThanOrEqual(1); // from settings.set above
    const before = settingsEvents().length;
    contents.mainFrame.url = 'https://example.com/';
    await invoke(methodChannel('settings.reset'), contents, { url: 'app://schuldesk/index.html', parent: null }, 'language');
    expect(settingsEvents()).toHaveLength(before);
    contents.mainFrame.url = 'app://schuldesk/index.html';
    await invoke(methodChannel('settings.set'), contents, { url: 'app://schuldesk/index.html', parent: null }, 'language', 'en');
    expect(settingsEvents()).toHaveLength(before + 1);
  });

  it('the warning follows the UI language', async () => {
    const dialogs = state.dialogs.length;
    navigate(mainContents(), 'will-navigate', 'https://example.net/');
    await vi.waitFor(() => expect(state.dialogs).toHaveLength(dialogs + 1));
    expect(state.dialogs.at(-1)?.options.title).toBe('Open external page?');
  });

  it('app:// is served on the main session only, with the CSP, confined to the renderer folder', async () => {
    const handler = sessionOf(partitionFor('main')).protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    expect(sessionOf(partitionFor('portal')).protocolHandlers.size).toBe(0);
    expect(sessionOf(partitionFor('conference')).protocolHandlers.size).toBe(0);
    expect(electron.session.defaultSession.protocolHandlers.size).toBe(0);

    const page = await handler(new Request('app://schuldesk/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<');
    const route = await handler(new Request('app://schuldesk/courses/2'));
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const head = await handler(new Request('app://schuldesk/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    for (const url of ['app://schuldesk/%2e%2e%2fpackage.json', 'app://schuldesk/..%2f..%2fpackage.json', 'app://schuldesk/missing.js', 'app://evil/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBeTruthy();
    }
    expect((await handler(new Request('app://schuldesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('on quit: IPC handlers removed, services closed', () => {
    electron.app.emit('will-quit');
    expect(state.ipc.size).toBe(0);
    electron.app.emit('window-all-closed');
    expect(state.calls).toContain('quit');
    expect(state.errors).toEqual([]);
  });
});

describe('start-up variants', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    delete (process as { defaultApp?: boolean }).defaultApp;
  });

  function reset(lock: boolean) {
    state.calls.length = 0;
    state.windows.length = 0;
    state.lock = lock;
    electron.app.listeners.clear();
    vi.resetModules();
  }

  it('when another SchulDesk already runs: quit at once — no scheme, no listeners, no window', async () => {
    reset(false);
    delete process.env.SCHULDESK_DATA_DIR;
    await import('../../main/index');
    expect(state.calls).toEqual(['enableSandbox', 'requestSingleInstanceLock', 'quit']);
    expect(electron.app.listeners.size).toBe(0);
  });

  it('development run (`electron .`): registers schuldesk:// with electron and the app path', async () => {
    reset(true);
    delete process.env.SCHULDESK_SKIP_PROTOCOL_REGISTRATION;
    Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
    const appPath = process.argv[1] ?? '';
    await import('../../main/index');
    expect(state.calls).toContain(`setAsDefaultProtocolClient:${JSON.stringify(['schuldesk', process.execPath, [resolve(appPath)]])}`);
    expect(electron.app.listeners.has('open-url')).toBe(true);
  });

  it('installed app: registers schuldesk:// plainly and ignores the test variables', async () => {
    reset(true);
    delete (process as { defaultApp?: boolean }).defaultApp;
    process.env.SCHULDESK_DATA_DIR = '/tmp/should-be-ignored';
    process.env.SCHULDESK_SKIP_PROTOCOL_REGISTRATION = '1';
    electron.app.isPackaged = true;
    try {
      await import('../../main/index');
    } finally {
      electron.app.isPackaged = false;
    }
    expect(state.calls).toEqual([
      'enableSandbox',
      'requestSingleInstanceLock',
      `registerSchemesAsPrivileged:${JSON.stringify([APP_SCHEME_DEFINITION])}`,
      `setAsDefaultProtocolClient:${JSON.stringify(['schuldesk'])}`,
    ]);
  });
});
