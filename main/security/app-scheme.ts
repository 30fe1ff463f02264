/**
 * The app:// scheme that serves our UI (instead of file://, electron security checklist §18).
 * Pure parts only; main/electron/app-protocol.ts registers and serves it.
 */
import type { CustomScheme } from 'electron';
import { resolveAppFile } from './app-path';
import { CACHED_FILE_ROUTE, cachedFileToken } from './cached-file-route';
import { APP_SCHEME, isAppUrl, parseUrl } from './origins';

/**
 * standard: real origin, relative URLs and cookies/storage work like https;
 * secure: counts as a secure context; supportFetchAPI: the renderer may fetch its own files.
 * Never bypassCSP (our CSP header must apply), no service workers, no CORS opening.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

export type AppRoute =
  | { kind: 'file'; path: string; headOnly: boolean }
  /** A cached course file for the viewer (main/content/file-view.ts): served by its token, never by a path. */
  | { kind: 'cached-file'; token: string; headOnly: boolean }
  | { kind: 'reject'; status: 404 | 405 };

/**
 * Which file an app:// request gets. Only host `schuldesk`, only GET/HEAD, only files inside
 * `rendererDir`; paths without an extension are client-side routes and get index.html.
 * `/files/<token>/<name>` is the viewer's route to a cached file; any other `/files/…` is 404.
 */
export function routeAppRequest(rendererDir: string, rawUrl: string, method: string): AppRoute {
  if (!isAppUrl(rawUrl)) return { kind: 'reject', status: 404 };
  const upper = method.toUpperCase();
  if (upper !== 'GET' && upper !== 'HEAD') return { kind: 'reject', status: 405 };
  const url = parseUrl(rawUrl);
  if (!url) return { kind: 'reject', status: 404 };
  if (url.pathname === '/files' || url.pathname.startsWith(CACHED_FILE_ROUTE)) {
    const token = cachedFileToken(url.pathname);
    return token === null || url.search !== '' ? { kind: 'reject', status: 404 } : { kind: 'cached-file', token, headOnly: upper === 'HEAD' };
  }
  const file = resolveAppFile(rendererDir, url.pathname);
  if (file === null) return { kind: 'reject', status: 404 };
  const lastSegment = url.pathname.split('/').pop() ?? '';
  const isRoute = !/\.[A-Za-z0-9]+$/.test(lastSegment);
  const target = isRoute ? resolveAppFile(rendererDir, '/index.html') : file;
  if (target === null) return { kind: 'reject', status: 404 };
  return { kind: 'file', path: target, headOnly: upper === 'HEAD' };
}
