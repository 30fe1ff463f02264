/**
 * The SSO login window (port `openLoginWindow` in ServiceDeps): the school's launch page in a
 * portal window (no preload, in-memory partition). Moodle ends the login with a redirect to
 * `schuldesk://token=…`; the window catches that navigation itself and hands the URL over, so the
 * callback never depends on the OS protocol handler. The login page's cookies are cleared when
 * the window closes: the next sign-in (another student, another school) starts clean.
 */
import type { BrowserWindow } from 'electron';
import { SSO_URL_SCHEME } from '../portal/sso';
import type { LoginWindowHandle } from '../service-context';
import { createPortalWindow } from './window-factory';

export interface LoginWindowPortOptions {
  packaged: boolean;
  parent: () => BrowserWindow | undefined;
  /** The `schuldesk://token=…` URL. A secret: never log it. */
  onCallback: (callbackUrl: string) => void;
}

function isCallback(url: string): boolean {
  return url.slice(0, SSO_URL_SCHEME.length + 3).toLowerCase() === `${SSO_URL_SCHEME}://`;
}

export function createLoginWindowPort(options: LoginWindowPortOptions): (launchUrl: string) => LoginWindowHandle {
  return (launchUrl) => {
    const parent = options.parent();
    const window = createPortalWindow({ packaged: options.packaged, ...(parent ? { parent } : {}) });
    const contents = window.webContents;
    const portalSession = contents.session;
    let delivered = false;
    const catchCallback = (event: { url: string; preventDefault(): void }) => {
      if (!isCallback(event.url)) return;
      event.preventDefault();
      if (delivered) return;
      delivered = true;
      options.onCallback(event.url);
    };
    contents.on('will-redirect', catchCallback);
    contents.on('will-navigate', catchCallback);
    window.on('closed', () => {
      void portalSession.clearStorageData().catch(() => undefined);
    });
    void window.loadURL(launchUrl).catch(() => undefined);
    return {
      close() {
        if (!window.isDestroyed()) window.close();
      },
    };
  };
}
