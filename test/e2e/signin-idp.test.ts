/**
 * Signing in through the school's identity provider in the browser shell, in Chromium:
 * the test Moodle (typeoflogin 1) with an auth_oauth2 issuer, its OpenID Connect test IdP over
 * https with a test CA (in the policy's trustedCaCertificates, so main fetches the provider's icon;
 * the Chromium context accepts the test certificate as a school's managed browser would).
 * Step 2 shows the password form and one button per provider with its icon; the button opens
 * launch.php?…&oauthsso=<id> in a new tab (the browser shell cannot catch schuldesk:// itself — the
 * hint says so), the IdP form refuses a wrong password in place, the right one ends in the
 * schuldesk:// callback, which is pasted back; the student lands on Start and sees her courses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { IDP_LOGO_PNG, IDP_PASSWORD, startTestIdp, startTestMoodle } from '../fixtures/moodle';
import type { TestIdp, TestMoodle } from '../fixtures/moodle';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { openAccountSettings, waitForScreen } from './page-helpers';

const texts = de.portal.signIn;
const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: the identity-provider e2e test needs a test CA and is skipped.');

describe.skipIf(!opensslAvailable)('sign-in through the school’s identity provider (browser shell)', () => {
  let moodle: TestMoodle;
  let idp: TestIdp;
  let policyDir: string;
  let issuerId = 0;

  beforeAll(async () => {
    const certs = makeTestCertificates();
    idp = await startTestIdp({ tls: certs.valid });
    moodle = await startTestMoodle({ typeOfLogin: 1 });
    moodle.state.site.fullname = 'Gesamtschule am Rosenberg';
    issuerId = moodle.state.addOAuth2Issuer({ name: idp.name, baseUrl: idp.url, clientId: idp.clientId, clientSecret: idp.clientSecret }).id;
    policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-idp-policy-'));
    writeFileSync(
      join(policyDir, 'policy.json'),
      JSON.stringify({ portals: [{ name: 'Gesamtschule am Rosenberg', url: moodle.url }], allowUserPortals: true, trustedCaCertificates: [certs.caCert] }),
    );
  });

  const env = useShellAndChromium(() => ({ policyFile: join(policyDir, 'policy.json') }));

  afterAll(async () => {
    await moodle?.close();
    await idp?.close();
    rmSync(policyDir, { recursive: true, force: true });
  });

  it('provider button with icon → IdP in a new tab (wrong password stays there) → callback pasted → Start and the student’s courses', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      await page.goto(env.shell.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByTestId('header-signin').click();
      await page.getByRole('button', { name: texts.presetButton.replace('{{name}}', 'Gesamtschule am Rosenberg') }).click();
      await page.getByTestId('signin-step-login').waitFor();

      // Password form and, beside it, one button per provider: its name and its icon as a data: URL from main.
      expect(await page.getByTestId('signin-password').count()).toBe(1);
      const buttons = page.getByTestId('signin-idp');
      expect(await buttons.count()).toBe(1);
      const button = page.getByRole('button', { name: texts.idpButton.replace('{{name}}', 'Schul-Login (Test-IdP)') });
      expect(await button.getAttribute('data-provider-id')).toBe(String(issuerId));
      expect(await button.locator('img').getAttribute('src')).toBe(`data:image/png;base64,${IDP_LOGO_PNG.toString('base64')}`);
      expect(await page.getByTestId('signin-sso').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'sign-in step 2 with an identity provider');

      let callback = '';
      context.on('response', (response) => {
        const location = response.headers()['location'] ?? '';
        if (location.startsWith('schuldesk://')) callback = location;
      });
      await button.click();
      const link = page.getByTestId('signin-sso-link');
      await link.waitFor();
      expect(await page.getByTestId('signin-sso-hint').textContent()).toBe(texts.ssoHintTab);
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^${moodle.url}/admin/tool/mobile/launch\\.php\\?service=moodle_mobile_app&passport=[0-9a-f]{64}&urlscheme=schuldesk&oauthsso=${issuerId}$`));
      await expectNoSeriousA11yViolations(page, 'identity provider: waiting for the callback');

      const popupPromise = context.waitForEvent('page');
      await link.click();
      const popup = await popupPromise;
      await popup.waitForLoadState();
      expect(new URL(popup.url()).origin).toBe(idp.url);
      expect(await popup.title()).toBe('Schul-Login (Test-IdP)');
      await popup.getByLabel('Benutzername').fill('student3');
      await popup.getByLabel('Passwort').fill('falsch');
      await popup.locator('#idp-submit').click();
      await popup.getByRole('alert').waitFor();
      expect(await popup.getByRole('alert').textContent()).toBe('Benutzername oder Passwort falsch.');
      expect(callback).toBe('');
      await popup.getByLabel('Passwort').fill(IDP_PASSWORD);
      await popup.locator('#idp-submit').click();
      await expect.poll(() => callback).toMatch(/^schuldesk:\/\/token=[A-Za-z0-9+/]+={0,2}$/);
      await popup.close();

      await page.getByLabel(texts.ssoCallbackLabel).fill(callback);
      await page.getByTestId('signin-sso-submit').click();
      await expect.poll(() => page.getByTestId('account-current').textContent()).toContain('Aylin Yıldız');

      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      const list = page.getByRole('list', { name: de.content.listLabel });
      await expect.poll(async () => (await list.getByRole('button').allTextContents()).sort(), { timeout: 30_000 }).toEqual(['Deutsch 7b', 'Mathematik 7b']);
      await expectNoSeriousA11yViolations(page, 'courses after signing in through the identity provider');

      // Signed out, "Erneut anmelden" goes straight to the school's step with the provider button.
      await openAccountSettings(page);
      await page.getByRole('button', { name: 'Aylin Yıldız bei Gesamtschule am Rosenberg abmelden' }).click();
      const aylin = page.locator('[data-testid="account"]', { hasText: 'Aylin Yıldız' });
      await expect.poll(() => aylin.getByTestId('account-session').textContent()).toBe(de.portal.accounts.session['signed-out']);
      await aylin.getByRole('button', { name: de.portal.accounts.reauth }).click();
      await page.getByTestId('signin-step-login').waitFor();
      expect(await page.getByTestId('signin-site-url').count()).toBe(0);
      expect(await page.getByTestId('signin-site-name').textContent()).toBe('Gesamtschule am Rosenberg');
      expect(await page.getByTestId('signin-reauth-who').textContent()).toBe('Erneut anmelden als Aylin Yıldız (Benutzername student3).');
      expect(await page.getByRole('button', { name: texts.idpButton.replace('{{name}}', 'Schul-Login (Test-IdP)') }).count()).toBe(1);
      await expectNoSeriousA11yViolations(page, 'sign in again at a school with an identity provider');
    } finally {
      await context.close();
    }
  });
});
