/**
 * Which kind of window each web contents belongs to. The factory registers every contents it
 * creates; the security hooks look the kind up when an event fires. Anything not registered
 * (DevTools, or a contents created by some other path) counts as `unknown` and gets the
 * strictest rules.
 */
import type { BaseWindow, BrowserWindow, WebContents } from 'electron';
import type { ContentsKind, WindowKind } from '../security/window-policy';

const kinds = new WeakMap<WebContents, WindowKind>();
const owners = new WeakMap<WebContents, BaseWindow>();
const mainWindows = new Set<BrowserWindow>();

export function registerContents(contents: WebContents, kind: WindowKind): void {
  kinds.set(contents, kind);
}

export function kindOfContents(contents: WebContents | null | undefined): ContentsKind {
  if (!contents || contents.isDestroyed()) return 'unknown';
  return kinds.get(contents) ?? 'unknown';
}

export function registerMainWindow(window: BrowserWindow): void {
  mainWindows.add(window);
  window.once('closed', () => mainWindows.delete(window));
}

/** Live main windows (normally one). */
export function mainWindowList(): BrowserWindow[] {
  return [...mainWindows].filter((window) => !window.isDestroyed());
}

/**
 * The window a view's contents lives in. `BrowserWindow.fromWebContents` returns null for a
 * WebContentsView inside a BaseWindow (a meeting), so dialogs for it (the external-link warning)
 * would open unparented, behind the meeting; the factory records the owner here.
 */
export function registerContentsOwner(contents: WebContents, window: BaseWindow): void {
  owners.set(contents, window);
}

export function ownerWindowOf(contents: WebContents): BaseWindow | null {
  const owner = owners.get(contents);
  return owner && !owner.isDestroyed() ? owner : null;
}

/**
 * A login window's own navigation rules (main/electron/login-window.ts). The security hooks hand
 * its will-frame-navigate / will-navigate / will-redirect and window.open to these instead of the
 * portal rules: a real SSO chain leaves the portal for the identity provider, and the
 * `schuldesk:` callback must be caught on whichever event brings it.
 */
export interface LoginNavigationHandler {
  /** `initiatorOrigin`: the origin of `details.initiator` (WebFrameMain) where the event has one, else null. */
  onNavigation(event: 'will-frame-navigate' | 'will-navigate' | 'will-redirect', details: { url: string; isMainFrame: boolean; initiatorOrigin: string | null; preventDefault(): void }): void;
  onWindowOpen(url: string): void;
}

const loginHandlers = new WeakMap<WebContents, LoginNavigationHandler>();

export function registerLoginNavigation(contents: WebContents, handler: LoginNavigationHandler): void {
  loginHandlers.set(contents, handler);
}

export function loginNavigationOf(contents: WebContents): LoginNavigationHandler | undefined {
  return loginHandlers.get(contents);
}
