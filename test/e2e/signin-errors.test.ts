/**
 * Every problem of signing in, as the student sees it in Chromium (browser shell + test Moodles on
 * 127.0.0.1): the exact German text next to the field it belongs to, the field marked invalid and
 * pointing at it with aria-describedby, focus on the field or the message, axe on each state.
 *
 * Address step: not a Moodle (a plain web server), web services off, mobile service off, maintenance
 * (with the portal's own message), unreachable (a closed port), TLS (a self-signed certificate),
 * a redirect to another host (named), a portal the school's policy does not admit.
 * Login step: wrong password, suspended account (Moodle's token.php cannot tell it from a wrong
 * password, so the message says both and the hint names the lock), password change required.
 * SSO: forged callbacks pasted into the browser shell's callback field (damaged, wrong signature)
 * leave the genuine launch usable; an expired launch and a callback nobody asked for.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { PORTAL_ERROR_TEXTS } from '../../main/portal/errors';
import type { PortalErrorCode } from '../../main/portal/errors';
import { SSO_ERROR_TEXTS } from '../../main/portal/sso';
import type { SsoErrorCode } from '../../main/portal/sso';
import { DATABASE_FILE_NAME } from '../../main/services';
import { openDatabase } from '../../main/store/database';
import { APP_MIGRATIONS } from '../../main/store/migrations';
import { de } from '../../renderer/i18n/de';
import { createSchoolSeed, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { startHttpsServer, startServer } from '../support/http-test-server';
import type { TestServer } from '../support/http-test-server';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { descriptionOf, focusedId, openApp } from './page-helpers';

const texts = de.portal;
const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: the e2e TLS case is skipped (the TLS mapping has integration tests).');

/** The German text of a portal error as main sends it (PORTAL_ERROR_TEXTS). */
const portalText = (code: PortalErrorCode): string => PORTAL_ERROR_TEXTS[code].de;
const ssoText = (code: SsoErrorCode): string => SSO_ERROR_TEXTS[code].de;

let school: TestMoodle;
let ssoSchool: TestMoodle;

beforeAll(async () => {
  school = await startTestMoodle({});
  const seed = createSchoolSeed({ typeOfLogin: 2 });
  seed.site.fullname = 'Gymnasium Nord';
  ssoSchool = await startTestMoodle({ seed, typeOfLogin: 2 });
});

afterAll(async () => {
  await school.close();
  await ssoSchool.close();
});

/** A port on 127.0.0.1 nobody listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `schuldesk://token=…` as Moodle's launch.php builds it: base64(md5(wwwroot + passport) ":::" token). */
function ssoCallback(siteUrl: string, passport: string, token: string): string {
  const signature = createHash('md5').update(siteUrl + passport).digest('hex');
  return `schuldesk://token=${Buffer.from(`${signature}:::${token}`).toString('base64')}`;
}

/** The passport of the launch the page offers (its link to the school's launch page). */
async function launchPassport(page: Page): Promise<string> {
  const href = (await page.getByTestId('signin-sso-link').getAttribute('href')) ?? '';
  const passport = new URL(href).searchParams.get('passport');
  if (!passport) throw new Error(`no passport in the launch link ${href}`);
  return passport;
}

async function submitAddress(page: Page, address: string): Promise<void> {
  await page.getByTestId('signin-site-url').fill(address);
  await page.getByTestId('signin-site-submit').click();
}

/** The address step shows `message` for `code`: next to the field, the field invalid and focused, described by it. */
async function expectSiteError(page: Page, code: string, message: string, label: string): Promise<void> {
  const error = page.getByTestId('signin-site-error');
  await expect.poll(() => error.getAttribute('data-code'), { timeout: 30_000 }).toBe(code);
  expect(await error.textContent()).toBe(message);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signin-site-url');
  expect(await page.getByTestId('signin-site-url').getAttribute('aria-invalid')).toBe('true');
  expect(await descriptionOf(page, '[data-testid="signin-site-url"]')).toContain(message);
  await expectNoSeriousA11yViolations(page, `address error: ${label}`);
}

