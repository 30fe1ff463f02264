// `npm run bench`: runs every benchmark script in this folder one after another and prints their
// figures. Benchmarks are measurements, not tests: nothing here passes or fails on a number.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../lib/run.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const scripts = readdirSync(here).filter((name) => name.endsWith('.mjs') && name !== self).sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const { code } = await run(process.execPath, [join(here, script)]);
  if (code !== 0) {
    failed += 1;
    console.log(`(${script} exited with ${code})`);
  }
}
console.log(`\nBenchmarks: ${scripts.length - failed} of ${scripts.length} ran to the end.`);
process.exit(failed === 0 ? 0 : 1);
