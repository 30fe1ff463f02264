import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { de } from '../../renderer/i18n/de';
import type { Translation } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { ROUTES } from '../../renderer/state/navigation-store';
import type { RouteId } from '../../renderer/state/navigation-store';
import { expectNoSeriousA11yViolations, launchChromium, startBrowserShell } from './harness';
import type { BrowserShell } from './harness';
import { germanOnPage } from './german-text';
import { openAccountMenu, openApp, signIn, waitForScreen } from './page-helpers';
import { SEED_PASSWORD, startTestMoodle } from '../fixtures/moodle';
import type { TestMoodle } from '../fixtures/moodle';

/** Every route's heading: a Record over RouteId, so a new screen cannot be left out of the axe check. */
const HEADINGS: Record<RouteId, (texts: Translation) => string> = {
  start: (t) => t.start.title,
  kurse: (t) => t.kurse.title,
  aufgaben: (t) => t.aufgaben.title,
  postausgang: (t) => t.outbox.title,
  konferenzen: (t) => t.konferenzen.title,
  einstellungen: (t) => t.settings.title,
  datenschutz: (t) => t.it.privacy.title,
  diagnose: (t) => t.it.diagnostics.title,
};

const screensOf = (texts: Translation, signedIn: boolean) =>
  ROUTES.map((route) => ({ hash: `#/${route}`, heading: signedIn && route === 'start' ? texts.start.todayTitle : HEADINGS[route](texts) }));

async function checkEveryScreen(page: Page, texts: Translation, language: string, signedIn = false): Promise<void> {
  for (const screen of screensOf(texts, signedIn)) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, screen.hash);
    await waitForScreen(page, screen.heading);
    if (screen.hash === '#/einstellungen') {
      await page.locator('[data-setting="language"]').waitFor();
      await page.getByTestId('policy-section').waitFor();
      if (signedIn) await page.getByTestId('accounts-list').waitFor();
    }
    if (signedIn && screen.hash === '#/start') await page.getByTestId('today-rooms').getByRole('listitem').first().waitFor({ timeout: 20_000 });
    if (signedIn && screen.hash === '#/konferenzen') await page.getByTestId('room-state').first().waitFor({ timeout: 20_000 });
    await expectNoSeriousA11yViolations(page, `${screen.hash} (${language}${signedIn ? ', angemeldet' : ''})`);
    // In English mode no German text of the app is on the screen (texts for school IT are marked lang="de").
    if (language === 'en') expect(await germanOnPage(page), `${screen.hash}${signedIn ? ', signed in' : ''}`).toEqual([]);
  }
}

describe('accessibility (axe: no serious or critical violations)', () => {
  let shell: BrowserShell;
  let browser: Browser;
  let policyFile: string;

  beforeAll(async () => {
    const policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-a11y-'));
    policyFile = join(policyDir, 'policy.json');
    // A lock, an IT value and a problem, so the settings screen shows every kind of row.
    writeFileSync(policyFile, JSON.stringify({ cameraGate: true, portals: [{ name: 'Moodle', url: 'https://moodle.schule.example' }], tippfehler: 1 }));
    shell = await startBrowserShell({ policyFile });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    rmSync(dirname(policyFile), { recursive: true, force: true });
  });

  it('every screen in German', async () => {
    const { page, context } = await openApp(browser, shell);
    await checkEveryScreen(page, de, 'de');
    await context.close();
  });

  it('every screen in English, and at the smallest supported window (1024x640)', async () => {
    const { page, context } = await openApp(browser, shell, { viewport: { width: 1024, height: 640 } });
    await page.evaluate(() => {
      window.location.hash = '#/einstellungen';
    });
    await page.getByLabel(de.settings.keys.language.label, { exact: true }).selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await checkEveryScreen(page, en, 'en');
    await context.close();
  });
});

describe('accessibility signed in (axe: no serious or critical violations)', () => {
  let moodle: TestMoodle;
  let shell: BrowserShell;
  let browser: Browser;

  beforeAll(async () => {
    moodle = await startTestMoodle();
    shell = await startBrowserShell();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await shell?.stop();
    await moodle?.close();
  });

  it('every screen in German and English, with the account menu open', async () => {
    const { page, context } = await openApp(browser, shell, { viewport: { width: 1024, height: 640 } });
    await signIn(page, { siteUrl: moodle.url, username: 'student1', password: SEED_PASSWORD });
    await checkEveryScreen(page, de, 'de', true);
    await openAccountMenu(page);
    await expectNoSeriousA11yViolations(page, 'Kontomenü (de)');
    await page.keyboard.press('Escape');
    await page.evaluate(() => {
      window.location.hash = '#/einstellungen';
    });
    await page.getByLabel(de.settings.keys.language.label, { exact: true }).selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await checkEveryScreen(page, en, 'en', true);
    await openAccountMenu(page);
    await expectNoSeriousA11yViolations(page, 'account menu (en)');
    await context.close();
  });
});
