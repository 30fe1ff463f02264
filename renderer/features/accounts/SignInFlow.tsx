import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../../i18n/react';
import type { AccountView, DemoAccountView, SiteCheckView, SsoStartView } from '../../../preload/contract/portal';
import { useStores } from '../../app/stores-context';
import { failureOf } from './accounts-store';
import type { ApiFailure } from './accounts-store';
import { useAccounts } from './use-accounts';
import { useFocusLater } from './use-focus-later';
import { errorMessage } from '../../bridge/api-error';

/** Presets are compared and addressed without a trailing slash (test/e2e/page-helpers.ts signIn relies on it). */
function bare(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The two-step sign-in: 1) which portal (preset or typed address, checked by main), 2) how to sign
 * in there (SchulDesk's password form and/or the school's own page). Errors are linked to their
 * field with aria-describedby and get focus; success is announced and closes the flow.
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

  const [site, setSite] = useState<SiteCheckView | null>(null);
  // "Erneut anmelden" of a known account: the flow mounts fresh with its portal's address filled in.
  const [address, setAddress] = useState(() => requestedSite ?? '');
  const [siteError, setSiteError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState(() => remembered?.username ?? '');
  // While the remembered account's school is checked: its step 2 (name and school), not the address step.
  const [reauthPending, setReauthPending] = useState(() => remembered !== null && requestedSite !== null);
  const [password, setPassword] = useState('');
  const [loginError, setLoginError] = useState<ApiFailure | null>(null);
  const [sso, setSso] = useState<SsoStartView | null>(null);
  const [callback, setCallback] = useState('');

  const allowUserPortals = presets?.allowUserPortals ?? true;
  const presetList = presets?.portals ?? [];
  const demo = presets?.demo ?? null;
  const isDemoSite = demo !== null && site !== null && bare(site.siteUrl) === bare(demo.url);

  // Opened from the header or "Weitere Schule hinzufügen": focus the flow's heading.
  useEffect(() => {
    if (requests > 0) headingRef.current?.focus();
  }, [requests]);

  const checkSite = async (input: string) => {
    if (input.trim() === '') {
      setSiteError({ code: 'site-empty', message: t('portal.signIn.siteEmpty') });
      focusLater(() => siteInputRef.current);
      return;
    }
    setBusy(true);
    setSiteError(null);
    try {
      const checked = await api.invoke('portal.checkSite', input.trim());
      setSite(checked);
      setLoginError(null);
      setSso(null);
      const again = remembered !== null && bare(remembered.siteUrl) === bare(checked.siteUrl);
      focusLater(() => (again && remembered.username !== '' ? passwordRef.current : usernameRef.current) ?? loginHeadingRef.current);
    } catch (error) {
      setSiteError(failureOf(error));
      focusLater(() => siteInputRef.current ?? siteErrorRef.current);
    } finally {
      setReauthPending(false);
      setBusy(false);
    }
  };

  const succeeded = (account: AccountView) => {
    announcer.getState().announce(t('portal.signIn.success', { name: account.fullName, school: account.siteName }));
    setPassword('');
    accounts.getState().closeSignIn();
    void accounts.getState().load();
  };

  // Electron: the login window's result arrives as an event.
  useEffect(
    () =>
      api.on('portal.ssoFinished', (result) => {
        if (result.ok) succeeded(result.account);
        else {
          setLoginError({ code: result.code, message: errorMessage(result) });
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

  const submitSite = (event: FormEvent) => {
    event.preventDefault();
    void checkSite(address);
  };

  const signInWithPassword = async (name: string, secret: string) => {
    if (!site) return;
    setBusy(true);
    setLoginError(null);
    try {
      succeeded(await api.invoke('portal.signInPassword', site.siteUrl, name, secret));
    } catch (error) {
      setLoginError(failureOf(error));
      setPassword('');
      focusLater(() => loginErrorRef.current);
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setLoginError({ code: 'missing-credentials', message: t('portal.signIn.missingCredentials') });
      focusLater(() => loginErrorRef.current);
      return;
    }
    await signInWithPassword(username.trim(), password);
  };

  // Development runs: the demo school's accounts sign in with one click (their passwords are shown anyway).
  const signInAsDemo = async (account: DemoAccountView) => {
    setUsername(account.username);
    await signInWithPassword(account.username, account.password);
  };

  /** `providerId`: one of the portal's identity providers (straight to it); null: the school's login page. */
  const startSso = async (providerId: number | null) => {
    if (!site) return;
    setBusy(true);
    setLoginError(null);
    try {
      const started = await api.invoke('portal.startSso', site.siteUrl, providerId);
      setSso(started);
      // Browser shell: a link the user follows (a real click, so no popup blocker stands in the way).
      if (started.mode === 'browser-tab') focusLater(() => ssoLinkRef.current);
      // System browser (typeoflogin 2): the hint, then the paste field for when the OS does not hand the link back.
      if (started.mode === 'system-browser') focusLater(() => ssoHintRef.current);
    } catch (error) {
      setLoginError(failureOf(error));
      focusLater(() => loginErrorRef.current);
    } finally {
      setBusy(false);
    }
  };

  const submitCallback = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setLoginError(null);
    try {
      succeeded(await api.invoke('portal.completeSso', callback.trim()));
    } catch (error) {
      setLoginError(failureOf(error));
      focusLater(() => loginErrorRef.current);
    } finally {
      setBusy(false);
    }
  };

  const back = () => {
    setReauthPending(false);
    setSite(null);
    setSso(null);
    setLoginError(null);
    setPassword('');
    focusLater(() => siteInputRef.current ?? headingRef.current);
  };

  const siteHintId = `${ids}-site-hint`;
  const siteErrorId = `${ids}-site-error`;
  const loginErrorId = `${ids}-login-error`;
  const loginHintId = `${ids}-login-hint`;
  const loginErrorHint =
    loginError?.code === 'invalid-login'
      ? t('portal.signIn.lockedHint')
      : loginError?.code === 'password-change-required' || loginError?.code === 'password-expired'
        ? t('portal.signIn.changePasswordHint')
        : null;
  const loginDescribedBy = loginError ? `${loginErrorId}${loginErrorHint ? ` ${loginHintId}` : ''}` : undefined;

  return (
    <section className="card" aria-labelledby={`${ids}-heading`} data-testid="signin">
      <h2 id={`${ids}-heading`} ref={headingRef} tabIndex={-1}>
        {t('portal.signIn.title')}
      </h2>
      <p>{t('portal.signIn.intro')}</p>

      {site === null && reauthPending && remembered ? (
        <div data-testid="signin-step-reauth" aria-labelledby={`${ids}-reauth-school`} role="group">
          <p className="muted">{t('portal.signIn.step2')}</p>
          <h3 id={`${ids}-reauth-school`}>{remembered.siteName}</h3>
          <p>{t('portal.signIn.reauthAs', { name: remembered.fullName, username: remembered.username })}</p>
          <p role="status">{t('portal.signIn.reauthChecking')}</p>
        </div>
      ) : site === null ? (
        <div data-testid="signin-step-site">
          <p className="muted">{t('portal.signIn.step1')}</p>
          {demo ? (
            <section className="signin-demo" aria-labelledby={`${ids}-demo`} data-testid="signin-demo-offer">
              <h3 id={`${ids}-demo`}>{t('portal.signIn.demo.title')}</h3>
              <p>{t('portal.signIn.demo.intro')}</p>
              <button type="button" className="button" disabled={busy} onClick={() => void checkSite(demo.url)} data-testid="signin-demo">
                {t('portal.signIn.demo.button')}
              </button>
            </section>
          ) : null}
          {presetList.length > 0 ? (
            <>
              <h3 id={`${ids}-presets`}>{t('portal.signIn.presetsLabel')}</h3>
              <ul className="signin-presets" aria-labelledby={`${ids}-presets`}>
                {presetList.map((preset) => (
                  <li key={preset.url}>
                    <button
                      type="button"
                      className="button button-quiet"
                      data-testid="signin-preset"
                      data-site-url={bare(preset.url)}
                      disabled={busy}
                      aria-label={t('portal.signIn.presetButton', { name: preset.name })}
                      onClick={() => void checkSite(preset.url)}
                    >
                      {preset.name} <span className="portal-url">{bare(preset.url)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {allowUserPortals ? (
            <form onSubmit={submitSite} noValidate>
              <div className="signin-field">
                <label htmlFor={`${ids}-site`}>{t('portal.signIn.siteLabel')}</label>
                <input
                  id={`${ids}-site`}
                  ref={siteInputRef}
                  className="input"
                  type="url"
                  inputMode="url"
                  autoComplete="url"
                  spellCheck={false}
                  value={address}
                  onChange={(event) => setAddress(event.target.value)}
                  aria-invalid={siteError ? true : undefined}
                  aria-describedby={siteError ? `${siteErrorId} ${siteHintId}` : siteHintId}
                  data-testid="signin-site-url"
                />
                <span id={siteHintId} className="muted">
                  {t('portal.signIn.siteHint')}
                </span>
              </div>
              <div className="signin-actions">
                <button type="submit" className="button" disabled={busy} data-testid="signin-site-submit">
                  {busy ? t('portal.signIn.checking') : t('portal.signIn.siteSubmit')}
                </button>
                {hasAccounts ? (
                  <button type="button" className="button button-quiet" onClick={() => accounts.getState().closeSignIn()}>
                    {t('portal.signIn.cancel')}
                  </button>
                ) : null}
              </div>
            </form>
          ) : (
            <>
              <p>{presetList.length > 0 ? t('portal.signIn.onlyPresets') : t('portal.signIn.noPresetsNoUser')}</p>
              {hasAccounts ? (
                <button type="button" className="button button-quiet" onClick={() => accounts.getState().closeSignIn()}>
                  {t('portal.signIn.cancel')}
                </button>
              ) : null}
            </>
          )}
          {siteError ? (
            <p id={siteErrorId} ref={siteErrorRef} tabIndex={-1} className="signin-error" data-testid="signin-site-error" data-code={siteError.code}>
              {siteError.message}
            </p>
          ) : null}
        </div>
      ) : (
        <div data-testid="signin-step-login" aria-labelledby={`${ids}-site-name`} role="group">
          <p className="muted">{t('portal.signIn.step2')}</p>
          {site.logoDataUrl ? <img className="signin-logo" src={site.logoDataUrl} alt={t('portal.signIn.portalLogo', { name: site.name })} data-testid="signin-logo" /> : null}
          <h3 id={`${ids}-site-name`} ref={loginHeadingRef} tabIndex={-1} data-testid="signin-site-name">
            {site.name}
          </h3>
          <p className="signin-site-address">{site.siteUrl}</p>
          {remembered && bare(remembered.siteUrl) === bare(site.siteUrl) ? (
            <p data-testid="signin-reauth-who">{t('portal.signIn.reauthAs', { name: remembered.fullName, username: remembered.username })}</p>
          ) : null}
          {site.maintenance.enabled ? (
            <p className="notice">
              {t('portal.signIn.maintenance')} {site.maintenance.message}
            </p>
          ) : null}

          {isDemoSite && demo ? (
            <section className="signin-demo" aria-labelledby={`${ids}-demo-accounts`} data-testid="signin-demo-accounts">
              <h4 id={`${ids}-demo-accounts`}>{t('portal.signIn.demo.accountsTitle')}</h4>
              <ul className="signin-presets">
                {demo.accounts.map((account) => (
                  <li key={account.username}>
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={busy}
                      onClick={() => void signInAsDemo(account)}
                      data-testid="signin-demo-account"
                      data-username={account.username}
                    >
                      {t('portal.signIn.demo.accountButton', { name: account.fullName, role: t(`portal.signIn.demo.role.${account.role}`) })}
                    </button>{' '}
                    <span className="muted">{t('portal.signIn.demo.credentials', { username: account.username, password: account.password })}</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {site.loginType !== 'sso' ? (
            <form onSubmit={(event) => void submitPassword(event)} noValidate>
              <div className="signin-field">
                <label htmlFor={`${ids}-username`}>{t('portal.signIn.usernameLabel')}</label>
                <input
                  id={`${ids}-username`}
                  ref={usernameRef}
                  className="input"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  value={username}
                  onChange={(event) => setUsername(event.target.value)}
                  aria-invalid={loginError ? true : undefined}
                  aria-describedby={loginDescribedBy}
                  data-testid="signin-username"
                />
              </div>
              <div className="signin-field">
                <label htmlFor={`${ids}-password`}>{t('portal.signIn.passwordLabel')}</label>
                <input
                  id={`${ids}-password`}
                  ref={passwordRef}
                  className="input"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  aria-invalid={loginError ? true : undefined}
                  aria-describedby={loginDescribedBy}
                  data-testid="signin-password"
                />
              </div>
              <div className="signin-actions">
                <button type="submit" className="button" disabled={busy} data-testid="signin-password-submit">
                  {busy ? t('portal.signIn.signingIn') : t('portal.signIn.passwordSubmit')}
                </button>
              </div>
            </form>
          ) : null}

          {site.loginType !== 'password' ? (
            <div>
              {site.loginType === 'both' ? <p>{t('portal.signIn.or')}</p> : null}
              {site.identityProviders.length > 0 ? (
                <section aria-labelledby={`${ids}-idp`} data-testid="signin-idps">
                  <h4 id={`${ids}-idp`}>{t('portal.signIn.idpTitle')}</h4>
                  <ul className="signin-presets">
                    {site.identityProviders.map((provider) => (
                      <li key={provider.id}>
                        <button
                          type="button"
                          className="button button-quiet signin-idp"
                          disabled={busy}
                          onClick={() => void startSso(provider.id)}
                          data-testid="signin-idp"
                          data-provider-id={provider.id}
                        >
                          {provider.iconDataUrl ? <img className="signin-idp-icon" src={provider.iconDataUrl} alt="" width={20} height={20} data-testid="signin-idp-icon" /> : null}
                          {t('portal.signIn.idpButton', { name: provider.name })}
                        </button>
                      </li>
                    ))}
                  </ul>
                </section>
              ) : (
                <div className="signin-actions">
                  <button type="button" className="button button-quiet" disabled={busy} onClick={() => void startSso(null)} data-testid="signin-sso">
                    {t('portal.signIn.ssoButton')}
                  </button>
                </div>
              )}
              {sso?.mode === 'window' ? <p role="status">{t('portal.signIn.ssoHintWindow')}</p> : null}
              {sso?.mode === 'browser-tab' || sso?.mode === 'system-browser' ? (
                <form onSubmit={(event) => void submitCallback(event)} noValidate>
                  {sso.mode === 'browser-tab' ? (
                    <>
                      <p data-testid="signin-sso-hint">{t('portal.signIn.ssoHintTab')}</p>
                      <p>
                        <a ref={ssoLinkRef} className="button" href={sso.url} target="_blank" rel="noopener noreferrer" data-testid="signin-sso-link">
                          {t('portal.signIn.ssoOpen')}
                        </a>
                      </p>
                    </>
                  ) : (
                    <p ref={ssoHintRef} tabIndex={-1} role="status" data-testid="signin-sso-hint">
                      {t('portal.signIn.ssoHintSystemBrowser')}
                    </p>
                  )}
                  <div className="signin-field">
                    <label htmlFor={`${ids}-callback`}>{t('portal.signIn.ssoCallbackLabel')}</label>
                    <input
                      id={`${ids}-callback`}
                      className="input"
                      autoComplete="off"
                      spellCheck={false}
                      value={callback}
                      onChange={(event) => setCallback(event.target.value)}
                      aria-invalid={loginError ? true : undefined}
                      aria-describedby={loginError ? loginErrorId : undefined}
                      data-testid="signin-sso-callback"
                    />
                  </div>
                  <div className="signin-actions">
                    <button type="submit" className="button" disabled={busy} data-testid="signin-sso-submit">
                      {t('portal.signIn.ssoCallbackSubmit')}
                    </button>
                  </div>
                </form>
              ) : null}
            </div>
          ) : null}

          {loginError ? (
            <div>
              <p id={loginErrorId} ref={loginErrorRef} tabIndex={-1} className="signin-error" data-testid="signin-login-error" data-code={loginError.code}>
                {loginError.message}
              </p>
              {loginErrorHint ? (
                <p id={loginHintId} data-testid="signin-login-hint">
                  {loginErrorHint}
                </p>
              ) : null}
            </div>
          ) : null}

          <div className="signin-actions">
            <button type="button" className="button button-quiet" onClick={back} data-testid="signin-back">
              {t('portal.signIn.back')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
