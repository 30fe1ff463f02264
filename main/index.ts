/**
 * The Electron entry (out/main/index.js): the only wiring of Electron to the Electron-free core.
 * Order matters: sandbox, data folder, single-instance lock, scheme registration and open-url
 * all happen before `ready`; security hooks are installed at `ready` before any window exists.
 *
 * Environment (development runs only, ignored in an installed app):
 * - SCHULDESK_DATA_DIR: data folder instead of the default userData (tests use a temp folder);
 * - SCHULDESK_POLICY_FILE: an extra policy file (see main/policy-sources.ts);
 * - SCHULDESK_SKIP_PROTOCOL_REGISTRATION=1: do not register schuldesk:// with the OS (tests).
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { meetingsMustClose } from './conference/meeting-owner';
import { ConferenceService } from './conference/service';
import { describeError } from './log/redact';
import { policySourcesFor } from './policy-sources';
import { demoSchoolFor } from './portal/demo-school';
import { allowlistFromSettings } from './security/allowlist-from-settings';
import { findDeepLinkInArgv } from './security/deep-link';
import { decideSystemBrowserLaunch } from './security/login-window';
import { APP_ENTRY_URL, DEEP_LINK_SCHEME, EMPTY_ALLOWLIST } from './security/origins';
import type { OriginAllowlist } from './security/origins';
import { partitionFor } from './security/window-policy';
import { createServices } from './services';
import { startupFailureText } from './startup-failure';
import type { Services } from './services';
import { registerAppScheme, serveAppProtocol } from './electron/app-protocol';
import { createDeepLinkRouter } from './electron/deep-links';
import { createConferenceWindows } from './electron/conference-window';
import type { ConferenceWindows } from './electron/conference-window';
import { bindIpc } from './electron/ipc';
import { installSecurityHooks } from './electron/security-hooks';
import { createMainWindow } from './electron/window-factory';
import { mainWindowList } from './electron/window-registry';
import { createSafeStorageCipher } from './electron/safe-storage-port';
import { createOpenPathPort } from './electron/open-path-port';
import { createNotifyPort } from './electron/notifications';
import { decideForThisCopy, startUpdater } from './electron/updater';
import { UpdateStatusHolder } from './updates/status';
import { diagnosticsText, saveDiagnosticsCopy } from './diagnostics/command';
import { wantsDiagnose } from './diagnostics/flag';
import { startFileLog } from './log/file-log';
import { createSaveFileDialog } from './electron/save-file-dialog';
import { createLoginWindowPort } from './electron/login-window';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD_PATH = join(here, '..', 'preload', 'app.cjs');
const CONFERENCE_PRELOAD_PATH = join(here, '..', 'preload', 'conference.cjs');

const env = process.env;
const packaged = app.isPackaged;

// Every renderer sandboxed, whatever a window's options say (must precede `ready`).
app.enableSandbox();

// Before the lock: the single-instance lock lives in the userData folder, so a test instance with
// its own folder does not collide with a running SchulDesk.
if (!packaged && env.SCHULDESK_DATA_DIR) app.setPath('userData', resolve(env.SCHULDESK_DATA_DIR));

const deepLinks = createDeepLinkRouter();

if (wantsDiagnose(process.argv)) {
  // `SchulDesk --diagnose`: the report on stdout, no window, no lock (works while SchulDesk runs).
  runDiagnose();
} else if (!app.requestSingleInstanceLock()) {
  // Another SchulDesk runs; it receives our argv (and any deep link) via 'second-instance'.
  app.quit();
} else {
  start();
}

function runDiagnose(): void {
  app
    .whenReady()
    .then(async () => {
      // The same install facts and decision as a running app (MSI, PKG, … and signature), so the
      // report's Updates section tells the truth; no check is started.
      const updates = new UpdateStatusHolder(app.getVersion());
      const services = await createServices({
        shell: 'electron',
        appVersion: app.getVersion(),
        dataDir: app.getPath('userData'),
        policySources: policySourcesFor({ shell: 'electron', packaged, env }),
        secretCipher: createSafeStorageCipher(),
        updates,
        // Runs beside a running SchulDesk: report a damaged store, never move it aside.
        storeSalvage: false,
      });
      await decideForThisCopy({ settings: services.settings, status: updates });
      const text = await diagnosticsText(services);
      const dataDir = services.dataDir;
      await services.close();
      saveDiagnosticsCopy(dataDir, text);
      process.stdout.write(`${text}\n`, () => app.exit(0));
    })
    .catch((error: unknown) => {
      process.stderr.write(`SchulDesk --diagnose: ${describeError(error)}\n`, () => app.exit(1));
    });
}

function registerProtocolClient(): void {
  if (!packaged && env.SCHULDESK_SKIP_PROTOCOL_REGISTRATION === '1') return;
  if (process.defaultApp) {
    // Development (`electron .`): the OS must start electron with our app path.
    const appPath = process.argv[1];
    if (appPath !== undefined) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(appPath)]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
}

function focusMainWindow(): void {
  const window = mainWindowList()[0];
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function start(): void {
  // The application log (<userData>/logs, 35 days, no personal data) captures console.warn/error.
  const fileLog = startFileLog(app.getPath('userData'));
  app.on('quit', () => fileLog.stop());
  registerAppScheme();
  registerProtocolClient();

  // macOS delivers links here, also for the launch itself: register before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    deepLinks.accept(url, 'open-url');
  });
  // Windows/Linux: a second launch (e.g. the browser opening schuldesk://…) hands us its argv.
  app.on('second-instance', (_event, argv) => {
    focusMainWindow();
    const link = findDeepLinkInArgv(argv);
    if (link !== null) deepLinks.accept(link, 'second-instance');
  });

  let services: Services | null = null;
  let allowlist: OriginAllowlist = EMPTY_ALLOWLIST;
  let language: 'de' | 'en' = 'de';
  let unbindIpc: (() => void) | null = null;
  const updateStatus = new UpdateStatusHolder(app.getVersion());
  let stopUpdater: (() => void) | null = null;
  let conferenceWindows: ConferenceWindows | null = null;
  /** The account the open meetings belong to (null: none open). */
  let meetingOwner: string | null = null;
  let meetingActivityTimer: ReturnType<typeof setInterval> | null = null;
  // Open meetings' BBB origins join the navigation allowlist while they are open.
  const currentAllowlist = (): OriginAllowlist =>
    conferenceWindows ? { portalOrigins: allowlist.portalOrigins, bbbOrigins: new Set([...allowlist.bbbOrigins, ...conferenceWindows.meetingOrigins()]) } : allowlist;

  // The SSO login window follows its own rules (main/security/login-window.ts), not the portal allowlist.
  const openLoginWindow = createLoginWindowPort({ packaged, parent: () => mainWindowList()[0], language: () => language });

  const openMainWindow = (): BrowserWindow => {
    const window = createMainWindow({ packaged, preloadPath: PRELOAD_PATH });
    void window.loadURL(APP_ENTRY_URL);
    return window;
  };

  app
    .whenReady()
    .then(async () => {
      // First, before anything can load: deny-by-default guards on every session and contents.
      installSecurityHooks({
        allowlist: currentAllowlist,
        language: () => language,
        // Policy trustedCaCertificates for Chromium's sessions (main's own fetch: main/net/trusted-cas.ts).
        trustedCaCertificates: () => services?.settings.get('trustedCaCertificates') ?? [],
      });
      // The viewer's cached files come from the services once they exist (nothing is cached before).
      serveAppProtocol(
        session.fromPartition(partitionFor('main')),
        RENDERER_DIR,
        { resolveCachedFile: (token) => services?.cachedFiles.resolveCachedFile(token) ?? Promise.resolve(null) },
        // The stored first paint (main/start/first-paint.ts), once the services are there.
        (content) => services?.indexHtml(content) ?? content,
      );

      services = await createServices({
        shell: 'electron',
        appVersion: app.getVersion(),
        dataDir: app.getPath('userData'),
        policySources: policySourcesFor({ shell: 'electron', packaged, env }),
        // `npm start` only: the test Moodle as a demo school; an installed app ignores the variable.
        demoSchool: demoSchoolFor({ packaged, env }).demo,
        // After ready: before it, Linux reports no keyring and the vault would stay memory-only.
        secretCipher: createSafeStorageCipher(),
        updates: updateStatus,
        openPath: createOpenPathPort(),
        saveFile: createSaveFileDialog(),
        notify: createNotifyPort(),
        // SSO: the login window hands its outcome (the schuldesk:// callback or why it ended) to the portal API.
        openLoginWindow,
        // typeoflogin 2: Moodle's "via a browser window"; the callback returns as a deep link (deepLinks below).
        openSystemBrowser: async (launchUrl) => {
          const gate = decideSystemBrowserLaunch(launchUrl);
          if (!gate.allowed) throw new Error(`launch URL refused for the system browser (${gate.reason})`);
          await shell.openExternal(gate.href);
        },
        openConferenceWindow: (options) => {
          if (!conferenceWindows) throw new Error('Conference windows are not ready yet.');
          meetingOwner = services?.context.accounts.current()?.id ?? null;
          return conferenceWindows.open(options);
        },
      });
      conferenceWindows = createConferenceWindows({
        packaged,
        preloadPath: CONFERENCE_PRELOAD_PATH,
        settings: services.settings,
        events: services.events,
        conference: new ConferenceService(services.context),
        platform: process.platform,
        execFileText: (file, args) =>
          new Promise((resolveText, reject) =>
            execFile(file, args, { encoding: 'utf8', timeout: 10_000, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolveText(stdout))),
          ),
      });
      // Development runs only: test/electron/conference-window.test.ts opens a meeting without a portal.
      if (!packaged && env.SCHULDESK_TEST_HOOKS === '1') {
        const hooks = conferenceWindows;
        (globalThis as { schuldeskTestHooks?: unknown }).schuldeskTestHooks = { openConference: (options: Parameters<ConferenceWindows['open']>[0]) => hooks.open(options) };
      }
      const settings = services.settings;
      const accounts = services.context.accounts;
      const refresh = () => {
        allowlist = allowlistFromSettings(settings, { portalUrls: accounts.list().map((account) => account.siteUrl) });
        language = settings.get('language');
      };
      refresh();
      settings.onChange(refresh);
      accounts.onChange(refresh);
      // A meeting ends with its account's session (main/conference/meeting-owner.ts).
      accounts.onChange(() => {
        const view = accounts.views().find((candidate) => candidate.isCurrent);
        if (!meetingsMustClose(meetingOwner, view ? { id: view.id, signedIn: view.session === 'signed-in' } : null)) return;
        conferenceWindows?.closeAll();
        meetingOwner = null;
      });
      // Sitting in a lesson is using the laptop: an open meeting keeps the idle logout away.
      meetingActivityTimer = setInterval(() => {
        if ((conferenceWindows?.meetingOrigins().length ?? 0) > 0) void Promise.resolve(services?.handlers['device.activity']()).catch(() => undefined);
      }, 60_000);
      meetingActivityTimer.unref();
      unbindIpc = bindIpc(services);
      // Per policy and install kind (main/updates/decision.ts); failures only end up in the status.
      startUpdater({ settings, status: updateStatus })
        .then((stop) => (stopUpdater = stop))
        .catch((error: unknown) => console.error(`[updates] ${describeError(error)}`));

      openMainWindow();
      deepLinks.start({
        focusMainWindow,
        // The outcome reaches the UI as the event portal.ssoFinished; the token is never logged.
        onSsoToken: (payload) => void Promise.resolve(services?.handlers['portal.completeSso'](`schuldesk://token=${payload}`)).catch(() => undefined),
      });
      // Windows/Linux cold start: the link is in our own argv.
      const coldStartLink = findDeepLinkInArgv(process.argv);
      if (coldStartLink !== null) deepLinks.accept(coldStartLink, 'argv');

      app.on('activate', () => {
        if (mainWindowList().length === 0) openMainWindow();
      });
    })
    .catch((error: unknown) => {
      console.error(`[start] ${describeError(error)}`);
      // Shown once; the app then ends (nothing restarts it: no crash loop). A read-only or missing
      // data folder is named in the text (main/startup-failure.ts).
      const failure = startupFailureText(error);
      dialog.showErrorBox(failure.title, failure.message);
      app.exit(1);
    });

  // A school app: closing the window ends the session on every platform (in-memory portal and
  // conference sessions go with it).
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    unbindIpc?.();
    unbindIpc = null;
    if (meetingActivityTimer) clearInterval(meetingActivityTimer);
    conferenceWindows?.dispose();
    conferenceWindows = null;
    stopUpdater?.();
    stopUpdater = null;
    void services?.close();
    services = null;
  });
}
