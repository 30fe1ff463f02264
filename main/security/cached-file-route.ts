// The address of a cached file for the in-app viewer (main/content/file-view.ts): a capability
// `/files/<64 hex>/<name>`, parsed here for both shells' routers (app:// and the browser shell).

export const CACHED_FILE_ROUTE = '/files/';

/**
 * The token of a cached-file address, or null for anything that is not exactly
 * `/files/<64 hex>[/<name>]`. The name only labels the file (the token decides which one), and
 * even so it may not hide a path: no encoded slash, backslash or NUL, no dot segment.
 */
export function cachedFileToken(pathname: string): string | null {
  const match = /^\/files\/([0-9a-f]{64})(?:\/([^/]*))?$/.exec(pathname);
  if (!match) return null;
  const name = match[2] ?? '';
  if (/%(?:2f|5c|00)/i.test(name) || /^(?:\.|%2e){1,2}$/i.test(name)) return null;
  return match[1] ?? null;
}

/** The address the renderer uses (relative: the same in both shells). */
export function cachedFileUrl(token: string, filename: string): string {
  return `${CACHED_FILE_ROUTE}${token}/${encodeURIComponent(filename)}`;
}