/** The login step shows `message` (and `hint`) for `code`: focused, and every field of the form described by it. */
async function expectLoginError(page: Page, code: string, message: string, hint: string | null, fields: string[], label: string): Promise<void> {
  const error = page.getByTestId('signin-login-error');
  await expect.poll(() => error.getAttribute('data-code'), { timeout: 30_000 }).toBe(code);
  expect(await error.textContent()).toBe(message);
  if (hint === null) expect(await page.getByTestId('signin-login-hint').count()).toBe(0);
  else expect(await page.getByTestId('signin-login-hint').textContent()).toBe(hint);
  await expect.poll(() => focusedId(page)).toBe(await error.getAttribute('id'));
  for (const field of fields) {
    expect(await page.getByTestId(field).getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, `[data-testid="${field}"]`)).toEqual(hint === null ? [message] : [message, hint]);
  }
  await expectNoSeriousA11yViolations(page, label);
}

describe('sign-in errors: the address step and the login step', () => {
  const servers: TestServer[] = [];
  let notMoodle: TestServer;
  let redirecting: TestServer;
  let selfSigned: TestServer | null = null;

  beforeAll(async () => {
    // A web server that is not a Moodle: every path answers a page.
    notMoodle = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html lang="de"><head><title>Stadtbibliothek</title></head><body><h1>Willkommen in der Stadtbibliothek</h1></body></html>');
    });
    // An address that sends the app on to another host (localhost is not 127.0.0.1 for SchulDesk).
    redirecting = await startServer((req, res) => {
      res.writeHead(302, { location: `http://localhost:${new URL(school.url).port}${req.url ?? '/'}` });
      res.end();
    });
    servers.push(notMoodle, redirecting);
    if (opensslAvailable) {
      selfSigned = await startHttpsServer(makeTestCertificates().selfSigned, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
      servers.push(selfSigned);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const env = useShellAndChromium();
  let context: BrowserContext;
  let page: Page;

  afterAll(async () => {
    await context?.close();
  });

  it('names each problem of the address next to the field', async () => {
    ({ context, page } = await openApp(env.browser, env.shell));
    await page.getByTestId('signin-step-site').waitFor();

    await submitAddress(page, notMoodle.url);
    await expectSiteError(page, 'not-moodle', portalText('not-moodle'), 'not a Moodle');

    school.state.setWebServicesEnabled(false);
    await submitAddress(page, school.url);
    await expectSiteError(page, 'webservices-disabled', portalText('webservices-disabled'), 'web services off');
    school.state.setWebServicesEnabled(true);

    school.state.setMobileServiceEnabled(false);
    await submitAddress(page, school.url);
    await expectSiteError(page, 'mobile-service-disabled', portalText('mobile-service-disabled'), 'mobile service off');
    school.state.setMobileServiceEnabled(true);

    // The portal's own maintenance text (HTML in Moodle) follows SchulDesk's sentence as plain text.
    school.state.setMaintenance(true, '<p>Wir spielen ein <strong>Update</strong> ein – ab 14 Uhr geht es weiter.</p>');
    await submitAddress(page, school.url);
    await expectSiteError(page, 'maintenance', `${portalText('maintenance')} Wir spielen ein Update ein – ab 14 Uhr geht es weiter.`, 'maintenance');
    school.state.setMaintenance(false);

    await submitAddress(page, `http://127.0.0.1:${await closedPort()}`);
    await expectSiteError(page, 'connection-failed', portalText('connection-failed'), 'unreachable');

    await submitAddress(page, redirecting.url);
    await expectSiteError(
      page,
      'redirect-other-host',
      `${portalText('redirect-other-host')} Ziel der Umleitung: http://localhost:${new URL(school.url).port}`,
      'redirect to another host',
    );
  });

  it.skipIf(!opensslAvailable)('names a certificate nobody vouches for (self-signed https on 127.0.0.1)', async () => {
    await submitAddress(page, selfSigned?.url ?? '');
    await expectSiteError(page, 'tls-certificate-untrusted', portalText('tls-certificate-untrusted'), 'TLS');
  });

  it('names wrong password, suspended account and required password change in the login step', async () => {
    await submitAddress(page, school.url);
    await page.getByTestId('signin-step-login').waitFor();
    const fields = ['signin-username', 'signin-password'];
    const signIn = async (username: string, password: string) => {
      await page.getByTestId('signin-username').fill(username);
      await page.getByTestId('signin-password').fill(password);
      await page.getByTestId('signin-password-submit').click();
    };

    await signIn('student1', 'falsch');
    await expectLoginError(page, 'invalid-login', portalText('invalid-login'), texts.signIn.lockedHint, fields, 'wrong password');
    // The form keeps the name and empties the password.
    expect(await page.getByTestId('signin-username').inputValue()).toBe('student1');
    expect(await page.getByTestId('signin-password').inputValue()).toBe('');

    // student5 must change the password (Moodle issues the token, then refuses with forcepasswordchangenotice).
    await signIn('student5', SEED_PASSWORD);
    await expectLoginError(page, 'password-change-required', portalText('password-change-required'), texts.signIn.changePasswordHint, fields, 'password change required');

    // student4 is suspended: token.php says invalidlogin, exactly as for a wrong password.
    await signIn('student4', SEED_PASSWORD);
    await expectLoginError(page, 'invalid-login', portalText('invalid-login'), texts.signIn.lockedHint, fields, 'suspended account');

    // Nothing of it left an account behind.
    expect(await page.getByTestId('account-current').count()).toBe(0);
    expect(await page.getByTestId('accounts-list').count()).toBe(0);
  });

  it('refuses forged SSO callbacks next to the callback field; the genuine launch still signs in', async () => {
    await page.getByTestId('signin-back').click();
    await submitAddress(page, ssoSchool.url);
    await page.getByTestId('signin-step-login').waitFor();
    await page.getByTestId('signin-sso').click();
    await page.getByTestId('signin-sso-link').waitFor();
    const passport = await launchPassport(page);
    const field = page.getByTestId('signin-sso-callback');
    const submit = async (callback: string) => {
      await field.fill(callback);
      await page.getByTestId('signin-sso-submit').click();
    };

    await submit('schuldesk://token=das-ist-kein-base64!');
    await expectLoginError(page, 'sso-malformed', ssoText('sso-malformed'), null, ['signin-sso-callback'], 'SSO callback damaged');

    // Well-formed, a real token of the portal, but signed for a passport SchulDesk never made.
    const token = ssoSchool.state.issueToken('student2');
    await submit(ssoCallback(ssoSchool.url, 'f'.repeat(64), token));
    await expectLoginError(page, 'sso-signature-mismatch', ssoText('sso-signature-mismatch'), null, ['signin-sso-callback'], 'SSO callback forged');

    // The launch those callbacks tried to hijack is still there: its own callback signs in.
    await submit(ssoCallback(ssoSchool.url, passport, token));
    await page.getByTestId('start-today').waitFor();
    expect(await page.getByTestId('account-current').textContent()).toContain('Jonas Schmidt');
  });
});

describe('sign-in errors: an SSO launch that expired', () => {
  const TTL_MS = 1500;
  const env = useShellAndChromium({ env: { SCHULDESK_SSO_LAUNCH_TTL_MS: String(TTL_MS) } });

  it('refuses the callback of an expired launch, and one when no launch is pending; a new launch works', async () => {
    const { context, page } = await openApp(env.browser, env.shell);
    try {
      await submitAddress(page, ssoSchool.url);
      await page.getByTestId('signin-step-login').waitFor();
      await page.getByTestId('signin-sso').click();
      await page.getByTestId('signin-sso-link').waitFor();
      const passport = await launchPassport(page);
      const token = ssoSchool.state.issueToken('student3');
      // The launch was made before its link showed; after its lifetime it can no longer complete.
      await new Promise((resolve) => setTimeout(resolve, TTL_MS + 500));
      const field = page.getByTestId('signin-sso-callback');

      await field.fill(ssoCallback(ssoSchool.url, passport, token));
      await page.getByTestId('signin-sso-submit').click();
      await expectLoginError(page, 'sso-expired', ssoText('sso-expired'), null, ['signin-sso-callback'], 'SSO launch expired');

      // No launch pending any more: a callback of any other passport is one nobody asked for.
      await field.fill(ssoCallback(ssoSchool.url, 'a'.repeat(64), token));
      await page.getByTestId('signin-sso-submit').click();
      await expectLoginError(page, 'sso-no-pending-launch', ssoText('sso-no-pending-launch'), null, ['signin-sso-callback'], 'SSO callback without launch');

      // "Über die Schulseite anmelden" again: a fresh launch, completed in time.
      await page.getByTestId('signin-sso').click();
      await expect.poll(() => launchPassport(page)).not.toBe(passport);
      await field.fill(ssoCallback(ssoSchool.url, await launchPassport(page), token));
      await page.getByTestId('signin-sso-submit').click();
      await page.getByTestId('start-today').waitFor();
      expect(await page.getByTestId('account-current').textContent()).toContain('Aylin Yıldız');
    } finally {
      await context.close();
    }
  });
});

describe('sign-in errors: a portal the school does not admit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-signin-errors-'));
  const dataDir = join(dir, 'data');

  beforeAll(() => {
    // The school admits only its own portal. Accounts from before that rule: one at Gymnasium Nord, one at the school's portal.
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ portals: [{ name: 'Testschule SchulDesk', url: school.url }], allowUserPortals: false }));
    const store = openDatabase(join(dataDir, DATABASE_FILE_NAME), { migrations: APP_MIGRATIONS });
    try {
      const insert = (id: string, siteUrl: string, siteName: string, userId: number, username: string, fullName: string) =>
        store.run(
          `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
           VALUES (?, ?, ?, ?, ?, ?, 'de', 0, 0, 0)`,
          id, siteUrl, siteName, userId, username, fullName,
        );
      insert('acc-nord', ssoSchool.url, 'Gymnasium Nord', 5, 'student2', 'Jonas Schmidt');
      insert('acc-test', school.url, 'Testschule SchulDesk', 4, 'student1', 'Lena Müller');
    } finally {
      store.close();
    }
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const env = useShellAndChromium(() => ({ dataDir, policyFile: join(dir, 'policy.json') }));

  it('"Erneut anmelden" at a portal outside the list says it is not admitted; at the listed one it goes on to the login', async () => {
    const { context, page } = await openApp(env.browser, env.shell);
    try {
      const nord = page.locator('[data-testid="account"]', { hasText: 'Gymnasium Nord' });
      await nord.getByRole('button', { name: texts.accounts.reauth }).click();
      const error = page.getByTestId('signin-site-error');
      await expect.poll(() => error.getAttribute('data-code'), { timeout: 30_000 }).toBe('portal-not-allowed');
      expect(await error.textContent()).toBe(portalText('portal-not-allowed'));
      // No address field to type into: the message itself has focus, under the school's rule.
      expect(await page.getByTestId('signin-site-url').count()).toBe(0);
      await expect.poll(() => focusedId(page)).toBe(await error.getAttribute('id'));
      expect(await page.getByTestId('signin-step-site').textContent()).toContain(texts.signIn.onlyPresets);
      await page.getByRole('button', { name: 'Testschule SchulDesk wählen' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'portal not admitted');

      await page.getByRole('button', { name: texts.signIn.cancel }).click();
      const listed = page.locator('[data-testid="account"]', { hasText: 'Testschule SchulDesk' });
      await listed.getByRole('button', { name: texts.accounts.reauth }).click();
      await page.getByTestId('signin-step-login').waitFor();
      expect(await page.getByTestId('signin-site-name').textContent()).toBe('Testschule SchulDesk');
    } finally {
      await context.close();
    }
  });
});
