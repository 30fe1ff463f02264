// The portal API (main/api/portal.ts) through the real services of the browser shell against two
// test Moodles on 127.0.0.1: site check, password and SSO sign-in, several schools, logout,
// removal — and no result, event or error ever carries a token. No mocks: the browser shell has
// no Electron, so the vault is memory-only as in real use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortalMethods } from '../../preload/contract/portal';
import { fetchLogoDataUrl } from '../../main/portal/site-images';
import { SSO_ERROR_TEXTS } from '../../main/portal/sso';
import { HttpClient } from '../../main/net/http-client';
import { bootServices } from '../support/services-harness';
import type { ServiceDeps, Services } from '../../main/services';
import type { LoginWindowOptions } from '../../main/service-context';
import { createSchoolSeed, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';
import { startServer } from '../support/http-test-server';

type Call = <M extends keyof PortalMethods>(method: M, ...args: PortalMethods[M]['args']) => Promise<PortalMethods[M]['result']>;

let passwordSchool: TestMoodle;
let ssoSchool: TestMoodle;
let dir: string;
let services: Services;
let call: Call;
/** Everything that crossed the border: results, events, error payloads. Checked for tokens at the end of each test. */
let crossed: unknown[];

beforeAll(async () => {
  passwordSchool = await startTestMoodle({});
  const seed = createSchoolSeed({ typeOfLogin: 2 });
  seed.site.fullname = 'Gymnasium Nord';
  ssoSchool = await startTestMoodle({ seed, typeOfLogin: 2 });
});

afterAll(async () => {
  await passwordSchool.close();
  await ssoSchool.close();
});

async function boot(policy: Record<string, unknown> = {}, extra: Partial<ServiceDeps> = {}): Promise<void> {
  services = await bootServices({ ...extra, dataDir: dir, policy });
  services.events.subscribe((name, payload) => crossed.push({ name, payload }));
  const handlers = services.handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
  call = (async (method: string, ...args: unknown[]) => {
    try {
      const result = await handlers[method]?.(...args);
      crossed.push(result);
      return result;
    } catch (error) {
      crossed.push({ error: String(error), code: (error as { code?: unknown }).code });
      throw error;
    }
  }) as Call;
}

/** Calls, expecting a refusal; returns its code (and checks the German text is there). */
async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    expect(typeof message).toBe('string');
    expect(String(message).length).toBeGreaterThan(10);
    return String(code);
  }
  throw new Error('expected a refusal');
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schuldesk-portal-api-'));
  crossed = [];
  await boot();
});

