// `node scripts/bench/sync-engine.mjs` (also run by `npm run bench`).
/**
 * A whole sync as the app runs it: the real services (createServices, as both shells build them)
 * signed in to the test Moodle with 10 courses; "Jetzt synchronisieren" runs every sync task
 * (content, assignments with their submission status, assignment attachments). Prints requests and
 * bytes the portal sends for the first sync after sign-in and for a sync with nothing changed an
 * hour later (scripts/bench/sync.mjs isolates the content step). Loads the TypeScript through jiti.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { startTestMoodle, SEED_PASSWORD } = await importTs('test/fixtures/moodle/index.ts');
const { createServices } = await importTs('main/services.ts');

const COURSES = 10;
let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
const now = () => clock;
const moodle = await startTestMoodle({ courseCount: COURSES, now });
// The school's courses were set up an hour before the student signs in: data made seconds before the
// first sync lies within the `since` margin (UPDATES_SINCE_MARGIN_S) and is rightly reported once more.
clock += 60 * 60 * 1000;
const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-bench-sync-engine-'));
const services = await createServices({ shell: 'browser', appVersion: 'bench', dataDir, policySources: [], secretCipher: null, now });
const call = (method, ...args) => services.handlers[method](...args);
const stats = moodle.state.stats;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const perEndpoint = () =>
  Object.entries(stats.byEndpoint)
    .map(([endpoint, count]) => `${endpoint} ×${count}`)
    .join(', ');
const functions = () => Object.keys(stats.byFunction).sort().join(', ');

async function measure(label, work) {
  stats.reset();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  console.log(`  ${label}: ${stats.requests} requests, ${kib(stats.bytesSent)} received, ${ms.toFixed(0)} ms — ${perEndpoint()}`);
  console.log(`    functions: ${functions() || '(none)'}`);
  return result;
}

try {
  console.log(`whole sync through the app's services: test Moodle with ${COURSES} courses (student1)`);
  await measure('sign-in (site check + password)', async () => {
    await call('portal.checkSite', moodle.url);
    await call('portal.signInPassword', moodle.url, 'student1', SEED_PASSWORD);
    // The sign-in starts a sync of its own; let it finish before measuring ours.
    for (let i = 0; i < 200 && (await call('sync.status')).state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
  });
  const first = await measure('first sync (nothing cached yet)', () => call('sync.now'));
  clock += 60 * 60 * 1000;
  const second = await measure('no-change sync an hour later', () => call('sync.now'));
  console.log(`  states: ${first.state} → ${second.state}; assignments in the store: ${(await call('assignments.list')).length}`);
} finally {
  await services.close();
  await moodle.close();
  rmSync(dataDir, { recursive: true, force: true });
}
