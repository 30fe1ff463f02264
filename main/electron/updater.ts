/**
 * Carries out the update decision (main/updates/decision.ts) with electron-updater. Everything that
 * decides is pure and tested there; this file only detects the install facts, configures the
 * updater and mirrors its events into the status the renderer can ask for (`it.updateStatus`).
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { app } from 'electron';
import { describeError } from '../log/redact';
import { execFileRunner, trustedSystem32 } from '../policy/sources/command-runner';
import type { SettingsService } from '../settings/settings-service';
import { decideUpdates, installKindFrom } from '../updates/decision';
import type { InstallFacts, InstallKind, UpdateDecision } from '../updates/decision';
import type { UpdateStatusHolder } from '../updates/status';

const FIRST_CHECK_DELAY_MS = 60_000;
const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** The facts installKindFrom (main/updates/decision.ts) decides on, read from disk and the environment. */
async function installFacts(): Promise<InstallFacts> {
  let appBundleOwnerUid: number | null = null;
  if (process.platform === 'darwin' && app.isPackaged) {
    try {
      appBundleOwnerUid = (await stat(resolve(process.execPath, '..', '..', '..'))).uid;
    } catch {
      appBundleOwnerUid = null;
    }
  }
  return {
    packaged: app.isPackaged,
    platform: process.platform,
    nsisUninstallerNextToExe: process.platform === 'win32' && existsSync(join(dirname(process.execPath), `Uninstall ${app.getName()}.exe`)),
    appBundleOwnerUid,
    appImagePath: process.env.APPIMAGE,
  };
}

async function detectSigned(): Promise<boolean> {
  try {
    if (process.platform === 'win32') {
      const literal = process.execPath.replace(/'/g, "''");
      const result = await execFileRunner(`${trustedSystem32()}\\WindowsPowerShell\\v1.0\\powershell.exe`, [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `(Get-AuthenticodeSignature -LiteralPath '${literal}').Status`,
      ]);
      return result.exitCode === 0 && result.stdout.trim() === 'Valid';
    }
    if (process.platform === 'darwin') {
      const bundle = resolve(process.execPath, '..', '..', '..');
      const verify = await execFileRunner('/usr/bin/codesign', ['--verify', '--strict', bundle]);
      const details = await execFileRunner('/usr/bin/codesign', ['-dv', '--verbose=2', bundle]);
      return verify.exitCode === 0 && /Authority=Developer ID Application/.test(details.stderr);
    }
    return true;
  } catch {
    return false;
  }
}

/** The feed electron-builder wrote into resources/app-update.yml (the `url:` line of the generic provider). */
async function bundledFeedUrl(): Promise<string | null> {
  try {
    const text = await readFile(join(process.resourcesPath, 'app-update.yml'), 'utf8');
    return /^url:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * Detects how this copy was installed and signed, decides per policy and records the decision in
 * `status` (what it.updateStatus and the diagnostics report show). Also used by `--diagnose`.
 */
export async function decideForThisCopy(options: { settings: SettingsService; status: UpdateStatusHolder }): Promise<{ decision: UpdateDecision; installKind: InstallKind }> {
  const { settings, status } = options;
  const [facts, signed, bundled] = await Promise.all([installFacts(), detectSigned(), bundledFeedUrl()]);
  const installKind = installKindFrom(facts);
  const decision = decideUpdates({
    updateMode: settings.get('updateMode'),
    updateUrl: settings.get('updateUrl'),
    bundledFeedUrl: bundled,
    channel: settings.get('updateChannel'),
    installKind,
    signed,
    platform: process.platform,
  });
  status.setDecision(decision, installKind);
  return { decision, installKind };
}

/** Starts checking per policy; returns a stop function for will-quit. */
export async function startUpdater(options: { settings: SettingsService; status: UpdateStatusHolder }): Promise<() => void> {
  const { status } = options;
  const { decision, installKind } = await decideForThisCopy(options);
  console.info(`[updates] ${installKind}, ${decision.reason}`);
  if (!decision.check || decision.feedUrl === null) return () => undefined;

  // Loaded only when used: development runs and the Electron-free wiring test never touch it.
  const { autoUpdater } = (await import('electron-updater')).default;

  autoUpdater.logger = { info: () => undefined, debug: () => undefined, warn: (m: unknown) => console.warn('[updates]', m), error: (m: unknown) => console.error('[updates]', m) };
  autoUpdater.setFeedURL({ provider: 'generic', url: decision.feedUrl, channel: decision.channel });
  autoUpdater.autoDownload = decision.download;
  autoUpdater.autoInstallOnAppQuit = decision.install === 'auto';
  // To withdraw a bad release, publish a higher version; never step back silently.
  autoUpdater.allowDowngrade = false;

  autoUpdater.on('checking-for-update', () => status.setProgress({ state: 'checking', error: null }));
  autoUpdater.on('update-not-available', () => status.setProgress({ state: 'up-to-date', checkedAt: Date.now() }));
  autoUpdater.on('update-available', (info) =>
    status.setProgress({ state: decision.download ? 'downloading' : 'available', availableVersion: info.version, checkedAt: Date.now() }),
  );
  autoUpdater.on('update-downloaded', (info) => status.setProgress({ state: 'downloaded', availableVersion: info.version }));
  autoUpdater.on('error', (error) => {
    console.error(`[updates] ${describeError(error)}`);
    status.setProgress({ state: 'error', error: { code: 'update-check-failed' } });
  });

  const check = () => {
    autoUpdater.checkForUpdates().catch(() => undefined); // reported through the 'error' event
  };
  // Spread over the interval so a school's laptops do not all ask the server in the same minute.
  const first = setTimeout(check, FIRST_CHECK_DELAY_MS + Math.random() * FIRST_CHECK_DELAY_MS);
  const every = setInterval(check, CHECK_INTERVAL_MS);
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
