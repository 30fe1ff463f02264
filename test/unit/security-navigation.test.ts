import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen } from '../../main/security/navigation';
import type { NavigationDecision, NavigationEvent, WindowOpenDecision } from '../../main/security/navigation';
import { buildOriginAllowlist, EMPTY_ALLOWLIST } from '../../main/security/origins';
import type { ContentsKind } from '../../main/security/window-policy';

const allowlist = buildOriginAllowlist({
  portalUrls: ['https://school.example.com/moodle', 'https://schüle.example', 'http://127.0.0.1:8080'],
  bbbOrigins: ['https://bbb.example.com', 'https://bbb2.example.com:8443'],
});

const EVENTS: NavigationEvent[] = ['will-navigate', 'will-frame-navigate', 'will-redirect'];

function nav(url: string, window: ContentsKind, event: NavigationEvent = 'will-navigate', isMainFrame = true): NavigationDecision {
  return decideNavigation(url, { window, event, isMainFrame, allowlist });
}

/** URLs that never load in any window and never go to the browser. */
const NEVER: [string, string][] = [
  ['javascript: URL', 'javascript:alert(document.domain)'],
  ['data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['file: URL', 'file:///etc/passwd'],
  ['Windows file: URL', 'file:///C:/Windows/system32/calc.exe'],
  ['blob: URL of an allowlisted origin (WHATWG origin is the inner origin)', 'blob:https://school.example.com/7f3c-uuid'],
  ['blob: URL of the app', 'blob:app://schuldesk/7f3c-uuid'],
  ['about:blank', 'about:blank'],
  ['about:srcdoc', 'about:srcdoc'],
  ['chrome: page', 'chrome://settings'],
  ['chrome-extension: page', 'chrome-extension://abcdefghijklmnop/popup.html'],
  ['devtools: page', 'devtools://devtools/bundled/inspector.html'],
  ['view-source:', 'view-source:https://school.example.com/'],
  ['ftp:', 'ftp://school.example.com/file'],
  ['ws:', 'ws://school.example.com/socket'],
  ['wss:', 'wss://bbb.example.com/socket'],
  ['our deep-link scheme', 'schuldesk://token=YWJjOjo6ZGVm'],
  ['mailto:', 'mailto:teacher@school.example.com'],
  ['tel:', 'tel:+49301234567'],
  ['relative path', '/index.html'],
  ['relative file', 'index.html'],
  ['protocol-relative', '//school.example.com/'],
  ['empty string', ''],
  ['whitespace', '   '],
  ['scheme only', 'https://'],
  ['broken IPv6', 'http://[::1'],
  ['garbage', 'not a url at all'],
];

describe('decideNavigation — main window (app://schuldesk only)', () => {
  const cases: [string, string, NavigationDecision][] = [
    ['the entry page', 'app://schuldesk/index.html', 'allow'],
    ['a client-side route', 'app://schuldesk/courses/12', 'allow'],
    ['the bare origin', 'app://schuldesk', 'allow'],
    ['with query and fragment', 'app://schuldesk/index.html?x=1#top', 'allow'],
    ['uppercase scheme and host (Chromium canonicalises standard schemes)', 'APP://SchulDesk/index.html', 'allow'],
    ['look-alike host app://schuldesk.evil', 'app://schuldesk.evil/index.html', 'deny'],
    ['another app host', 'app://evil/index.html', 'deny'],
    ['userinfo trick app://schuldesk@evil', 'app://schuldesk@evil/index.html', 'deny'],
    ['app with a port', 'app://schuldesk:8080/index.html', 'deny'],
    ['app host with trailing dot', 'app://schuldesk./index.html', 'deny'],
    ['percent-encoded app host', 'app://schul%64esk/index.html', 'deny'],
    // Leaving the app: a link click may go to the browser after a warning, also for the portal.
    ['a configured portal page', 'https://school.example.com/course/view.php?id=2', 'open-external-after-warning'],
    ['a BBB server', 'https://bbb.example.com/html5client/join', 'open-external-after-warning'],
    ['an unknown https site', 'https://example.org/', 'open-external-after-warning'],
    ['https with credentials', 'https://user:pass@example.org/', 'deny'],
    ['userinfo trick school@evil', 'https://school.example.com@evil.test/', 'deny'],
    ['plain http, even to the loopback portal', 'http://127.0.0.1:8080/', 'deny'],
    ['plain http elsewhere', 'http://example.org/', 'deny'],
  ];
  it.each(cases)('%s → %s', (_name, url, expected) => {
    expect(nav(url, 'main')).toBe(expected);
  });

  it.each(NEVER)('%s is denied for every event and frame', (_name, url) => {
    for (const event of EVENTS) {
      for (const isMainFrame of [true, false]) expect(nav(url, 'main', event, isMainFrame)).toBe('deny');
    }
  });

  it('a redirect away from the app is denied, never offered externally', () => {
    expect(nav('https://example.org/', 'main', 'will-redirect')).toBe('deny');
    expect(nav('https://school.example.com/', 'main', 'will-redirect')).toBe('deny');
    expect(nav('app://schuldesk/other.html', 'main', 'will-redirect')).toBe('allow');
  });

  it('a subframe leaving the app is denied without an external offer', () => {
    expect(nav('https://example.org/', 'main', 'will-frame-navigate', false)).toBe('deny');
    expect(nav('app://schuldesk/frame.html', 'main', 'will-frame-navigate', false)).toBe('allow');
  });

  it('will-frame-navigate of the top frame decides like will-navigate (it fires first)', () => {
    for (const [, url] of cases.map(([name, u]) => [name, u] as const)) {
      expect(nav(url, 'main', 'will-frame-navigate', true)).toBe(nav(url, 'main', 'will-navigate', true));
    }
  });
});

describe('decideNavigation — portal window (configured portal origins only)', () => {
  const cases: [string, string, NavigationDecision][] = [
    ['the portal, path of the configured URL', 'https://school.example.com/moodle/login/index.php', 'allow'],
    ['the portal, another path (origins are compared, not paths)', 'https://school.example.com/admin/tool/mobile/launch.php', 'allow'],
    ['uppercase host', 'https://SCHOOL.EXAMPLE.COM/moodle/', 'allow'],
    ['explicit default port :443', 'https://school.example.com:443/moodle/', 'allow'],
    ['backslash after the host (WHATWG treats it as a slash)', 'https://school.example.com\\@evil.test/', 'allow'],
    ['IDN portal in Unicode', 'https://schüle.example/login/', 'allow'],
    ['IDN portal in punycode', 'https://xn--schle-mva.example/login/', 'allow'],
    ['loopback http test portal', 'http://127.0.0.1:8080/login/index.php', 'allow'],
    ['suffix trick school.example.com.evil.test', 'https://school.example.com.evil.test/', 'open-external-after-warning'],
    ['percent-encoded dot in the host', 'https://school.example.com%2eevil.test/', 'open-external-after-warning'],
    ['userinfo trick school@evil', 'https://school.example.com@evil.test/', 'deny'],
    ['fragment trick evil#@school', 'https://evil.test#@school.example.com', 'open-external-after-warning'],
    ['query trick', 'https://evil.test/?next=https://school.example.com/', 'open-external-after-warning'],
    ['other port', 'https://school.example.com:8443/', 'open-external-after-warning'],
    ['http instead of https', 'http://school.example.com/moodle/', 'deny'],
    ['https instead of configured http on loopback', 'https://127.0.0.1:8080/', 'open-external-after-warning'],
    ['loopback on another port', 'http://127.0.0.1:8081/', 'deny'],
    ['trailing dot (a different origin)', 'https://school.example.com./moodle/', 'open-external-after-warning'],
    ['homograph with Cyrillic о', 'https://schооl.example.com/', 'open-external-after-warning'],
    ['subdomain of the portal', 'https://www.school.example.com/', 'open-external-after-warning'],
    ['parent domain of the portal', 'https://example.com/', 'open-external-after-warning'],
    ['a BBB server is not a portal', 'https://bbb.example.com/', 'open-external-after-warning'],
    ['our UI', 'app://schuldesk/index.html', 'deny'],
  ];
  it.each(cases)('%s → %s', (_name, url, expected) => {
    expect(nav(url, 'portal')).toBe(expected);
  });

  it.each(NEVER)('%s is denied', (_name, url) => {
    for (const event of EVENTS) expect(nav(url, 'portal', event)).toBe('deny');
  });

  it('redirects: allowed → allowed proceeds, allowed → elsewhere is denied outright', () => {
    expect(nav('https://school.example.com/login/index.php?testsession=4', 'portal', 'will-redirect')).toBe('allow');
    expect(nav('https://idp.evil.test/saml', 'portal', 'will-redirect')).toBe('deny');
    expect(nav('https://school.example.com.evil.test/', 'portal', 'will-redirect')).toBe('deny');
    expect(nav('http://school.example.com/', 'portal', 'will-redirect')).toBe('deny');
    expect(nav('schuldesk://token=YWJjOjo6ZGVm', 'portal', 'will-redirect')).toBe('deny');
  });

  it('subframes: allowlisted origins load, others are denied without an external offer', () => {
    expect(nav('https://school.example.com/embed', 'portal', 'will-frame-navigate', false)).toBe('allow');
    expect(nav('https://example.org/ad', 'portal', 'will-frame-navigate', false)).toBe('deny');
  });
});

describe('decideNavigation — conference window (BBB origins only)', () => {
  const cases: [string, string, NavigationDecision][] = [
    ['BBB join API', 'https://bbb.example.com/bigbluebutton/api/join?meetingID=1&checksum=abc', 'allow'],
    ['BBB client', 'https://bbb.example.com/html5client/join?sessionToken=x', 'allow'],
    ['second BBB server with its port', 'https://bbb2.example.com:8443/html5client/', 'allow'],
    ['second BBB server without the port', 'https://bbb2.example.com/html5client/', 'open-external-after-warning'],
    ['the portal is not a BBB server', 'https://school.example.com/moodle/', 'open-external-after-warning'],
    ['suffix trick', 'https://bbb.example.com.evil.test/', 'open-external-after-warning'],
    ['http BBB', 'http://bbb.example.com/', 'deny'],
    ['our UI', 'app://schuldesk/index.html', 'deny'],
  ];
  it.each(cases)('%s → %s', (_name, url, expected) => {
    expect(nav(url, 'conference')).toBe(expected);
  });

  it('a load-balancer redirect to an unlisted server is denied', () => {
    expect(nav('https://bbb.example.com/bigbluebutton/api/join', 'conference', 'will-redirect')).toBe('allow');
    expect(nav('https://bbb-node7.example.com/html5client/join', 'conference', 'will-redirect')).toBe('deny');
  });

  it.each(NEVER)('%s is denied', (_name, url) => {
    expect(nav(url, 'conference')).toBe('deny');
  });
});

describe('decideNavigation — contents of unknown origin and empty configuration', () => {
  it('unknown contents may not navigate anywhere and never trigger an external open', () => {
    for (const url of ['app://schuldesk/index.html', 'https://school.example.com/', 'https://example.org/']) {
      for (const event of EVENTS) expect(nav(url, 'unknown', event)).toBe('deny');
    }
  });

  it('with nothing configured, portal and conference windows load nothing', () => {
    const context = { event: 'will-navigate' as const, isMainFrame: true, allowlist: EMPTY_ALLOWLIST };
    expect(decideNavigation('https://school.example.com/', { ...context, window: 'portal' })).toBe('open-external-after-warning');
    expect(decideNavigation('https://bbb.example.com/', { ...context, window: 'conference' })).toBe('open-external-after-warning');
    expect(decideNavigation('app://schuldesk/index.html', { ...context, window: 'main' })).toBe('allow');
  });
});

describe('decideWindowOpen — never a new Electron window', () => {
  // [name, url, from the main and portal windows, from the conference window]
  const cases: [string, string, WindowOpenDecision, WindowOpenDecision][] = [
    ['https link to the portal', 'https://school.example.com/mod/page/view.php?id=3', 'open-external', 'open-external-after-warning'],
    ['https link to the IDN portal', 'https://schüle.example/', 'open-external', 'open-external-after-warning'],
    ['https link to a BBB server', 'https://bbb.example.com/', 'open-external', 'open-external-after-warning'],
    ['https link to the second BBB server', 'https://bbb2.example.com:8443/html5client/', 'open-external', 'open-external-after-warning'],
    ['https link elsewhere', 'https://example.org/material.pdf', 'open-external-after-warning', 'open-external-after-warning'],
    ['suffix trick', 'https://school.example.com.evil.test/', 'open-external-after-warning', 'open-external-after-warning'],
    ['other port of the portal', 'https://school.example.com:8443/', 'open-external-after-warning', 'open-external-after-warning'],
    ['userinfo trick', 'https://school.example.com@evil.test/', 'deny', 'deny'],
    ['credentials', 'https://user:pw@example.org/', 'deny', 'deny'],
    ['loopback http portal (not https)', 'http://127.0.0.1:8080/', 'deny', 'deny'],
    ['plain http', 'http://example.org/', 'deny', 'deny'],
    ['our own UI', 'app://schuldesk/index.html', 'deny', 'deny'],
    ['uppercase HTTPS scheme', 'HTTPS://EXAMPLE.ORG/', 'open-external-after-warning', 'open-external-after-warning'],
  ];
  it.each(cases)('%s → %s (main, portal), %s (conference)', (_name, url, fromAppOrPortal, fromConference) => {
    for (const window of ['main', 'portal'] as const) {
      expect([window, decideWindowOpen(url, { window, allowlist })]).toEqual([window, fromAppOrPortal]);
    }
    expect(decideWindowOpen(url, { window: 'conference', allowlist })).toBe(fromConference);
  });

  it('a pop-up from the conference window never opens the browser without a warning', () => {
    for (const [, url] of cases) expect(decideWindowOpen(url, { window: 'conference', allowlist })).not.toBe('open-external');
  });

  it.each(NEVER)('%s → deny', (_name, url) => {
    for (const window of ['main', 'portal', 'conference'] as const) expect([window, decideWindowOpen(url, { window, allowlist })]).toEqual([window, 'deny']);
  });

  it('unknown contents may not open anything', () => {
    expect(decideWindowOpen('https://school.example.com/', { window: 'unknown', allowlist })).toBe('deny');
    expect(decideWindowOpen('https://example.org/', { window: 'unknown', allowlist })).toBe('deny');
  });
});
