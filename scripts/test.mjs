// `npm test`: every layer in one command — type-check, lint, build, then the Vitest projects
// unit → integration → e2e (real Chromium via the browser shell) → electron (skips without the
// binary). Ends with one summary line: "Summary: N passed, N failed, N skipped".
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './lib/chromium.mjs';
import { findElectronBinary } from './lib/electron-binary.mjs';
import { run, runTool, tool } from './lib/run.mjs';

const started = Date.now();
const results = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function step(name, toolName, args, options = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const [command, lead] = tool(toolName);
  const { code, output } = await run(command, [...lead, ...args], { capture: options.capture ?? false });
  const ok = code === 0;
  if (!ok && options.capture) console.log(output);
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds(Date.now() - t0)})`);
  results.push({ name, ok });
  return ok;
}

await step('Type-check (tsc strict, main + preload + tests, renderer)', 'tsc', ['-p', 'tsconfig.node.json']);
await step('Type-check renderer', 'tsc', ['-p', 'tsconfig.web.json']);
await step('Lint (eslint, incl. the layer rule and no runtime electron import outside the Electron layer)', 'eslint', ['--max-warnings=0', '.']);
const built = await step('Build (electron-vite → out/)', 'electron-vite', ['build'], { capture: true });

const chromium = await ensureChromium();
if (!chromium.ok) console.log(`\n✘ ${chromium.message}`);
results.push({ name: 'Chromium for end-to-end tests', ok: chromium.ok });

const electronBinary = findElectronBinary();
if (!electronBinary) console.log('\nℹ Electron suite: skipped — Electron binary not available on this machine (set ELECTRON_EXEC_PATH or run npx install-electron).');

mkdirSync('.cache', { recursive: true });
const reportFile = join('.cache', 'vitest-report.json');
rmSync(reportFile, { force: true });
const projects = ['unit', 'integration', ...(built && chromium.ok ? ['e2e'] : []), 'electron'];
if (!built || !chromium.ok) console.log('\n✘ End-to-end tests cannot run (build or Chromium missing) — counted as failed.');
const t0 = Date.now();
console.log(`\n▶ Tests: ${projects.join(', ')}`);
const vitest = await runTool('vitest', ['run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]);
console.log(`${vitest.code === 0 ? '✔' : '✘'} Tests (${seconds(Date.now() - t0)})`);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no tests but is a failure all the same.
  failed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
} catch {
  failed += 1;
  console.log('✘ Test report missing: Vitest did not finish.');
}
if (vitest.code !== 0 && failed === 0) failed += 1;
if (!built || !chromium.ok) failed += 1;

const failedSteps = results.filter((r) => !r.ok);
console.log(`\nChecks: ${results.length - failedSteps.length}/${results.length} passed${failedSteps.length ? ` (failed: ${failedSteps.map((r) => r.name).join('; ')})` : ''} · total ${seconds(Date.now() - started)}`);
console.log(`Summary: ${passed} passed, ${failed + failedSteps.length} failed, ${skipped} skipped`);
process.exit(failed + failedSteps.length === 0 ? 0 : 1);
