// Every recorded SSO chain of a real Moodle 5.1 + OpenID Connect IdP (test/fixtures/moodle/sso-contract/)
// replayed hop by hop through the login window's decisions and then through SsoLaunches and the
// callback parser: each hop allowed or refused as it should be, the callback handed over exactly
// once, the window closed at once. The replay itself is checked to notice a refused hop and a lost
// callback (the last describe block), so a passing chain here means something.
import { describe, expect, it } from 'vitest';
import { parseSsoCallback, SsoError, SsoLaunches, ssoSignature } from '../../main/portal/sso';
import { decideLoginUrl, LoginWindowGuard } from '../../main/security/login-window';
import type { LoginWindowRules } from '../../main/security/login-window';
import { callbackPayload, chainFiles, passportOf, readChain, readJson, RECORDED_IDP, RECORDED_SITE, replayLaunch, UNMASKED_TOKEN } from './sso-contract';
import type { RecordedLaunch, ReplayResult } from './sso-contract';

const RULES: LoginWindowRules = { portalOrigin: RECORDED_SITE, identityProviderOrigins: [] };
const RULES_WITH_POLICY: LoginWindowRules = { portalOrigin: RECORDED_SITE, identityProviderOrigins: [RECORDED_IDP] };

/** SsoLaunches whose n-th launch gets passportOf(n), as the recordings are unmasked. */
function launchesFor(count: number): { launches: SsoLaunches; ids: string[]; urls: string[] } {
  let n = 0;
  const launches = new SsoLaunches({ randomBytes: (size) => Buffer.alloc(size, 0x10 + n++) });
  const ids: string[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const launch = launches.createLaunch(RECORDED_SITE, `${RECORDED_SITE}/admin/tool/mobile/launch.php`);
    ids.push(launch.id);
    urls.push(launch.url);
  }
  return { launches, ids, urls };
}

function expectCallbackOnce(result: ReplayResult): string {
  expect(result.refused, 'hops the real chain followed but the window refused').toEqual([]);
  expect(result.callbacks, 'callback handed over exactly once').toHaveLength(1);
  expect(result.outcome?.kind).toBe('callback');
  // Closed on the very hop that carried the callback: nothing of the chain comes after it.
  expect(result.closedAtLine).toBe(result.lines.length - 1);
  expect(result.lines.at(-1)?.shows).toBe('closed');
  expect(result.afterClose).toEqual([]);
  return result.callbacks[0] ?? '';
}

/** Launches whose chain ends in schuldesk:// (all but case f). */
const endsInCallback = (launch: RecordedLaunch): boolean => launch.customScheme !== null;

