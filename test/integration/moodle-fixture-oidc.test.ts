// The test Moodle's auth_oauth2 issuer and its OpenID Connect test IdP (https with a test CA) walk
// the same chains as the real Moodle 5.1 recorded in test/fixtures/moodle/sso-contract/: for each
// recorded case the fixture's hops (method, path, status, which origin the redirect goes to) equal
// the recording's, every hop passes the login window's decisions (LoginWindowGuard, fed as
// Electron 45 would), the callback is caught once and closes the window, and its token signs in.
// The "browser" is a cookie-keeping HTTP client over real TCP/TLS that trusts the test CA.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SsoLaunches } from '../../main/portal/sso';
import { callRest, IDP_PASSWORD, startTestIdp, startTestMoodle } from '../fixtures/moodle/index';
import type { TestIdp, TestMoodle } from '../fixtures/moodle/index';
import { readChain } from '../unit/sso-contract';
import type { RecordedHop } from '../unit/sso-contract';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import { formFields, IPHONE_UA, Window } from './sso-window';

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: the OIDC fixture test needs a test CA and is skipped.');

/** method, path (Moodle's state URL → its path), status, where a redirect goes: the shape both must share. */
function shape(method: string, url: string, status: number | undefined, location: string | null | undefined, origins: { moodle: string; idp: string }): string {
  const kind = (value: string): string => (value.startsWith('schuldesk:') ? 'schuldesk' : value.startsWith(origins.idp) ? 'idp' : 'moodle');
  const path = url.startsWith('schuldesk:') ? 'schuldesk:' : new URL(url).pathname;
  return `${method} ${kind(url)} ${path} → ${status ?? '-'}${location ? ` ${kind(location)}` : ''}`;
}

function recordedShape(file: string, launch = 0): string[] {
  const recorded = readChain(file).launches[launch];
  const hops = (recorded?.steps ?? []).filter((step): step is RecordedHop => step.kind === 'hop');
  return hops
    .filter((hop) => !hop.request.url.startsWith('schuldesk:'))
    .map((hop) => shape(hop.request.method, hop.request.url.replace('http://127.0.0.1:8080', 'http://moodle').replace('https://127.0.0.1:8091', 'https://idp'), hop.response?.status, hop.response?.location?.replace('https://127.0.0.1:8091', 'https://idp'), { moodle: 'http://moodle', idp: 'https://idp' }));
}

