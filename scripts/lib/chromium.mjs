import { existsSync } from 'node:fs';
import { run } from './run.mjs';

export const CHROMIUM_PATH = process.env.SCHULDESK_CHROMIUM || '/usr/bin/chromium';

/**
 * The end-to-end tests drive Debian's Chromium (Playwright cannot download browsers here).
 * Installs it with apt-get when missing and we are root; otherwise explains what to do.
 */
export async function ensureChromium({ log = console.log } = {}) {
  if (existsSync(CHROMIUM_PATH)) return { ok: true };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    return { ok: false, message: `Chromium fehlt (${CHROMIUM_PATH}). Bitte installieren: sudo apt-get install chromium` };
  }
  log('Chromium fehlt – wird mit apt-get installiert (einmalig) …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run('apt-get', ['update'], { capture: true, env });
  if (update.code !== 0) return { ok: false, message: `apt-get update fehlgeschlagen:\n${update.output}` };
  const install = await run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], { capture: true, env });
  if (install.code !== 0 || !existsSync(CHROMIUM_PATH)) return { ok: false, message: `Chromium-Installation fehlgeschlagen:\n${install.output.slice(-2000)}` };
  return { ok: true };
}
