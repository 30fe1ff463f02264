import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confineToRealRoot, contentTypeFor, resolveAppFile } from '../../main/security/app-path';
import { APP_SCHEME_DEFINITION, routeAppRequest } from '../../main/security/app-scheme';
import { APP_CONTENT_SECURITY_POLICY, APP_SECURITY_HEADERS } from '../../main/security/csp';

const ROOT = '/srv/schuldesk/out/renderer';

describe('resolveAppFile — stays inside the root (POSIX rules)', () => {
  const inside: [string, string, string][] = [
    ['root', '/', 'index.html'],
    ['empty path', '', 'index.html'],
    ['index.html', '/index.html', 'index.html'],
    ['doubled leading slash', '//index.html', 'index.html'],
    ['asset', '/assets/index-abc123.js', 'assets/index-abc123.js'],
    ['dot segment', '/assets/./a.js', 'assets/a.js'],
    ['.. that stays inside', '/assets/../index.html', 'index.html'],
    ['encoded slash inside the root', '/assets%2fa.js', 'assets/a.js'],
    ['absolute-looking path is taken relative to the root', '//etc/passwd', 'etc/passwd'],
    ['encoded absolute path is taken relative to the root', '/%2fetc%2fpasswd', 'etc/passwd'],
    ['drive letter on POSIX is just a folder name', '/C:/Windows/win.ini', 'C:/Windows/win.ini'],
    ['double encoding is decoded once only', '/%252e%252e/x', '%2e%2e/x'],
    ['UTF-8 name', '/%C3%BC.js', 'ü.js'],
  ];
  it.each(inside)('%s: %s → <root>/%s', (_name, pathname, relativePath) => {
    expect(resolveAppFile(ROOT, pathname)).toBe(join(ROOT, relativePath));
  });

  const outside: [string, string][] = [
    ['..', '/..'],
    ['../ to a system file', '/../etc/passwd'],
    ['deep ..', '/a/b/../../../x'],
    ['%2e%2e', '/%2e%2e/etc/passwd'],
    ['%2E%2E uppercase', '/%2E%2E/etc/passwd'],
    ['mixed .%2e', '/.%2e/etc/passwd'],
    ['%2e%2e under a folder', '/assets/%2e%2e/%2e%2e/x'],
    ['%2f-joined ..', '/%2e%2e%2fetc%2fpasswd'],
    ['..%2f', '/..%2f..%2fetc/passwd'],
    ['folder%2f..%2f..', '/assets%2f..%2f..%2fx'],
    ['backslash ..', '/a\\..\\..\\x'],
    ['encoded backslash %5c', '/%5c..%5cx'],
    ['any backslash', '/assets\\a.js'],
    ['NUL encoded', '/index.html%00.png'],
    ['NUL raw', '/index.html\u0000'],
    ['drive letter with backslash', '/C:%5cWindows%5cwin.ini'],
    ['the root itself', '/./'],
    ['broken escape', '/%'],
    ['truncated UTF-8 escape', '/%E0%A4%A'],
    // Conservative: a name starting with ".." is refused although it would stay inside.
    ['name starting with ..', '/..foo'],
  ];
  it.each(outside)('%s: %s → null', (_name, pathname) => {
    expect(resolveAppFile(ROOT, pathname)).toBeNull();
  });

  it('a relative root is resolved first', () => {
    expect(resolveAppFile('out/renderer', '/index.html')).toBe(path.resolve('out/renderer/index.html'));
    expect(resolveAppFile('out/renderer', '/../main/index.js')).toBeNull();
  });
});

