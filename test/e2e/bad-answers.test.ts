/**
 * Bad answers while the app is in use, in Chromium against the browser shell and
 * the test Moodle: after a good first sync, "Jetzt synchronisieren" meets a 503 with Retry-After,
 * an HTML error page and a truncated JSON answer (the fixture's fault injection). Each time the
 * header's sync status says the plain reason (no request address, no transport text), the
 * student is told, and Kurse and Start keep showing what was synced before. axe on each state.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PORTAL_ERROR_TEXTS } from '../../main/portal/errors';
import type { PortalErrorCode } from '../../main/portal/errors';
import { de } from '../../renderer/i18n/de';
import type { Fault } from '../fixtures/moodle';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';
import { openSignedIn, useTestMoodle, waitForScreen } from './page-helpers';

const REST = '/webservice/rest/server.php';

/**
 * Everything the one live region said since the page opened: two pieces of news at the same moment
 * (the sync's result and the connectivity line) follow each other in it, and a test that only reads
 * the region's last text would see whichever came second.
 */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const region = document.querySelector('[data-testid="announcer"]');
    const said: string[] = [];
    (window as unknown as { __said: string[] }).__said = said;
    if (!region) return;
    new MutationObserver(() => said.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
  });
}

async function announced(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __said: string[] }).__said.join('\n')), { timeout: 10_000 }).toContain(text);
}

describe('bad answers during use', () => {
  const portal = useTestMoodle();
  const env = useShellAndChromium();

  it('a failed sync names the reason and the cached courses and deadlines stay', async () => {
    const { moodle } = portal;
    const { page, context } = await openSignedIn(env, moodle.url);
    try {
      await recordAnnouncements(page);
      const control = page.getByTestId('sync-control');
      await expect.poll(() => control.getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');
      const nav = page.getByRole('navigation', { name: de.app.navLabel });
      const deadline = page.locator('section[aria-labelledby="today-deadlines"] li', { hasText: 'Hausaufgabe: Prozentrechnung' });
      await deadline.waitFor();
      // Start asks the portal for the rooms when it shows: that request must be over before a fault is
      // injected, or it (not the sync) gets the bad answer (a full run on a loaded machine once saw that).
      await page.getByTestId('today-rooms').locator('[aria-busy="true"]').waitFor({ state: 'detached' });

      const cases: { fault: Fault; state: 'offline' | 'failed'; code: PortalErrorCode }[] = [
        { fault: { type: 'status', status: 503, retryAfter: 120 }, state: 'offline', code: 'server-overloaded' },
        { fault: { type: 'html', html: '<!doctype html><html><body><h1>Fehler beim Lesen der Datenbank</h1></body></html>' }, state: 'failed', code: 'html-response' },
        { fault: { type: 'truncated' }, state: 'failed', code: 'invalid-json' },
      ];
      for (const { fault, state, code } of cases) {
        // The next portal request of the sync (the content task's first batch) gets the bad answer.
        moodle.state.faults.inject({ path: REST, fault });
        await page.getByRole('button', { name: de.sync.now }).click();
        const reason = PORTAL_ERROR_TEXTS[code].de;
        await expect.poll(() => page.getByTestId('sync-problem').textContent().catch(() => null), { timeout: 30_000 }).toBe(`${de.sync.state[state]}. ${reason}`);
        expect(await control.getAttribute('data-state')).toBe(state);
        expect(moodle.state.faults.pending()).toBe(0);
        // The result of the sync the student asked for is announced. (Offline: the connectivity indicator announces
        // the same news at the same moment through the one live region, so which text is last is not fixed.)
        if (state === 'failed') await announced(page, de.sync.announce.failed.replace('{{message}}', reason));
        await expectNoSeriousA11yViolations(page, `sync ${code}`);

        // What was synced before is all still there.
        await deadline.waitFor();
        await nav.getByRole('link', { name: de.nav.kurse }).click();
        await waitForScreen(page, de.content.title);
        const list = page.getByRole('list', { name: de.content.listLabel });
        await list.waitFor();
        expect((await list.getByRole('button').allTextContents()).sort()).toEqual(['Deutsch 7b', 'Mathematik 7b']);
        await list.getByRole('button', { name: 'Deutsch 7b' }).click();
        await page.getByRole('heading', { level: 2, name: 'Deutsch 7b' }).waitFor();
        await page.getByRole('button', { name: 'Erlkoenig_Goethe.pdf öffnen' }).waitFor();
        await nav.getByRole('link', { name: de.nav.start }).click();
        await waitForScreen(page, de.start.todayTitle);
      }

      // The portal answers properly again: the problem is gone.
      await page.getByRole('button', { name: de.sync.now }).click();
      await expect.poll(() => control.getAttribute('data-state'), { timeout: 30_000 }).toBe('idle');
      expect(await page.getByTestId('sync-problem').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
