// `npm run bench:startup`: how long the browser shell takes from spawn to its first screen in Chromium
// (a fresh copy of the data folder and a fresh browser tab each run; Chromium and the empty tab exist
// before the clock starts, as a browser does; the tab navigates the moment the shell prints its
// address), and how much JavaScript that first screen loaded. Three cases, median of BENCH_RUNS (5) each:
//  - signed in, filled store, kept first paint: a data folder where student1 signed in against the test
//    Moodle, the sync filled the store (courses, deadlines, assignments, a new material) and the app
//    ran once in Chromium (as yesterday), so main kept the day as its first paint. The browser shell
//    keeps no token across restarts, so the account is the remembered current one; the portal is
//    stopped before the runs: Start renders from the store alone. Two screens are timed: the kept
//    first paint (index.html's #first-paint: heading "Heute" and the "Stand" line) and the live app's
//    Start (#root: the heading and data-testid today-stand), which replaces it.
//  - signed in, the same store without a kept first paint (the first start after a sign-in, or after
//    the day changed while the app was closing): the live app's Start only.
//  - nobody signed in: the welcome screen ("Willkommen bei SchulDesk").
// Two clocks: when Playwright saw the live screen (its polling adds latency; it ignores the inert
// first paint), and when a screen entered the DOM, taken in the page by a MutationObserver (an init
// script) on the shared wall clock.
// "first-screen JS" = the .js files Chromium fetched until the heading was visible, gzip-compressed
// (node:zlib default level) from out/renderer. Prints figures; passes or fails nothing. Needs a build.
/* global document, window, MutationObserver, fetch -- the init script and evaluate() run in the page; fetch is Node's */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { importTs } from '../lib/load-ts.mjs';

