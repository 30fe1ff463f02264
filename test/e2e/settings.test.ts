import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { useShellAndChromium } from './harness';
import { descriptionOf, openApp, waitForScreen } from './page-helpers';

describe('changing settings', () => {
  const env = useShellAndChromium();

  it('toggles a user setting with the keyboard, announces it, and resets it to the default', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await page.evaluate(() => {
      window.location.hash = '#/einstellungen';
    });
    await waitForScreen(page, de.settings.title);
    const row = page.locator('[data-setting="notifications"]');
    const toggle = row.getByRole('switch', { name: de.settings.keys.notifications.label });
    expect(await toggle.isChecked()).toBe(true);
    expect(await row.getByRole('button').count()).toBe(0); // nothing to reset while on the default

    await toggle.focus();
    await page.keyboard.press('Space');
    await row.getByRole('button', { name: `${de.settings.reset}: ${de.settings.keys.notifications.label}` }).waitFor();
    expect(await toggle.isChecked()).toBe(false);
    await page.getByTestId('announcer').getByText(`Gespeichert: ${de.settings.keys.notifications.label}`).waitFor();

    await row.getByRole('button', { name: `${de.settings.reset}: ${de.settings.keys.notifications.label}` }).press('Enter');
    await page.waitForFunction(() => (document.querySelector('[data-setting="notifications"] [role="switch"]') as HTMLInputElement | null)?.checked === true);
    expect(await row.getByRole('button').count()).toBe(0);
    await page.getByTestId('announcer').getByText(`Zurückgesetzt: ${de.settings.keys.notifications.label}`).waitFor();
    await context.close();
  });

  it('shows a failed save as an alert next to the setting (here: SchulDesk stopped meanwhile)', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    await page.evaluate(() => {
      window.location.hash = '#/einstellungen';
    });
    await waitForScreen(page, de.settings.title);
    await page.locator('[data-setting="prefetch"] select').waitFor();
    await env.shell.stop();

    await page.getByLabel(de.settings.keys.prefetch.label, { exact: true }).selectOption('all');
    const alert = page.locator('[data-setting="prefetch"]').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(`${de.settings.keys.prefetch.label}: ${de.errors['shell-unreachable']}`);
    // The control is described by the error, and still shows the value main has.
    expect(await descriptionOf(page, '[data-setting="prefetch"] select')).toContain(await alert.textContent());
    expect(await page.getByLabel(de.settings.keys.prefetch.label, { exact: true }).inputValue()).toBe('assignments');
    await context.close();
  });
});
