import type { SiteCheckView, SsoStartView } from '../../../preload/contract/portal';
import type { ApiFailure } from './accounts-store';

/**
 * The sign-in flow's state as a pure reducer: which portal was checked, what is typed, what failed,
 * and whether a request is under way. Effects (portal calls, focus, announcements) stay in SignInFlow.
 */
export interface SignInState {
  /** The checked portal; null while on the address step. */
  site: SiteCheckView | null;
  address: string;
  siteError: ApiFailure | null;
  busy: boolean;
  username: string;
  /** "Erneut anmelden": the remembered account's school is being checked (its step 2, not the address step). */
  reauthPending: boolean;
  password: string;
  loginError: ApiFailure | null;
  sso: SsoStartView | null;
  callback: string;
}

export type SignInAction =
  | { type: 'addressChanged'; value: string }
  | { type: 'usernameChanged'; value: string }
  | { type: 'passwordChanged'; value: string }
  | { type: 'callbackChanged'; value: string }
  /** The address step refused the input before asking main (e.g. nothing typed). */
  | { type: 'siteRefused'; error: ApiFailure }
  | { type: 'siteCheckStarted' }
  | { type: 'siteChecked'; site: SiteCheckView }
  | { type: 'siteCheckFailed'; error: ApiFailure }
  /** A password, identity-provider or pasted-link sign-in was sent. */
  | { type: 'loginStarted' }
  /** A demo account was picked: its name goes into the form before it signs in. */
  | { type: 'demoAccountChosen'; username: string }
  /** The form check, the request or the login window refused; a refused password is cleared. */
  | { type: 'loginFailed'; error: ApiFailure; clearPassword: boolean }
  | { type: 'ssoStarted'; sso: SsoStartView }
  /** Signed in (the flow closes): the password is never kept. */
  | { type: 'signedIn' }
  /** A password, identity-provider or pasted-link request is over, whatever its outcome. */
  | { type: 'loginFinished' }
  | { type: 'back' };

export interface SignInStart {
  /** The address handed over with the request ("Erneut anmelden" or a preset), or null. */
  requestedSite: string | null;
  /** The remembered account being signed in again, or null. */
  rememberedUsername: string | null;
}

export function initialSignInState({ requestedSite, rememberedUsername }: SignInStart): SignInState {
  return {
    site: null,
    address: requestedSite ?? '',
    siteError: null,
    busy: false,
    username: rememberedUsername ?? '',
    reauthPending: rememberedUsername !== null && requestedSite !== null,
    password: '',
    loginError: null,
    sso: null,
    callback: '',
  };
}

export function signInReducer(state: SignInState, action: SignInAction): SignInState {
  switch (action.type) {
    case 'addressChanged':
      return { ...state, address: action.value };
    case 'usernameChanged':
      return { ...state, username: action.value };
    case 'passwordChanged':
      return { ...state, password: action.value };
    case 'callbackChanged':
      return { ...state, callback: action.value };
    case 'siteRefused':
      return { ...state, siteError: action.error };
    case 'siteCheckStarted':
      return { ...state, busy: true, siteError: null };
    case 'siteChecked':
      return { ...state, site: action.site, loginError: null, sso: null, reauthPending: false, busy: false };
    case 'siteCheckFailed':
      return { ...state, siteError: action.error, reauthPending: false, busy: false };
    case 'loginStarted':
      return { ...state, busy: true, loginError: null };
    case 'demoAccountChosen':
      return { ...state, username: action.username };
    case 'loginFailed':
      return { ...state, loginError: action.error, password: action.clearPassword ? '' : state.password };
    case 'ssoStarted':
      return { ...state, sso: action.sso };
    case 'signedIn':
      return { ...state, password: '' };
    case 'loginFinished':
      return { ...state, busy: false };
    case 'back':
      return { ...state, reauthPending: false, site: null, sso: null, loginError: null, password: '' };
  }
}

export type SignInStep = 'reauth' | 'address' | 'login';

/** Which step shows: the remembered account's check, the address step, or the checked portal's login step. */
export function stepOf(state: SignInState, hasRemembered: boolean): SignInStep {
  if (state.site !== null) return 'login';
  return state.reauthPending && hasRemembered ? 'reauth' : 'address';
}

/** Presets are compared and addressed without a trailing slash (test/e2e/page-helpers.ts signIn relies on it). */
export function bare(url: string): string {
  return url.replace(/\/+$/, '');
}
