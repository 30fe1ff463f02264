/**
 * What kinds of web contents SchulDesk creates and the webPreferences each gets. Pure: the
 * window factory (main/electron/window-factory.ts) applies these, tests read them here.
 */
import type { WebPreferences } from 'electron';

/**
 * - `main`: our own UI from app://schuldesk, with the preload that exposes window.schuldesk.
 * - `portal`: a Moodle page (e.g. the SSO login), no preload, portal origins only.
 * - `conference`: a BigBlueButton meeting, BBB origins only.
 */
export type WindowKind = 'main' | 'portal' | 'conference';
export const WINDOW_KINDS = ['main', 'portal', 'conference'] as const satisfies readonly WindowKind[];

/** Contents we did not create through the factory (should not exist) get the strictest rules. */
export type ContentsKind = WindowKind | 'unknown';

/**
 * One session per kind. Only the app's own UI persists (it holds no portal cookies: tokens stay in
 * main). Portal and conference partitions have no `persist:` prefix, so they live in memory and
 * nothing of a login page or a meeting is left on a shared laptop after quitting. Separate
 * sessions also mean only the main session knows the app:// protocol.
 */
export const WINDOW_PARTITIONS: Readonly<Record<WindowKind, string>> = {
  main: 'persist:schuldesk-app',
  portal: 'schuldesk-portal',
  conference: 'schuldesk-conference',
};

export function partitionFor(kind: WindowKind): string {
  return WINDOW_PARTITIONS[kind];
}

export interface WebPreferencesOptions {
  /** `app.isPackaged`: DevTools only in development builds. */
  packaged: boolean;
  /** Absolute path of the preload script; only the main window gets one unless a kind needs its own. */
  preloadPath?: string;
}

/**
 * The security baseline of every window and view (ARCHITECTURE.md "Security baseline",
 * electron-platform notes §1.1). Values that equal Electron's defaults are still written out so
 * a future default change or a careless spread cannot weaken them silently.
 */
export function webPreferencesFor(kind: WindowKind, options: WebPreferencesOptions): WebPreferences {
  const preferences: WebPreferences = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    enableWebSQL: false,
    spellcheck: false,
    devTools: !options.packaged,
    // A page that opens alert() in a loop gets a "stop dialogs" checkbox.
    safeDialogs: true,
    partition: partitionFor(kind),
    // Our own UI only: Chromium's PDF viewer for the in-app file viewer (a cached PDF in an
    // iframe from app://schuldesk/files/…). Portal and meeting pages get no plugins.
    plugins: kind === 'main',
  };
  if (options.preloadPath !== undefined) preferences.preload = options.preloadPath;
  return preferences;
}
