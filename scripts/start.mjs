// `npm start`: builds and starts SchulDesk in Electron. Where the Electron binary is missing and
// cannot be fetched (e.g. no internet), says so in one sentence and starts the browser shell,
// opening it in Chromium's app mode when Chromium is installed. Both offer the demo school
// (scripts/lib/demo-school.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './lib/chromium.mjs';
import { findElectronBinary } from './lib/electron-binary.mjs';
import { startDemoSchool } from './lib/demo-school.mjs';
import { run, runTool } from './lib/run.mjs';

// For tests: SCHULDESK_SKIP_BUILD=1 uses the existing out/; SCHULDESK_NO_ELECTRON=1 acts as if the
// binary were missing and not downloadable (the path every build machine here takes).
if (process.env.SCHULDESK_SKIP_BUILD !== '1') {
  console.log('SchulDesk wird gebaut …');
  const build = await runTool('electron-vite', ['build'], { capture: true });
  if (build.code !== 0) {
    process.stderr.write(build.output);
    console.error('SchulDesk konnte nicht gebaut werden (siehe oben).');
    process.exit(1);
  }
}

const noElectron = process.env.SCHULDESK_NO_ELECTRON === '1';
let electron = noElectron ? null : findElectronBinary();
if (!electron && !noElectron && existsSync('node_modules/electron/install.js')) {
  console.log('Electron wird heruntergeladen (einmalig) …');
  await run(process.execPath, ['node_modules/electron/install.js'], { capture: true, timeoutMs: 10 * 60_000 });
  electron = findElectronBinary();
}

// A development run: the test Moodle serves as the demo school ("Demo-Schule ausprobieren").
const demo = await startDemoSchool();
if (demo.note) console.log(demo.note);
const childEnv = { ...process.env, ...demo.env };
const exitAfterDemo = (code) => void demo.close().finally(() => process.exit(code ?? 0));

if (electron) {
  const app = spawn(electron, ['.'], { stdio: 'inherit', env: { ...childEnv, NODE_ENV: 'development' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
  app.on('exit', exitAfterDemo);
} else {
  console.log('Electron ist auf diesem Rechner nicht verfügbar und konnte nicht heruntergeladen werden, daher startet SchulDesk im Browsermodus.');
  const shell = spawn(process.execPath, ['out/main/web-shell.js'], { stdio: ['ignore', 'pipe', 'inherit'], env: childEnv });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => shell.kill(signal));
  shell.on('exit', exitAfterDemo);
  let buffer = '';
  let opened = false;
  shell.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (opened) return;
    buffer += chunk;
    const match = /SchulDesk browser mode: (\S+)/.exec(buffer);
    if (!match) return;
    opened = true;
    if (existsSync(CHROMIUM_PATH)) {
      const profile = mkdtempSync(join(tmpdir(), 'schuldesk-chromium-'));
      spawn(CHROMIUM_PATH, [`--app=${match[1]}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-background-networking', '--disable-component-update'], { stdio: 'ignore', detached: true }).unref();
    } else {
      console.log(`Öffne diese Adresse in einem Browser: ${match[1]}`);
    }
  });
}
