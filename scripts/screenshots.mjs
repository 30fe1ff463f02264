// `node scripts/screenshots.mjs` (via npx/npm so Node 24 runs it): the README's screenshots at
// 1280x800, from the real renderer in the browser shell, signed in to the demo school (the test
// Moodle, scripts/lib/demo-school.mjs) as a student, with an example school policy so the settings
// screen shows locked values. Needs `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSchool } from './lib/demo-school.mjs';
import { importTs } from './lib/load-ts.mjs';

const { launchChromium, REPO_ROOT, startBrowserShell } = await importTs('test/e2e/harness.ts');

const outDir = join(REPO_ROOT, 'docs', 'screenshots');
mkdirSync(outDir, { recursive: true });
const policyDir = mkdtempSync(join(tmpdir(), 'schuldesk-screenshots-'));
const policyFile = join(policyDir, 'policy.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    portals: [{ name: 'Moodle der Beispielschule', url: 'https://moodle.beispielschule.de' }],
    cameraGate: true,
    objectionForced: false,
    updateMode: 'off',
    offlineStorageBudgetMb: 2048,
  }),
);

const demo = await startDemoSchool({ SCHULDESK_DEMO_PORT: '0' });
if (!demo.env.SCHULDESK_DEMO_SCHOOL) throw new Error(demo.note ?? 'demo school did not start');
const shell = await startBrowserShell({ policyFile, env: demo.env });
const browser = await launchChromium();
const written = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const shoot = async (name) => {
    // The heading keeps focus after navigating; blur so the picture shows the resting state, from the top.
    await page.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0); document.querySelector("main")?.scrollTo(0, 0)');
    await page.screenshot({ path: join(outDir, name) });
    written.push(name);
  };
  const nav = (name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  const screen = (name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

  await page.goto(shell.url);
  await screen('Willkommen bei SchulDesk');
  await page.getByTestId('signin-demo').click();
  await page.getByTestId('signin-demo-accounts').waitFor();
  await page.locator('[data-testid="signin-demo-account"][data-username="student1"]').click();
  await page.getByTestId('accounts-list').waitFor();
  await page.locator('[data-testid="sync-control"][data-state="idle"]').waitFor({ timeout: 30_000 });
  await shoot('start.png');

  await nav('Kurse');
  await screen('Kurse');
  await page.getByRole('button', { name: 'Mathematik 7b', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Mathematik 7b' }).waitFor();
  await shoot('kurse.png');

  await nav('Aufgaben');
  await screen('Aufgaben');
  await page.getByRole('button', { name: /Hausaufgabe: Prozentrechnung/ }).first().click();
  await page.setViewportSize({ width: 1280, height: 1000 });
  const field = page.getByRole('textbox', { name: /Text/ }).first();
  await field.click();
  await page.keyboard.type('25 % von 80 € sind 20 €, denn 80 · 0,25 = 20.');
  await page.getByText('Auf diesem Gerät gespeichert').first().waitFor();
  await shoot('aufgabe.png');

  await page.setViewportSize({ width: 1280, height: 800 });
  await nav('Konferenzen');
  await screen('Konferenzen');
  await page.getByText('Mathematik 7b').first().waitFor();
  await shoot('konferenzen.png');

  await nav('Einstellungen');
  await screen('Einstellungen');
  await page.locator('[data-setting="language"]').waitFor();
  await shoot('einstellungen.png');

  await page.getByRole('link', { name: 'Was speichert SchulDesk auf diesem Gerät?' }).click();
  await page.getByTestId('privacy-account').waitFor();
  await shoot('datenschutz.png');
  console.log(`Screenshots written to ${outDir}: ${written.join(', ')}`);
} finally {
  await browser.close();
  await shell.stop();
  await demo.close();
  rmSync(policyDir, { recursive: true, force: true });
}
