// Identity providers as sign-in choices, through the real services against the test
// Moodle with an auth_oauth2 issuer and its OIDC test IdP over https (a test CA in the policy's
// trustedCaCertificates): one provider per issuer with its icon fetched by main, launches with
// oauthsso, every way a login window can end turned into a message in German and English,
// the launch's expiry closing the window, typeoflogin 2 through the system browser port.
// The login window is the one stand-in (no Electron here): the port records what it was given and
// the test reports outcomes as main/electron/login-window.ts would, after walking the real chain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PortalMethods, SsoFinishedEvent } from '../../preload/contract/portal';
import { formatError, SSO_ERROR_TEXTS } from '../../preload/contract/errors';
import type { LoginWindowOutcome } from '../../main/security/login-window';
import { createServices } from '../../main/services';
import type { ServiceDeps, Services } from '../../main/services';
import type { LoginWindowOptions } from '../../main/service-context';
import { IDP_LOGO_PNG, IDP_PASSWORD, startTestIdp, startTestMoodle } from '../fixtures/moodle/index';
import type { TestIdp, TestMoodle } from '../fixtures/moodle/index';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import type { TestCertificates } from '../support/http-tls-certs';
import { formFields, Window } from './sso-window';

type Call = <M extends keyof PortalMethods>(method: M, ...args: PortalMethods[M]['args']) => Promise<PortalMethods[M]['result']>;

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: the identity-provider API test needs a test CA and is skipped.');

interface OpenedWindow {
  url: string;
  options: LoginWindowOptions;
  closedByApp: number;
}