describe('recorded SSO chains through the login window', () => {
  const files = chainFiles();

  it('covers every chain file of the contract', () => {
    expect(files).toEqual([
      'sso.a.typeoflogin1.oauthsso.json',
      'sso.b.typeoflogin2.oauthsso.json',
      'sso.b3.typeoflogin3.oauthsso.json',
      'sso.c.login_page_idp_button.json',
      'sso.d.wrong_idp_password_then_right.json',
      'sso.e.second_launch_same_session.json',
      'sso.f.unknown_oauthsso.json',
      'sso.g.ios_user_agent.oauthsso.json',
    ]);
  });

  for (const file of files) {
    const chain = readChain(file);
    for (const [n, launch] of chain.launches.entries()) {
      const label = chain.launches.length > 1 ? `${file} launch ${n}` : file;
      for (const [policyLabel, rules] of [
        ['any https IdP', RULES],
        ['policy lists the IdP', RULES_WITH_POLICY],
      ] as const) {
        it(`${label} (${policyLabel}): every hop as recorded; ${endsInCallback(launch) ? 'the callback once, window closed' : 'an error page, window closed with a message'}`, () => {
          expect(decideLoginUrl(launch.launchUrl, rules)).toBe('allow');
          const result = replayLaunch(launch, rules);
          if (!endsInCallback(launch)) {
            // Case f: Moodle's 404 "Can't find data record in database." at auth/oauth2/login.php.
            expect(result.refused).toEqual([]);
            expect(result.callbacks).toEqual([]);
            expect(result.outcome).toEqual({ kind: 'provider-unavailable' });
            expect(result.lines.at(-1)?.shows).toBe('closed');
            return;
          }
          const callback = expectCallbackOnce(result);
          expect(callback).toBe(`schuldesk://token=${callbackPayload(passportOf(n))}`);

          // The launch the app made for this window takes the callback once, and only once.
          const { launches, ids, urls } = launchesFor(n + 1);
          expect(urls[n]).toBe(launch.launchUrl.replace(/&oauthsso=\d+$/, ''));
          const completion = launches.completeLaunch(callback);
          expect(completion.launchId).toBe(ids[n]);
          expect(completion.siteUrl).toBe(RECORDED_SITE);
          expect(completion.token.reveal()).toBe(UNMASKED_TOKEN);
          expect(completion.privateToken).toBeUndefined();
          expect(() => launches.completeLaunch(callback)).toThrow(expect.objectContaining({ code: 'sso-replayed' }) as SsoError);
        });
      }

      if (endsInCallback(launch)) {
        it(`${label}: the same callback as window.open (target=_blank) is caught too`, () => {
          const last = launch.steps.filter((step) => step.kind === 'hop').at(-1);
          if (last?.kind !== 'hop' || last.request.reachedBy === 'http-redirect') {
            // Delivered by a 302: window.open cannot happen there; the redirect is what counts.
            expect(replayLaunch(launch, RULES, { delivery: 'window-open' }).lines.at(-1)?.events[0]).toMatch(/^will-redirect schuldesk:/);
            return;
          }
          const result = replayLaunch(launch, RULES, { delivery: 'window-open' });
          expectCallbackOnce(result);
          expect(result.lines.at(-1)?.events[0]).toMatch(/^window-open schuldesk:/);
        });
      }
    }
  }

  it('what the window shows, hop by hop (case a): IdP form, then closed on the callback', () => {
    const result = replayLaunch(readChain('sso.a.typeoflogin1.oauthsso.json').launches[0] as RecordedLaunch, RULES);
    expect(result.lines.map((line) => line.shows)).toEqual([
      'blank', // launch.php 302 (loadURL)
      'blank', // auth/oauth2/login.php 303 → IdP
      'Schul-Login (Test-IdP) [200]', // the IdP's login form
      'Schul-Login (Test-IdP) [200]', // POST /authorize 302 → Moodle (not committed)
      'Schul-Login (Test-IdP) [200]', // oauth2callback.php 303
      'Schul-Login (Test-IdP) [200]', // auth/oauth2/login.php 303 → launch.php
      'Schul-Login (Test-IdP) [200]', // launch.php?confirmed 302 → schuldesk:
      'closed', // the callback: cancelled, handed over, window closed
    ]);
  });

  it('case d: the wrong IdP password keeps the IdP form (with its message) in the window', () => {
    const launch = readChain('sso.d.wrong_idp_password_then_right.json').launches[0] as RecordedLaunch;
    const wrong = launch.steps.find((step) => step.kind === 'hop' && step.request.method === 'POST' && step.response?.status === 200);
    expect(wrong?.kind === 'hop' ? wrong.response?.page?.errorMessages : null).toEqual(['Benutzername oder Passwort falsch.']);
    const result = replayLaunch(launch, RULES);
    const line = result.lines.find((candidate) => candidate.hop.startsWith('POST') && candidate.shows.includes('[200]') && candidate.events.some((event) => event.startsWith('did-navigate')));
    expect(line?.events).toEqual([
      'will-frame-navigate https://127.0.0.1:8091/authorize → allow',
      'will-navigate https://127.0.0.1:8091/authorize → allow',
      'did-navigate https://127.0.0.1:8091/authorize → allow',
    ]);
    expect(result.outcome?.kind).toBe('callback');
  });

  it('case g (iOS): the scripted link click is caught on will-frame-navigate, before will-navigate', () => {
    const result = replayLaunch(readChain('sso.g.ios_user_agent.oauthsso.json').launches[0] as RecordedLaunch, RULES);
    expectCallbackOnce(result);
    expect(result.lines.at(-2)?.shows).toBe('(no title) [200]'); // launch.php?confirmed: the "open the app" page
    expect(result.lines.at(-1)?.events).toEqual([expect.stringMatching(/^will-frame-navigate schuldesk:\/\/token=.* → prevent \+ close$/)]);
  });

  it('case e: three launches in one session, each its own window, each closed on its callback, same token', () => {
    const chain = readChain('sso.e.second_launch_same_session.json');
    const { launches, ids } = launchesFor(3);
    const tokens = chain.launches.map((launch, n) => {
      const callback = expectCallbackOnce(replayLaunch(launch, RULES));
      const completion = launches.completeLaunch(callback);
      expect(completion.launchId).toBe(ids[n]);
      return completion.token.reveal();
    });
    expect(new Set(tokens)).toEqual(new Set([UNMASKED_TOKEN]));
  });
});