describe('resolveAppFile — Windows path rules (path.win32)', () => {
  const WIN_ROOT = 'C:\\Program Files\\SchulDesk\\resources\\app.asar\\out\\renderer';
  const win = (pathname: string) => resolveAppFile(WIN_ROOT, pathname, path.win32);

  it('serves files inside the root', () => {
    expect(win('/index.html')).toBe(`${WIN_ROOT}\\index.html`);
    expect(win('/assets/a.js')).toBe(`${WIN_ROOT}\\assets\\a.js`);
  });

  it.each([
    ['absolute drive path', '/C:/Windows/win.ini'],
    ['other drive', '/D:/secrets.txt'],
    ['encoded drive path', '/C%3A%2FWindows%2Fwin.ini'],
    ['UNC via forward slashes after stripping', '/..//server/share/x'],
    ['.. with forward slashes', '/../../../../Windows/win.ini'],
    ['backslash', '/..\\..\\Windows'],
    ['encoded backslash', '/%5c%5cserver%5cshare'],
  ])('%s → null', (_name, pathname) => {
    expect(win(pathname)).toBeNull();
  });
});

describe('confineToRealRoot — symlinks and non-files (real temp folder)', () => {
  let base = '';
  let root = '';
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'schuldesk-app-path-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'a.js'), 'export {};');
    writeFileSync(join(base, 'secret.txt'), 'outside');
    symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
    symlinkSync(base, join(root, 'up'));
    symlinkSync(join(root, 'assets', 'a.js'), join(root, 'alias.js'));
    symlinkSync(join(root, 'missing.js'), join(root, 'dangling.js'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('a regular file inside the root is served under its real path', async () => {
    expect(await confineToRealRoot(root, join(root, 'index.html'))).toMatch(/index\.html$/);
    expect(await confineToRealRoot(root, join(root, 'assets', 'a.js'))).toMatch(/a\.js$/);
  });

  it('a symlink to a file inside the root is fine', async () => {
    expect(await confineToRealRoot(root, join(root, 'alias.js'))).toMatch(/assets[/\\]a\.js$/);
  });

  it('a symlink that leaves the root is refused, although resolveAppFile lets the path through', async () => {
    const lexical = resolveAppFile(root, '/leak.txt');
    expect(lexical).toBe(join(root, 'leak.txt'));
    expect(await confineToRealRoot(root, lexical as string)).toBeNull();
    const viaFolder = resolveAppFile(root, '/up/secret.txt');
    expect(viaFolder).toBe(join(root, 'up', 'secret.txt'));
    expect(await confineToRealRoot(root, viaFolder as string)).toBeNull();
  });

  it('directories, missing files and dangling links are refused', async () => {
    expect(await confineToRealRoot(root, join(root, 'assets'))).toBeNull();
    expect(await confineToRealRoot(root, join(root, 'nope.js'))).toBeNull();
    expect(await confineToRealRoot(root, join(root, 'dangling.js'))).toBeNull();
    expect(await confineToRealRoot(root, root)).toBeNull();
  });

  it('a missing root refuses everything', async () => {
    expect(await confineToRealRoot(join(base, 'no-such-root'), join(root, 'index.html'))).toBeNull();
  });
});

describe('routeAppRequest — app://schuldesk only, GET/HEAD only', () => {
  const route = (url: string, method = 'GET') => routeAppRequest(ROOT, url, method);

  it.each([
    ['entry page', 'app://schuldesk/index.html', 'index.html'],
    ['root', 'app://schuldesk/', 'index.html'],
    ['asset', 'app://schuldesk/assets/index-abc.js', 'assets/index-abc.js'],
    ['client-side route → index.html', 'app://schuldesk/courses/12', 'index.html'],
    ['route with query → index.html', 'app://schuldesk/settings?tab=privacy', 'index.html'],
    ['route ending in a slash → index.html', 'app://schuldesk/assets/', 'index.html'],
    ['uppercase host', 'APP://SCHULDESK/index.html', 'index.html'],
    ['URL-normalised .. (the URL parser removes it)', 'app://schuldesk/../../etc/passwd', 'index.html'],
    ['URL-normalised %2e%2e segments (also removed by the parser)', 'app://schuldesk/%2e%2e/%2e%2e/etc/passwd', 'index.html'],
    ['URL-normalised .. before an asset', 'app://schuldesk/%2e%2e/assets/a.js', 'assets/a.js'],
  ])('%s: %s → %s', (_name, url, file) => {
    expect(route(url)).toEqual({ kind: 'file', path: join(ROOT, file), headOnly: false });
  });

  it('HEAD is served without body, method case-insensitive', () => {
    expect(route('app://schuldesk/index.html', 'HEAD')).toEqual({ kind: 'file', path: join(ROOT, 'index.html'), headOnly: true });
    expect(route('app://schuldesk/index.html', 'get')).toEqual({ kind: 'file', path: join(ROOT, 'index.html'), headOnly: false });
  });

  it.each([
    ['look-alike host', 'app://schuldesk.evil/index.html'],
    ['other host', 'app://evil/index.html'],
    ['userinfo', 'app://x@schuldesk/index.html'],
    ['port', 'app://schuldesk:1/index.html'],
    ['encoded .. joined by an encoded slash', 'app://schuldesk/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['encoded slash + ..', 'app://schuldesk/assets%2f..%2f..%2fx.js'],
    ['encoded backslash', 'app://schuldesk/%5c..%5cx.js'],
    ['NUL', 'app://schuldesk/index.html%00.js'],
    ['https URL', 'https://schuldesk/index.html'],
    ['garbage', 'not a url'],
  ])('%s → 404', (_name, url) => {
    expect(route(url)).toEqual({ kind: 'reject', status: 404 });
  });

  const TOKEN = 'ab'.repeat(32);
  it('/files/<token>/<name> is the viewer route: by token, never a path on disk', () => {
    expect(route(`app://schuldesk/files/${TOKEN}/Arbeitsblatt.pdf`)).toEqual({ kind: 'cached-file', token: TOKEN, headOnly: false });
    expect(route(`app://schuldesk/files/${TOKEN}`, 'HEAD')).toEqual({ kind: 'cached-file', token: TOKEN, headOnly: true });
    expect(route(`app://schuldesk/files/${TOKEN}/Br%C3%BCche%20%C3%BCben.txt`)).toEqual({ kind: 'cached-file', token: TOKEN, headOnly: false });
  });

  it.each([
    ['no token', 'app://schuldesk/files/'],
    ['the folder itself', 'app://schuldesk/files'],
    ['short token', `app://schuldesk/files/${'a'.repeat(63)}/x.pdf`],
    ['uppercase token', `app://schuldesk/files/${'A'.repeat(64)}/x.pdf`],
    ['a path after the name', `app://schuldesk/files/${TOKEN}/a/b.pdf`],
    ['encoded slash in the name', `app://schuldesk/files/${TOKEN}/..%2f..%2fschuldesk.sqlite`],
    ['a cached file by its name', 'app://schuldesk/files/0123456789abcdef01234567-Arbeitsblatt.pdf'],
    ['account folder', 'app://schuldesk/files/acc-1/0123456789abcdef01234567-Arbeitsblatt.pdf'],
    ['query', `app://schuldesk/files/${TOKEN}/x.pdf?path=../../x`],
  ])('/files/ %s → 404', (_name, url) => {
    expect(route(url)).toEqual({ kind: 'reject', status: 404 });
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])('%s → 405', (method) => {
    expect(route('app://schuldesk/index.html', method)).toEqual({ kind: 'reject', status: 405 });
  });
});

describe('the app scheme and its headers', () => {
  it('is standard, secure and fetchable — and never bypasses CSP', () => {
    expect(APP_SCHEME_DEFINITION).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    expect(APP_SCHEME_DEFINITION.privileges?.bypassCSP).toBeUndefined();
    expect(APP_SCHEME_DEFINITION.privileges?.corsEnabled).toBeUndefined();
    expect(APP_SCHEME_DEFINITION.privileges?.allowServiceWorkers).toBeUndefined();
  });

  it('every response carries the CSP with script-src and connect-src limited to self', () => {
    expect(APP_SECURITY_HEADERS['Content-Security-Policy']).toBe(APP_CONTENT_SECURITY_POLICY);
    const directives = new Map(APP_CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('content types for what the renderer build contains', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
    expect(contentTypeFor('/x/noext')).toBe('application/octet-stream');
  });
});
