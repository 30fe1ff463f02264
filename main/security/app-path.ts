import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/**
 * Maps the path of an app:// (or browser-shell) URL to a file inside `root`, or null when the
 * request would leave `root` (`..`, encoded `%2e%2e`, backslashes, NUL bytes, absolute paths).
 * `/` and unknown extensionless routes serve index.html (the renderer routes client-side).
 */
export function resolveAppFile(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const withoutLeadingSlash = decoded.replace(/^\/+/, '');
  const requested = withoutLeadingSlash === '' ? 'index.html' : withoutLeadingSlash;
  const rootResolved = resolve(root);
  const target = resolve(rootResolved, normalize(requested));
  const rel = relative(rootResolved, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return target;
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
