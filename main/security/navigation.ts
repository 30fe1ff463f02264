/**
 * Navigation and window-open decisions for every web contents. Pure; wired by
 * main/electron/security-hooks.ts to will-navigate, will-frame-navigate, will-redirect and
 * setWindowOpenHandler.
 */
import { decideOpenExternal } from './open-external';
import { isAllowlistedOrigin, isAppUrl, webOriginOf } from './origins';
import type { OriginAllowlist } from './origins';
import type { ContentsKind } from './window-policy';

export type NavigationEvent = 'will-navigate' | 'will-frame-navigate' | 'will-redirect';

export interface NavigationContext {
  /** Which window the navigating contents belong to. */
  window: ContentsKind;
  event: NavigationEvent;
  /** True for the top frame; subframes never trigger an external open. */
  isMainFrame: boolean;
  allowlist: OriginAllowlist;
}

/**
 * - `allow`: the navigation proceeds in the window.
 * - `open-external-after-warning`: cancel it, then offer to open the https URL in the system
 *   browser after a warning the user must confirm.
 * - `deny`: cancel it, nothing else.
 */
export type NavigationDecision = 'allow' | 'open-external-after-warning' | 'deny';

/** Whether `url` is a page this kind of window may show. */
function belongsInWindow(window: ContentsKind, url: string, allowlist: OriginAllowlist): boolean {
  switch (window) {
    case 'main':
      return isAppUrl(url);
    case 'portal': {
      const origin = webOriginOf(url);
      return origin !== null && allowlist.portalOrigins.has(origin);
    }
    case 'conference': {
      const origin = webOriginOf(url);
      return origin !== null && allowlist.bbbOrigins.has(origin);
    }
    case 'unknown':
      return false;
  }
}

/** Whether the system browser may be offered this URL at all (https, no credentials, …). */
function mayOpenExternally(url: string): boolean {
  return decideOpenExternal(url).allowed;
}

export function decideNavigation(url: string, context: NavigationContext): NavigationDecision {
  if (belongsInWindow(context.window, url, context.allowlist)) return 'allow';
  // Leaving the window's own pages: only a top-frame navigation the page started (a link click)
  // may turn into "open in the browser", and only for https. A server redirect is not the
  // user's choice, a subframe is not what the user looks at, and anything else (http, file:,
  // data:, javascript:, blob:, custom schemes) never leaves the app.
  if (context.window === 'unknown' || !context.isMainFrame || context.event === 'will-redirect') return 'deny';
  return mayOpenExternally(url) ? 'open-external-after-warning' : 'deny';
}

export interface WindowOpenContext {
  window: ContentsKind;
  allowlist: OriginAllowlist;
}

/**
 * `window.open` / `target=_blank` never creates an Electron window. What may happen instead:
 * - `open-external`: from the app's own UI or a portal window, an https link to a configured
 *   portal or BBB server opens in the browser;
 * - `open-external-after-warning`: any other https link, after the user confirms a warning. From
 *   the conference window every pop-up is this one, also to the portal or a BBB server
 *   (pop-ups reach the system browser only after a warning): what a meeting page opens — a chat link,
 *   a shared note, a script — is not the student's choice until they confirm it;
 * - `deny`: everything else (http, file:, data:, javascript:, about:blank, app:, https with
 *   credentials — whatever decideOpenExternal refuses).
 */
export type WindowOpenDecision = 'open-external' | 'open-external-after-warning' | 'deny';

export function decideWindowOpen(url: string, context: WindowOpenContext): WindowOpenDecision {
  if (context.window === 'unknown' || !mayOpenExternally(url)) return 'deny';
  const origin = webOriginOf(url);
  if (origin === null) return 'deny';
  if (context.window === 'conference') return 'open-external-after-warning';
  return isAllowlistedOrigin(context.allowlist, origin) ? 'open-external' : 'open-external-after-warning';
}
