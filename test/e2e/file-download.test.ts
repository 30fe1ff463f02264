/**
 * A large course file in Chromium against the browser shell and the test Moodle (progress
 * for large files, a cancel button): the portal stalls halfway, so the progress bar
 * (accessible name and value) stays on screen; "Abbrechen" stops the download, says so politely
 * and nothing is on the device; opened again, it arrives in full. axe on each state.
 */
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/i18n/de';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { openSignedIn, useTestMoodle, waitForScreen } from './page-helpers';

const BIG = 'Erklaervideo_Brueche.mp4';
const SIZE = 6 * 1024 * 1024;
/** The folder "Material" of Mathematik 7b (cmid as in the recording). */
const MATHE_FOLDER = 5;

describe('Kurse: a large file', () => {
  const portal = useTestMoodle((moodle) => {
    moodle.state.putModuleFile(MATHE_FOLDER, BIG, Buffer.alloc(SIZE, 0x42));
  });
  const env = useShellAndChromium();

  it('shows progress, cancels cleanly, then downloads in full', async () => {
    const { moodle } = portal;
    const { page, context } = await openSignedIn(env, moodle.url);
    try {
      await page.getByRole('navigation', { name: de.app.navLabel }).getByRole('link', { name: de.nav.kurse }).click();
      await waitForScreen(page, de.content.title);
      await page.getByRole('list', { name: de.content.listLabel }).getByRole('button', { name: 'Mathematik 7b' }).click();
      await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();

      // Half of the file arrives, then the network stops delivering.
      moodle.state.faults.inject({ path: '/tokenpluginfile.php/*', fault: { type: 'truncated', stall: true } });
      await page.getByRole('button', { name: de.content.openFile.replace('{{name}}', BIG) }).click();
      const bar = page.getByRole('progressbar', { name: de.content.downloading.replace('{{name}}', BIG) });
      await bar.waitFor();
      await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(Number(await bar.getAttribute('max'))).toBe(SIZE);
      expect(Number(await bar.getAttribute('value'))).toBeLessThanOrEqual(SIZE / 2);
      expect(await bar.getAttribute('aria-valuetext')).toMatch(/ von 6 MB$/);
      await expectNoSeriousA11yViolations(page, 'Download läuft');

      await page.getByRole('button', { name: de.content.cancelDownloadNamed.replace('{{name}}', BIG) }).click();
      const cancelled = de.content.downloadCancelled.replace('{{name}}', BIG);
      await page.locator('.content-file', { hasText: BIG }).getByText(cancelled).waitFor();
      await page.getByTestId('announcer').getByText(cancelled).waitFor();
      expect(await bar.count()).toBe(0);
      expect(await page.locator('.content-file', { hasText: BIG }).innerText()).not.toContain(de.content.onDevice);
      expect(await page.getByRole('alert').count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'Download abgebrochen');

      // No fault any more: the whole file.
      await page.getByRole('button', { name: de.content.openFile.replace('{{name}}', BIG) }).click();
      await page.getByRole('link', { name: de.content.download.replace('{{name}}', BIG) }).waitFor({ timeout: 30_000 });
      expect(await page.locator('.content-file', { hasText: BIG }).innerText()).toContain(de.content.onDevice);
    } finally {
      await context.close();
    }
  });
});
