// `node scripts/bench/sync-engine.mjs` (also run by `npm run bench`).
/**
 * A whole sync as the app runs it: the real services (createServices, as both shells build them)
 * against the test Moodle with 2 and with 12 courses. Prints requests and bytes the portal sends
 * from the site check to a complete offline copy (sign-in, then the engine's first run: courses,
 * contents, deadlines, assignments, statuses, attachments) and for a quiet sync an hour later
 * ("Jetzt synchronisieren", nothing changed: one request). scripts/bench/login.mjs breaks the
 * sign-in down per step; scripts/bench/sync.mjs isolates the content step. Loads the TypeScript through jiti.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { startTestMoodle, SEED_PASSWORD } = await importTs('test/fixtures/moodle/index.ts');
const { createServices } = await importTs('main/services.ts');

/** Each figure at 2 and at 12 courses: the requests of a quiet sync must not grow with the courses. */
const COURSE_COUNTS = [2, 12];

async function bench(courseCount) {
  let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
  const now = () => clock;
  const moodle = await startTestMoodle({ courseCount, now });
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
  const functions = () =>
    Object.entries(stats.byFunction)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => `${name}${n > 1 ? ` ×${n}` : ''}`)
      .join(', ');
  const figures = {};
  async function measure(key, label, work) {
    stats.reset();
    const started = performance.now();
    const result = await work();
    const ms = performance.now() - started;
    figures[key] = { requests: stats.requests, bytes: stats.bytesSent };
    console.log(`  ${label}: ${stats.requests} requests, ${kib(stats.bytesSent)} received, ${ms.toFixed(0)} ms — ${perEndpoint()}`);
    console.log(`    functions: ${functions() || '(none)'}`);
    return result;
  }
  try {
    console.log(`whole sync through the app's services: test Moodle with ${courseCount} courses (student1)`);
    await measure('signIn', 'sign-in (site check + password) to a complete offline copy', async () => {
      await call('portal.checkSite', moodle.url);
      await call('portal.signInPassword', moodle.url, 'student1', SEED_PASSWORD);
      // The sign-in starts the engine's first run (every task: courses, contents, assignments, statuses, attachments).
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (let i = 0; i < 400 && (await call('sync.status')).state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    });
    clock += 60 * 60 * 1000;
    const quiet = await measure('quiet', 'quiet sync an hour later (nothing changed)', () => call('sync.now'));
    console.log(`  state: ${quiet.state}; assignments in the store: ${(await call('assignments.list')).length}`);
    return figures;
  } finally {
    await services.close();
    await moodle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const all = [];
for (const courseCount of COURSE_COUNTS) all.push([courseCount, await bench(courseCount)]);
console.log('summary (requests / KiB received):');
for (const [courseCount, f] of all) {
  console.log(`  ${String(courseCount).padStart(2)} courses: quiet sync ${f.quiet.requests} req / ${(f.quiet.bytes / 1024).toFixed(1)} KiB; ` +
    `sign-in to complete offline copy ${f.signIn.requests} req / ${(f.signIn.bytes / 1024).toFixed(1)} KiB`);
}
