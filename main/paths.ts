import { homedir } from 'node:os';
import { join } from 'node:path';

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