afterEach(async () => {
  const everything = JSON.stringify(crossed);
  for (const school of [passwordSchool, ssoSchool]) {
    for (const username of ['student1', 'student2', 'teacher1']) {
      for (const token of school.state.tokensOf(username)) expect(everything).not.toContain(token);
      expect(everything).not.toContain(school.state.requireUser(username).privateAccessKey);
    }
  }
  expect(everything).not.toContain(SEED_PASSWORD);
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The user's part in the browser: open the launch URL, sign in on the portal's page; returns the schuldesk:// URL. */
async function logInOnPortalPage(launchUrl: string, username: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, form?: Record<string, string>) => {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    return { location: location ? new URL(location, url).toString() : null, html: await response.text() };
  };
  let url = launchUrl;
  let page = await send(url);
  for (let hop = 0; page.location && hop < 10; hop += 1) page = await send((url = page.location));
  const logintoken = /name="logintoken" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
  page = await send(url, { username, password: SEED_PASSWORD, logintoken, anchor: '' });
  for (let hop = 0; page.location && /^https?:/.test(page.location) && hop < 10; hop += 1) page = await send(page.location);
  expect(page.location).toMatch(/^schuldesk:\/\/token=/);
  return page.location ?? '';
}

describe('portal.presets and portal.checkSite', () => {
  it('presets come from policy; the check names the school and how to sign in', async () => {
    expect(await call('portal.presets')).toEqual({ portals: [], allowUserPortals: true, demo: null });
    const site = await call('portal.checkSite', `${passwordSchool.url}/login/index.php`);
    expect(site).toMatchObject({ siteUrl: passwordSchool.url, name: 'Testschule SchulDesk', loginType: 'password', maintenance: { enabled: false } });
    expect(await call('portal.checkSite', ssoSchool.url)).toMatchObject({ name: 'Gymnasium Nord', loginType: 'sso' });
  });

  it('refuses bad addresses, unreachable portals, maintenance and switched-off web services with their own codes', async () => {
    expect(await refusal(call('portal.checkSite', 'not a url ::'))).toBe('invalid-url');
    expect(await refusal(call('portal.checkSite', 'http://moodle.example.org'))).toBe('insecure-http');
    // A port on 127.0.0.1 nobody listens on (the school closed it a moment ago).
    const closed = await startTestMoodle({});
    const closedUrl = closed.url;
    await closed.close();
    expect(await refusal(call('portal.checkSite', closedUrl))).toBe('connection-failed');
    passwordSchool.state.setMaintenance(true, 'Bis 14 Uhr');
    try {
      const code = await refusal(call('portal.checkSite', passwordSchool.url));
      expect(code).toBe('maintenance');
      expect(JSON.stringify(crossed.at(-1))).toContain('Bis 14 Uhr');
    } finally {
      passwordSchool.state.setMaintenance(false);
    }
    passwordSchool.state.setWebServicesEnabled(false);
    try {
      expect(await refusal(call('portal.checkSite', passwordSchool.url))).toBe('webservices-disabled');
    } finally {
      passwordSchool.state.setWebServicesEnabled(true);
    }
  });

  it('a policy without user portals allows only its presets, also for signing in', async () => {
    await services.close();
    await boot({ portals: [{ name: 'Gymnasium Nord', url: ssoSchool.url }], allowUserPortals: false });
    expect(await call('portal.presets')).toEqual({ portals: [{ name: 'Gymnasium Nord', url: ssoSchool.url }], allowUserPortals: false, demo: null });
    expect(await call('portal.checkSite', ssoSchool.url)).toMatchObject({ name: 'Gymnasium Nord' });
    expect(await refusal(call('portal.checkSite', passwordSchool.url))).toBe('portal-not-allowed');
    expect(await refusal(call('portal.signInPassword', passwordSchool.url, 'student1', SEED_PASSWORD))).toBe('portal-not-allowed');
    expect((await call('portal.accounts')).accounts).toEqual([]);
  });
});

describe('password sign-in', () => {
  it('signs in, returns the account without a token and says sign-ins last until closing (browser shell)', async () => {
    const account = await call('portal.signInPassword', passwordSchool.url, ' student1 ', SEED_PASSWORD);
    expect(account).toMatchObject({ siteUrl: passwordSchool.url, siteName: 'Testschule SchulDesk', username: 'student1', fullName: 'Lena Müller', isCurrent: true, session: 'signed-in' });
    expect(Object.keys(account).sort()).toEqual(['fullName', 'id', 'isCurrent', 'lastUsedAt', 'session', 'siteName', 'siteUrl', 'username']);
    expect(passwordSchool.state.tokensOf('student1').length).toBeGreaterThan(0);
    const view = await call('portal.accounts');
    expect(view.accounts.map((a) => a.id)).toEqual([account.id]);
    expect(view.secrets).toEqual({ persistence: 'memory-only', reason: 'no-electron' }); // no text: the UI words the reason
    // The stored token works for the portal.
    const credentials = services.context.accounts.credentials(account.id);
    expect(passwordSchool.state.tokensOf('student1')).toContain(credentials?.token.reveal());
    // So does the file access key from site info (tokenpluginfile.php).
    expect(credentials?.privateAccessKey?.reveal()).toBe(passwordSchool.state.requireUser('student1').privateAccessKey);
    expect(crossed.some((entry) => (entry as { name?: string }).name === 'portal.accountsChanged')).toBe(true);
  });

  it('wrong password, suspended account and required password change each say so', async () => {
    expect(await refusal(call('portal.signInPassword', passwordSchool.url, 'student1', 'falsch'))).toBe('invalid-login');
    expect(await refusal(call('portal.signInPassword', passwordSchool.url, 'student4', SEED_PASSWORD))).toBe('invalid-login');
    expect(await refusal(call('portal.signInPassword', passwordSchool.url, 'student5', SEED_PASSWORD))).toBe('password-change-required');
    expect((await call('portal.accounts')).accounts).toEqual([]);
  });
});

describe('SSO in the browser shell', () => {
  it('start → portal page → callback → account; the same callback again and a forged one are refused', async () => {
    const started = await call('portal.startSso', ssoSchool.url);
    expect(started.mode).toBe('browser-tab');
    if (started.mode !== 'browser-tab') return;
    expect(started.url.startsWith(`${ssoSchool.url}/admin/tool/mobile/launch.php?`)).toBe(true);
    const callback = await logInOnPortalPage(started.url, 'student2');

    const account = await call('portal.completeSso', callback);
    expect(account).toMatchObject({ siteUrl: ssoSchool.url, siteName: 'Gymnasium Nord', username: 'student2', fullName: 'Jonas Schmidt', isCurrent: true, session: 'signed-in' });
    expect(crossed).toContainEqual({ name: 'portal.ssoFinished', payload: { ok: true, account } });
    expect(services.context.accounts.credentials(account.id)?.privateAccessKey?.reveal()).toBe(ssoSchool.state.requireUser('student2').privateAccessKey);

    expect(await refusal(call('portal.completeSso', callback))).toBe('sso-replayed');

    // Same shape, a signature of a launch SchulDesk never started.
    const forged = `schuldesk://token=${Buffer.from(`${'0'.repeat(32)}:::${'a'.repeat(32)}`).toString('base64')}`;
    expect(await refusal(call('portal.completeSso', forged))).toBe('sso-no-pending-launch');
    await call('portal.startSso', ssoSchool.url);
    expect(await refusal(call('portal.completeSso', forged))).toBe('sso-signature-mismatch');
    expect(await refusal(call('portal.completeSso', 'schuldesk://token=nicht-base64!'))).toBe('sso-malformed');
    expect(crossed).toContainEqual({ name: 'portal.ssoFinished', payload: expect.objectContaining({ ok: false, code: 'sso-malformed' }) });
    expect((await call('portal.accounts')).accounts).toHaveLength(1);
  });

  it('says why a callback is refused: a code for the UI (the renderer translates), German text only in main\'s log message', async () => {
    const forged = `schuldesk://token=${Buffer.from(`${'0'.repeat(32)}:::${'a'.repeat(32)}`).toString('base64')}`;
    const refusal = async () => {
      try {
        await call('portal.completeSso', forged);
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('a forged callback was accepted');
    };
    await call('portal.startSso', ssoSchool.url);
    expect(await refusal()).toMatchObject({ code: 'sso-signature-mismatch', message: SSO_ERROR_TEXTS['sso-signature-mismatch'].de });
    // The event carries the code and no prose, whatever the app's language.
    expect(crossed).toContainEqual({ name: 'portal.ssoFinished', payload: { ok: false, code: 'sso-signature-mismatch' } });
    expect(JSON.stringify((crossed as { name: string }[]).filter((event) => event.name === 'portal.ssoFinished'))).not.toContain(SSO_ERROR_TEXTS['sso-signature-mismatch'].de);
  });
});

describe('SSO with a login window (the Electron port; the window itself stands in for Electron)', () => {
  it('opens the launch page in the window, completes from its callback, closes it and reports the result as an event', async () => {
    await services.close();
    const opened: { url: string; options: LoginWindowOptions }[] = [];
    let closed = 0;
    await boot({}, { openLoginWindow: (url, options) => (opened.push({ url, options }), { close: () => void (closed += 1) }) });
    expect(await call('portal.startSso', ssoSchool.url)).toEqual({ mode: 'window' });
    expect(opened).toHaveLength(1);
    const callback = await logInOnPortalPage(opened[0]?.url ?? '', 'teacher1');
    // What main/electron/login-window.ts does with the window's schuldesk:// URL: its one outcome.
    opened[0]?.options.onOutcome({ kind: 'callback', url: callback });
    const finished = () => crossed.find((entry): entry is { name: string; payload: { ok: boolean; account: unknown } } => (entry as { name?: string }).name === 'portal.ssoFinished');
    await vi.waitFor(() => expect(finished()).toBeDefined());
    expect(finished()?.payload).toMatchObject({ ok: true, account: { fullName: 'Sabine Becker', siteName: 'Gymnasium Nord', isCurrent: true } });
    // The window closed itself on its callback (LoginWindowGuard), before the round trip: nothing left for the app to close.
    expect(closed).toBe(0);
  });

  it('a forged, damaged, replayed or outside callback leaves the login window open; its own callback ends its launch, also when expired', async () => {
    await services.close();
    const windows: { url: string; closed: number; options: LoginWindowOptions }[] = [];
    let clockOffset = 0;
    await boot({}, {
      now: () => Date.now() + clockOffset,
      openLoginWindow: (launchUrl, options) => {
        const window = { url: launchUrl, closed: 0, options };
        windows.push(window);
        return { close: () => void (window.closed += 1) };
      },
    });
    const open = async () => {
      await call('portal.startSso', ssoSchool.url);
      const window = windows.at(-1);
      if (!window) throw new Error('no login window opened');
      return window;
    };

    const outcomes = () => crossed.filter((entry) => (entry as { name?: string }).name === 'portal.ssoFinished').length;
    /** The window's own callback (main/electron/login-window.ts → onOutcome); resolves once it was handled. */
    const viaWindow = async (window: { options: LoginWindowOptions }, url: string) => {
      const before = outcomes();
      window.options.onOutcome({ kind: 'callback', url });
      await vi.waitFor(() => expect(outcomes()).toBe(before + 1));
      return crossed.filter((entry) => (entry as { name?: string }).name === 'portal.ssoFinished').at(-1) as { payload: { ok: boolean; code?: string } };
    };
    const first = await open();
    const firstCallback = await logInOnPortalPage(first.url, 'student2');
    expect((await viaWindow(first, firstCallback)).payload.ok).toBe(true);

    // The user signs in at the school again; meanwhile stray links arrive (as deep links from the OS would).
    const second = await open();
    const forged = `schuldesk://token=${Buffer.from(`${'0'.repeat(32)}:::${'a'.repeat(32)}`).toString('base64')}`;
    expect(await refusal(call('portal.completeSso', forged))).toBe('sso-signature-mismatch');
    expect(await refusal(call('portal.completeSso', 'schuldesk://token=nicht-base64!'))).toBe('sso-malformed');
    // A launch shown in the window completes only there: its callback from outside (a deep link) belongs to no launch.
    expect(await refusal(call('portal.completeSso', firstCallback))).toBe('sso-signature-mismatch');
    const secondCallback = await logInOnPortalPage(second.url, 'teacher1');
    expect(await refusal(call('portal.completeSso', secondCallback))).toBe('sso-signature-mismatch');
    expect(second.closed).toBe(0);
    // …and the genuine sign-in in that window still completes, and closes it.
    expect((await viaWindow(second, secondCallback)).payload).toMatchObject({ ok: true, account: { fullName: 'Sabine Becker' } });

    // A launch's own callback after its lifetime ends that launch: refused, and its window closed.
    const third = await open();
    const late = await logInOnPortalPage(third.url, 'student1');
    clockOffset += 11 * 60 * 1000;
    expect((await viaWindow(third, late)).payload).toMatchObject({ ok: false, code: 'sso-expired' });
    // Each window closed itself on its callback; the app never had to (stray links closed none).
    expect(windows.map((window) => window.closed)).toEqual([0, 0, 0]);
  });
});

describe('several schools', () => {
  it('two schools: switch, logout keeps the account, remove deletes it', async () => {
    const lena = await call('portal.signInPassword', passwordSchool.url, 'student1', SEED_PASSWORD);
    const started = await call('portal.startSso', ssoSchool.url);
    if (started.mode !== 'browser-tab') throw new Error('browser shell expected');
    const jonas = await call('portal.completeSso', await logInOnPortalPage(started.url, 'student2'));

    let view = await call('portal.accounts');
    expect(view.accounts.map((a) => [a.fullName, a.siteName, a.isCurrent])).toEqual([
      ['Jonas Schmidt', 'Gymnasium Nord', true],
      ['Lena Müller', 'Testschule SchulDesk', false],
    ]);

    view = await call('portal.switchAccount', lena.id);
    expect(view.accounts.find((a) => a.isCurrent)?.id).toBe(lena.id);
    expect(services.context.accounts.current()?.id).toBe(lena.id);

    view = await call('portal.logout', lena.id);
    expect(view.accounts.find((a) => a.id === lena.id)).toMatchObject({ session: 'signed-out', isCurrent: false });
    expect(services.context.accounts.credentials(lena.id)).toBeNull();

    // Signing in again as the same user updates the account instead of adding one.
    const again = await call('portal.signInPassword', passwordSchool.url, 'student1', SEED_PASSWORD);
    expect(again.id).toBe(lena.id);

    view = await call('portal.removeAccount', jonas.id);
    expect(view.accounts.map((a) => a.id)).toEqual([lena.id]);
    expect(await refusal(call('portal.switchAccount', jonas.id))).toBe('account-not-found');
  });

  it('needs-reauth shows in the view when the portal rejected the token', async () => {
    const lena = await call('portal.signInPassword', passwordSchool.url, 'student1', SEED_PASSWORD);
    services.context.accounts.markNeedsReauth(lena.id);
    expect((await call('portal.accounts')).accounts[0]).toMatchObject({ id: lena.id, session: 'needs-reauth' });
  });
});

describe('the portal logo for step 2', () => {
  it('comes as a data: URL from the portal’s own origin; pages, huge files, failures and other hosts give none', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0c2b2d50000000049454e44ae426082', 'hex');
    const portal = await startServer((req, res) => {
      if (req.url === '/logo.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else if (req.url === '/page') res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Anmeldung</p>');
      else if (req.url === '/huge.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(400 * 1024));
      else res.writeHead(404).end();
    });
    const other = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    const http = new HttpClient({ sleep: async () => {}, random: () => 0.5 });
    try {
      expect(await fetchLogoDataUrl(http, portal.url, `${portal.url}/logo.png`)).toBe(`data:image/png;base64,${png.toString('base64')}`);
      expect(await fetchLogoDataUrl(http, portal.url, `${portal.url}/page`)).toBeNull();
      expect(await fetchLogoDataUrl(http, portal.url, `${portal.url}/huge.png`)).toBeNull();
      expect(await fetchLogoDataUrl(http, portal.url, `${portal.url}/missing.png`)).toBeNull();
      expect(await fetchLogoDataUrl(http, portal.url, `${other.url}/logo.png`)).toBeNull();
      expect(other.requests).toHaveLength(0);
      expect(await fetchLogoDataUrl(http, portal.url, null)).toBeNull();
    } finally {
      await portal.close();
      await other.close();
    }
  });
});
