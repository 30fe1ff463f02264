/**
 * `npm run web`: the browser shell. Dev/test only — never packaged (electron-builder.yml).
 * Environment: PORT (default random), SCHULDESK_DATA_DIR, SCHULDESK_POLICY_FILE, SCHULDESK_DEMO_SCHOOL
 * (set by scripts/web.mjs: the demo school), SCHULDESK_SSO_LAUNCH_TTL_MS (a shorter SSO launch
 * lifetime than 10 minutes, for e2e tests of an expired launch; longer values are ignored).
 * Prints exactly one line, `SchulDesk browser mode: <URL>`, and runs until killed.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnosticsText, saveDiagnosticsCopy, wantsDiagnose } from '../diagnostics/command';
import { startFileLog } from '../log/file-log';
import { defaultDataDir } from '../paths';
import { policySourcesFor } from '../policy-sources';
import { demoSchoolFor } from '../portal/demo-school';
import { createServices } from '../services';
import { startupFailureText } from '../startup-failure';
import { startWebShell } from './server';

const here = dirname(fileURLToPath(import.meta.url));

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
  const demo = demoSchoolFor({ packaged: false, env });
  if (demo.problem) console.warn(`[demo] ${demo.problem}`);
  const services = await createServices({
    shell: 'browser',
    appVersion: env.npm_package_version ?? '0.0.0-dev',
    dataDir,
    policySources: policySourcesFor({ shell: 'browser', packaged: false, env }),
    // No Electron, no safeStorage: portal secrets live in memory for this run only.
    secretCipher: null,
    demoSchool: demo.demo,
    // `--diagnose` may run beside the app: it reports a damaged store and never moves it aside.
    storeSalvage: !wantsDiagnose(process.argv),
    ...(env.SCHULDESK_SSO_LAUNCH_TTL_MS ? { ssoLaunchTtlMs: Number(env.SCHULDESK_SSO_LAUNCH_TTL_MS) } : {}),
  });
  if (wantsDiagnose(process.argv)) {
    const text = await diagnosticsText(services);
    await services.close();
    fileLog.stop();
    saveDiagnosticsCopy(services.dataDir, text);
    process.stdout.write(`${text}\n`, () => process.exit(0));
    return;
  }
  const shell = await startWebShell({
    services,
    rendererDir: join(here, '..', 'renderer'),
    secret: randomBytes(24).toString('hex'),
    port,
  });
  process.stdout.write(`SchulDesk browser mode: ${shell.launchUrl}\n`);

  const stop = () => {
    void shell
      .close()
      .then(() => services.close())
      .finally(() => {
        fileLog.stop();
        process.exit(0);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const failure = startupFailureText(error);
  console.error(`SchulDesk browser mode could not start: ${failure.message}`);
  process.exit(1);
});