describe('the replay notices what would break a sign-in (so the tests above can fail)', () => {
  const launch = readChain('sso.a.typeoflogin1.oauthsso.json').launches[0] as RecordedLaunch;

  it('an IdP outside the policy list: the redirect to it is refused and the sign-in ends with that reason', () => {
    const result = replayLaunch(launch, { portalOrigin: RECORDED_SITE, identityProviderOrigins: ['https://idp.other.example'] });
    expect(result.refused).toEqual([expect.stringMatching(/^GET https:\/\/127\.0\.0\.1:8091\/authorize/)]);
    expect(result.callbacks).toEqual([]);
    expect(result.outcome).toEqual({ kind: 'origin-refused', origin: RECORDED_IDP });
    expect(() => expectCallbackOnce(result)).toThrow();
  });

  it('a portal origin that does not match (http hops refused): the first Moodle redirect is refused', () => {
    const result = replayLaunch(launch, { portalOrigin: 'https://127.0.0.1:8080', identityProviderOrigins: [] });
    expect(result.refused[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:8080\/auth\/oauth2\/login\.php/);
    expect(() => expectCallbackOnce(result)).toThrow();
  });

  it('a chain whose callback hop is missing: no callback, nothing closed — the assertion fails', () => {
    const result = replayLaunch(launch, RULES, { dropHops: (hop) => hop.request.url.startsWith('schuldesk:') });
    expect(result.callbacks).toEqual([]);
    expect(result.closedAtLine).toBeNull();
    expect(() => expectCallbackOnce(result)).toThrow();
  });
});

describe('LoginWindowGuard: one window, one outcome', () => {
  const callback = `schuldesk://token=${callbackPayload(passportOf(0))}`;

  it('the callback on every route is cancelled in the window and handed over once; later ones are only cancelled', () => {
    for (const first of ['will-redirect', 'will-frame-navigate', 'will-navigate', 'window-open'] as const) {
      const guard = new LoginWindowGuard(RULES);
      const event = first === 'window-open' ? { type: first, url: callback } : { type: first, url: callback, isMainFrame: true };
      expect(guard.handle(event)).toEqual({ prevent: true, close: true, outcome: { kind: 'callback', url: callback } });
      for (const again of ['will-redirect', 'will-frame-navigate', 'will-navigate'] as const) {
        expect(guard.handle({ type: again, url: callback, isMainFrame: true })).toEqual({ prevent: true, close: false, outcome: null });
      }
      expect(guard.handle({ type: 'window-open', url: callback })).toEqual({ prevent: true, close: false, outcome: null });
      expect(guard.handle({ type: 'closed' })).toEqual({ prevent: false, close: false, outcome: null });
      expect(guard.outcome).toEqual({ kind: 'callback', url: callback });
    }
  });

  it('a subframe cannot hand over a callback; other window.open requests are denied without ending anything', () => {
    const guard = new LoginWindowGuard(RULES);
    expect(guard.handle({ type: 'will-frame-navigate', url: callback, isMainFrame: false })).toEqual({ prevent: true, close: false, outcome: null });
    expect(guard.handle({ type: 'window-open', url: `${RECORDED_SITE}/login/forgot_password.php` })).toEqual({ prevent: true, close: false, outcome: null });
    expect(guard.handle({ type: 'window-open', url: 'https://hilfe.schule.example/' })).toEqual({ prevent: true, close: false, outcome: null });
    expect(guard.outcome).toBeNull();
  });

  it('URLs: portal http/https by origin, https elsewhere unless the policy lists IdPs, nothing else', () => {
    const table: [string, LoginWindowRules, 'allow' | 'callback' | 'deny'][] = [
      [`${RECORDED_SITE}/login/index.php`, RULES, 'allow'],
      ['http://127.0.0.1:8081/', RULES, 'deny'], // another port is another origin
      ['http://idp.schule.example/authorize', RULES, 'deny'],
      ['https://idp.schule.example/authorize', RULES, 'allow'],
      ['https://idp.schule.example/authorize', { ...RULES, identityProviderOrigins: ['https://login.land.example'] }, 'deny'],
      ['https://login.land.example/auth?x=1', { ...RULES, identityProviderOrigins: ['https://login.land.example/'] }, 'allow'],
      [`${RECORDED_SITE}/x`, { ...RULES, identityProviderOrigins: ['https://login.land.example'] }, 'allow'],
      ['https://user:pw@idp.schule.example/', RULES, 'deny'],
      ['SchulDesk://token=abc', RULES, 'callback'],
      ['moodlemobile://token=abc', RULES, 'deny'],
      ['javascript:alert(1)', RULES, 'deny'],
      ['data:text/html,<p>x</p>', RULES, 'deny'],
      ['file:///etc/passwd', RULES, 'deny'],
      ['blob:https://idp.schule.example/1', RULES, 'deny'],
      ['about:blank', RULES, 'deny'],
    ];
    for (const [url, rules, expected] of table) expect(decideLoginUrl(url, rules), url).toBe(expected);
    expect(decideLoginUrl('about:blank', RULES, 'sub')).toBe('allow');
    expect(decideLoginUrl('https://captcha.example/widget', { ...RULES, identityProviderOrigins: ['https://login.land.example'] }, 'sub')).toBe('allow');
    expect(decideLoginUrl('http://captcha.example/widget', RULES, 'sub')).toBe('deny');
  });

  it('a refused link click is only cancelled; a refused server redirect ends the sign-in with the origin', () => {
    const guard = new LoginWindowGuard({ ...RULES, identityProviderOrigins: [RECORDED_IDP] });
    expect(guard.handle({ type: 'will-navigate', url: 'https://hilfe.schule.example/', isMainFrame: true })).toEqual({ prevent: true, close: false, outcome: null });
    expect(guard.handle({ type: 'will-redirect', url: 'https://evil.example/authorize', isMainFrame: true })).toEqual({
      prevent: true,
      close: true,
      outcome: { kind: 'origin-refused', origin: 'https://evil.example' },
    });
  });

  it('certificate errors (certificate-error or did-fail-load -2xx), load failures and error pages end the sign-in with a reason', () => {
    const certificate = new LoginWindowGuard(RULES);
    expect(certificate.handle({ type: 'certificate-error', url: `${RECORDED_IDP}/authorize`, error: 'net::ERR_CERT_AUTHORITY_INVALID', isMainFrame: true }).outcome).toEqual({
      kind: 'certificate-error',
      origin: RECORDED_IDP,
      error: 'net::ERR_CERT_AUTHORITY_INVALID',
    });
    expect(certificate.handle({ type: 'did-fail-load', url: `${RECORDED_IDP}/authorize`, errorCode: -202, isMainFrame: true }).outcome).toBeNull();
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-fail-load', url: `${RECORDED_IDP}/authorize`, errorCode: -202, isMainFrame: true }).outcome?.kind).toBe('certificate-error');
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-fail-load', url: `${RECORDED_IDP}/authorize`, errorCode: -102, isMainFrame: true }).outcome).toEqual({
      kind: 'load-failed',
      origin: RECORDED_IDP,
      errorCode: -102,
    });
    // ERR_ABORTED follows every cancelled navigation (our own preventDefault): no outcome.
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-fail-load', url: `${RECORDED_IDP}/authorize`, errorCode: -3, isMainFrame: true }).outcome).toBeNull();
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-fail-load', url: 'https://ads.example/', errorCode: -105, isMainFrame: false }).outcome).toBeNull();
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-navigate', url: `${RECORDED_SITE}/admin/tool/mobile/launch.php?x=1`, httpResponseCode: 404 }).outcome).toEqual({
      kind: 'launch-refused',
      status: 404,
    });
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-navigate', url: `${RECORDED_SITE}/login/index.php`, httpResponseCode: 200 }).outcome).toBeNull();
    expect(new LoginWindowGuard(RULES).handle({ type: 'did-navigate', url: `${RECORDED_IDP}/auth/oauth2/login.php`, httpResponseCode: 404 }).outcome).toBeNull();
  });

  it('closed by the student before the end: outcome "closed", no close request (it is gone already)', () => {
    const guard = new LoginWindowGuard(RULES);
    expect(guard.handle({ type: 'closed' })).toEqual({ prevent: false, close: false, outcome: { kind: 'closed' } });
    expect(guard.handle({ type: 'will-redirect', url: callback, isMainFrame: true })).toEqual({ prevent: true, close: false, outcome: null });
  });
});

