/**
 * The SSO login window (port `openLoginWindow` in ServiceDeps): the school's launch page in a
 * portal window (no preload, a fresh in-memory partition per window, wiped when it closes). Every decision is
 * LoginWindowGuard's (main/security/login-window.ts); this file only feeds it Electron's events in
 * the shapes of electron.d.ts (Electron 45) and carries out its answers:
 *
 * - will-frame-navigate / will-navigate / will-redirect and window.open reach the guard through
 *   the security hooks (registerLoginNavigation), which skip their portal rules for this window;
 * - did-navigate (url, httpResponseCode), did-fail-load (errorCode, validatedURL, isMainFrame),
 *   certificate-error (url, error, …, isMainFrame) and the window's `closed` are wired here;
 * - select-client-certificate (url, certificateList, callback): only the portal and listed IdPs
 *   get Electron's default (the store's first certificate); anyone else none (clientCertificateAllowed).
 *
 * On the guard's outcome the window is destroyed at once (no beforeunload: a page cannot keep it
 * open), then the outcome goes to the portal API — the `schuldesk://token=…` URL to completeSso
 * before its round trip, anything else as a message. `close()` from the app (a new launch, the
 * launch expired) ends the window without an outcome.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserWindow, Certificate } from 'electron';
import { clientCertificateAllowed, LoginWindowGuard, loginWindowTitle } from '../security/login-window';
import type { LoginWindowEvent, LoginWindowOutcome } from '../security/login-window';
import type { LoginWindowHandle, LoginWindowOptions } from '../service-context';
import { createPortalWindow } from './window-factory';
import { registerLoginNavigation } from './window-registry';

export interface LoginWindowPortOptions {
  packaged: boolean;
  parent: () => BrowserWindow | undefined;
  /** The UI language (the window title). */
  language?: () => 'de' | 'en';
}

export function createLoginWindowPort(options: LoginWindowPortOptions): (launchUrl: string, windowOptions: LoginWindowOptions) => LoginWindowHandle {
  return (launchUrl, windowOptions) => {
    const parent = options.parent();
    // A fresh in-memory session per window: nothing of an earlier sign-in on this machine (a shared
    // laptop) is there, and the wiping of an earlier window's session cannot hit this one's chain.
    const window = createPortalWindow({ packaged: options.packaged, partition: `schuldesk-login-${randomUUID()}`, ...(parent ? { parent } : {}) });
    const contents = window.webContents;
    const portalSession = contents.session;
    const guard = new LoginWindowGuard(windowOptions.rules);
    /** Set when the app closes the window: no outcome then. */
    let dismissed = false;
    let reported = false;

    const report = (outcome: LoginWindowOutcome): void => {
      if (reported || dismissed) return;
      reported = true;
      windowOptions.onOutcome(outcome);
    };
    /** Hidden at once; destroyed on the next turn, outside the navigation event that asked for it. */
    const destroy = (): void => {
      if (window.isDestroyed()) return;
      window.hide();
      setImmediate(() => {
        if (!window.isDestroyed()) window.destroy();
      });
    };
    /** Feeds one event: cancels it first if the guard says so, then closes, then reports. */
    const feed = (event: LoginWindowEvent, preventDefault?: () => void): void => {
      const step = guard.handle(event);
      if (step.prevent) preventDefault?.();
      if (step.close) destroy();
      if (step.outcome) report(step.outcome);
    };

    registerLoginNavigation(contents, {
      onNavigation: (type, details) => {
        feed({ type, url: details.url, isMainFrame: details.isMainFrame, initiatorOrigin: details.initiatorOrigin }, () => details.preventDefault());
      },
      onWindowOpen: (url) => {
        feed({ type: 'window-open', url });
      },
    });
    // The page's <title> never replaces ours; ours names the host shown (loginWindowTitle).
    const language = (): 'de' | 'en' => options.language?.() ?? 'de';
    window.setTitle(loginWindowTitle(null, language()));
    window.on('page-title-updated', (event) => event.preventDefault());
    contents.on('did-navigate', (_event, url, httpResponseCode) => {
      if (!window.isDestroyed()) window.setTitle(loginWindowTitle(url, language()));
      feed({ type: 'did-navigate', url, httpResponseCode });
    });
    contents.on('did-fail-load', (_event, errorCode, _errorDescription, validatedURL, isMainFrame) => {
      feed({ type: 'did-fail-load', url: validatedURL, errorCode, isMainFrame });
    });
    // Only after the verify proc (with the policy's trusted CAs) refused the chain; not calling
    // back keeps Chromium's refusal.
    contents.on('certificate-error', (_event, url, error, _certificate, _callback, isMainFrame) => {
      feed({ type: 'certificate-error', url, error, isMainFrame });
    });
    // Without preventDefault Electron would hand the store's first client certificate to any site.
    contents.on('select-client-certificate', (event, url, _certificateList, callback) => {
      if (clientCertificateAllowed(url, windowOptions.rules)) return;
      event.preventDefault();
      // No certificate: the app-level event types this same callback `(certificate?: Certificate)`
      // (electron.d.ts; Electron routes app's select-client-certificate to the webContents).
      (callback as (certificate?: Certificate) => void)();
    });
    window.on('closed', () => {
      feed({ type: 'closed' });
      // In memory anyway; wiped so nothing of the sign-in (IdP session, cached pages, HTTP auth) lingers until quit.
      void portalSession.clearStorageData().catch(() => undefined);
      void portalSession.clearCache().catch(() => undefined);
      void portalSession.clearAuthCache().catch(() => undefined);
    });
    void window.loadURL(launchUrl).catch(() => undefined);
    return {
      close() {
        dismissed = true;
        destroy();
      },
    };
  };
}
