// Who may hand the schuldesk:// callback to the login window. Moodle sends it
// only from launch.php on the portal (a 302, or the iOS / confirmed=1 page's scripted click:
// recorded chains a–g). Moodle also hands the passport to the identity provider (it is in the OAuth
// `state`, see stateDecoded in the recordings), so the passport check alone does not stop an IdP —
// or any page that saw the state, or a page reached by a link, or a cross-origin subframe — from
// delivering a callback of its own making in the window. Such a callback is cancelled and ignored:
// the window stays, the genuine callback from the portal still counts, once.
import { describe, expect, it } from 'vitest';
import { clientCertificateAllowed, LoginWindowGuard, loginWindowTitle } from '../../main/security/login-window';
import type { LoginWindowRules } from '../../main/security/login-window';
import { callbackPayload, passportOf, RECORDED_IDP, RECORDED_SITE } from './sso-contract';

const RULES: LoginWindowRules = { portalOrigin: RECORDED_SITE, identityProviderOrigins: [] };
const CALLBACK = `schuldesk://token=${callbackPayload(passportOf(0))}`;
const IGNORED = { prevent: true, close: false, outcome: null };
const CAUGHT = { prevent: true, close: true, outcome: { kind: 'callback', url: CALLBACK } };

/** The window after loadURL(launch.php) redirected to the IdP and the IdP's form committed. */
function atIdpForm(): LoginWindowGuard {
  const guard = new LoginWindowGuard(RULES);
  expect(guard.handle({ type: 'will-redirect', url: `${RECORDED_SITE}/auth/oauth2/login.php?id=3`, isMainFrame: true }).prevent).toBe(false);
  expect(guard.handle({ type: 'will-redirect', url: `${RECORDED_IDP}/authorize?state=x`, isMainFrame: true }).prevent).toBe(false);
  guard.handle({ type: 'did-navigate', url: `${RECORDED_IDP}/authorize?state=x`, httpResponseCode: 200 });
  return guard;
}

describe('the callback counts only when the portal hands it over', () => {
  it('the IdP’s server redirecting straight to schuldesk: is ignored; the portal’s redirect after the form still counts once', () => {
    const guard = atIdpForm();
    expect(guard.handle({ type: 'will-frame-navigate', url: `${RECORDED_IDP}/authorize`, isMainFrame: true, initiatorOrigin: RECORDED_IDP }).prevent).toBe(false);
    expect(guard.handle({ type: 'will-navigate', url: `${RECORDED_IDP}/authorize`, isMainFrame: true, initiatorOrigin: RECORDED_IDP }).prevent).toBe(false);
    expect(guard.handle({ type: 'will-redirect', url: CALLBACK, isMainFrame: true })).toEqual(IGNORED);
    expect(guard.outcome).toBeNull();
    // The genuine chain: POST → 302 oauth2callback.php → 303 → 303 launch.php → 302 schuldesk:.
    const guard2 = atIdpForm();
    guard2.handle({ type: 'will-frame-navigate', url: `${RECORDED_IDP}/authorize`, isMainFrame: true, initiatorOrigin: RECORDED_IDP });
    expect(guard2.handle({ type: 'will-redirect', url: `${RECORDED_SITE}/admin/oauth2callback.php?code=c`, isMainFrame: true }).prevent).toBe(false);
    expect(guard2.handle({ type: 'will-redirect', url: `${RECORDED_SITE}/admin/tool/mobile/launch.php?confirmed`, isMainFrame: true }).prevent).toBe(false);
    expect(guard2.handle({ type: 'will-redirect', url: CALLBACK, isMainFrame: true })).toEqual(CAUGHT);
  });

  it('a scripted click or location change on an IdP page (or any other https page) is ignored', () => {
    const guard = atIdpForm();
    expect(guard.handle({ type: 'will-frame-navigate', url: CALLBACK, isMainFrame: true, initiatorOrigin: RECORDED_IDP })).toEqual(IGNORED);
    expect(guard.handle({ type: 'will-frame-navigate', url: CALLBACK, isMainFrame: true })).toEqual(IGNORED);
    expect(guard.handle({ type: 'will-navigate', url: CALLBACK, isMainFrame: true, initiatorOrigin: null })).toEqual(IGNORED);
    expect(guard.outcome).toBeNull();
  });

  it('a cross-origin subframe navigating the top (<a target=_top>) on the portal’s own page is ignored', () => {
    const guard = new LoginWindowGuard(RULES);
    guard.handle({ type: 'did-navigate', url: `${RECORDED_SITE}/admin/tool/mobile/launch.php?confirmed`, httpResponseCode: 200 });
    expect(guard.handle({ type: 'will-frame-navigate', url: CALLBACK, isMainFrame: true, initiatorOrigin: 'https://widget.example' })).toEqual(IGNORED);
    // The page itself (the recorded iOS / confirmed=1 click) is the portal: caught.
    expect(guard.handle({ type: 'will-frame-navigate', url: CALLBACK, isMainFrame: true, initiatorOrigin: RECORDED_SITE })).toEqual(CAUGHT);
  });

  it('window.open of schuldesk: while the window shows a page that is not the portal’s is ignored', () => {
    const guard = atIdpForm();
    expect(guard.handle({ type: 'window-open', url: CALLBACK })).toEqual(IGNORED);
    guard.handle({ type: 'did-navigate', url: `${RECORDED_SITE}/admin/tool/mobile/launch.php?confirmed`, httpResponseCode: 200 });
    expect(guard.handle({ type: 'window-open', url: CALLBACK })).toEqual(CAUGHT);
  });
});

