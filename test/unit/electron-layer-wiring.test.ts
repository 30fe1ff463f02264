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
 * Over 400 lines on purpose: one fake Electron boot shared by every wiring case of main/index.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { screenRequest, screenWithAudioRequest } from '../fixtures/electron/electron45-shapes';
import { API_METHOD_NAMES, EVENT_CHANNEL, methodChannel } from '../../preload/api';
import { APP_SCHEME_DEFINITION } from '../../main/security/app-scheme';
import { APP_ENTRY_URL } from '../../main/security/origins';
import { partitionFor, WINDOW_KINDS, webPreferencesFor } from '../../main/security/window-policy';
import { IDP_PASSWORD, startTestIdp, startTestMoodle } from '../fixtures/moodle/index';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { formFields, Window } from '../integration/sso-window';
import type { TestCertificates } from '../support/http-tls-certs';
import type { FakeSession, FakeWebContents } from '../support/fake-electron';

const fake = await vi.hoisted(() => import('../support/fake-electron'));

vi.mock('electron', () => fake.electronModule);

const { state, electron } = fake;
// No dialog answer queued: "Abbrechen" (the second button of the external-page warning).
state.dialogAnswer = 1;

const REPO = join(import.meta.dirname, '..', '..');
const TOKEN_PAYLOAD = Buffer.from('ffb7da8db9c056a103fcc4ab13455148:::SECRETTOKEN0123456789abcdef012345').toString('base64');
const logs: string[] = [];
let base = '';
/** A private CA in the policy's trustedCaCertificates and a leaf for 127.0.0.1 it issued (openssl CLI). */
const certs: TestCertificates | null = hasOpenssl() ? makeTestCertificates() : null;

