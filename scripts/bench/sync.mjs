// `node scripts/bench/sync.mjs` (also run by `npm run bench`).
/**
 * Content sync against the test Moodle with 2 and 12 courses: requests and bytes the portal sends for
 * the first sync (course list + calendar, then every course's contents in one batch) and for a
 * sync with nothing changed (one batch: course list and get_updates_since per course; the calendar
 * only when its list is older than DEADLINES_REFRESH_MS).
 * Loads the TypeScript sources through jiti (extensionless imports).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { startTestMoodle } = await importTs('test/fixtures/moodle/index.ts');
const { openDatabase } = await importTs('main/store/database.ts');
const { APP_MIGRATIONS } = await importTs('main/store/migrations.ts');
const { HttpClient } = await importTs('main/net/http-client.ts');
const { MoodleClient } = await importTs('main/portal/moodle-client.ts');
const { ContentRepository } = await importTs('main/content/repository.ts');
const { syncContent, DEADLINES_REFRESH_MS } = await importTs('main/content/content-sync.ts');

/** At 2 and at 12 courses: the content step alone (the whole sync: sync-engine.mjs). */
for (const COURSES of [2, 12]) await bench(COURSES);

async function bench(COURSES) {
  let clock = Date.UTC(2026, 10, 23, 8, 0, 0);
  const moodle = await startTestMoodle({ courseCount: COURSES, now: () => clock });
  // The school's courses were set up an hour before the student signs in: data made seconds before the
  // first sync lies within the `since` margin (UPDATES_SINCE_MARGIN_S) and is rightly reported once more.
  clock += 60 * 60 * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-bench-sync-'));
  const store = openDatabase(join(dir, 'bench.sqlite'), { migrations: APP_MIGRATIONS });
  try {
    const user = moodle.state.requireUser('student1');
    store.run(`INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at)
      VALUES ('bench', ?, 'Bench', ?, 'student1', 'Lena', 'de', 0, 0)`, moodle.url, user.id);
    const token = moodle.state.issueToken('student1');
    const client = new MoodleClient(new HttpClient({ sleep: async () => {}, random: () => 0.5 }));
    const repo = new ContentRepository(store);
    const run = (lastSuccessAt) => syncContent(
      { accountId: 'bench', site: moodle.url, token, client, lastSuccessAt, now: clock, signal: new globalThis.AbortController().signal, userId: user.id }, repo, store,
    );

    moodle.state.stats.reset();
    let started = performance.now();
    const first = await run(null);
    const firstFigures = { requests: moodle.state.stats.requests, bytes: moodle.state.stats.bytesSent, ms: performance.now() - started };
    const courses = repo.courses('bench');
    const modules = courses.reduce((n, c) => n + (c.sections ?? []).reduce((m, s) => m + s.modules.length, 0), 0);

    const lastSuccess = clock;
    clock += 60 * 60 * 1000;
    moodle.state.stats.reset();
    started = performance.now();
    const second = await run(lastSuccess);
    const secondFigures = { requests: moodle.state.stats.requests, bytes: moodle.state.stats.bytesSent, ms: performance.now() - started };

    const lastSuccess2 = clock;
    clock += DEADLINES_REFRESH_MS;
    moodle.state.stats.reset();
    started = performance.now();
    await run(lastSuccess2);
    const thirdFigures = { requests: moodle.state.stats.requests, bytes: moodle.state.stats.bytesSent, ms: performance.now() - started };

    console.log(`content sync: test Moodle with ${courses.length} courses, ${modules} modules (student1)`);
    console.log(`  first sync:     ${firstFigures.requests} requests, ${(firstFigures.bytes / 1024).toFixed(1)} KiB received, ${firstFigures.ms.toFixed(0)} ms (fetched ${first.fetchedCourses.length} courses)`);
    console.log(`  no-change sync: ${secondFigures.requests} requests, ${(secondFigures.bytes / 1024).toFixed(1)} KiB received, ${secondFigures.ms.toFixed(0)} ms (fetched ${second.fetchedCourses.length} courses, changed: ${second.changed})`);
    console.log(`  no-change sync, deadlines due for refresh (every ${DEADLINES_REFRESH_MS / 3_600_000} h): ${thirdFigures.requests} requests, ${(thirdFigures.bytes / 1024).toFixed(1)} KiB received, ${thirdFigures.ms.toFixed(0)} ms`);
  } finally {
    store.close();
    await moodle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
