import { describe, expect, it } from 'vitest';
import {
  CACHED_FILE_CSP, cachedFileHeaders, cachedFileToken, cachedFileUrl, FILE_VIEW_TTL_MS, FileViewGrants, viewKindOf,
} from '../../main/content/file-view';
import { APP_CONTENT_SECURITY_POLICY } from '../../main/security/csp';

const TOKEN = '0f'.repeat(32);

describe('viewKindOf — what the in-app viewer shows', () => {
  it.each([
    ['image/png', 'image'], ['image/jpeg', 'image'], ['image/gif', 'image'], ['image/webp', 'image'], ['IMAGE/PNG', 'image'],
    ['application/pdf', 'pdf'],
    ['text/plain', 'text'], ['text/plain; charset=utf-8', 'text'], ['text/csv', 'text'],
    // Documents that can carry script, and everything else: not in the app.
    ['image/svg+xml', null], ['text/html', null], ['application/xhtml+xml', null], ['text/xml', null], ['application/javascript', null],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', null], ['application/octet-stream', null], ['', null],
  ] as const)('%s → %s', (mimetype, kind) => {
    expect(viewKindOf(mimetype)).toBe(kind);
  });
});

describe('cachedFileHeaders — inert responses', () => {
  it('keeps the type of what the viewer shows, with nosniff, no caching and its own sandboxing CSP', () => {
    const headers = cachedFileHeaders({ filename: 'Arbeitsblatt.pdf', mimetype: 'application/pdf', bytes: 1160 });
    expect(headers).toMatchObject({
      'Content-Type': 'application/pdf', 'Content-Length': '1160', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer', 'Cross-Origin-Resource-Policy': 'same-origin', 'Content-Security-Policy': CACHED_FILE_CSP,
    });
    expect(headers['Content-Disposition']).toMatch(/^inline; /);
    expect(cachedFileHeaders({ filename: 'a.txt', mimetype: 'text/plain', bytes: 3 })['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(cachedFileHeaders({ filename: 'a.png', mimetype: 'image/png', bytes: 3 })['Content-Type']).toBe('image/png');
  });

  it.each(['text/html', 'image/svg+xml', 'application/x-msdownload', 'application/zip'])('%s goes out as a download, never as a page', (mimetype) => {
    const headers = cachedFileHeaders({ filename: 'x', mimetype, bytes: 1 });
    expect(headers['Content-Type']).toBe('application/octet-stream');
    expect(headers['Content-Disposition']).toMatch(/^attachment; /);
  });

  it('the CSP sandboxes the document and lets only our UI frame it', () => {
    const directives = CACHED_FILE_CSP.split(';').map((d) => d.trim());
    expect(directives).toEqual(expect.arrayContaining(["default-src 'none'", "frame-ancestors 'self'", 'sandbox']));
    expect(CACHED_FILE_CSP).not.toMatch(/allow-|script-src|unsafe/);
  });

  it('names the file safely (quotes and umlauts cannot break the header)', () => {
    const disposition = cachedFileHeaders({ filename: 'Brüche "üben".txt', mimetype: 'text/plain', bytes: 1 })['Content-Disposition'];
    expect(disposition).toBe(`inline; filename="Br_che __ben_.txt"; filename*=UTF-8''${encodeURIComponent('Brüche "üben".txt')}`);
    expect(disposition).not.toMatch(/[\r\n]/);
  });
});

describe('cachedFileToken / cachedFileUrl', () => {
  it('round-trips, the name is cosmetic', () => {
    const url = cachedFileUrl(TOKEN, 'Brüche üben.pdf');
    expect(url).toBe(`/files/${TOKEN}/Br%C3%BCche%20%C3%BCben.pdf`);
    expect(cachedFileToken(url)).toBe(TOKEN);
    expect(cachedFileToken(`/files/${TOKEN}`)).toBe(TOKEN);
  });

  it.each([
    '/files/', '/files', `/files/${TOKEN.slice(1)}`, `/files/${TOKEN}0`, `/files/${TOKEN.toUpperCase()}`, `/files/${TOKEN}/a/b`,
    `/files/../files/${TOKEN}`, `/x/files/${TOKEN}`, `/files/${TOKEN}/`.replace(/\/$/, '/%2e%2e/x'), '/files/..%2f..%2fschuldesk.sqlite',
  ])('refuses %s', (pathname) => {
    expect(cachedFileToken(pathname)).toBeNull();
  });
});

describe('FileViewGrants', () => {
  it('a token names one account’s file until it expires', () => {
    let now = 1_000_000;
    const grants = new FileViewGrants(() => now);
    const token = grants.issue('acc-1', 'https://m.example/webservice/pluginfile.php/17/mod_resource/content/0/a.pdf');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(grants.resolve(token)).toEqual({ accountId: 'acc-1', fileKey: 'https://m.example/webservice/pluginfile.php/17/mod_resource/content/0/a.pdf', expiresAt: now + FILE_VIEW_TTL_MS });
    expect(grants.issue('acc-1', 'x')).not.toBe(token);
    now += FILE_VIEW_TTL_MS - 1;
    expect(grants.resolve(token)).not.toBeNull();
    now += 1;
    expect(grants.resolve(token)).toBeNull();
    expect(grants.resolve('f'.repeat(64))).toBeNull();
  });

  it('an account’s tokens can be revoked at once; others stay', () => {
    const grants = new FileViewGrants(() => 0);
    const a = grants.issue('acc-1', 'k1');
    const b = grants.issue('acc-2', 'k2');
    grants.revokeAccount('acc-1');
    expect(grants.resolve(a)).toBeNull();
    expect(grants.resolve(b)).not.toBeNull();
  });

  it('keeps at most 500 grants (the oldest go)', () => {
    const grants = new FileViewGrants(() => 0);
    const first = grants.issue('acc-1', 'k0');
    for (let i = 1; i <= 500; i++) grants.issue('acc-1', `k${i}`);
    expect(grants.resolve(first)).toBeNull();
  });
});

describe('the renderer CSP admits the viewer’s own-origin files and nothing remote', () => {
  const directives = new Map(APP_CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name = '', ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }));

  it.each(['img-src', 'frame-src', 'connect-src'])('%s allows \'self\' (the /files/ route of app:// or the browser shell)', (name) => {
    expect(directives.get(name)).toContain("'self'");
  });

  it('no http(s) source or wildcard anywhere; no plugins in our own document', () => {
    for (const values of directives.values()) for (const value of values) expect(value).not.toMatch(/^(https?:|\*|'unsafe-)/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'self'"]);
  });
});