function mainWindow() {
  const window = state.windows[0];
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

/** `initiatorOrigin`: the event's `initiator` WebFrameMain (electron.d.ts), here only its `origin`. */
function navigate(contents: FakeWebContents, event: 'will-frame-navigate' | 'will-navigate' | 'will-redirect', url: string, isMainFrame = true, initiatorOrigin?: string): boolean {
  let prevented = false;
  contents.emit(event, { url, isMainFrame, ...(initiatorOrigin !== undefined ? { initiator: { origin: initiatorOrigin } } : {}), preventDefault: () => (prevented = true) });
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
    const shownBefore = window.shown; // the queued deep link already brought it forward
    window.emit('ready-to-show');
    expect(window.shown).toBe(shownBefore + 1);
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
    const before = mainWindow().shown;
    electron.app.emit('second-instance', {}, ['/opt/SchulDesk/schuldesk', '--flag', `schuldesk://token=${TOKEN_PAYLOAD}`], '/');
    expect(mainWindow().shown).toBeGreaterThan(before);
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
    // Electron 45 screen capture (getDisplayMedia or legacy chromeMediaSource): display-capture, ['video'(, 'audio')].
    for (const shape of [screenRequest('app://schuldesk/index.html'), screenWithAudioRequest('app://schuldesk/index.html')]) expect(request(main, contents, shape.permission, shape.details)).toBe(false);
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
    // Electron 45: the callback takes `Streams | null`; refusing is null ({} would throw inside Electron).
    expect(streams).toBeNull();
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

    const forbidden = { ok: false, error: { code: 'forbidden' } };
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

  it.skipIf(certs === null)('SSO login window: the IdP redirect passes, a scripted schuldesk: click is caught on will-frame-navigate, the window closes before the sign-in', async () => {
    const idp = await startTestIdp({ tls: certs?.valid });
    const moodle = await startTestMoodle({ typeOfLogin: 1 });
    const issuer = moodle.state.addOAuth2Issuer({ name: idp.name, baseUrl: idp.url, clientId: idp.clientId, clientSecret: idp.clientSecret });
    const top = { url: 'app://schuldesk/index.html', parent: null };
    const finished = () =>
      mainContents()
        .sent.filter(([channel, message]) => channel === EVENT_CHANNEL && (message as { name: string }).name === 'portal.ssoFinished')
        .map(([, message]) => (message as { payload: unknown }).payload);
    try {
      expect(await invoke(methodChannel('portal.startSso'), mainContents(), top, moodle.url, issuer.id)).toEqual({ ok: true, result: { mode: 'window' } });
      const login = state.windows.at(-1);
      if (!login || login === mainWindow()) throw new Error('no login window');
      // A fresh in-memory session per login window (nothing of an earlier sign-in, no race with its clearing),
      // guarded like every session (the policy's trusted CAs through the verify proc).
      const loginPartition = login.options.webPreferences.partition;
      expect(loginPartition).toMatch(/^schuldesk-login-[0-9a-f-]{36}$/);
      expect(login.options.webPreferences).toEqual({ ...webPreferencesFor('portal', { packaged: false }), partition: loginPartition });
      expect(sessionOf(loginPartition).verifyProc).toBeTypeOf('function');
      // A client certificate (electron.d.ts: unprevented = the store's first one): the portal yes, any other site none.
      const certificateAsked = (url: string) => {
        const answer = { prevented: false, given: [] as unknown[][] };
        login.webContents.emit('select-client-certificate', { preventDefault: () => (answer.prevented = true) }, url, [{ subjectName: 'Schüler-Gerät 17' }], (...given: unknown[]) => answer.given.push(given));
        return answer;
      };
      expect(certificateAsked(`${moodle.url}/login/index.php`)).toEqual({ prevented: false, given: [] });
      expect(certificateAsked('https://tracker.example/')).toEqual({ prevented: true, given: [[]] });
      expect(certificateAsked(`${new URL(idp.url).host}`)).toEqual({ prevented: true, given: [[]] });
      expect(login.loaded[0]).toMatch(new RegExp(`^${moodle.url}/admin/tool/mobile/launch\\.php\\?service=moodle_mobile_app&passport=[0-9a-f]{64}&urlscheme=schuldesk&oauthsso=${issuer.id}$`));

      // The real chain over HTTP(S) (the fake has no network): it yields the callback the window would see.
      const chain = new Window(certs?.caCert ?? '', moodle.url, []);
      const form = await chain.open(login.loaded[0] ?? '', 'load');
      await chain.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username: 'student3', password: IDP_PASSWORD });
      const callback = chain.callbacks[0] ?? '';
      expect(callback).toMatch(/^schuldesk:\/\/token=/);

      // Electron's events on the login window: Moodle → IdP (another origin, not in any allowlist) passes…
      const contents = login.webContents;
      const authorize = chain.hops.find((hop) => hop.url.startsWith(`${idp.url}/authorize`))?.url ?? '';
      expect(navigate(contents, 'will-redirect', `${moodle.url}/auth/oauth2/login.php?id=${issuer.id}`)).toBe(false);
      expect(navigate(contents, 'will-redirect', authorize)).toBe(false);
      contents.emit('did-navigate', {}, authorize, 200, 'OK');
      // The page's own <title> does not replace SchulDesk's, which names the host shown (no address bar).
      let titlePrevented = false;
      login.emit('page-title-updated', { preventDefault: () => (titlePrevented = true) }, 'Schul-Login', true);
      expect(titlePrevented).toBe(true);
      expect(login.title).toBe(`SchulDesk – Sign-in – ${new URL(idp.url).host}`);
      expect(navigate(contents, 'will-frame-navigate', `${idp.url}/authorize`)).toBe(false);
      expect(navigate(contents, 'will-navigate', `${idp.url}/authorize`)).toBe(false);
      expect(navigate(contents, 'will-frame-navigate', 'http://127.0.0.1:9/elsewhere')).toBe(true);
      // A schuldesk: click on the IdP's page is not the portal's: cancelled, ignored, the window stays.
      expect(navigate(contents, 'will-frame-navigate', callback, true, idp.url)).toBe(true);
      expect(login.hidden).toBe(false);
      // Back to Moodle (redirects) and its iOS / confirmed=1 page…
      const confirmed = `${moodle.url}/admin/tool/mobile/launch.php?confirmed`;
      expect(navigate(contents, 'will-redirect', `${moodle.url}/admin/oauth2callback.php?code=c&state=s`)).toBe(false);
      expect(navigate(contents, 'will-redirect', confirmed)).toBe(false);
      contents.emit('did-navigate', {}, confirmed, 200, 'OK');
      // A cross-origin subframe of that page navigating the top (<a target=_top>): its initiator is not the portal.
      expect(navigate(contents, 'will-frame-navigate', callback, true, 'https://widget.example')).toBe(true);
      expect(login.hidden).toBe(false);
      // …whose scripted click on schuldesk: is cancelled, the window hidden at once, handed over once.
      expect(navigate(contents, 'will-frame-navigate', callback, true, moodle.url)).toBe(true);
      expect(login.hidden).toBe(true);
      expect(navigate(contents, 'will-navigate', callback)).toBe(true);
      expect(contents.windowOpenHandler?.({ url: callback })).toEqual({ action: 'deny' });
      await flush();
      expect(login.destroyed).toBe(true);
      await vi.waitFor(() => expect(finished()).toContainEqual({ ok: true, account: expect.objectContaining({ username: 'student3', isCurrent: true }) }), { timeout: 10_000 });
      expect(finished().filter((payload) => (payload as { ok: boolean }).ok)).toHaveLength(1);
      expect(logs.join('\n')).not.toContain(callback.slice('schuldesk://token='.length));

      // A second window the student closes: main sends the code, the renderer says it in the UI language.
      await invoke(methodChannel('portal.startSso'), mainContents(), top, moodle.url, issuer.id);
      const second = state.windows.at(-1);
      const secondPartition = second?.options.webPreferences.partition ?? '';
      expect(secondPartition).not.toBe(loginPartition);
      expect(secondPartition.startsWith('persist:')).toBe(false);
      // The first window's session was wiped when it closed: storage, HTTP cache, HTTP auth cache.
      expect(sessionOf(loginPartition).cleared).toEqual(['storage', 'cache', 'auth-cache']);
      second?.destroy();
      await vi.waitFor(() => expect(finished().at(-1)).toEqual({ ok: false, code: 'sso-window-closed' }));
      // A third whose IdP certificate Chromium refused.
      await invoke(methodChannel('portal.startSso'), mainContents(), top, moodle.url, issuer.id);
      const third = state.windows.at(-1);
      third?.webContents.emit('certificate-error', { preventDefault: () => undefined }, authorize, 'net::ERR_CERT_AUTHORITY_INVALID', {}, () => undefined, true);
      expect(third?.hidden).toBe(true);
      await vi.waitFor(() => expect(finished().at(-1)).toEqual({ ok: false, code: 'sso-idp-certificate', params: { origin: idp.url } }));
    } finally {
      await moodle.close();
      await idp.close();
    }
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
