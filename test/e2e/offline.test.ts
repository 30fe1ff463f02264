import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { useShellAndChromium } from './harness';
import { openApp } from './page-helpers';

describe('connectivity indicator', () => {
  const env = useShellAndChromium();

  it('shows "Offline" (and the offline hint) when the browser goes offline, and "Online" when it is back', async () => {
    const { page, context } = await openApp(env.browser, env.shell);
    const indicator = page.getByTestId('connectivity');
    await indicator.locator('.connectivity-status', { hasText: de.connectivity.online }).waitFor();
    expect(await page.getByText(de.connectivity.offlineHint).count()).toBe(0);

    await context.setOffline(true);
    await indicator.locator('.connectivity-status', { hasText: de.connectivity.offline }).waitFor();
    expect(await indicator.getAttribute('data-status')).toBe('offline');
    await page.getByText(de.connectivity.offlineHint).waitFor();
    await page.getByTestId('announcer').getByText('Verbindung: Offline').waitFor();

    await context.setOffline(false);
    await indicator.locator('.connectivity-status', { hasText: de.connectivity.online }).waitFor();
    expect(await page.getByText(de.connectivity.offlineHint).count()).toBe(0);
    await page.getByTestId('announcer').getByText('Verbindung: Online').waitFor();
    await context.close();
  });
});
