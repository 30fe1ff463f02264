/**
 * Sign-in in Chromium against the browser shell and two test Moodles on 127.0.0.1: the address
 * step with its errors, a wrong password, a password sign-in, the school's own login page (SSO)
 * in a new tab with the schuldesk:// callback handed back, switching between the two schools,
 * signing out and removing, the shared-device warning about unsent work before signing out — and
 * the page helper signIn() others use. axe on every new state.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { de } from '../../renderer/i18n/de';
import { createSchoolSeed, SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, invokeShell, useShellAndChromium } from './harness';
import { descriptionOf, focusedId, openAccountMenu, openAccountSettings, openApp, openSignInFromHeader, signIn } from './page-helpers';

const texts = de.portal;

let passwordSchool: TestMoodle;
let ssoSchool: TestMoodle;
let policyDir: string;

/** Files under root (recursively) whose bytes contain the text (UTF-8 or UTF-16LE). */
function filesContaining(root: string, text: string): string[] {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => needles.some((needle) => readFileSync(file).includes(needle)));
}

async function announced(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="announcer"]')?.textContent ?? ''), pattern.source);
}

describe('sign-in in the browser shell', () => {
  beforeAll(async () => {
    passwordSchool = await startTestMoodle({});
    const seed = createSchoolSeed({ typeOfLogin: 2 });
    seed.site.fullname = 'Gymnasium Nord';
    ssoSchool = await startTestMoodle({ seed, typeOfLogin: 2 });
    policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-signin-policy-'));
    writeFileSync(join(policyDir, 'policy.json'), JSON.stringify({ portals: [{ name: 'Gymnasium Nord', url: ssoSchool.url }], allowUserPortals: true }));
  });

  const env = useShellAndChromium(() => ({ policyFile: join(policyDir, 'policy.json') }));

  afterAll(async () => {
    await passwordSchool.close();
    await ssoSchool.close();
    rmSync(policyDir, { recursive: true, force: true });
  });

  let context: BrowserContext;
  let page: Page;
  /** The schuldesk:// URL of the SSO sign-in (replayed later). */
  let callback = '';

  afterAll(async () => {
    await context.close();
  });

  it('Start offers the sign-in; the address step names each problem next to the field', async () => {
    ({ context, page } = await openApp(env.browser, env.shell));
    await page.getByRole('heading', { level: 2, name: texts.signIn.title }).waitFor();
    await page.getByTestId('signin-step-site').waitFor();
    await page.getByTestId('header-signin').getByText(texts.header.signIn).waitFor();
    await page.getByRole('button', { name: 'Gymnasium Nord wählen' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'sign-in step 1');

    await page.getByTestId('signin-site-submit').click();
    await expect.poll(() => page.getByTestId('signin-site-error').textContent()).toBe(texts.signIn.siteEmpty);
    const field = page.getByLabel(texts.signIn.siteLabel);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signin-site-url');
    expect(await descriptionOf(page, '[data-testid="signin-site-url"]')).toContain(texts.signIn.siteEmpty);

    await field.fill('http://moodle.example.org');
    await page.getByTestId('signin-site-submit').click();
    await expect.poll(() => page.getByTestId('signin-site-error').getAttribute('data-code')).toBe('insecure-http');
    expect(await page.getByTestId('signin-site-error').textContent()).toContain('https');
    await expect.poll(() => page.getByTestId('signin-site-url').getAttribute('aria-invalid')).toBe('true');
    await expectNoSeriousA11yViolations(page, 'sign-in address error');
  });

  it('step 2 shows the school; a wrong password says so, with a hint about locked accounts', async () => {
    await page.getByLabel(texts.signIn.siteLabel).fill(`${passwordSchool.url}/login/index.php`);
    await page.getByTestId('signin-site-submit').click();
    await page.getByTestId('signin-step-login').waitFor();
    expect(await page.getByTestId('signin-site-name').textContent()).toBe('Testschule SchulDesk');
    // Focus moved on to the next step's first field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signin-username');
    expect(await page.getByTestId('signin-sso').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'sign-in step 2 (password)');

    await page.getByLabel(texts.signIn.usernameLabel).fill('student1');
    await page.getByLabel(texts.signIn.passwordLabel, { exact: true }).fill('falsch');
    await page.getByTestId('signin-password-submit').click();
    const error = page.getByTestId('signin-login-error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('invalid-login');
    expect(await error.textContent()).toContain('Passwort ist falsch');
    expect(await page.getByTestId('signin-login-hint').textContent()).toBe(texts.signIn.lockedHint);
    expect(await focusedId(page)).toBe(await error.getAttribute('id'));
    expect(await descriptionOf(page, '[data-testid="signin-password"]')).toContain(await error.textContent());
    await expectNoSeriousA11yViolations(page, 'sign-in wrong password');
  });

  it('the right password signs in: account on Start and in the header, announced, memory-only said', async () => {
    await page.getByLabel(texts.signIn.passwordLabel, { exact: true }).fill(SEED_PASSWORD);
    await page.getByTestId('signin-password-submit').click();
    // Start turns into the day of the signed-in account; the schools are managed in the header and Einstellungen.
    await page.getByTestId('start-today').waitFor();
    await announced(page, /Angemeldet als Lena Müller bei Testschule SchulDesk/);
    expect(await page.getByTestId('account-current').textContent()).toContain('Lena Müller · Testschule SchulDesk');
    expect(await page.getByTestId('accounts-list').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'signed in (one account): Start');
    const menu = await openAccountMenu(page);
    expect(await menu.getByTestId('header-signin').textContent()).toBe(texts.header.addSchool);
    await expectNoSeriousA11yViolations(page, 'account menu open');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('account-menu-button').getAttribute('aria-expanded')).toBe('false');
    await openAccountSettings(page);
    expect(await page.getByTestId('account').allTextContents()).toEqual([expect.stringContaining('Lena Müller · Testschule SchulDesk')]);
    expect(await page.getByTestId('accounts-memory-only').textContent()).toContain('bis du SchulDesk schließt');
    await expectNoSeriousA11yViolations(page, 'signed in (one account): Deine Schulen');
  });

  it('a second school through its own login page (SSO): new tab, sign in there, hand back the callback', async () => {
    await openSignInFromHeader(page);
    await page.getByTestId('signin-step-site').waitFor();
    await page.getByRole('button', { name: 'Gymnasium Nord wählen' }).click();
    await page.getByTestId('signin-step-login').waitFor();
    expect(await page.getByTestId('signin-site-name').textContent()).toBe('Gymnasium Nord');
    expect(await page.getByTestId('signin-password').count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'sign-in step 2 (SSO)');

    // The school's page opens in a new tab; the fixture's login form is filled there, and the
    // redirect to schuldesk:// (which Chromium cannot open) is read from the response.
    const popupPromise = context.waitForEvent('page');
    context.on('response', (response) => {
      const location = response.headers()['location'] ?? '';
      if (location.startsWith('schuldesk://')) callback = location;
    });
    await page.getByTestId('signin-sso').click();
    await page.getByTestId('signin-sso-link').click();
    const popup = await popupPromise;
    await popup.waitForLoadState();
    await popup.getByLabel(/Benutzername|Username/).fill('student2');
    await popup.getByLabel(/Passwort|Password/).fill(SEED_PASSWORD);
    await popup.locator('form [type="submit"]').first().click();
    await expect.poll(() => callback).toMatch(/^schuldesk:\/\/token=/);
    await popup.close();
    expect(await page.getByTestId('signin-sso-link').getAttribute('href')).toContain(`${ssoSchool.url}/admin/tool/mobile/launch.php?`);
    await expectNoSeriousA11yViolations(page, 'SSO waiting for the callback');

    await page.getByLabel(texts.signIn.ssoCallbackLabel).fill(callback);
    await page.getByTestId('signin-sso-submit').click();
    await page.getByTestId('signin').waitFor({ state: 'detached' });
    await announced(page, /Angemeldet als Jonas Schmidt bei Gymnasium Nord/);
    await openAccountSettings(page);
    const accounts = page.getByTestId('account');
    await expect.poll(() => accounts.count()).toBe(2);
    expect(await page.locator('[data-testid="account"][data-current="true"]').textContent()).toContain('Jonas Schmidt · Gymnasium Nord');
    expect(await page.getByTestId('account-current').textContent()).toContain('Jonas Schmidt');
    await expectNoSeriousA11yViolations(page, 'signed in (two schools)');
  });

  it('the same callback again is refused with a message next to the field', async () => {
    await openSignInFromHeader(page);
    await page.getByRole('button', { name: 'Gymnasium Nord wählen' }).click();
    // A new launch is pending; the old callback belongs to the spent one.
    await page.getByTestId('signin-sso').click();
    await page.getByTestId('signin-sso-link').waitFor();
    await page.getByLabel(texts.signIn.ssoCallbackLabel).fill(callback);
    await page.getByTestId('signin-sso-submit').click();
    const error = page.getByTestId('signin-login-error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('sso-replayed');
    expect(await error.textContent()).toBe('Diese Anmeldung wurde bereits verwendet. Bitte erneut anmelden.');
    expect(await focusedId(page)).toBe(await error.getAttribute('id'));
    await expectNoSeriousA11yViolations(page, 'SSO callback replayed');
    await page.getByTestId('signin-back').click();
    await page.getByRole('button', { name: texts.signIn.cancel }).click();
    await page.getByTestId('signin').waitFor({ state: 'detached' });
    await openAccountSettings(page);
    expect(await page.getByTestId('account').count()).toBe(2);
  });

  it('switch between the schools, sign out, remove with confirmation (Einstellungen → Deine Schulen)', async () => {
    await page.getByRole('button', { name: texts.accounts.switch.replace('{{name}}', 'Lena Müller').replace('{{school}}', 'Testschule SchulDesk') }).click();
    await announced(page, /Gewechselt zu Lena Müller/);
    await expect.poll(() => page.getByTestId('account-current').textContent()).toContain('Lena Müller');
    expect(await page.locator('[data-testid="account"][data-current="true"]').textContent()).toContain('Testschule SchulDesk');
    await expectNoSeriousA11yViolations(page, 'switched account');

    await page.getByRole('button', { name: 'Lena Müller bei Testschule SchulDesk abmelden' }).click();
    await announced(page, /Lena Müller ist abgemeldet/);
    const lena = page.locator('[data-testid="account"]', { hasText: 'Lena Müller' });
    await expect.poll(() => lena.getByTestId('account-session').textContent()).toBe(texts.accounts.session['signed-out']);
    await lena.getByRole('button', { name: texts.accounts.reauth }).waitFor();
    await expectNoSeriousA11yViolations(page, 'signed out');

    await page.getByRole('button', { name: 'Jonas Schmidt bei Gymnasium Nord von diesem Gerät entfernen' }).click();
    await page.getByTestId('account-confirm').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(texts.accounts.confirmRemoveTitle);
    await expectNoSeriousA11yViolations(page, 'remove confirmation');
    await page.getByTestId('account-confirm-yes').click();
    await announced(page, /Jonas Schmidt wurde von diesem Gerät entfernt/);
    await expect.poll(() => page.getByTestId('account').count()).toBe(1);

    // "Erneut anmelden" goes straight to the school's password step: school and person shown,
    // the username filled in, focus in the password field — one form.
    await lena.getByRole('button', { name: texts.accounts.reauth }).click();
    await page.getByTestId('signin-step-login').waitFor();
    expect(await page.getByTestId('signin-site-url').count()).toBe(0);
    expect(await page.getByTestId('signin-site-name').textContent()).toBe('Testschule SchulDesk');
    expect(await page.getByTestId('signin-reauth-who').textContent()).toBe('Erneut anmelden als Lena Müller (Benutzername student1).');
    expect(await page.getByTestId('signin-username').inputValue()).toBe('student1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('signin-password');
    await expectNoSeriousA11yViolations(page, 'sign in again');
    // Only a changed address goes through the address step: "Zurück" shows it, filled in.
    await page.getByTestId('signin-back').click();
    expect(await page.getByTestId('signin-site-url').inputValue()).toBe(passwordSchool.url);
    await page.getByTestId('signin-site-submit').click();
    await page.getByTestId('signin-step-login').waitFor();
    await page.getByTestId('signin-password').fill(SEED_PASSWORD);
    await page.getByTestId('signin-password-submit').click();
    await announced(page, /Angemeldet als Lena Müller bei Testschule SchulDesk/);
    // The sign-in ran on Start; Einstellungen → Deine Schulen shows the session.
    await openAccountSettings(page);
    await expect.poll(() => lena.getByTestId('account-session').textContent()).toContain(texts.accounts.session['signed-in']);
  });

  it('signIn() from page-helpers signs in another account in a fresh window', async () => {
    const fresh = await openApp(env.browser, env.shell);
    try {
      await signIn(fresh.page, { siteUrl: passwordSchool.url, username: 'teacher1', password: SEED_PASSWORD });
      expect(await fresh.page.getByTestId('account-current').textContent()).toContain('Sabine Becker');
      await expect(signIn(fresh.page, { siteUrl: passwordSchool.url, username: 'student1', password: 'falsch' })).rejects.toThrow(/Passwort ist falsch/);
      await expect(signIn(fresh.page, { siteUrl: ssoSchool.url, username: 'student1', password: SEED_PASSWORD })).resolves.toBeUndefined();
    } finally {
      await fresh.context.close();
    }
  });
});

describe('signing out on a shared device with unsent work', () => {
  let school: TestMoodle;
  let dir: string;

  beforeAll(async () => {
    school = await startTestMoodle({});
    dir = mkdtempSync(join(tmpdir(), 'schuldesk-e2e-signin-shared-'));
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ sharedDevice: true }));
  });

  const env = useShellAndChromium(() => ({ policyFile: join(dir, 'policy.json') }));

  afterAll(async () => {
    await school.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The shell's HTTP API, as the page's bridge calls it. */
  const invoke = (method: string, ...args: unknown[]): Promise<unknown> => invokeShell(env.shell, method, ...args);

  it('tells the student which work stays before signing out; the next student sees nothing of the first, on screen or on disk', { timeout: 120_000 }, async () => {
    const { context, page } = await openApp(env.browser, env.shell);
    try {
      await signIn(page, { siteUrl: school.url, username: 'student1', password: SEED_PASSWORD });
      // A's first sync puts A's grade and feedback on the device (and on screen).
      await page.getByRole('navigation').getByRole('link', { name: de.nav.aufgaben }).click();
      await page.getByTestId('assignment-group-submitted').getByText('85.00 / 100.00').waitFor({ timeout: 20_000 });
      // An unsent draft of the signed-in student (the editor's calls: PIN first on a shared device).
      await invoke('device.unlock', '246813');
      const draft = (await invoke('drafts.open', 4, { courseId: 2, title: 'Bruchrechnung' })) as { id: string };
      await invoke('drafts.saveText', draft.id, '<p>Meine Lösung</p>');

      await openAccountSettings(page);
      await page.getByRole('button', { name: 'Lena Müller bei Testschule SchulDesk abmelden' }).click();
      const confirm = page.getByTestId('account-confirm');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('Grammatik: Satzglieder bestimmen');
      expect(await confirm.textContent()).toContain('noch nicht gesendet');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(texts.accounts.confirmLogoutTitle);
      await expectNoSeriousA11yViolations(page, 'logout preview with unsent work');

      await page.getByTestId('account-confirm-yes').click();
      await announced(page, new RegExp(texts.accounts.loggedOutShared.slice(0, 20)));
      // A is gone from the list (A's sealed work waits under a nameless placeholder), from the
      // window (nothing of A in the page, not even in the live region) and from the data folder.
      await expect.poll(() => page.getByTestId('account').count()).toBe(0);
      const ofA = ['Lena', 'Müller', 'ihrer Freundin', 'Dativobjekt', '85.00 / 100.00'];
      const shown = await page.content();
      expect(ofA.filter((needle) => shown.includes(needle))).toEqual([]);
      expect(ofA.flatMap((needle) => filesContaining(env.shell.dataDir, needle).map((file) => `${needle}: ${file}`))).toEqual([]);

      // B sits down at the same window and signs in.
      await signIn(page, { siteUrl: school.url, username: 'student2', password: SEED_PASSWORD });
      expect(await page.getByTestId('account-current').innerText()).toContain('Jonas Schmidt');
      await page.getByRole('navigation').getByRole('link', { name: de.nav.aufgaben }).click();
      await page.getByRole('button', { name: /Grammatik: Satzglieder bestimmen/ }).waitFor({ timeout: 20_000 });
      const seen: string[] = [];
      for (const link of [de.nav.aufgaben, de.nav.kurse, de.nav.start]) {
        await page.getByRole('navigation').getByRole('link', { name: link }).click();
        await page.getByRole('heading', { level: 1 }).waitFor();
        seen.push(await page.content(), await page.locator('body').innerText());
      }
      for (const needle of ofA) expect(seen.some((text) => text.includes(needle)), needle).toBe(false);
    } finally {
      await context.close();
    }
  });
});