describe.skipIf(!opensslAvailable)('test Moodle + OIDC test IdP reproduce the recorded SSO chains', () => {
  let moodle: TestMoodle;
  let idp: TestIdp;
  let ca = '';
  let issuerId = 0;

  beforeAll(async () => {
    const certs = makeTestCertificates();
    ca = certs.caCert;
    idp = await startTestIdp({ tls: certs.valid });
    moodle = await startTestMoodle({ typeOfLogin: 1 });
    issuerId = moodle.state.addOAuth2Issuer({ id: 3, name: idp.name, baseUrl: idp.url, clientId: idp.clientId, clientSecret: idp.clientSecret }).id;
  });
  afterAll(async () => {
    await moodle?.close();
    await idp?.close();
  });

  const launchUrl = (launches: SsoLaunches, oauthsso?: number) => launches.createLaunch(moodle.url, `${moodle.url}/admin/tool/mobile/launch.php`, oauthsso ? { oauthsso } : {}).url;
  const fixtureShape = (window: Window) => window.hops.map((hop) => shape(hop.method, hop.url, hop.status, hop.location, { moodle: moodle.url, idp: idp.url }));

  /** Launch with oauthsso → IdP form → (wrong password) → password → callback. */
  async function idpChain(window: Window, launches: SsoLaunches, username: string, wrongFirst = false): Promise<void> {
    let form = await window.open(launchUrl(launches, issuerId), 'load');
    expect(form?.html).toContain('<form id="idp-login" method="POST" action="/authorize">');
    if (wrongFirst) {
      form = await window.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username, password: 'falsch' });
      expect(form?.status).toBe(200);
      expect(form?.html).toContain('Benutzername oder Passwort falsch.');
    }
    await window.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username, password: IDP_PASSWORD });
  }

  async function expectSignsIn(window: Window, launches: SsoLaunches, username: string): Promise<void> {
    expect(window.callbacks).toHaveLength(1);
    expect(window.closed).toBe(true);
    const completion = launches.completeLaunch(window.callbacks[0] ?? '');
    const info = (await callRest(moodle.url, completion.token.reveal(), 'core_webservice_get_site_info')) as { username: string };
    expect(info.username).toBe(username);
  }

  for (const [file, typeOfLogin] of [
    ['sso.a.typeoflogin1.oauthsso.json', 1],
    ['sso.b.typeoflogin2.oauthsso.json', 2],
    ['sso.b3.typeoflogin3.oauthsso.json', 3],
  ] as const) {
    it(`${file}: launch with oauthsso, IdP form, callback by 302 — same hops, caught once, signs in`, async () => {
      moodle.state.setTypeOfLogin(typeOfLogin);
      const launches = new SsoLaunches();
      const window = new Window(ca, moodle.url, []);
      await idpChain(window, launches, 'student3');
      expect(fixtureShape(window)).toEqual(recordedShape(file));
      expect(window.events.at(-1)).toBe('will-redirect schuldesk: ✗');
      await expectSignsIn(window, launches, 'student3');
      moodle.state.setTypeOfLogin(1);
    });
  }

  it('sso.c: without oauthsso the login page offers the IdP button; clicking it runs the chain', async () => {
    const launches = new SsoLaunches();
    const window = new Window(ca, moodle.url, [idp.url]);
    const login = await window.open(launchUrl(launches), 'load');
    const button = /<a class="btn login-identityprovider-btn w-100" href="([^"]+)">/.exec(login?.html ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(button).toContain(`/auth/oauth2/login.php?id=${issuerId}&wantsurl=`);
    expect(login?.html).toContain(`src="${idp.url}/logo.png"`);
    const form = await window.open(button, 'user');
    await window.open(`${idp.url}/authorize`, 'user', { ...formFields(form?.html ?? ''), username: 'sso.schueler', password: IDP_PASSWORD });
    expect(fixtureShape(window)).toEqual(recordedShape('sso.c.login_page_idp_button.json'));
    await expectSignsIn(window, launches, 'sso.schueler');
  });

  it('sso.d: a wrong IdP password keeps the form in the window (200 + message), then the right one signs in', async () => {
    const launches = new SsoLaunches();
    const window = new Window(ca, moodle.url, []);
    await idpChain(window, launches, 'student3', true);
    expect(fixtureShape(window)).toEqual(recordedShape('sso.d.wrong_idp_password_then_right.json'));
    await expectSignsIn(window, launches, 'student3');
  });

  it('sso.e: launches again in the same session — without the IdP, then straight to the token', async () => {
    const launches = new SsoLaunches();
    const cookies = new Map<string, string>();
    const first = new Window(ca, moodle.url, []);
    await idpChain(first, launches, 'student3');
    await expectSignsIn(first, launches, 'student3');
    for (const [index, oauthsso] of [
      [1, issuerId],
      [2, undefined],
    ] as const) {
      const again = new Window(ca, moodle.url, []);
      for (const [name, value] of first.cookies) again.cookies.set(name, value);
      await again.open(launchUrl(launches, oauthsso), 'load');
      expect(fixtureShape(again)).toEqual(recordedShape('sso.e.second_launch_same_session.json', index));
      await expectSignsIn(again, launches, 'student3');
      for (const [name, value] of again.cookies) cookies.set(name, value);
    }
    expect(cookies.has('MoodleSession')).toBe(true);
  });

  it('sso.f: an unknown issuer id ends on Moodle’s 404 page; the window closes with "provider unavailable"', async () => {
    const launches = new SsoLaunches();
    const window = new Window(ca, moodle.url, []);
    const end = await window.open(launchUrl(launches, 999999), 'load');
    expect(end?.html).toContain("Can't find data record in database.");
    expect(fixtureShape(window)).toEqual(recordedShape('sso.f.unknown_oauthsso.json'));
    expect(window.outcome).toEqual({ kind: 'provider-unavailable' });
    expect(window.callbacks).toEqual([]);
    // A disabled issuer is the same to the window.
    moodle.state.setOAuth2IssuerEnabled(issuerId, false);
    const disabled = new Window(ca, moodle.url, []);
    await disabled.open(launchUrl(launches, issuerId), 'load');
    expect(disabled.outcome).toEqual({ kind: 'provider-unavailable' });
    moodle.state.setOAuth2IssuerEnabled(issuerId, true);
  });

  it('sso.g: an iPhone user agent gets the page with the scripted click; caught on will-frame-navigate', async () => {
    const launches = new SsoLaunches();
    const window = new Window(ca, moodle.url, [], IPHONE_UA);
    await idpChain(window, launches, 'student3');
    expect(fixtureShape(window)).toEqual(recordedShape('sso.g.ios_user_agent.oauthsso.json'));
    expect(window.callbacks).toEqual([]);
    const page = window.hops.at(-1);
    if (!page) throw new Error('no page');
    await window.runLaunchScript(page);
    expect(window.events.at(-1)).toBe('will-frame-navigate schuldesk: ✗');
    await expectSignsIn(window, launches, 'student3');
  });

  it('an IdP outside the policy list: the redirect to it is refused, the window closes saying why', async () => {
    const launches = new SsoLaunches();
    const window = new Window(ca, moodle.url, ['https://login.land.example']);
    await window.open(launchUrl(launches, issuerId), 'load');
    expect(window.outcome).toEqual({ kind: 'origin-refused', origin: idp.url });
    expect(window.closed).toBe(true);
    expect(window.hops.map((hop) => hop.path)).toEqual(['/admin/tool/mobile/launch.php', '/auth/oauth2/login.php']);
  });
});
