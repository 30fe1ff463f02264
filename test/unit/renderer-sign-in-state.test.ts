import { describe, expect, it } from 'vitest';
import { bare, initialSignInState, signInReducer, stepOf } from '../../renderer/features/accounts/sign-in-state';
import type { SignInAction, SignInState } from '../../renderer/features/accounts/sign-in-state';
import type { SiteCheckView } from '../../preload/contract/portal';

const site: SiteCheckView = {
  siteUrl: 'https://moodle.schule.example',
  name: 'Gymnasium Beispielstadt',
  logoUrl: null,
  logoDataUrl: null,
  version: null,
  release: null,
  loginType: 'both',
  identityProviders: [],
  maintenance: { enabled: false, message: '' },
};
const refused = { code: 'invalid-login', message: 'Anmeldung fehlgeschlagen' };
const fresh = initialSignInState({ requestedSite: null, rememberedUsername: null });
/** The login step with a typed name and password, a pending request, an earlier error and a started SSO. */
const loginStep: SignInState = {
  ...fresh,
  site,
  username: 'anna',
  password: 'geheim',
  busy: true,
  loginError: refused,
  sso: { mode: 'system-browser' },
  callback: 'moodlemobile://token=abc',
};
const reauth = initialSignInState({ requestedSite: 'https://moodle.schule.example/', rememberedUsername: 'anna' });

describe('initialSignInState', () => {
  it('starts empty on the address step', () => {
    expect(fresh).toEqual({
      site: null,
      address: '',
      siteError: null,
      busy: false,
      username: '',
      reauthPending: false,
      password: '',
      loginError: null,
      sso: null,
      callback: '',
    });
    expect(stepOf(fresh, false)).toBe('address');
  });

  it('"Erneut anmelden": the remembered address and name are filled in and the school is being checked', () => {
    expect(reauth).toMatchObject({ address: 'https://moodle.schule.example/', username: 'anna', reauthPending: true, site: null });
    expect(stepOf(reauth, true)).toBe('reauth');
    // The account left the list meanwhile: the address step, not a check for nobody.
    expect(stepOf(reauth, false)).toBe('address');
  });

  it('an address handed over without a remembered account is no re-sign-in', () => {
    const handedOver = initialSignInState({ requestedSite: 'https://moodle.schule.example', rememberedUsername: null });
    expect(handedOver).toMatchObject({ address: 'https://moodle.schule.example', username: '', reauthPending: false });
  });
});

// Each row: the state before, the action, exactly the fields that change (every other field must stay).
const transitions: [string, SignInState, SignInAction, Partial<SignInState>][] = [
  ['typing the address', fresh, { type: 'addressChanged', value: 'moodle' }, { address: 'moodle' }],
  ['typing the name', loginStep, { type: 'usernameChanged', value: 'ben' }, { username: 'ben' }],
  ['typing the password', loginStep, { type: 'passwordChanged', value: 'x' }, { password: 'x' }],
  ['pasting the link', loginStep, { type: 'callbackChanged', value: 'y' }, { callback: 'y' }],
  ['an empty address is refused without a request', fresh, { type: 'siteRefused', error: refused }, { siteError: refused }],
  ['checking clears the old error and is busy', { ...fresh, siteError: refused }, { type: 'siteCheckStarted' }, { siteError: null, busy: true }],
  [
    'a checked portal opens the login step afresh',
    { ...reauth, busy: true, loginError: refused, sso: { mode: 'window' } },
    { type: 'siteChecked', site },
    { site, loginError: null, sso: null, reauthPending: false, busy: false },
  ],
  [
    'a failed check stays on (or falls back to) the address step',
    { ...reauth, busy: true },
    { type: 'siteCheckFailed', error: refused },
    { siteError: refused, reauthPending: false, busy: false },
  ],
  ['a sign-in request clears the old error and is busy', { ...loginStep, busy: false }, { type: 'loginStarted' }, { loginError: null, busy: true }],
  ['a demo account puts its name into the form', loginStep, { type: 'demoAccountChosen', username: 'lehrer1' }, { username: 'lehrer1' }],
  ['a refused password is cleared', { ...loginStep, loginError: null }, { type: 'loginFailed', error: refused, clearPassword: true }, { loginError: refused, password: '' }],
  ['a refused SSO keeps the password field as it is', { ...loginStep, loginError: null }, { type: 'loginFailed', error: refused, clearPassword: false }, { loginError: refused }],
  ['a started SSO shows its mode', loginStep, { type: 'ssoStarted', sso: { mode: 'browser-tab', url: 'https://idp.example/' } }, { sso: { mode: 'browser-tab', url: 'https://idp.example/' } }],
  ['signed in: the password is not kept', loginStep, { type: 'signedIn' }, { password: '' }],
  ['a finished request is no longer busy', loginStep, { type: 'loginFinished' }, { busy: false }],
  [
    'back: to the address step, the typed address and name kept',
    { ...loginStep, address: 'moodle', reauthPending: true },
    { type: 'back' },
    { site: null, sso: null, loginError: null, password: '', reauthPending: false },
  ],
];

describe('signInReducer', () => {
  it.each(transitions)('%s', (_name, before, action, changed) => {
    const frozen = Object.freeze({ ...before });
    const after = signInReducer(frozen, action);
    expect(after).toEqual({ ...before, ...changed });
    // Every row changes something, and the reducer never mutates its input.
    expect(after).not.toEqual(before);
    expect(frozen).toEqual(before);
  });

  it('the whole path of a re-sign-in: check, password refused, then signed in', () => {
    const actions: SignInAction[] = [
      { type: 'siteCheckStarted' },
      { type: 'siteChecked', site },
      { type: 'passwordChanged', value: 'falsch' },
      { type: 'loginStarted' },
      { type: 'loginFailed', error: refused, clearPassword: true },
      { type: 'loginFinished' },
      { type: 'passwordChanged', value: 'richtig' },
      { type: 'loginStarted' },
      { type: 'signedIn' },
      { type: 'loginFinished' },
    ];
    const steps = [stepOf(reauth, true)];
    let state = reauth;
    for (const action of actions) {
      state = signInReducer(state, action);
      steps.push(stepOf(state, true));
    }
    expect(steps).toEqual(['reauth', 'reauth', 'login', 'login', 'login', 'login', 'login', 'login', 'login', 'login', 'login']);
    expect(state).toMatchObject({ site, username: 'anna', password: '', loginError: null, busy: false, reauthPending: false });
  });
});

describe('stepOf and bare', () => {
  it('a checked portal is the login step whatever else is set', () => {
    expect(stepOf({ ...reauth, site }, true)).toBe('login');
  });

  it('addresses compare without trailing slashes', () => {
    expect(bare('https://moodle.schule.example//')).toBe('https://moodle.schule.example');
    expect(bare('https://moodle.schule.example')).toBe('https://moodle.schule.example');
  });
});
