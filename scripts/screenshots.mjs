// `node scripts/screenshots.mjs` (via npx/npm so Node 24 runs it): screenshots of Start and
// Einstellungen at 1280x800 for the README, from the real renderer in the browser shell, with an
// example school policy so the settings screen shows locked values. Needs `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, REPO_ROOT, startBrowserShell } from '../test/e2e/harness.ts';

const outDir = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-screenshots-'));
const policyFile = join(policyDir, 'policy.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    portals: [{ name: 'Moodle der Beispielschule', url: 'https://moodle.beispielschule.de' }],
    cameraGate: true,
    sharedDevice: true,
    idleLogoutMinutes: 30,
    updateMode: 'off',
  }),
);

const shell = await startBrowserShell({ policyFile });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(shell.url);
  await page.getByRole('heading', { level: 1, name: 'Willkommen bei SchulDesk' }).waitFor();
  await page.getByText('Moodle der Beispielschule').waitFor();
  await page.screenshot({ path: join(outDir, 'start.png') });

  await page.getByRole('navigation').getByRole('link', { name: 'Einstellungen', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Einstellungen' }).waitFor();
  await page.locator('[data-setting="language"]').waitFor();
  // The heading keeps focus after navigating; blur so the picture shows the resting state.
  await page.evaluate('document.activeElement?.blur()');
  await page.screenshot({ path: join(outDir, 'einstellungen.png') });
  console.log(`Screenshots written to ${outDir}: start.png, einstellungen.png`);
} finally {
  await browser.close();
  await shell.stop();
  rmSync(policyDir, { recursive: true, force: true });
}
