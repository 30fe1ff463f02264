import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { expectNoSeriousA11yViolations, launchChromium, startBrowserShell, useShellAndChromium } from './harness';
import { descriptionOf, openApp, waitForScreen } from './page-helpers';

const PORTAL = { name: 'Moodle der Testschule', url: 'https://moodle.testschule.example' };

async function openSettings(page: Page, heading: string): Promise<void> {
  await page.evaluate(() => {
    window.location.hash = '#/einstellungen';
  });
  await waitForScreen(page, heading);
  await page.getByTestId('policy-section').waitFor();
}

describe('school policy in the UI (SCHULDESK_POLICY_FILE)', () => {
  const policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-policy-e2e-'));
  const policyFile = join(policyDir, 'schule.json');
  afterAll(() => rmSync(policyDir, { recursive: true, force: true }));
  const env = useShellAndChromium(() => {
    writeFileSync(policyFile, JSON.stringify({ cameraGate: true, portals: [PORTAL], unbekannterSchluessel: 42 }, null, 2));
    return { policyFile };
  });

  it('marks cameraGate and portals "von Ihrer Schule festgelegt", disabled and described by that note', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await openSettings(page, de.settings.title);

    const camera = page.locator('[data-setting="cameraGate"]');
    expect(await camera.textContent()).toContain('von Ihrer Schule festgelegt');
    const cameraSwitch = camera.getByRole('switch', { name: de.settings.keys.cameraGate.label });
    expect(await cameraSwitch.isDisabled()).toBe(true);
    expect(await cameraSwitch.isChecked()).toBe(true);
    expect(await descriptionOf(page, '[data-setting="cameraGate"] [role="switch"]')).toContain('von Ihrer Schule festgelegt');

    const portals = page.locator('[data-setting="portals"]');
    expect(await portals.textContent()).toContain('von Ihrer Schule festgelegt');
    expect(await portals.getByRole('listitem').allTextContents()).toEqual([`${PORTAL.name} – ${PORTAL.url}`]);
    expect(await descriptionOf(page, '[data-setting="portals"] ul')).toContain('von Ihrer Schule festgelegt');

    // Negative controls: a user setting is editable and carries no lock note; an IT-only one not
    // set by this policy says who decides, but not that the school locked it.
    const language = page.locator('[data-setting="language"]');
    expect(await language.textContent()).not.toContain('von Ihrer Schule festgelegt');
    expect(await language.getByRole('combobox').isEnabled()).toBe(true);
    const objection = page.locator('[data-setting="objectionForced"]');
    expect(await objection.textContent()).not.toContain('von Ihrer Schule festgelegt');
    expect(await objection.textContent()).toContain(de.settings.itOnlyNote);
    expect(await page.locator('[data-locked="true"]').count()).toBe(2);
    await context.close();
  });

  it('lists the policy file as a source and the unknown key as a problem in "Richtlinie"', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await openSettings(page, de.settings.title);
    const section = page.getByTestId('policy-section');
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe('Richtlinie');
    const text = (await section.textContent()) ?? '';
    expect(text).toContain(policyFile);
    expect(text).toContain(`Legt fest: ${de.settings.keys.portals.label}, ${de.settings.keys.cameraGate.label}`);
    expect(text).toContain('unbekannterSchluessel');
    expect(text).not.toContain(de.settings.policy.noProblems);
    // The effective policy with the source of each value.
    const values = section.getByTestId('policy-values');
    expect(await values.getByRole('listitem').count()).toBe(2);
    for (const key of ['cameraGate', 'portals'] as const) {
      const item = values.locator(`[data-policy-value="${key}"]`);
      expect(await item.textContent()).toBe(`${de.settings.keys[key].label}${de.settings.policy.valueSetIn} ${policyFile}`);
    }
    await expectNoSeriousA11yViolations(page, 'settings with policy');
    await context.close();
  });

  it('"Version und Updates": the browser shell has no updater and says so', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await openSettings(page, de.settings.title);
    const section = page.getByTestId('update-section');
    await section.getByText('Entwicklungsversion: keine Updates.').waitFor();
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toBe(de.settings.updateStatus.title);
    expect(await section.textContent()).toMatch(/Installierte Version: \d+\.\d+\.\d+/);
    expect(await section.getByTestId('update-notice').count()).toBe(0);
    await context.close();
  });

  it('shows the school’s portal on Start', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await waitForScreen(page, de.start.title);
    await page.getByText(PORTAL.name).waitFor();
    expect(await page.getByText(PORTAL.url).count()).toBe(1);
    await context.close();
  });

  it('says "set by your school" in English', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await openSettings(page, de.settings.title);
    await page.getByLabel(de.settings.keys.language.label, { exact: true }).selectOption('en');
    await waitForScreen(page, en.settings.title);
    const camera = page.locator('[data-setting="cameraGate"]');
    await camera.getByText('set by your school').waitFor();
    expect(await descriptionOf(page, '[data-setting="cameraGate"] [role="switch"]')).toContain('set by your school');
    // Put German back for the other tests of this file (the setting is stored by main).
    await page.getByLabel(en.settings.keys.language.label, { exact: true }).selectOption('de');
    await waitForScreen(page, de.settings.title);
    await context.close();
  });
});

describe('a machine without any policy problems', () => {
  it('says "Keine Probleme"', async () => {
    const shell = await startBrowserShell();
    const browser = await launchChromium();
    try {
      const { page } = await openApp(browser, shell);
      await openSettings(page, de.settings.title);
      await page.getByTestId('policy-section').getByText(de.settings.policy.noProblems).waitFor();
      expect(await page.locator('[data-locked="true"]').count()).toBe(0);
    } finally {
      await browser.close();
      await shell.stop();
    }
  });
});
