import { realpath, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { isAbsolute, relative, sep } from 'node:path';
import type { PlatformPath } from 'node:path';

/**
 * Maps the path of an app:// (or browser-shell) URL to a file inside `root`, or null when the
 * request would leave `root` (`..`, encoded `%2e%2e`, backslashes, NUL bytes, absolute paths).
 * `/` serves index.html. Purely lexical: it never touches the disk, so symlinks inside `root` are
 * not followed here — `confineToRealRoot` checks that on disk. Callers map extensionless
 * client-side routes to index.html themselves (see routeAppRequest in app-scheme.ts).
 */
export function resolveAppFile(
  root: string,
  urlPathname: string,
  // The platform's path rules; tests pass path.win32 to check drive letters on any OS.
  path: Pick<PlatformPath, 'isAbsolute' | 'normalize' | 'relative' | 'resolve' | 'sep'> = nodePath,
): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const withoutLeadingSlash = decoded.replace(/^\/+/, '');
  const requested = withoutLeadingSlash === '' ? 'index.html' : withoutLeadingSlash;
  const rootResolved = path.resolve(root);
  const target = path.resolve(rootResolved, path.normalize(requested));
  const rel = path.relative(rootResolved, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).includes('..')) return null;
  return target;
}

/**
 * The on-disk half of the guard: resolves symlinks of `file` and of `root` and returns the real
 * path only when it is a regular file still inside the real root. A symlink in the build output
 * that points elsewhere (or a directory) yields null.
 */
export async function confineToRealRoot(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    const rel = relative(realRoot, realFile);
    if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const ext = dot >= 0 ? filePath.slice(dot).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}
