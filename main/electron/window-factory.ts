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
import { registerContents, registerMainWindow } from './window-registry';

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

/** A Moodle page (e.g. the SSO login) in its own in-memory session, with no preload at all. */
export function createPortalWindow(options: FactoryOptions & { parent?: BrowserWindow }): BrowserWindow {
  assertHooks('portal');
  const window = new BrowserWindow({
    title: 'SchulDesk – Anmeldung',
    width: 900,
    height: 700,
    show: false,
    autoHideMenuBar: true,
    ...(options.parent ? { parent: options.parent, modal: false } : {}),
    webPreferences: webPreferencesFor('portal', { packaged: options.packaged }),
  });
  registerContents(window.webContents, 'portal');
  window.once('ready-to-show', () => window.show());
  return window;
}

export interface ConferenceWindow {
  window: BaseWindow;
  view: WebContentsView;
}

/**
 * A conference: a BaseWindow hosting BBB top-level in a WebContentsView (never an iframe, never
 * the deprecated BrowserView). The conference work adds its preload and toolbar.
 */
export function createConferenceWindow(options: FactoryOptions & { preloadPath?: string }): ConferenceWindow {
  assertHooks('conference');
  const window = new BaseWindow({ title: 'SchulDesk – Unterricht', width: 1280, height: 800, show: false, autoHideMenuBar: true });
  const view = new WebContentsView({
    webPreferences: webPreferencesFor('conference', {
      packaged: options.packaged,
      ...(options.preloadPath !== undefined ? { preloadPath: options.preloadPath } : {}),
    }),
  });
  registerContents(view.webContents, 'conference');
  window.contentView.addChildView(view);
  const fit = () => {
    const { width, height } = window.getContentBounds();
    view.setBounds({ x: 0, y: 0, width, height });
  };
  fit();
  window.on('resize', fit);
  window.on('closed', () => {
    if (!view.webContents.isDestroyed()) view.webContents.close();
  });
  return { window, view };
}
