// `node scripts/screenshots.mjs` (via npx/npm so Node 24 runs it): the README's screenshots at
// 1280x800, from the real renderer in the browser shell, signed in to the demo school (the test
// Moodle, scripts/lib/demo-school.mjs) as a student, with an example school policy so the settings
// screen shows locked values. Start shows a day: the teacher has opened the Mathe lesson and added a
// video after the first sync; then the portal is overloaded and a hand-in waits (start-offline.png).
// German screens, then Start once more in English (start-en.png). Needs `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSchool } from './lib/demo-school.mjs';
import { importTs } from './lib/load-ts.mjs';

const { launchChromium, REPO_ROOT, startBrowserShell } = await importTs('test/e2e/harness.ts');

const { callRest } = await importTs('test/fixtures/moodle/index.ts');

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

  const invoke = async (method, ...args) => {
    const response = await globalThis.fetch(`${shell.origin}/api/invoke/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-schuldesk-secret': shell.secret },
      body: JSON.stringify({ args }),
    });
    const envelope = await response.json();
    if (!envelope.ok) throw new Error(`${method}: ${JSON.stringify(envelope.error)}`);
    return envelope.result;
  };
  const syncNow = async () => {
    await page.locator('.sync-now').click();
    await page.locator('[data-testid="sync-control"][data-state="idle"]').waitFor({ timeout: 30_000 });
  };

  // The teacher has opened the Mathe lesson (joins with the URL Moodle issues her).
  const moodle = demo.moodle;
  const joinAnswer = await callRest(moodle.url, moodle.state.issueToken('teacher1'), 'mod_bigbluebuttonbn_get_join_url', { cmid: 8 });
  await globalThis.fetch(joinAnswer.join_url, { redirect: 'manual' });

  await page.goto(shell.url);
  await screen('Willkommen bei SchulDesk');
  await shoot('willkommen.png');
  await page.getByTestId('signin-demo').click();
  await page.getByTestId('signin-demo-accounts').waitFor();
  await page.locator('[data-testid="signin-demo-account"][data-username="student1"]').click();
  await page.getByTestId('start-today').waitFor();
  await page.locator('[data-testid="sync-control"][data-state="idle"]').waitFor({ timeout: 30_000 });
  // After the first sync the teacher adds a video; one hand-in waits in the outbox.
  moodle.state.addUrlModule(2, 1, { name: 'Erklärvideo: Prozente im Alltag', externalurl: 'https://video.beispielschule.de/prozente' });
  await syncNow();
  await page.getByTestId('today-news-item').first().waitFor();
  await page.getByTestId('today-room').first().waitFor();
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

  // Start once more, in English.
  await nav('Einstellungen');
  await screen('Einstellungen');
  await page.getByLabel('Sprache der Oberfläche', { exact: true }).selectOption('en');
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  await nav('Start');
  await screen('Today');
  // The German visit above saw the first video; the teacher adds a worksheet for the English picture.
  moodle.state.addUrlModule(3, 1, { name: 'Arbeitsblatt: Argumente sammeln', externalurl: 'https://moodle.beispielschule.de/argumente' });
  await syncNow();
  await page.getByTestId('today-news-item').first().waitFor();
  await shoot('start-en.png');

  // Last (it leaves the portal "unreachable" for a while): back in German, the portal is overloaded.
  await nav('Settings');
  await screen('Settings');
  await page.getByLabel('User interface language', { exact: true }).selectOption('de');
  await page.locator('html[lang="de"]').waitFor({ state: 'attached' });
  await nav('Start');
  await screen('Heute');
  // Then the portal is overloaded (503 + Retry-After): a hand-in waits in the outbox and Start says how old its data is.
  moodle.state.faults.inject({ path: '/webservice/rest/server.php', wsfunction: 'mod_assign_get_submission_status', times: 1000, fault: { type: 'status', status: 503, retryAfter: 900 } });
  const draft = await invoke('drafts.open', 3, { courseId: 3, title: 'Erörterung: Handyverbot an Schulen?' });
  await invoke('drafts.saveText', draft.id, '<p>Ein Handyverbot an Schulen hat Vor- und Nachteile …</p>');
  await invoke('outbox.send', draft.id, { handin: true, acceptStatement: true });
  await page.getByTestId('today-outbox-summary').waitFor();
  await page.locator('[data-testid="today-stand"][data-offline="true"]').waitFor({ timeout: 30_000 });
  await shoot('start-offline.png');

  console.log(`Screenshots written to ${outDir}: ${written.join(', ')}`);
} finally {
  await browser.close();
  await shell.stop();
  await demo.close();
  rmSync(policyDir, { recursive: true, force: true });
}
