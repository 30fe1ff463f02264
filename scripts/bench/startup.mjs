// `npm run bench:startup`: how long the browser shell takes from spawn to its launch line, and
// to the first screen's heading being visible in Chromium (a fresh data folder and a fresh
// browser context each run, Chromium itself already started). Median of 5 runs. Prints figures;
// passes or fails nothing. Needs `npm run build` first.
import { performance } from 'node:perf_hooks';
import { importTs } from '../lib/load-ts.mjs';

const { launchChromium, startBrowserShell } = await importTs('test/e2e/harness.ts');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => `${value.toFixed(0)} ms`;

const browser = await launchChromium();
const toLine = [];
const toHeading = [];
try {
  for (let run = 1; run <= RUNS; run += 1) {
    const shell = await startBrowserShell();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(shell.url);
      await page.getByRole('heading', { level: 1, name: 'Willkommen bei SchulDesk' }).waitFor({ state: 'visible' });
      const headingAt = performance.now();
      toLine.push(shell.timings.lineAt - shell.timings.spawnedAt);
      toHeading.push(headingAt - shell.timings.spawnedAt);
      console.log(`run ${run}: launch line ${ms(toLine.at(-1))}, first heading visible ${ms(toHeading.at(-1))}`);
      await context.close();
    } finally {
      await shell.stop();
    }
  }
} finally {
  await browser.close();
}

console.log(`\nnode ${process.version}, ${RUNS} runs`);
console.log(`spawn → "SchulDesk browser mode: …" line   median ${ms(median(toLine))}  (min ${ms(Math.min(...toLine))}, max ${ms(Math.max(...toLine))})`);
console.log(`spawn → Start heading visible in Chromium  median ${ms(median(toHeading))}  (min ${ms(Math.min(...toHeading))}, max ${ms(Math.max(...toHeading))})`);