const { launchChromium, startBrowserShell, REPO_ROOT } = await importTs('test/e2e/harness.ts');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// The browser shell serves the kept first paint only when asked (main/web-shell/entry.ts); the Electron app always does.
const FIRST_PAINT_ENV = { SCHULDESK_FIRST_PAINT: '1' };
// The signed-in Start's heading; BENCH_SIGNED_IN_HEADING lets the same script measure an older build (whose Start said "Willkommen …" to everyone).
const SIGNED_IN_HEADING = process.env.BENCH_SIGNED_IN_HEADING ?? 'Heute';
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(0)} ms`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** A data folder with student1 signed in and synced (through the real service graph, as both shells build it). */
async function filledDataFolder() {
  const { startTestMoodle, SEED_PASSWORD } = await importTs('test/fixtures/moodle/index.ts');
  const { createServices } = await importTs('main/services.ts');
  const moodle = await startTestMoodle();
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-bench-startup-template-'));
  const services = await createServices({ shell: 'browser', appVersion: 'bench', dataDir, policySources: [], secretCipher: null });
  const call = (method, ...args) => services.handlers[method](...args);
  try {
    await call('portal.signInPassword', moodle.url, 'student1', SEED_PASSWORD);
    await call('sync.now');
    moodle.state.addUrlModule(2, 1, { name: 'Erklärvideo: Brüche kürzen', externalurl: 'https://video.example.org/brueche' });
    await call('sync.now');
    if (services.handlers['start.today']) {
      const today = await call('start.today');
      console.log(`store: ${today.deadlines.length} deadlines, ${today.news.length} new item(s), Stand ${today.syncedAt ? new Date(today.syncedAt).toISOString() : 'never'}`);
    }
  } finally {
    await services.close();
    await moodle.close();
  }
  return dataDir;
}

/** Copies `template` and runs the app on it once in Chromium until main kept the first paint (index.html carries it). */
async function withKeptFirstPaint(browser, template) {
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-bench-startup-painted-'));
  cpSync(template, dataDir, { recursive: true });
  const shell = await startBrowserShell({ dataDir, env: FIRST_PAINT_ENV });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(shell.url);
    await page.locator('[data-testid="today-stand"]').waitFor();
    for (let attempt = 0; ; attempt += 1) {
      const html = await (await fetch(`${shell.origin}/`)).text();
      if (html.includes('id="first-paint"')) break;
      if (attempt > 100) throw new Error('main kept no first paint within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await context.close();
    await shell.stop();
  }
  return dataDir;
}

function gzipSizeOf(url) {
  const path = new URL(url).pathname.replace(/^\/+/, '');
  const content = readFileSync(join(REPO_ROOT, 'out', 'renderer', path));
  return gzipSync(content).length;
}

async function measure(browser, { template, heading, label, marker, firstPaint = false }) {
  const toLine = [];
  const toHeading = [];
  const gotoToHeading = [];
  const toHeadingInPage = [];
  const navToHeadingInPage = [];
  const toPaintInPage = [];
  const navToPaintInPage = [];
  let scripts = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const dataDir = template ? mkdtempSync(join(tmpdir(), 'schuldesk-bench-startup-')) : undefined;
    if (template && dataDir) cpSync(template, dataDir, { recursive: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(
      ([name, selector]) => {
        // The live screen is in #root; the kept first paint in #first-paint (its markup has no test ids: the stand line by class).
        const found = (scope, stand) => {
          const box = document.getElementById(scope);
          return box !== null && [...box.querySelectorAll('h1')].some((h1) => h1.textContent === name) && (stand === null || box.querySelector(stand) !== null);
        };
        new MutationObserver((_, observer) => {
          if (window.__paintAt === undefined && found('first-paint', selector === null ? null : '.today-stand')) window.__paintAt = performance.now();
          if (!found('root', selector)) return;
          window.__headingAt = performance.now();
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true, characterData: true });
      },
      [heading, marker ?? null],
    );
    const page = await context.newPage();
    const fetched = [];
    page.on('response', (response) => {
      if (/\.m?js$/.test(new URL(response.url()).pathname)) fetched.push(response.url());
    });
    const shell = await startBrowserShell(dataDir ? { dataDir, env: FIRST_PAINT_ENV } : { env: FIRST_PAINT_ENV });
    try {
      const gotoAt = performance.now();
      await page.goto(shell.url);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ state: 'visible' });
      if (marker) await page.locator(marker).first().waitFor({ state: 'visible' });
      const headingAt = performance.now();
      toLine.push(shell.timings.lineAt - shell.timings.spawnedAt);
      toHeading.push(headingAt - shell.timings.spawnedAt);
      gotoToHeading.push(headingAt - gotoAt);
      const inPage = await page.evaluate(() => ({ at: window.__headingAt ?? null, paintAt: window.__paintAt ?? null, origin: performance.timeOrigin }));
      const sinceSpawn = (at) => inPage.origin + at - (performance.timeOrigin + shell.timings.spawnedAt);
      if (inPage.at !== null) {
        navToHeadingInPage.push(inPage.at);
        toHeadingInPage.push(sinceSpawn(inPage.at));
      }
      if (firstPaint && inPage.paintAt === null) throw new Error(`${label} run ${run}: the kept first paint was not in the page`);
      if (inPage.paintAt !== null) {
        navToPaintInPage.push(inPage.paintAt);
        toPaintInPage.push(sinceSpawn(inPage.paintAt));
      }
      scripts = [...new Set(fetched)];
      if (inPage.paintAt !== null) console.log(`${label} run ${run}: kept first paint in the DOM ${ms(toPaintInPage.at(-1))} (navigation → paint ${ms(navToPaintInPage.at(-1))})`);
      console.log(`${label} run ${run}: launch line ${ms(toLine.at(-1))}, heading seen by Playwright ${ms(toHeading.at(-1))} (page load → heading ${ms(gotoToHeading.at(-1))}), heading in the DOM ${ms(toHeadingInPage.at(-1) ?? NaN)} (navigation → heading ${ms(navToHeadingInPage.at(-1) ?? NaN)})`);
    } finally {
      await context.close();
      await shell.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const sizes = scripts.map((url) => ({ name: new URL(url).pathname.replace(/^.*\//, ''), gzip: gzipSizeOf(url) }));
  return { toLine, toHeading, gotoToHeading, toHeadingInPage, navToHeadingInPage, toPaintInPage, navToPaintInPage, sizes };
}

function report(label, heading, result) {
  const { toLine, toHeading, gotoToHeading, toHeadingInPage, navToHeadingInPage, toPaintInPage, navToPaintInPage, sizes } = result;
  const line = (text, values) => console.log(`  ${text.padEnd(44)} median ${ms(median(values))}  (min ${ms(Math.min(...values))}, max ${ms(Math.max(...values))})`);
  console.log(`\n${label} — heading "${heading}", node ${process.version}, ${RUNS} runs`);
  line('spawn → "SchulDesk browser mode: …" line', toLine);
  if (toPaintInPage.length > 0) {
    line('spawn → kept first paint in the DOM', toPaintInPage);
    line('navigation start → kept first paint in the DOM', navToPaintInPage);
  }
  line('spawn → first screen seen by Playwright', toHeading);
  line('page load → first screen seen by Playwright', gotoToHeading);
  if (toHeadingInPage.length > 0) {
    line('spawn → live first screen in the DOM', toHeadingInPage);
    line('navigation start → live first screen in the DOM', navToHeadingInPage);
  }
  const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
  console.log(`  first-screen JS (gzip): ${kib(total)} in ${sizes.length} files: ${sizes.map((file) => `${file.name} ${kib(file.gzip)}`).join(', ')}`);
}

const template = await filledDataFolder();
const browser = await launchChromium();
let painted = null;
try {
  const marker = process.env.BENCH_SIGNED_IN_MARKER ?? '[data-testid="today-stand"]';
  // BENCH_NO_FIRST_PAINT=1: an older build that keeps none (the same script measures it).
  painted = process.env.BENCH_NO_FIRST_PAINT ? null : await withKeptFirstPaint(browser, template);
  const signedInPainted = painted ? await measure(browser, { template: painted, heading: SIGNED_IN_HEADING, label: 'signed in, kept first paint', marker, firstPaint: true }) : null;
  const signedIn = await measure(browser, { template, heading: SIGNED_IN_HEADING, label: 'signed in, no first paint', marker });
  const signedOut = await measure(browser, { template: null, heading: 'Willkommen bei SchulDesk', label: 'signed out' });
  if (signedInPainted) report('Signed in, filled store, first paint kept from the last run', SIGNED_IN_HEADING, signedInPainted);
  report('Signed in, filled store, no first paint kept', SIGNED_IN_HEADING, signedIn);
  report('Nobody signed in', 'Willkommen bei SchulDesk', signedOut);
} finally {
  await browser.close();
  rmSync(template, { recursive: true, force: true });
  if (painted) rmSync(painted, { recursive: true, force: true });
}
