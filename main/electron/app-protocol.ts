/**
 * app://schuldesk serves the built renderer (out/renderer) with our security headers, and the
 * viewer's cached course files at app://schuldesk/files/<token>/<name> (main/content/file-view.ts).
 * `registerAppScheme` must run before `ready` (Electron requirement); `serveAppProtocol` after,
 * on the main window's session only, so portal and conference sessions do not know app://.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { Session } from 'electron';
import { cachedFileHeaders } from '../content/file-view';
import type { CachedFileSource } from '../content/file-view';
import { confineToRealRoot, contentTypeFor, resolveAppFile } from '../security/app-path';
import { APP_SCHEME_DEFINITION, routeAppRequest } from '../security/app-scheme';
import { APP_SECURITY_HEADERS } from '../security/csp';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
}

function reject(status: number): Response {
  return new Response(null, { status, headers: { ...APP_SECURITY_HEADERS } });
}

/**
 * `indexHtml`: index.html as served (main/start/first-paint.ts puts the stored first paint in); it
 * must not throw (Services.indexHtml does not).
 */
export function serveAppProtocol(ses: Session, rendererDir: string, cachedFiles: CachedFileSource, indexHtml?: (content: string) => string): void {
  const indexFile = resolveAppFile(rendererDir, '/index.html');
  ses.protocol.handle(APP_SCHEME_DEFINITION.scheme, async (request) => {
    const route = routeAppRequest(rendererDir, request.url, request.method);
    if (route.kind === 'reject') return reject(route.status);
    if (route.kind === 'cached-file') {
      // Only a current grant of the current account, only a file inside that account's cache folder.
      const file = await cachedFiles.resolveCachedFile(route.token);
      if (file === null) return reject(404);
      const body = route.headOnly ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>);
      return new Response(body, { status: 200, headers: cachedFileHeaders(file) });
    }
    // Lexically inside the root is not enough if the build output holds a symlink.
    const file = await confineToRealRoot(rendererDir, route.path);
    if (file === null) return reject(404);
    try {
      const content = route.headOnly ? null : await readFile(file);
      const body = content !== null && indexHtml && route.path === indexFile ? withIndexHook(indexHtml, content) : content;
      return new Response(body, {
        status: 200,
        headers: { ...APP_SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Cache-Control': 'no-cache' },
      });
    } catch {
      return reject(404);
    }
  });
}

/** index.html through the first-paint hook; a failing hook serves the file as it is (never a 404 for the app). */
function withIndexHook<B extends Buffer>(hook: (content: string) => string, content: B): string | B {
  try {
    return hook(content.toString('utf8'));
  } catch {
    return content;
  }
}