describe.skipIf(!opensslAvailable)('sign-in through the school’s identity provider (portal API)', () => {
  let certs: TestCertificates;
  let idp: TestIdp;
  let moodle: TestMoodle;
  let issuerId = 0;
  let dir: string;
  let services: Services | null = null;
  let call: Call;
  let finished: SsoFinishedEvent[];
  let windows: OpenedWindow[];

  beforeAll(async () => {
    certs = makeTestCertificates();
    idp = await startTestIdp({ tls: certs.valid });
    moodle = await startTestMoodle({ typeOfLogin: 1 });
    moodle.state.site.fullname = 'Gesamtschule am Rosenberg';
    issuerId = moodle.state.addOAuth2Issuer({ name: idp.name, baseUrl: idp.url, clientId: idp.clientId, clientSecret: idp.clientSecret }).id;
  });
  afterAll(async () => {
    await moodle?.close();
    await idp?.close();
  });

  async function boot(policy: Record<string, unknown> = {}, extra: Partial<ServiceDeps> = {}): Promise<void> {
    await services?.close();
    finished = [];
    windows = [];
    services = await createServices({
      openLoginWindow: (url, options) => {
        const opened: OpenedWindow = { url, options, closedByApp: 0 };
        windows.push(opened);
        return { close: () => void (opened.closedByApp += 1) };
      },
      ...extra,
      shell: 'browser',
      appVersion: '0.0.0-test',
      dataDir: dir,
      policySources: [{ kind: 'test', location: 'test-policy', read: () => Promise.resolve([{ location: 'test-policy', data: { trustedCaCertificates: [certs.caCert], ...policy } }]) }],
    });
    services.events.subscribe((name, payload) => {
      if (name === 'portal.ssoFinished') finished.push(payload as SsoFinishedEvent);
    });
    const handlers = services.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
    call = (async (method: string, ...args: unknown[]) => handlers[method]?.(...args)) as Call;
  }

  async function codeOf(work: Promise<unknown>): Promise<string> {
    try {
      await work;
    } catch (error) {
      return String((error as { code?: unknown }).code);
    }
    throw new Error('expected a refusal');
  }

  /** What the Electron window does: walk the real chain through LoginWindowGuard, report its outcome. */
  async function studentSignsInAtIdp(opened: OpenedWindow, username: string): Promise<LoginWindowOutcome | null> {
    const window = new Window(certs.caCert, opened.options.rules.portalOrigin, [...opened.options.rules.identityProviderOrigins]);
    const form = await window.open(opened.url, 'load');
    if (window.outcome) {
      opened.options.onOutcome(window.outcome);
      return window.outcome;
    }
    await window.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username, password: IDP_PASSWORD });
    if (window.outcome) opened.options.onOutcome(window.outcome);
    return window.outcome;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-sso-providers-'));
    await boot();
  });
  afterEach(async () => {
    await services?.close();
    services = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('the site check offers one button per provider: name, id and the icon as a data: URL fetched by main', async () => {
    const site = await call('portal.checkSite', moodle.url);
    expect(site.loginType).toBe('both');
    expect(site.identityProviders).toEqual([{ id: issuerId, name: 'Schul-Login (Test-IdP)', iconDataUrl: `data:image/png;base64,${IDP_LOGO_PNG.toString('base64')}` }]);
    expect(idp.requests).toContain('GET /logo.png');
  });

  it('no icon from an IdP outside the policy list or one whose certificate is not trusted; the button stays', async () => {
    await boot({ ssoIdentityProviderOrigins: ['https://login.land.example'] });
    expect((await call('portal.checkSite', moodle.url)).identityProviders).toEqual([{ id: issuerId, name: 'Schul-Login (Test-IdP)', iconDataUrl: null }]);
    // A second provider whose certificate is self-signed (not under the policy's CA): no icon, still a button.
    await boot();
    const selfSigned = await startTestIdp({ tls: certs.selfSigned, name: 'Landeslogin (selbst signiert)' });
    const second = moodle.state.addOAuth2Issuer({ name: selfSigned.name, baseUrl: selfSigned.url, clientId: selfSigned.clientId, clientSecret: selfSigned.clientSecret });
    try {
      expect((await call('portal.checkSite', moodle.url)).identityProviders).toEqual([
        { id: issuerId, name: 'Schul-Login (Test-IdP)', iconDataUrl: `data:image/png;base64,${IDP_LOGO_PNG.toString('base64')}` },
        { id: second.id, name: 'Landeslogin (selbst signiert)', iconDataUrl: null },
      ]);
    } finally {
      moodle.state.oauth2Issuers.delete(second.id);
      await selfSigned.close();
    }
  });

  it('a provider button opens the login window at launch.php with oauthsso; the callback signs in and nothing else is said', async () => {
    expect(await call('portal.startSso', moodle.url, issuerId)).toEqual({ mode: 'window' });
    const opened = windows[0];
    if (!opened) throw new Error('no window');
    expect(opened.url).toMatch(new RegExp(`^${moodle.url}/admin/tool/mobile/launch\\.php\\?service=moodle_mobile_app&passport=[0-9a-f]{64}&urlscheme=schuldesk&oauthsso=${issuerId}$`));
    expect(opened.options.rules).toEqual({ portalOrigin: moodle.url, identityProviderOrigins: [] });
    expect((await studentSignsInAtIdp(opened, 'student3'))?.kind).toBe('callback');
    await expect.poll(() => finished.length).toBe(1);
    expect(finished[0]).toMatchObject({ ok: true, account: { username: 'student3', fullName: 'Aylin Yıldız', siteName: 'Gesamtschule am Rosenberg' } });
    expect(opened.closedByApp).toBe(0); // it closed itself on the callback
    expect((await call('portal.accounts')).accounts.map((account) => account.username)).toEqual(['student3']);
  });

  it('an unknown provider id is refused before any window; a provider switched off since the check likewise', async () => {
    expect(await codeOf(call('portal.startSso', moodle.url, 999999))).toBe('sso-provider-unknown');
    moodle.state.setOAuth2IssuerEnabled(issuerId, false);
    try {
      expect(await codeOf(call('portal.startSso', moodle.url, issuerId))).toBe('sso-provider-unknown');
    } finally {
      moodle.state.setOAuth2IssuerEnabled(issuerId, true);
    }
    expect(windows).toEqual([]);
  });

  it('each way a window ends without a token gets its message, German and English', async () => {
    const cases: [LoginWindowOutcome, string, string | null][] = [
      [{ kind: 'closed' }, 'sso-window-closed', null],
      [{ kind: 'provider-unavailable' }, 'sso-provider-unknown', null],
      [{ kind: 'launch-refused', status: 404 }, 'sso-launch-refused', null],
      [{ kind: 'origin-refused', origin: 'https://evil.example' }, 'sso-idp-not-allowed', 'https://evil.example'],
      [{ kind: 'certificate-error', origin: idp.url, error: 'net::ERR_CERT_AUTHORITY_INVALID' }, 'sso-idp-certificate', idp.url],
      [{ kind: 'load-failed', origin: idp.url, errorCode: -102 }, 'sso-load-failed', idp.url],
    ];
    for (const language of ['de', 'en'] as const) {
      services?.settings.set('language', language);
      for (const [outcome, code, origin] of cases) {
        finished = [];
        await call('portal.startSso', moodle.url, issuerId);
        windows.at(-1)?.options.onOutcome(outcome);
        // Main sends the code (and the origin as a parameter); the renderer makes the text in the UI language.
        expect(finished).toEqual([origin ? { ok: false, code, params: { origin } } : { ok: false, code }]);
        const text = SSO_ERROR_TEXTS[code as keyof typeof SSO_ERROR_TEXTS][language];
        const event = finished[0];
        if (!event || event.ok) throw new Error('no failure');
        expect(formatError(event, language)).toBe(origin ? `${text} ${language === 'de' ? 'Adresse:' : 'Address:'} ${origin}` : text);
      }
    }
  });

  it('the IdP over https with a certificate the policy does not trust: the window’s certificate error becomes the message', async () => {
    await boot({ trustedCaCertificates: [] });
    await call('portal.startSso', moodle.url, issuerId);
    // What Chromium reports when the verify proc (no policy CA) refuses the IdP's chain.
    windows[0]?.options.onOutcome({ kind: 'certificate-error', origin: idp.url, error: 'net::ERR_CERT_AUTHORITY_INVALID' });
    expect(finished).toEqual([{ ok: false, code: 'sso-idp-certificate', params: { origin: idp.url } }]);
  });

  it('the policy list reaches the window; an IdP outside it ends the chain with the refused origin', async () => {
    await boot({ ssoIdentityProviderOrigins: ['https://login.land.example'] });
    await call('portal.startSso', moodle.url, issuerId);
    const opened = windows[0];
    if (!opened) throw new Error('no window');
    expect(opened.options.rules.identityProviderOrigins).toEqual(['https://login.land.example']);
    expect(await studentSignsInAtIdp(opened, 'student3')).toEqual({ kind: 'origin-refused', origin: idp.url });
    expect(finished).toEqual([{ ok: false, code: 'sso-idp-not-allowed', params: { origin: idp.url } }]);
  });

  it('a new launch closes the old window without a message; the launch running out closes its window and says so', async () => {
    await boot({}, { ssoLaunchTtlMs: 300 });
    await call('portal.startSso', moodle.url, issuerId);
    await call('portal.startSso', moodle.url);
    expect(windows.map((window) => window.closedByApp)).toEqual([1, 0]);
    windows[0]?.options.onOutcome({ kind: 'closed' }); // Electron's `closed` of the window the app closed
    expect(finished).toEqual([]);
    await expect.poll(() => finished.length, { timeout: 5000 }).toBe(1);
    expect(finished[0]).toEqual({ ok: false, code: 'sso-expired' });
    expect(windows[1]?.closedByApp).toBe(1);
  });

  it('typeoflogin 2: the system browser opens the launch; the deep link completes it; a browser that fails says so', async () => {
    const opened: string[] = [];
    await boot({}, { openSystemBrowser: async (url) => void opened.push(url) });
    moodle.state.setTypeOfLogin(2);
    try {
      expect((await call('portal.checkSite', moodle.url)).loginType).toBe('sso');
      expect(await call('portal.startSso', moodle.url, issuerId)).toEqual({ mode: 'system-browser' });
      expect(windows).toEqual([]);
      expect(opened[0]).toContain(`&oauthsso=${issuerId}`);
      // The system browser walks the chain; the OS hands schuldesk:// back (main/electron/deep-links.ts → completeSso).
      const browser = new Window(certs.caCert, moodle.url, []);
      const form = await browser.open(opened[0] ?? '', 'load');
      await browser.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username: 'student3', password: IDP_PASSWORD });
      expect(await call('portal.completeSso', browser.callbacks[0] ?? '')).toMatchObject({ username: 'student3' });
      await boot({}, { openSystemBrowser: () => Promise.reject(new Error('no browser')) });
      expect(await codeOf(call('portal.startSso', moodle.url, issuerId))).toBe('sso-system-browser-failed');
    } finally {
      moodle.state.setTypeOfLogin(1);
    }
  });

  it('typeoflogin 2 on a shared device: the login window with its fresh session, never the system browser (its IdP session may be the previous student’s)', async () => {
    const opened: string[] = [];
    await boot({ sharedDevice: true }, { openSystemBrowser: async (url) => void opened.push(url) });
    moodle.state.setTypeOfLogin(2);
    try {
      expect(await call('portal.startSso', moodle.url, issuerId)).toEqual({ mode: 'window' });
      expect(opened).toEqual([]);
      expect(windows).toHaveLength(1);
      expect(await studentSignsInAtIdp(windows[0] as OpenedWindow, 'student3')).toMatchObject({ kind: 'callback' });
      await expect.poll(() => finished.at(-1), { timeout: 5000 }).toMatchObject({ ok: true, account: { username: 'student3' } });
    } finally {
      moodle.state.setTypeOfLogin(1);
    }
  });
});
