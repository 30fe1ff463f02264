/**
 * The browser shell's heavy half (the service graph, zod schemas, sanitizer): entry.ts imports it
 * dynamically, so the server listens and serves the renderer while it boots. Named web-shell-* so
 * its chunk stays out of installers like the rest of the shell (electron-builder.yml).
 */
import { INPUT_SCHEMAS } from '../api/input-schemas';
import { diagnosticsText, saveDiagnosticsCopy } from '../diagnostics/command';
import { policySourcesFor } from '../policy-sources';
import { demoSchoolFor } from '../portal/demo-school';
import { createServices } from '../services';
import { shellAppVersion } from './server';
import type { ServicesBinding } from './server';

export interface BootOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** `--diagnose`: report a damaged store, never move it aside (the app may run beside it). */
  diagnose: boolean;
}

export async function bootServices({ env, dataDir, diagnose }: BootOptions): Promise<ServicesBinding> {
  const demo = demoSchoolFor({ packaged: false, env });
  if (demo.problem) console.warn(`[demo] ${demo.problem}`);
  const services = await createServices({
    shell: 'browser',
    appVersion: shellAppVersion(env),
    dataDir,
    policySources: policySourcesFor({ shell: 'browser', packaged: false, env }),
    // No Electron, no safeStorage: portal secrets live in memory for this run only.
    secretCipher: null,
    demoSchool: demo.demo,
    storeSalvage: !diagnose,
    ...(env.SCHULDESK_SSO_LAUNCH_TTL_MS ? { ssoLaunchTtlMs: Number(env.SCHULDESK_SSO_LAUNCH_TTL_MS) } : {}),
  });
  return { services, inputSchemas: INPUT_SCHEMAS };
}

/** `--diagnose`: the report text (saved as a copy in the data folder); the services are closed again. */
export async function diagnose(options: Omit<BootOptions, 'diagnose'>): Promise<string> {
  const { services } = await bootServices({ ...options, diagnose: true });
  try {
    const text = await diagnosticsText(services);
    saveDiagnosticsCopy(services.dataDir, text);
    return text;
  } finally {
    await services.close();
  }
}