describe('client certificates in the login window', () => {
  // electron.d.ts: without preventDefault on `select-client-certificate` Electron answers with the
  // first certificate of the store — to any https site the window reaches (any IdP, a linked page).
  it('only the portal and listed IdP origins get one (URL or host:port as Chromium names it); nobody else, also without a list', () => {
    const listed: LoginWindowRules = { portalOrigin: 'https://moodle.schule.example', identityProviderOrigins: ['https://idp.land.example'] };
    const open: LoginWindowRules = { portalOrigin: 'https://moodle.schule.example', identityProviderOrigins: [] };
    expect(clientCertificateAllowed('https://moodle.schule.example/login/index.php', open)).toBe(true);
    expect(clientCertificateAllowed('moodle.schule.example:443', open)).toBe(true);
    expect(clientCertificateAllowed('https://idp.land.example/authorize', listed)).toBe(true);
    expect(clientCertificateAllowed('idp.land.example:443', listed)).toBe(true);
    expect(clientCertificateAllowed('https://idp.land.example/authorize', open)).toBe(false);
    expect(clientCertificateAllowed('idp.land.example:8443', listed)).toBe(false);
    expect(clientCertificateAllowed('https://tracker.example/', listed)).toBe(false);
    expect(clientCertificateAllowed('evil.example:443', open)).toBe(false);
    expect(clientCertificateAllowed('', open)).toBe(false);
  });
});

describe('the login window names the site it shows (it has no address bar)', () => {
  // A page sets its own <title>: a phishing page reached by a link could call itself the school's
  // login. The window title is SchulDesk's, with the host of the committed page (punycode for IDN).
  it('title with the host, port and IDN as punycode; none for a non-web page; German and English', () => {
    expect(loginWindowTitle(null, 'de')).toBe('SchulDesk – Anmeldung');
    expect(loginWindowTitle('https://idp.land.example/authorize?state=x', 'de')).toBe('SchulDesk – Anmeldung – idp.land.example');
    expect(loginWindowTitle('https://idp.land.example:8443/a', 'en')).toBe('SchulDesk – Sign-in – idp.land.example:8443');
    expect(loginWindowTitle('https://schüler-login.example/', 'de')).toBe('SchulDesk – Anmeldung – xn--schler-login-flb.example');
    expect(loginWindowTitle('https://user:pw@idp.land.example/', 'de')).toBe('SchulDesk – Anmeldung – idp.land.example');
    expect(loginWindowTitle('about:blank', 'en')).toBe('SchulDesk – Sign-in');
  });
});