describe('callback parser on the recorded token format', () => {
  it('base64 of siteid:::token is 92 characters for a 32-character token, as recorded', () => {
    const recorded = readChain('sso.a.typeoflogin1.oauthsso.json').launches[0]?.customScheme;
    const payload = callbackPayload(passportOf(0));
    expect(payload).toHaveLength(recorded?.base64Length ?? -1);
    expect(recorded?.decoded.parts.map((part) => [part.name, part.length])).toEqual([
      ['siteid', 32],
      ['token', 32],
    ]);
    const parsed = parseSsoCallback(`schuldesk://token=${payload}`);
    expect(parsed.signature).toBe(ssoSignature(RECORDED_SITE, passportOf(0)));
    expect(parsed.token.reveal()).toBe(UNMASKED_TOKEN);
    expect(parsed.privateToken).toBeUndefined();
  });

  it('with the private token (https sites, non-admins): three parts', () => {
    const privateToken = 'A'.repeat(32) + 'b1'.repeat(16);
    const parsed = parseSsoCallback(`schuldesk://token=${callbackPayload(passportOf(0), UNMASKED_TOKEN, privateToken)}`);
    expect(parsed.privateToken?.reveal()).toBe(privateToken);
  });

  it('the launch URL with oauthsso is exactly what the recordings open', () => {
    const launches = new SsoLaunches({ randomBytes: (size) => Buffer.alloc(size, 0x10) });
    const launch = launches.createLaunch(RECORDED_SITE, `${RECORDED_SITE}/admin/tool/mobile/launch.php`, { oauthsso: 3 });
    expect(launch.url).toBe(readChain('sso.a.typeoflogin1.oauthsso.json').launches[0]?.launchUrl);
    expect(() => launches.createLaunch(RECORDED_SITE, `${RECORDED_SITE}/admin/tool/mobile/launch.php`, { oauthsso: 0 })).toThrow(SsoError);
    expect(() => launches.createLaunch(RECORDED_SITE, `${RECORDED_SITE}/admin/tool/mobile/launch.php`, { oauthsso: 1.5 })).toThrow(SsoError);
  });

  it('the public config with SSO names the provider; before SSO it has no identityproviders key', () => {
    const withSso = readJson('tool_mobile_get_public_config.with_oauth2.json') as { response: { body: { data: Record<string, unknown> }[] } };
    const before = readJson('tool_mobile_get_public_config.before_oauth2.json') as { response: { body: { data: Record<string, unknown> }[] } };
    expect(withSso.response.body[0]?.data['identityproviders']).toEqual([
      { name: 'Schul-Login (Test-IdP)', iconurl: `${RECORDED_IDP}/logo.png`, url: `${RECORDED_SITE}/auth/oauth2/login.php?id=3&wantsurl=%2F&sesskey=<SESSKEY>` },
    ]);
    expect(before.response.body[0]?.data).not.toHaveProperty('identityproviders');
  });
});
