// `node scripts/bench/store-salvage.mjs`: the time to start with a damaged ~50 MB store — open +
// check + move aside + salvage (main/store/salvage.ts), the code the app runs at start. Builds a
// store with cached content (courses with contents, assignments) plus drafts, versions and outbox
// items, then damages it three ways. Last, erasing the damaged copy the salvage kept (zeros, fsync,
// unlink: main/store/damaged-copies.ts, a loaner logout runs it). Prints numbers only; nothing here passes or fails.
// Files are in os.tmpdir() and read warm from the OS cache (built just before); a cold disk adds its read time.
import { copyFileSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../main/store/database.ts';
import { APP_MIGRATIONS } from '../../main/store/migrations.ts';
import { openStore } from '../../main/store/salvage.ts';
import { damagedCopies, eraseDamagedCopies } from '../../main/store/damaged-copies.ts';

const TARGET_BYTES = 50 * 1024 * 1024;
const DRAFTS = 200;
const VERSIONS = 5;
const root = mkdtempSync(join(tmpdir(), 'schuldesk-bench-salvage-'));
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const report = (name, value, unit) => console.log(`${name.padEnd(62)} ${value.padStart(12)} ${unit}`);

function build(file) {
  const store = openDatabase(file, { migrations: APP_MIGRATIONS });
  const now = Date.now();
  store.transaction(() => {
    store.run(
      `INSERT INTO accounts (id, site_url, site_name, user_id, username, full_name, lang, created_at, last_used_at, needs_reauth)
       VALUES ('acc-1', 'https://schule.example', 'Testschule', 7, 'mia', 'Mia', 'de', ?, ?, 0)`,
      now, now,
    );
    store.run("INSERT INTO secrets (account_id, backend, ciphertext, written_at) VALUES ('acc-1', 'gnome_libsecret', ?, ?)", randomBytes(120), now);
    for (let d = 0; d < DRAFTS; d++) {
      const id = `draft-${d}`;
      const text = `<p>Entwurf ${d}: ${'Satz mit Inhalt. '.repeat(180)}</p>`;
      store.run(
        `INSERT INTO drafts (id, account_id, assign_id, course_id, title, text_html, files_json, version, sent_attempts, state, created_at, updated_at)
         VALUES (?, 'acc-1', ?, 1, ?, ?, '[]', ?, '[]', 'saved', ?, ?)`,
        id, d + 1, `Aufgabe ${d}`, text, VERSIONS, now, now,
      );
      for (let v = 1; v <= VERSIONS; v++) {
        store.run("INSERT INTO draft_versions (account_id, draft_id, version, text_html, files_json, saved_at) VALUES ('acc-1', ?, ?, ?, '[]', ?)", id, v, text, now);
      }
      if (d % 10 === 0) {
        store.run(
          `INSERT INTO outbox (id, account_id, draft_id, draft_version, handin, accept_statement, step, status, attempts, next_attempt_at, created_at, updated_at)
           VALUES (?, 'acc-1', ?, ?, 1, 0, 'pending', 'active', 0, ?, ?, ?)`,
          `out-${d}`, id, VERSIONS, now, now, now,
        );
      }
    }
  });
  const sections = JSON.stringify(Array.from({ length: 12 }, (_, s) => ({ id: s, name: `Abschnitt ${s}`, modules: Array.from({ length: 8 }, (_, m) => ({ id: s * 100 + m, name: `Material ${m}`, description: 'Beschreibung '.repeat(15) })) })));
  let course = 0;
  while (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0) < TARGET_BYTES) {
    store.transaction(() => {
      for (let i = 0; i < 200; i++, course++) {
        store.run(
          `INSERT INTO content_courses (account_id, course_id, fullname, shortname, summary_html, sort_order, sections_json, synced_at) VALUES ('acc-1', ?, ?, ?, ?, ?, ?, ?)`,
          course, `Kurs ${course}`, `K${course}`, '<p>Kursbeschreibung</p>'.repeat(20), course, sections, now,
        );
        store.run(
          `INSERT INTO assignments (account_id, assign_id, cmid, course_id, name, intro_html, due_at, cutoff_at, configs_json, files_json, synced_at) VALUES ('acc-1', ?, ?, ?, ?, ?, 0, 0, '[]', '[]', ?)`,
          10_000 + course, course, course, `Aufgabe ${course}`, '<p>Aufgabenstellung</p>'.repeat(40), now,
        );
      }
    });
  }
  store.close();
  return course;
}

