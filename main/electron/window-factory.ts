/**
 * THE ONLY place that constructs BrowserWindow / BaseWindow / WebContentsView (ESLint
 * `no-restricted-syntax` forbids it elsewhere; test/unit/window-factory-only.test.ts scans the
 * sources). Every window gets the baseline of main/security/window-policy.ts and is registered
 * with its kind before it loads anything, so the security hooks know which rules apply.
 */
import { BaseWindow, BrowserWindow, WebContentsView } from 'electron';
import { webPreferencesFor } from '../security/window-policy';
import type { WindowKind } from '../security/window-policy';
import { securityHooksInstalled } from './security-hooks';
import { registerContents, registerContentsOwner, registerMainWindow } from './window-registry';

export interface FactoryOptions {
  /** `app.isPackaged` */
  packaged: boolean;
}

function assertHooks(kind: WindowKind): void {
  // Fail closed: a window created before the permission and navigation guards would run with
  // Electron's allow-all defaults.
  if (!securityHooksInstalled()) throw new Error(`Security hooks must be installed before creating a ${kind} window.`);
}

/** The main window: our UI from app://schuldesk with the preload that exposes window.schuldesk. */
export function createMainWindow(options: FactoryOptions & { preloadPath: string }): BrowserWindow {
  assertHooks('main');
  const window = new BrowserWindow({
    title: 'SchulDesk',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 500,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: webPreferencesFor('main', { packaged: options.packaged, preloadPath: options.preloadPath }),
  });
  registerContents(window.webContents, 'main');
  registerMainWindow(window);
  window.once('ready-to-show', () => window.show());
  return window;
}

/**
 * A Moodle page (e.g. the SSO login) in an in-memory session, with no preload at all. `partition`:
 * a fresh in-memory one (no `persist:`) instead of the shared portal partition.
 */
export function createPortalWindow(options: FactoryOptions & { parent?: BrowserWindow; partition?: string }): BrowserWindow {
  assertHooks('portal');
  if (options.partition !== undefined && options.partition.startsWith('persist:')) throw new Error('A portal session must not persist.');
  const webPreferences = webPreferencesFor('portal', { packaged: options.packaged });
  if (options.partition !== undefined) webPreferences.partition = options.partition;
  const window = new BrowserWindow({
    title: 'SchulDesk – Anmeldung',
    width: 900,
    height: 700,
    show: false,
    autoHideMenuBar: true,
    ...(options.parent ? { parent: options.parent, modal: false } : {}),
    webPreferences,
  });
  registerContents(window.webContents, 'portal');
  window.once('ready-to-show', () => window.show());
  return window;
}

export interface ConferenceWindow {
  window: BaseWindow;
  /** The meeting view as created; after replaceView() the one it returned. */
  view: WebContentsView;
  /** The SchulDesk toolbar above the meeting (only when `toolbar` was given). */
  toolbar: WebContentsView | null;
  /**
   * Destroys the meeting view's WebContents at once — `webContents.close()` without
   * `waitForBeforeUnload`, so no `beforeunload` handler of the page can keep it (electron.d.ts,
   * CloseOpts) — and puts a fresh view with the same preferences and session in its place. Every
   * capture Chromium opened for the old contents ends with it. Returns the new view (not loaded).
   */
  replaceView(): WebContentsView;
}

export interface ConferenceWindowOptions extends FactoryOptions {
  preloadPath?: string;
  /** A fresh in-memory partition per meeting (no `persist:`); defaults to the shared conference one. */
  partition?: string;
  /** Passed to the meeting view's preload (e.g. which view it runs in). */
  additionalArguments?: string[];
  /** Run the preload in subframes too (sandboxed: no Node, only the preload) so every frame gets the media guard. */
  preloadInSubFrames?: boolean;
  title?: string;
  toolbar?: { height: number; preloadPath: string; additionalArguments: string[] };
}

/**
 * A conference: a BaseWindow hosting BBB top-level in a WebContentsView (never an iframe, never
 * the deprecated BrowserView), optionally with a SchulDesk toolbar view above it. The toolbar runs
 * in the main kind's session with only its own preload; it is a static page without script.
 */
export function createConferenceWindow(options: ConferenceWindowOptions): ConferenceWindow {
  assertHooks('conference');
  if (options.partition !== undefined && options.partition.startsWith('persist:')) throw new Error('A conference session must not persist.');
  const window = new BaseWindow({ title: options.title ?? 'SchulDesk – Unterricht', width: 1280, height: 800, show: false, autoHideMenuBar: true });
  const preferences = webPreferencesFor('conference', {
    packaged: options.packaged,
    ...(options.preloadPath !== undefined ? { preloadPath: options.preloadPath } : {}),
  });
  if (options.partition !== undefined) preferences.partition = options.partition;
  if (options.additionalArguments) preferences.additionalArguments = options.additionalArguments;
  if (options.preloadInSubFrames === true) preferences.nodeIntegrationInSubFrames = true;
  const makeView = (): WebContentsView => {
    const created = new WebContentsView({ webPreferences: { ...preferences } });
    registerContents(created.webContents, 'conference');
    registerContentsOwner(created.webContents, window);
    return created;
  };
  let view = makeView();
  let toolbar: WebContentsView | null = null;
  const toolbarHeight = options.toolbar?.height ?? 0;
  if (options.toolbar) {
    toolbar = new WebContentsView({
      webPreferences: {
        ...webPreferencesFor('main', { packaged: options.packaged, preloadPath: options.toolbar.preloadPath }),
        additionalArguments: options.toolbar.additionalArguments,
        devTools: false,
      },
    });
    registerContents(toolbar.webContents, 'main');
    registerContentsOwner(toolbar.webContents, window);
    window.contentView.addChildView(toolbar);
  }
  window.contentView.addChildView(view);
  const fit = () => {
    const { width, height } = window.getContentBounds();
    toolbar?.setBounds({ x: 0, y: 0, width, height: toolbarHeight });
    view.setBounds({ x: 0, y: toolbarHeight, width, height: Math.max(0, height - toolbarHeight) });
  };
  fit();
  window.on('resize', fit);
  window.on('closed', () => {
    if (!view.webContents.isDestroyed()) view.webContents.close();
    if (toolbar && !toolbar.webContents.isDestroyed()) toolbar.webContents.close();
  });
  const replaceView = (): WebContentsView => {
    const old = view;
    // First end the old contents (and with it every capture), then show the new one.
    if (!old.webContents.isDestroyed()) old.webContents.close({ waitForBeforeUnload: false });
    window.contentView.removeChildView(old);
    view = makeView();
    window.contentView.addChildView(view);
    fit();
    result.view = view;
    return view;
  };
  const result: ConferenceWindow = { window, view, toolbar, replaceView };
  return result;
}
