/**
 * Finds the Electron executable without `require('electron')` (which, since Electron 42, tries
 * to download it and throws offline). Same lookup as scripts/lib/electron-binary.mjs:
 * ELECTRON_EXEC_PATH, else node_modules/electron/path.txt inside ELECTRON_OVERRIDE_DIST_PATH or
 * node_modules/electron/dist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.ELECTRON_EXEC_PATH && existsSync(env.ELECTRON_EXEC_PATH)) return env.ELECTRON_EXEC_PATH;
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}
