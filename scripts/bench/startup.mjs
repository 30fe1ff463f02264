// `npm run bench:startup`: how long the browser shell takes from spawn to its first screen in Chromium
// (a fresh copy of the data folder and a fresh browser context each run, Chromium itself already
// started), and how much JavaScript that first screen loaded. Two cases, median of BENCH_RUNS (5) each:
//  - signed in, filled store (the issue-15 figure): a data folder where student1 signed in against the
//    test Moodle and the sync filled the store (courses, deadlines, assignments, a new material). The
//    browser shell keeps no token across restarts, so the account is the remembered current one; the
//    portal is stopped before the runs: Start ("Heute") renders from the store alone.
//  - nobody signed in: the welcome screen ("Willkommen bei SchulDesk"), as measured before.
// "first-screen JS" = the .js files Chromium fetched until the heading was visible, gzip-compressed
// (node:zlib default level) from out/renderer. Prints figures; passes or fails nothing. Needs a build.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { createJiti } from 'jiti';
import { launchChromium, startBrowserShell, REPO_ROOT } from '../../test/e2e/harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
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
  const jiti = createJiti(import.meta.url);
  const { startTestMoodle, SEED_PASSWORD } = await jiti.import('../../test/fixtures/moodle/index.ts');
  const { createServices } = await jiti.import('../../main/services.ts');
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

function gzipSizeOf(url) {
  const path = new URL(url).pathname.replace(/^\/+/, '');
  const content = readFileSync(join(REPO_ROOT, 'out', 'renderer', path));
  return gzipSync(content).length;
}

async function measure(browser, { template, heading, label }) {
  const toLine = [];
  const toHeading = [];
  const gotoToHeading = [];
  let scripts = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const dataDir = template ? mkdtempSync(join(tmpdir(), 'schuldesk-bench-startup-')) : undefined;
    if (template && dataDir) cpSync(template, dataDir, { recursive: true });
    const shell = await startBrowserShell(dataDir ? { dataDir } : {});
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const fetched = [];
      page.on('response', (response) => {
        if (/\.m?js$/.test(new URL(response.url()).pathname)) fetched.push(response.url());
      });
      const gotoAt = performance.now();
      await page.goto(shell.url);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor({ state: 'visible' });
      const headingAt = performance.now();
      toLine.push(shell.timings.lineAt - shell.timings.spawnedAt);
      toHeading.push(headingAt - shell.timings.spawnedAt);
      gotoToHeading.push(headingAt - gotoAt);
      scripts = [...new Set(fetched)];
      console.log(`${label} run ${run}: launch line ${ms(toLine.at(-1))}, heading visible ${ms(toHeading.at(-1))} (page load → heading ${ms(gotoToHeading.at(-1))})`);
      await context.close();
    } finally {
      await shell.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const sizes = scripts.map((url) => ({ name: new URL(url).pathname.replace(/^.*\//, ''), gzip: gzipSizeOf(url) }));
  return { toLine, toHeading, gotoToHeading, sizes };
}

function report(label, heading, result) {
  const { toLine, toHeading, gotoToHeading, sizes } = result;
  console.log(`\n${label} — heading "${heading}", node ${process.version}, ${RUNS} runs`);
  console.log(`  spawn → "SchulDesk browser mode: …" line   median ${ms(median(toLine))}  (min ${ms(Math.min(...toLine))}, max ${ms(Math.max(...toLine))})`);
  console.log(`  spawn → Start heading visible in Chromium  median ${ms(median(toHeading))}  (min ${ms(Math.min(...toHeading))}, max ${ms(Math.max(...toHeading))})`);
  console.log(`  page load → Start heading visible          median ${ms(median(gotoToHeading))}  (min ${ms(Math.min(...gotoToHeading))}, max ${ms(Math.max(...gotoToHeading))})`);
  const total = sizes.reduce((sum, file) => sum + file.gzip, 0);
  console.log(`  first-screen JS (gzip): ${kib(total)} in ${sizes.length} files: ${sizes.map((file) => `${file.name} ${kib(file.gzip)}`).join(', ')}`);
}

const template = await filledDataFolder();
const browser = await launchChromium();
try {
  const signedIn = await measure(browser, { template, heading: SIGNED_IN_HEADING, label: 'signed in' });
  const signedOut = await measure(browser, { template: null, heading: 'Willkommen bei SchulDesk', label: 'signed out' });
  report('Signed in, filled store', SIGNED_IN_HEADING, signedIn);
  report('Nobody signed in', 'Willkommen bei SchulDesk', signedOut);
} finally {
  await browser.close();
  rmSync(template, { recursive: true, force: true });
}
