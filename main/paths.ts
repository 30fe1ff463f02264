import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, posix, resolve, sep, win32 } from 'node:path';
import { UserFacingError } from './ipc/errors';

/** The store's file in the data folder (main/store/; the browser shell reads it before the boot, main/start/first-paint.ts). */
export const DATABASE_FILE_NAME = 'schuldesk.sqlite';

/**
 * Where SchulDesk keeps its data when nothing else is said: the same folder Electron's
 * `app.getPath('userData')` gives for productName "SchulDesk". The browser shell uses a
 * sibling folder so a development run never touches a real installation's data.
 */
export function defaultDataDir(
  shell: 'electron' | 'browser',
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  const name = shell === 'electron' ? 'SchulDesk' : 'SchulDesk-Browsermodus';
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), name);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', name);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), name);
}

/**
 * The policy `dataDirectory` as a folder on this machine: environment variables expanded
 * (`%NAME%` on Windows, `$NAME`/`${NAME}` elsewhere), normalised. A variable that is not set, or a
 * result that is not absolute, gives `problem` (the caller then keeps the default and says so).
 */
export function expandDataDirectory(
  raw: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { path: string } | { problem: string } {
  const missing: string[] = [];
  const lookup = (name: string): string => {
    // Windows variable names are case-insensitive.
    const key = platform === 'win32' ? Object.keys(env).find((candidate) => candidate.toUpperCase() === name.toUpperCase()) : name;
    const value = key === undefined ? undefined : env[key];
    if (value === undefined || value === '') missing.push(name);
    return value ?? '';
  };
  const expanded =
    platform === 'win32'
      ? raw.replace(/%([A-Za-z_][A-Za-z0-9_()]*)%/g, (_match, name: string) => lookup(name))
      : raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced: string | undefined, bare: string | undefined) => lookup(braced ?? bare ?? ''));
  if (missing.length > 0) return { problem: `Umgebungsvariable nicht gesetzt: ${missing.join(', ')}` };
  const paths = platform === 'win32' ? win32 : posix;
  if (!paths.isAbsolute(expanded)) return { problem: `„${expanded}“ ist kein absoluter Pfad auf diesem System.` };
  return { path: paths.normalize(expanded) };
}

/**
 * The folder SchulDesk's data lives in: the policy's `dataDirectory` when it is set and expands to
 * an absolute path here, otherwise the shell's default. `problem` says why the policy was not used.
 */
export function effectiveDataDir(policyValue: unknown, fallback: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): { dir: string; problem?: string } {
  if (typeof policyValue !== 'string' || policyValue === '') return { dir: fallback };
  const expanded = expandDataDirectory(policyValue, platform, env);
  return 'path' in expanded ? { dir: expanded.path } : { dir: fallback, problem: expanded.problem };
}

const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

/**
 * Makes sure the data folder exists and can be written, before the store opens: a missing folder is
 * created; one that cannot be created (`data-folder-unavailable`) or written (`data-folder-read-only`,
 * a read-only mount, a locked-down profile) gives a UserFacingError naming the folder. A full disk
 * is no reason to refuse the start (what is stored can still be read).
 */
export function prepareDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UserFacingError(READ_ONLY_CODES.has(code) ? 'data-folder-read-only' : 'data-folder-unavailable', { folder: dir }, { cause: error });
  }
  const probe = join(dir, `.schreibtest-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOSPC' || code === 'EDQUOT') return;
    throw new UserFacingError(READ_ONLY_CODES.has(code) ? 'data-folder-read-only' : 'data-folder-unavailable', { folder: dir }, { cause: error });
  }
}

/**
 * For a file-layer failure inside the data folder (EROFS, EACCES, EPERM, or ENOENT from creating a
 * folder — Node's recursive mkdir reports a read-only parent so): the folder that cannot be written,
 * found by writing a probe into the nearest existing folder on the failed path. Null when that folder
 * can be written (the failure had another reason) or the path is outside `dataDir`.
 */
export function unwritableFolderOf(error: unknown, dataDir: string): string | null {
  const { code, path } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; path?: unknown };
  if (typeof path !== 'string' || !['EROFS', 'EACCES', 'EPERM', 'ENOENT'].includes(String(code))) return null;
  const root = resolve(dataDir);
  let dir = resolve(path);
  if (dir !== root && !dir.startsWith(`${root}${sep}`)) return null;
  while (!existsSync(dir) && dir !== root) dir = dirname(dir);
  const probe = join(dir, `.schreibtest-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return null;
  } catch (probeError) {
    return READ_ONLY_CODES.has((probeError as NodeJS.ErrnoException).code ?? '') ? dir : null;
  }
}
