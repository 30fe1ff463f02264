// Site check, pure parts: input normalisation, loopback/https rule, policy list, interpreting the
// recorded public config, redirect decisions, HTML text.
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../main/net/http-client';
import { PortalError, SiteCheckError } from '../../main/portal/errors';
import { MoodleClient } from '../../main/portal/moodle-client';
import { loginWithPassword } from '../../main/portal/password-login';
import { siteBaseUrl } from '../../main/portal/site-url';
import { htmlToText } from '../../main/portal/html-text';
import { publicConfigSchema } from '../../main/portal/schemas';
import type { PublicConfig } from '../../main/portal/schemas';
import { followableRedirect, isLoopbackHost, isPortalAllowed, normalizeSiteInput, samePortal, siteFromPublicConfig } from '../../main/portal/site-check';
import { contractBody } from '../support/portal-contract';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SiteCheckError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('normalizeSiteInput', () => {
  it.each([
    ['moodle.schule.de', 'https://moodle.schule.de'],
    ['  moodle.schule.de/  ', 'https://moodle.schule.de'],
    ['https://moodle.schule.de///', 'https://moodle.schule.de'],
    ['HTTPS://Moodle.Schule.DE/Moodle/login/index.php?lang=de#x', 'https://moodle.schule.de/Moodle'],
    ['moodle.schule.de/lernen/login/', 'https://moodle.schule.de/lernen'],
    ['https://moodle.schule.de/my/', 'https://moodle.schule.de'],
    ['https://moodle.schule.de/course/view.php?id=3', 'https://moodle.schule.de'],
    ['https://moodle.schule.de/index.php', 'https://moodle.schule.de'],
    ['https://moodle.schule.de:8443/', 'https://moodle.schule.de:8443'],
    ['https://moodle.schule.de:443/', 'https://moodle.schule.de'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['http://127.0.0.1:8080/login/index.php', 'http://127.0.0.1:8080'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['https://lernplattform.rlp.de/admin/tool/mobile/launch.php', 'https://lernplattform.rlp.de'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeSiteInput(input)).toBe(expected);
  });

  it.each([
    ['', 'invalid-url'],
    ['   ', 'invalid-url'],
    ['moodle schule.de', 'invalid-url'],
    ['ftp://moodle.schule.de', 'invalid-url'],
    ['javascript:alert(1)', 'invalid-url'],
    ['https://lena:geheim@moodle.schule.de', 'invalid-url'],
    ['http://moodle.schule.de', 'insecure-http'],
    ['http://10.0.0.5/moodle', 'insecure-http'],
    ['http://localhost.schule.de', 'insecure-http'],
  ])('%j is refused as %s', (input, code) => {
    expect(codeOf(() => normalizeSiteInput(input))).toBe(code);
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, ::1 and localhost', () => {
    for (const host of ['localhost', 'LOCALHOST', 'moodle.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['localhost.schule.de', '128.0.0.1', '10.0.0.1', '[::2]', 'example.com', '1270.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('policy list', () => {
  const policy = { allowedPortals: ['https://moodle.schule.de/', 'https://lernen.land.de/moodle'], allowUserPortals: false };

  it('allows listed portals however they are spelled', () => {
    expect(isPortalAllowed('https://MOODLE.schule.de', policy)).toBe(true);
    expect(isPortalAllowed('lernen.land.de/moodle/login/index.php', policy)).toBe(true);
    expect(samePortal('https://moodle.schule.de', 'moodle.schule.de/')).toBe(true);
  });

  it('refuses others when the list is set and user portals are off', () => {
    expect(isPortalAllowed('https://evil-fix.example', policy)).toBe(false);
    expect(isPortalAllowed('https://lernen.land.de/anders', policy)).toBe(false);
    expect(isPortalAllowed('https://moodle.schule.de:8443', policy)).toBe(false);
  });

  it('allows any portal when user portals are allowed or no list is set', () => {
    expect(isPortalAllowed('https://other.example', { ...policy, allowUserPortals: true })).toBe(true);
    expect(isPortalAllowed('https://other.example', { allowedPortals: [], allowUserPortals: false })).toBe(true);
    expect(isPortalAllowed('https://other.example', undefined)).toBe(true);
  });
});

describe('interpreting the recorded public config', () => {
  const recorded = publicConfigSchema.parse(contractBody('tool_mobile_get_public_config.rest.student1.json'));
  const variant = (patch: Partial<PublicConfig>): PublicConfig => ({ ...recorded, ...patch });

  it('gives the portal as the app needs it', () => {
    expect(siteFromPublicConfig(recorded, 'http://127.0.0.1:8080')).toEqual({
      siteUrl: 'http://127.0.0.1:8080',
      name: 'Heldout Schule (Moodle test peer)',
      logoUrl: null,
      compactLogoUrl: null,
      release: null,
      version: null,
      typeOfLogin: 'app',
      launchUrl: 'http://127.0.0.1:8080/admin/tool/mobile/launch.php',
      showLoginForm: true,
      identityProviders: [],
      maintenance: { enabled: false, message: '' },
    });
  });

  it('refuses disabled web services, disabled mobile service and maintenance, in the Moodle app’s order', () => {
    expect(codeOf(() => siteFromPublicConfig(variant({ enablewebservices: false, enablemobilewebservice: false }), 'http://127.0.0.1:8080'))).toBe('webservices-disabled');
    expect(codeOf(() => siteFromPublicConfig(variant({ enablemobilewebservice: false }), 'http://127.0.0.1:8080'))).toBe('mobile-service-disabled');
    expect(codeOf(() => siteFromPublicConfig(variant({ maintenanceenabled: true }), 'http://127.0.0.1:8080'))).toBe('maintenance');
  });

  it('passes the maintenance message as text, or returns the site when asked to', () => {
    const config = variant({ maintenanceenabled: true, maintenancemessage: '<p>Wartung bis 10&nbsp;Uhr &amp; danach wieder da</p>' });
    try {
      siteFromPublicConfig(config, 'http://127.0.0.1:8080');
      throw new Error('expected maintenance');
    } catch (error) {
      expect(error).toMatchObject({ code: 'maintenance', data: { maintenanceMessage: 'Wartung bis 10\u00a0Uhr & danach wieder da' } });
    }
    expect(siteFromPublicConfig(config, 'http://127.0.0.1:8080', { allowMaintenance: true }).maintenance.enabled).toBe(true);
  });

  it('adopts httpswwwroot on the same host, refuses another host or plain http', () => {
    expect(siteFromPublicConfig(variant({ httpswwwroot: 'https://moodle.schule.de/lernen/' }), 'https://moodle.schule.de').siteUrl).toBe('https://moodle.schule.de/lernen');
    expect(codeOf(() => siteFromPublicConfig(variant({ httpswwwroot: 'https://www.moodle.schule.de' }), 'https://moodle.schule.de'))).toBe('redirect-other-host');
    expect(codeOf(() => siteFromPublicConfig(variant({ httpswwwroot: 'http://moodle.schule.de' }), 'https://moodle.schule.de'))).toBe('insecure-http');
  });

  it('checks the policy against the portal’s own address', () => {
    const policy = { allowedPortals: ['https://moodle.schule.de'], allowUserPortals: false };
    expect(codeOf(() => siteFromPublicConfig(variant({ httpswwwroot: 'https://moodle.schule.de/other' }), 'https://moodle.schule.de', { policy }))).toBe('portal-not-allowed');
  });

  it('maps the type of login and keeps only a launch URL on the portal’s origin', () => {
    const base = 'https://moodle.schule.de';
    const browser = siteFromPublicConfig(variant({ httpswwwroot: base, typeoflogin: 2, launchurl: `${base}/admin/tool/mobile/launch.php` }), base);
    expect(browser).toMatchObject({ typeOfLogin: 'browser', launchUrl: `${base}/admin/tool/mobile/launch.php` });
    expect(siteFromPublicConfig(variant({ httpswwwroot: base, typeoflogin: 3, launchurl: 'https://evil.example/launch.php' }), base)).toMatchObject({
      typeOfLogin: 'embedded',
      launchUrl: null,
    });
  });

  it('decodes the site name Moodle sends as formatted HTML', () => {
    expect(siteFromPublicConfig(variant({ sitename: 'Schule &amp; Co &#8211; Moodle' }), 'http://127.0.0.1:8080').name).toBe('Schule & Co – Moodle');
  });
});

describe('followableRedirect', () => {
  const from = new URL('http://localhost:8080/moodle/lib/ajax/service-nologin.php?info=x');

  it('follows http → https on the same host, keeping the portal path', () => {
    expect(followableRedirect(from, 'https://localhost/moodle/lib/ajax/service-nologin.php?info=x', 'http://localhost:8080/moodle')).toEqual({ base: 'https://localhost/moodle' });
    expect(followableRedirect(from, 'https://localhost:8443/', 'http://localhost:8080/moodle')).toEqual({ base: 'https://localhost:8443/moodle' });
  });

  it('refuses another host, a downgrade and same-host detours', () => {
    const https = new URL('https://moodle.schule.de/lib/ajax/service-nologin.php');
    const other = followableRedirect(https, 'https://sso.anbieter.example/login', 'https://moodle.schule.de');
    expect('error' in other && other.error.code).toBe('redirect-other-host');
    expect('error' in other && other.error.data).toEqual({ targetOrigin: 'https://sso.anbieter.example' });
    const down = followableRedirect(https, 'http://moodle.schule.de/lib/ajax/service-nologin.php', 'https://moodle.schule.de');
    expect('error' in down && down.error.code).toBe('insecure-http');
    const detour = followableRedirect(https, '/login/index.php', 'https://moodle.schule.de');
    expect('error' in detour && detour.error.code).toBe('not-moodle');
  });
});

describe('siteBaseUrl: no token or password over plain http', () => {
  it('accepts https and loopback http, refuses other http before any request', async () => {
    expect(siteBaseUrl('https://moodle.schule.de/lernen/')).toBe('https://moodle.schule.de/lernen');
    expect(siteBaseUrl({ url: 'http://127.0.0.1:8080' })).toBe('http://127.0.0.1:8080');
    expect(() => siteBaseUrl('http://moodle.schule.invalid')).toThrow(PortalError);
    expect(() => siteBaseUrl('file:///etc/passwd')).toThrow(PortalError);
    const http = new HttpClient();
    await expect(loginWithPassword(http, { site: 'http://moodle.schule.invalid', username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'insecure-http' });
    await expect(new MoodleClient(http).callFunction('http://moodle.schule.invalid', 'x', 'core_webservice_get_site_info')).rejects.toMatchObject({ code: 'insecure-http' });
    expect(http.stats().requests).toBe(0);
  });
});

describe('htmlToText', () => {
  it('strips tags and decodes entities safely', () => {
    // An out-of-range character reference becomes U+FFFD, as in a browser (the HTML parser's rule).
    expect(htmlToText('<p>Hallo&nbsp;<b>Welt</b></p><p>&lt;3 &#x1F600; &#99999999; &bogus;</p>')).toBe('Hallo\u00a0Welt\n<3 😀 \ufffd &bogus;');
  });
});
