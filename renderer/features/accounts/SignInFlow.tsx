import { useEffect, useId, useReducer, useRef } from 'react';
import { useTranslation } from '../../i18n/react';
import type { AccountView, DemoAccountView } from '../../../preload/contract/portal';
import { useStores } from '../../app/stores-context';
import { failureOf } from './accounts-store';
import { useAccounts } from './use-accounts';
import { useFocusLater } from './use-focus-later';
import { errorMessage } from '../../bridge/api-error';
import { bare, initialSignInState, signInReducer, stepOf } from './sign-in-state';
import { AddressStep } from './AddressStep';
import { LoginStep, ReauthCheck } from './LoginStep';
import { SsoStep } from './SsoStep';

/**
 * The two-step sign-in: 1) which portal (preset or typed address, checked by main), 2) how to sign
 * in there (SchulDesk's password form and/or the school's own page). Errors are linked to their
 * field with aria-describedby and get focus; success is announced and closes the flow. State lives
 * in sign-in-state.ts; this component runs the portal calls and moves the focus.
 */
export function SignInFlow() {
  const { t } = useTranslation();
  const { api, announcer, accounts } = useStores();
  const presets = useAccounts((state) => state.presets);
  const requests = useAccounts((state) => state.signInRequests);
  const requestedSite = useAccounts((state) => state.signInSite);
  // "Erneut anmelden" of a remembered account: straight to its school's password or provider step.
  const remembered = useAccounts((state) => state.accounts.find((account) => account.id === state.signInAccountId) ?? null);
  const hasAccounts = useAccounts((state) => state.accounts.length > 0);
  const ids = useId();
  const focusLater = useFocusLater();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const siteInputRef = useRef<HTMLInputElement>(null);
  const siteErrorRef = useRef<HTMLParagraphElement>(null);
  const loginHeadingRef = useRef<HTMLHeadingElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const loginErrorRef = useRef<HTMLParagraphElement>(null);
  const ssoLinkRef = useRef<HTMLAnchorElement>(null);
  const ssoHintRef = useRef<HTMLParagraphElement>(null);

  // "Erneut anmelden" of a known account: the flow mounts fresh with its portal's address filled in.
  const [state, dispatch] = useReducer(signInReducer, { requestedSite, rememberedUsername: remembered?.username ?? null }, initialSignInState);
  const { site, busy, loginError } = state;
  const allowUserPortals = presets?.allowUserPortals ?? true;
  const loginErrorId = `${ids}-login-error`;

  // Opened from the header or "Weitere Schule hinzufügen": focus the flow's heading.
  useEffect(() => {
    if (requests > 0) headingRef.current?.focus();
  }, [requests]);

  const checkSite = async (input: string) => {
    if (input.trim() === '') {
      dispatch({ type: 'siteRefused', error: { code: 'site-empty', message: t('portal.signIn.siteEmpty') } });
      focusLater(() => siteInputRef.current);
      return;
    }
    dispatch({ type: 'siteCheckStarted' });
    try {
      const checked = await api.invoke('portal.checkSite', input.trim());
      dispatch({ type: 'siteChecked', site: checked });
      const again = remembered !== null && bare(remembered.siteUrl) === bare(checked.siteUrl);
      focusLater(() => (again && remembered.username !== '' ? passwordRef.current : usernameRef.current) ?? loginHeadingRef.current);
    } catch (error) {
      dispatch({ type: 'siteCheckFailed', error: failureOf(error) });
      focusLater(() => siteInputRef.current ?? siteErrorRef.current);
    }
  };

  const succeeded = (account: AccountView) => {
    announcer.getState().announce(t('portal.signIn.success', { name: account.fullName, school: account.siteName }));
    dispatch({ type: 'signedIn' });
    accounts.getState().closeSignIn();
    void accounts.getState().load();
  };

  // Electron: the login window's result arrives as an event.
  useEffect(
    () =>
      api.on('portal.ssoFinished', (result) => {
        if (result.ok) succeeded(result.account);
        else {
          dispatch({ type: 'loginFailed', error: { code: result.code, message: errorMessage(result) }, clearPassword: false });
          focusLater(() => loginErrorRef.current);
        }
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one subscription for the flow's life
    [api],
  );

  // "Erneut anmelden": check the account's portal at once — step 2 if it still answers and the policy
  // still admits it, else the reason in step 1 (only a changed address goes through step 1 again).
  // Without a remembered account (an address handed over) only where there is no address field.
  const autoChecked = useRef(false);
  useEffect(() => {
    if (autoChecked.current || requestedSite === null || (allowUserPortals && remembered === null)) return;
    autoChecked.current = true;
    void checkSite(requestedSite);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per flow (the flow mounts afresh for each request)
  }, []);

  /** Runs one sign-in request: busy meanwhile, the error focused on failure (a refused password cleared). */
  const request = async (work: () => Promise<AccountView | null>, clearPassword = false) => {
    dispatch({ type: 'loginStarted' });
    try {
      const account = await work();
      if (account) succeeded(account);
    } catch (error) {
      dispatch({ type: 'loginFailed', error: failureOf(error), clearPassword });
      focusLater(() => loginErrorRef.current);
    } finally {
      dispatch({ type: 'loginFinished' });
    }
  };

  const signInWithPassword = async (name: string, secret: string) => {
    if (!site) return;
    await request(() => api.invoke('portal.signInPassword', site.siteUrl, name, secret), true);
  };

  const submitPassword = async () => {
    if (state.username.trim() === '' || state.password === '') {
      dispatch({ type: 'loginFailed', error: { code: 'missing-credentials', message: t('portal.signIn.missingCredentials') }, clearPassword: false });
      focusLater(() => loginErrorRef.current);
      return;
    }
    await signInWithPassword(state.username.trim(), state.password);
  };

  // Development runs: the demo school's accounts sign in with one click (their passwords are shown anyway).
  const signInAsDemo = async (account: DemoAccountView) => {
    dispatch({ type: 'demoAccountChosen', username: account.username });
    await signInWithPassword(account.username, account.password);
  };

  const startSso = async (providerId: number | null) => {
    if (!site) return;
    await request(async () => {
      const started = await api.invoke('portal.startSso', site.siteUrl, providerId);
      dispatch({ type: 'ssoStarted', sso: started });
      // Browser shell: a link the user follows (a real click, so no popup blocker stands in the way).
      if (started.mode === 'browser-tab') focusLater(() => ssoLinkRef.current);
      // System browser (typeoflogin 2): the hint, then the paste field for when the OS does not hand the link back.
      if (started.mode === 'system-browser') focusLater(() => ssoHintRef.current);
      return null;
    });
  };

  const back = () => {
    dispatch({ type: 'back' });
    focusLater(() => siteInputRef.current ?? headingRef.current);
  };

  const step = stepOf(state, remembered !== null);
  return (
    <section className="card" aria-labelledby={`${ids}-heading`} data-testid="signin">
      <h2 id={`${ids}-heading`} ref={headingRef} tabIndex={-1}>
        {t('portal.signIn.title')}
      </h2>
      <p>{t('portal.signIn.intro')}</p>

      {step === 'reauth' && remembered ? (
        <ReauthCheck ids={ids} remembered={remembered} />
      ) : site === null ? (
        <AddressStep
          ids={ids}
          inputRef={siteInputRef}
          errorRef={siteErrorRef}
          presets={presets}
          hasAccounts={hasAccounts}
          address={state.address}
          siteError={state.siteError}
          busy={busy}
          onAddressChange={(value) => dispatch({ type: 'addressChanged', value })}
          onCheck={(input) => void checkSite(input)}
          onCancel={() => accounts.getState().closeSignIn()}
        />
      ) : (
        <LoginStep
          ids={ids}
          headingRef={loginHeadingRef}
          usernameRef={usernameRef}
          passwordRef={passwordRef}
          errorRef={loginErrorRef}
          site={site}
          remembered={remembered}
          demo={presets?.demo ?? null}
          username={state.username}
          password={state.password}
          loginError={loginError}
          loginErrorId={loginErrorId}
          busy={busy}
          onUsernameChange={(value) => dispatch({ type: 'usernameChanged', value })}
          onPasswordChange={(value) => dispatch({ type: 'passwordChanged', value })}
          onSubmitPassword={() => void submitPassword()}
          onDemoAccount={(account) => void signInAsDemo(account)}
          onBack={back}
          ssoStep={
            <SsoStep
              ids={ids}
              linkRef={ssoLinkRef}
              hintRef={ssoHintRef}
              site={site}
              sso={state.sso}
              callback={state.callback}
              busy={busy}
              hasLoginError={loginError !== null}
              loginErrorId={loginErrorId}
              onStart={(providerId) => void startSso(providerId)}
              onCallbackChange={(value) => dispatch({ type: 'callbackChanged', value })}
              onSubmitCallback={() => void request(() => api.invoke('portal.completeSso', state.callback.trim()))}
            />
          }
        />
      )}
    </section>
  );
}
