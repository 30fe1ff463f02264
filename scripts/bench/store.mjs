// `npm run bench:store`: figures for the local store on this machine's disk (os.tmpdir()).
// Prints numbers only; nothing here passes or fails. Loads main/store/*.ts through the scripts'
// TypeScript loader (scripts/lib/load-ts.mjs), exactly the code the app runs.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { openDatabase } = await importTs('main/store/database.ts');
const { APP_MIGRATIONS } = await importTs('main/store/migrations.ts');
const { SettingsRepository } = await importTs('main/store/settings-repository.ts');

const BENCH_MIGRATIONS = [
  ...APP_MIGRATIONS,
  { id: 1000, name: 'bench rows', up: 'CREATE TABLE bench (id INTEGER PRIMARY KEY, course_id INTEGER NOT NULL, body TEXT NOT NULL) STRICT' },
];
const BODY = 'Lorem ipsum dolor sit amet, Hausaufgabe Deutsch. '.repeat(8); // ~400 bytes, a typical cached row

const root = mkdtempSync(join(tmpdir(), 'schuldesk-bench-store-'));
const rows = [];
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

function report(name, value, unit) {
  rows.push({ name, value, unit });
  console.log(`${name.padEnd(58)} ${value.padStart(12)} ${unit}`);
}

try {
  console.log(`node ${process.version}, SQLite ${new (await import('node:sqlite')).DatabaseSync(':memory:').prepare('SELECT sqlite_version() AS v').get().v}, files in ${tmpdir()}\n`);
  const file = join(root, 'schuldesk.sqlite');

  const created = time(() => openDatabase(file, { migrations: BENCH_MIGRATIONS }));
  report('open: create new file + migrations', fmt(created.ms, 2), 'ms');
  const store = created.result;

  // One row per transaction: each commit waits for fsync (synchronous=FULL) — the "save a draft" path.
  const single = 300;
  const insert = 'INSERT INTO bench (course_id, body) VALUES (?, ?)';
  const t1 = time(() => {
    for (let i = 0; i < single; i++) store.transaction(() => store.run(insert, i % 20, BODY));
  });
  report('insert, 1 row per transaction (fsync each)', fmt((single / t1.ms) * 1000), 'tx/s');
  report('  commit latency, mean', fmt(t1.ms / single, 3), 'ms');

  // Many rows per transaction — the "refresh the cache" path.
  const batches = 20;
  const perBatch = 5000;
  const t2 = time(() => {
    for (let b = 0; b < batches; b++) store.transaction(() => {
      for (let i = 0; i < perBatch; i++) store.run(insert, i % 20, BODY);
    });
  });
  report(`insert, ${perBatch} rows per transaction`, fmt(((batches * perBatch) / t2.ms) * 1000), 'rows/s');

  const lookups = 50_000;
  const maxId = store.get('SELECT max(id) AS m FROM bench').m;
  const t3 = time(() => {
    for (let i = 0; i < lookups; i++) store.get('SELECT body FROM bench WHERE id = ?', 1 + ((i * 7919) % maxId));
  });
  report('get by primary key', fmt((lookups / t3.ms) * 1000), 'reads/s');

  const settings = new SettingsRepository(store);
  const t4 = time(() => {
    for (let i = 0; i < 200; i++) settings.set(`key${i % 10}`, { value: i, list: [1, 2, 3] });
  });
  report('SettingsRepository.set (autocommit, fsync each)', fmt((200 / t4.ms) * 1000), 'ops/s');
  const t5 = time(() => {
    for (let i = 0; i < 2000; i++) settings.list();
  });
  report('SettingsRepository.list (10 keys)', fmt((2000 / t5.ms) * 1000), 'ops/s');
  store.close();

  const size = statSync(file).size;
  report('database size after the above', fmt(size / 1024 / 1024, 1), 'MB');
  for (const check of ['quick', 'none']) {
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const opened = time(() => openDatabase(file, { migrations: BENCH_MIGRATIONS, check }));
      samples.push(opened.ms);
      opened.result.close();
    }
    samples.sort((a, b) => a - b);
    report(`open existing file, check: '${check}' (median of 5)`, fmt(samples[2], 2), 'ms');
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
