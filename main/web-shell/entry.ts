/**
 * `npm run web`: the browser shell. Dev/test only — never packaged (electron-builder.yml).
 * Environment: PORT (default random), SCHULDESK_DATA_DIR, SCHULDESK_POLICY_FILE, SCHULDESK_DEMO_SCHOOL
 * (set by scripts/web.mjs: the demo school), SCHULDESK_SSO_LAUNCH_TTL_MS (a shorter SSO launch
 * lifetime than 10 minutes, for e2e tests of an expired launch; longer values are ignored),
 * SCHULDESK_FIRST_PAINT=1 (serve the stored first paint in index.html, as the Electron app does).
 * Prints exactly one line, `SchulDesk browser mode: <URL>`, and runs until killed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wantsDiagnose } from '../diagnostics/flag';
import { startFileLog } from '../log/file-log';
import { DATABASE_FILE_NAME, defaultDataDir } from '../paths';
import { readFirstPaintFile, withFirstPaint } from '../start/first-paint';
import { startupFailureText } from '../startup-failure';
import { bootGate, firstPageFiles } from './boot-gate';
import { shellAppVersion, startWebShell } from './server';
import type { ServicesBinding } from './server';

const here = dirname(fileURLToPath(import.meta.url));
/** A shell nobody opens boots anyway this soon after listening (a broken store is reported at once). */
const BOOT_AT_THE_LATEST_MS = 250;

function fail(error: unknown): never {
  const failure = startupFailureText(error);
  console.error(`SchulDesk browser mode could not start: ${failure.message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  // stdout carries only the launch line (or the --diagnose report): tests and scripts read it. What
  // the services say on console.info/log (e.g. the policy's trusted CAs) goes to stderr.
  console.info = (...args: unknown[]) => console.error(...args);
  console.log = (...args: unknown[]) => console.error(...args);
  const env = process.env;
  const port = env.PORT ? Number.parseInt(env.PORT, 10) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const dataDir = env.SCHULDESK_DATA_DIR || defaultDataDir('browser');
  const fileLog = startFileLog(dataDir);
  if (wantsDiagnose(process.argv)) {
    const { diagnose } = await import('./web-shell-boot');
    const text = await diagnose({ env, dataDir });
    fileLog.stop();
    process.stdout.write(`${text}\n`, () => process.exit(0));
    return;
  }
  // The server listens and prints its line first, serves the page's own files, and boots the services
  // (most of the start-up time: zod schemas, the store) while the browser evaluates them (boot-gate.ts).
  // API calls wait for the boot; a failed boot ends the process as before.
  let settle: { resolve(binding: ServicesBinding): void; reject(error: unknown): void } | null = null;
  const booting = new Promise<ServicesBinding>((resolve, reject) => (settle = { resolve, reject }));
  booting.catch(fail);
  let booted: ServicesBinding | null = null;
  void booting.then((binding) => (booted = binding), () => undefined);
  const rendererDir = join(here, '..', 'renderer');
  const boot = () => {
    // V8's code cache on disk (Node ≥ 22): later starts skip compiling the services bundle again. In
    // the user's own cache folder, not the shared temp folder (another user could plant entries there).
    enableCompileCache(join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'schuldesk-browser-shell'));
    import('./web-shell-boot')
      .then(({ bootServices }) => bootServices({ env, dataDir, diagnose: false }))
      .then((binding) => settle?.resolve(binding), (error: unknown) => settle?.reject(error));
  };
  const gate = bootGate(firstPageFiles(readFileSync(join(rendererDir, 'index.html'), 'utf8')), boot, BOOT_AT_THE_LATEST_MS);
  const shell = await startWebShell({
    services: booting,
    rendererDir,
    secret: randomBytes(24).toString('hex'),
    port,
    onStaticServed: gate.served,
    onApiRequest: gate.apiRequest,
    // The stored first paint, only when asked for (SCHULDESK_FIRST_PAINT=1: the benchmark, its e2e
    // tests): this server hands index.html to any local process without the launch secret, and the
    // paint is a student's day. Before the boot straight from the store file (read-only), then through the services.
    indexHtml: env.SCHULDESK_FIRST_PAINT !== '1' ? undefined : (content) => (booted ? booted.services.indexHtml(content) : withFirstPaint(content, readFirstPaintFile(join(dataDir, DATABASE_FILE_NAME), Date.now(), shellAppVersion(env)))),
  });
  process.stdout.write(`SchulDesk browser mode: ${shell.launchUrl}\n`);

  const stop = () => {
    gate.dispose();
    void shell
      .close()
      // Still booting (or stuck there): nothing to close yet, end now rather than wait.
      .then(() => (booted ? booted.services.close() : undefined))
      .finally(() => {
        fileLog.stop();
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(fail);
