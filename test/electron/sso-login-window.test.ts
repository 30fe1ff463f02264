/**
 * The SSO login window in the real Electron app — only where an Electron binary exists;
 * elsewhere skipped with one line saying why (as app.test.ts). Needs `npm run build`.
 *
 * The test Moodle (http on 127.0.0.1, typeoflogin 1, auth_oauth2 issuer) and its OpenID Connect
 * test IdP over https with a certificate from a test CA that only the machine policy
 * (trustedCaCertificates, through the session's certificate verify proc) makes trusted. The student
 * picks the provider button; the login window follows Moodle → IdP; a wrong IdP password stays in
 * the window with the IdP's message; the right one ends in `302 schuldesk://…`, the window closes
 * and the account is signed in. A second provider whose certificate is self-signed ends with the
 * certificate message in the app. Nothing is stubbed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { SSO_ERROR_TEXTS } from '../../main/portal/sso';
import { IDP_PASSWORD, startTestIdp, startTestMoodle } from '../fixtures/moodle';
import type { TestIdp, TestMoodle } from '../fixtures/moodle';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { findElectronBinary, launchBuiltApp, ROOT } from './electron-binary';

const electronPath = findElectronBinary(ROOT);
const runnable = electronPath !== null && hasOpenssl();

const suite = runnable ? describe : describe.skip;
const title = runnable
  ? 'SSO login window in Electron'
  : `SSO login window in Electron — skipped: ${electronPath ? 'openssl CLI (for the test CA) not available' : 'Electron binary not available on this machine'}`;

suite(title, () => {
  let app: ElectronApplication;
  let page: Page;
  let moodle: TestMoodle;
  let idp: TestIdp;
  let selfSignedIdp: TestIdp;
  let dir = '';
  let issuerId = 0;
  let selfSignedId = 0;

  beforeAll(async () => {
    const certs = makeTestCertificates();
    idp = await startTestIdp({ tls: certs.valid });
    selfSignedIdp = await startTestIdp({ tls: certs.selfSigned, name: 'Landeslogin (selbst signiert)' });
    moodle = await startTestMoodle({ typeOfLogin: 1 });
    moodle.state.site.fullname = 'Gesamtschule am Rosenberg';
    issuerId = moodle.state.addOAuth2Issuer({ name: idp.name, baseUrl: idp.url, clientId: idp.clientId, clientSecret: idp.clientSecret }).id;
    selfSignedId = moodle.state.addOAuth2Issuer({ name: selfSignedIdp.name, baseUrl: selfSignedIdp.url, clientId: selfSignedIdp.clientId, clientSecret: selfSignedIdp.clientSecret }).id;
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-electron-sso-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ portals: [{ name: 'Gesamtschule am Rosenberg', url: moodle.url }], trustedCaCertificates: [certs.caCert] }));
    app = await launchBuiltApp(electronPath as string, { SCHULDESK_DATA_DIR: join(dir, 'data'), SCHULDESK_POLICY_FILE: join(dir, 'policy.json') });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
    await moodle?.close();
    await idp?.close();
    await selfSignedIdp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function stepTwo(): Promise<void> {
    await page.getByTestId('header-signin').click();
    await page.getByRole('button', { name: de.portal.signIn.presetButton.replace('{{name}}', 'Gesamtschule am Rosenberg') }).click();
    await page.getByTestId('signin-step-login').waitFor();
  }

  it('provider button → login window at the IdP (over the policy CA) → wrong password stays → right one: window closes, signed in', async () => {
    await stepTwo();
    expect(await page.getByTestId('signin-idp').count()).toBe(2);
    const windowPromise = app.waitForEvent('window');
    await page.locator(`[data-testid="signin-idp"][data-provider-id="${issuerId}"]`).click();
    const login = await windowPromise;
    // loadURL(launch.php) → 302 → 303 → the IdP's form: only the form commits.
    await login.waitForURL((url) => url.origin === idp.url);
    await login.waitForLoadState();
    expect(await login.title()).toBe('Schul-Login (Test-IdP)');
    await page.getByText(de.portal.signIn.ssoHintWindow).waitFor();

    await login.getByLabel('Benutzername').fill('student3');
    await login.getByLabel('Passwort').fill('falsch');
    await login.locator('#idp-submit').click();
    await login.getByRole('alert').waitFor();
    expect(await login.getByRole('alert').textContent()).toBe('Benutzername oder Passwort falsch.');

    const closed = login.waitForEvent('close');
    await login.getByLabel('Passwort').fill(IDP_PASSWORD);
    await login.locator('#idp-submit').click();
    await closed;
    await page.getByTestId('accounts-list').waitFor();
    expect(await page.getByTestId('account-current').textContent()).toContain('Aylin Yıldız');
    expect(app.windows()).toHaveLength(1);
  });

  it('an IdP whose certificate nobody vouches for: the window closes and the app says why', async () => {
    await stepTwo();
    const windowPromise = app.waitForEvent('window');
    await page.locator(`[data-testid="signin-idp"][data-provider-id="${selfSignedId}"]`).click();
    const login = await windowPromise;
    await login.waitForEvent('close');
    const error = page.getByTestId('signin-login-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('sso-idp-certificate');
    expect(await error.textContent()).toBe(`${SSO_ERROR_TEXTS['sso-idp-certificate'].de} Adresse: ${selfSignedIdp.url}`);
  });

  it('closing the login window is said in the app, and the button opens a new one', async () => {
    const windowPromise = app.waitForEvent('window');
    await page.locator(`[data-testid="signin-idp"][data-provider-id="${issuerId}"]`).click();
    const login = await windowPromise;
    await login.close();
    const error = page.getByTestId('signin-login-error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('sso-window-closed');
    expect(await error.textContent()).toBe(SSO_ERROR_TEXTS['sso-window-closed'].de);
  });
});
