/**
 * Finds the Electron executable without `require('electron')` (which, since Electron 42, tries
 * to download it and throws offline). Same lookup as scripts/lib/electron-binary.mjs:
 * ELECTRON_EXEC_PATH, else node_modules/electron/path.txt inside ELECTRON_OVERRIDE_DIST_PATH or
 * node_modules/electron/dist. `launchBuiltApp` starts the built app in it (the suites' one boot).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication } from 'playwright-core';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN_SCRIPT = join(ROOT, 'out', 'main', 'index.js');

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_EXEC_PATH && existsSync(env.ELECTRON_EXEC_PATH)) return env.ELECTRON_EXEC_PATH;
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/**
 * The built app (out/main/index.js, `npm run build`) in real Electron, with this process's
 * environment plus `env` (SCHULDESK_DATA_DIR, SCHULDESK_POLICY_FILE, …); the OS protocol
 * registration is always skipped.
 */
export async function launchBuiltApp(electronPath: string, env: Record<string, string>, args: string[] = []): Promise<ElectronApplication> {
  if (!existsSync(MAIN_SCRIPT)) throw new Error(`${MAIN_SCRIPT} is missing: run "npm run build" first.`);
  const inherited: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) inherited[key] = value;
  return _electron.launch({
    executablePath: electronPath,
    args: [MAIN_SCRIPT, ...args],
    cwd: ROOT,
    env: { ...inherited, ...env, SCHULDESK_SKIP_PROTOCOL_REGISTRATION: '1' },
  });
}