function damage(file, offset, bytes) {
  const fd = openSync(file, 'r+');
  writeSync(fd, randomBytes(bytes), 0, bytes, offset);
  closeSync(fd);
}

function pageWith(file, marker) {
  const buffer = readFileSync(file);
  const pageSize = buffer.readUInt16BE(16);
  const at = buffer.indexOf(Buffer.from(marker));
  if (at < 0) throw new Error(`${marker} not in the store`);
  return Math.floor(at / pageSize);
}

const quiet = { warn: console.warn, error: console.error };
function startOnce(name, prepare) {
  const dir = join(root, name.replace(/\W+/g, '-'));
  mkdirSync(dir);
  const file = join(dir, 'schuldesk.sqlite');
  copyFileSync(pristine, file);
  prepare(file);
  console.warn = console.error = () => undefined;
  const t0 = performance.now();
  const { store, recovery } = openStore(file, { migrations: APP_MIGRATIONS });
  const ms = performance.now() - t0;
  Object.assign(console, quiet);
  store.close();
  const got = recovery ? `${recovery.method}: drafts ${recovery.tables.drafts?.recovered ?? 0}/${DRAFTS}, outbox ${recovery.tables.outbox?.recovered ?? 0}/${DRAFTS / 10}` : 'no salvage';
  report(`start, ${name}`, fmt(ms, 0), `ms  (${got})`);
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

let pristine;
try {
  console.log(`node ${process.version}, files in ${tmpdir()}\n`);
  pristine = join(root, 'pristine.sqlite');
  const t0 = performance.now();
  const courses = build(pristine);
  report('build store (not part of the start)', fmt((performance.now() - t0) / 1000, 1), 's');
  report('store size', fmt(statSync(pristine).size / 1024 / 1024, 1), `MB  (${courses} courses + assignments, ${DRAFTS} drafts × ${VERSIONS} versions)`);
  const pageSize = readFileSync(pristine).readUInt16BE(16);
  const scenarios = [
    ['healthy store (open + quick_check)', () => undefined],
    ['one cached-content page overwritten', (file) => damage(file, pageWith(file, 'Kurs 900') * pageSize, pageSize)],
    ['one drafts page overwritten', (file) => damage(file, pageWith(file, 'Entwurf 100:') * pageSize, pageSize)],
    ['page 1 (header, schema) overwritten → raw pages', (file) => damage(file, 0, pageSize)],
  ];
  const RUNS = 3;
  const times = new Map(scenarios.map(([name]) => [name, []]));
  for (let run = 1; run <= RUNS; run++) {
    console.log(`\nrun ${run}`);
    for (const [name, prepare] of scenarios) times.get(name).push(startOnce(name, prepare));
  }
  console.log(`\nmedian of ${RUNS} runs (min–max)`);
  for (const [name, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    report(`start, ${name}`, fmt(sorted[Math.floor(sorted.length / 2)], 0), `ms  (${fmt(sorted[0], 0)}–${fmt(sorted.at(-1), 0)})`);
  }

  // The copy a salvage kept, erased as a loaner logout does (the time a logout adds).
  const erased = [];
  for (let run = 1; run <= RUNS; run++) {
    const dir = join(root, `erase-${run}`);
    mkdirSync(dir);
    const file = join(dir, 'schuldesk.sqlite');
    copyFileSync(pristine, file);
    damage(file, pageWith(file, 'Kurs 900') * pageSize, pageSize);
    console.warn = console.error = () => undefined;
    const { store } = openStore(file, { migrations: APP_MIGRATIONS });
    store.close();
    const bytes = damagedCopies(file).reduce((sum, copy) => sum + copy.bytes, 0);
    const t0 = performance.now();
    const result = eraseDamagedCopies(file);
    erased.push(performance.now() - t0);
    Object.assign(console, quiet);
    if (result.failed > 0 || damagedCopies(file).length > 0) throw new Error('erase left files');
    if (run === 1) report('damaged copy to erase', fmt(bytes / 1024 / 1024, 1), 'MB');
    rmSync(dir, { recursive: true, force: true });
  }
  const sortedErase = [...erased].sort((a, b) => a - b);
  report('erase the damaged copy (zeros + fsync + unlink)', fmt(sortedErase[1], 0), `ms  (median of ${RUNS}, ${fmt(sortedErase[0], 0)}–${fmt(sortedErase.at(-1), 0)})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
