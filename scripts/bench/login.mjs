// `node scripts/bench/login.mjs` (also run by `npm run bench`).
/**
 * "Log in and show all courses with contents" against the test Moodle with 2 and 12 courses, through the
 * real service graph (createServices, as both shells build it; temp data folder, memory-only
 * secrets like the browser shell) and the API handlers the renderer calls:
 *   portal.checkSite → portal.signInPassword → content.courses → content.course for every course.
 * Per step and in total: requests, bytes the app received and sent (bodies, and on the wire with
 * HTTP headers), wall time, and which web-service functions the requests carried (those inside a
 * tool_mobile_call_external_functions batch listed too; "req" counts HTTP requests). The sync engine
 * starts on sign-in by itself (as in the app); its run is counted in the step during which it
 * happened, and what it still does afterwards (assignments, attachments) is shown on its own line.
 * Loads the TypeScript sources through jiti (extensionless imports).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { startTestMoodle, SEED_PASSWORD } = await importTs('test/fixtures/moodle/index.ts');
const { createServices } = await importTs('main/services.ts');

/** At 2 and at 12 courses: the requests must not grow with the courses. */
const COURSE_COUNTS = [2, 12];
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const summary = [];

async function bench(COURSES) {
  const moodle = await startTestMoodle({ courseCount: COURSES });
  const dataDir = mkdtempSync(join(tmpdir(), 'schuldesk-bench-login-'));
  const services = await createServices({ shell: 'browser', appVersion: 'bench', dataDir, policySources: [], secretCipher: null });
  const call = (method, ...args) => services.handlers[method](...args);

  const stats = moodle.state.stats;
  const snapshot = () => ({
    requests: stats.requests,
    received: stats.bytesSent,
    sent: stats.bytesReceived,
    wireIn: stats.wireBytesOut,
    wireOut: stats.wireBytesIn,
    functions: { ...stats.byFunction },
    endpoints: { ...stats.byEndpoint },
  });
  const diff = (before, after) => {
    const counts = (a, b) => Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, n]) => n > 0));
    return {
      requests: after.requests - before.requests,
      received: after.received - before.received,
      sent: after.sent - before.sent,
      wireIn: after.wireIn - before.wireIn,
      wireOut: after.wireOut - before.wireOut,
      functions: counts(before.functions, after.functions),
      endpoints: counts(before.endpoints, after.endpoints),
    };
  };
  const what = (d) => {
    // REST and AJAX requests by function; everything else (logo, token.php) by script.
    const byFunction = Object.entries(d.functions).map(([name, n]) => `${name}${n > 1 ? ` ×${n}` : ''}`);
    const other = Object.entries(d.endpoints)
      .filter(([endpoint]) => endpoint !== '/webservice/rest/server.php' && endpoint !== '/lib/ajax/service-nologin.php')
      .map(([endpoint, n]) => `${endpoint}${n > 1 ? ` ×${n}` : ''}`);
    return [...byFunction, ...other].join(', ') || '—';
  };
  const line = (label, d, ms) =>
    `  ${label.padEnd(34)} ${String(d.requests).padStart(3)} req  ${kib(d.received).padStart(10)} in  ${kib(d.sent).padStart(8)} out  ` +
    `(wire ${kib(d.wireIn)} in / ${kib(d.wireOut)} out)  ${ms.toFixed(0).padStart(5)} ms`;

  const rows = [];
  async function step(label, work) {
    const before = snapshot();
    const started = performance.now();
    const result = await work();
    rows.push({ label, d: diff(before, snapshot()), ms: performance.now() - started });
    return result;
  }

  try {
    stats.reset();
    const begin = snapshot();
    const started = performance.now();
    const site = await step('portal.checkSite', () => call('portal.checkSite', moodle.url));
    await step('portal.signInPassword', () => call('portal.signInPassword', site.siteUrl, 'student1', SEED_PASSWORD));
    const courses = await step('content.courses', () => call('content.courses'));
    let modules = 0;
    await step(`content.course × ${courses.length}`, async () => {
      for (const course of courses) {
        const view = await call('content.course', course.id);
        modules += view.sections.reduce((n, section) => n + section.modules.length, 0);
      }
    });
    const shown = diff(begin, snapshot());
    const shownMs = performance.now() - started;
    await step('sync engine, rest of its run', () => services.sync.idle());
    const all = diff(begin, snapshot());

    console.log(`log in and show all courses with contents: test Moodle with ${courses.length} courses, ${modules} modules (student1, password)`);
    for (const { label, d, ms } of rows) {
      console.log(line(label, d, ms));
      console.log(`      ${what(d)}`);
    }
    console.log(line('total until every course is shown', shown, shownMs));
    console.log(line('total with the sync engine done', all, rows.reduce((sum, row) => sum + row.ms, 0)));
    summary.push(`  ${String(COURSES).padStart(2)} courses: ${all.requests} req, ${kib(all.received)} in until a complete offline copy (${shown.requests} req until every course is shown)`);
  } finally {
    await services.close();
    await moodle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const courseCount of COURSE_COUNTS) await bench(courseCount);
console.log('summary:');
for (const text of summary) console.log(text);
