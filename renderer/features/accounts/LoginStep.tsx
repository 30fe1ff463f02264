import type { FormEvent, ReactNode, RefObject } from 'react';
import { useTranslation } from '../../i18n/react';
import type { AccountView, DemoAccountView, DemoSchoolView, SiteCheckView } from '../../../preload/contract/portal';
import type { ApiFailure } from './accounts-store';
import { bare } from './sign-in-state';

/** "Erneut anmelden": the remembered account's step 2 while its school is checked. */
export function ReauthCheck({ ids, remembered }: { ids: string; remembered: AccountView }) {
  const { t } = useTranslation();
  return (
    <div data-testid="signin-step-reauth" aria-labelledby={`${ids}-reauth-school`} role="group">
      <p className="muted">{t('portal.signIn.step2')}</p>
      <h3 id={`${ids}-reauth-school`}>{remembered.siteName}</h3>
      <p>{t('portal.signIn.reauthAs', { name: remembered.fullName, username: remembered.username })}</p>
      <p role="status">{t('portal.signIn.reauthChecking')}</p>
    </div>
  );
}

interface LoginStepProps {
  ids: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  usernameRef: RefObject<HTMLInputElement | null>;
  passwordRef: RefObject<HTMLInputElement | null>;
  errorRef: RefObject<HTMLParagraphElement | null>;
  site: SiteCheckView;
  remembered: AccountView | null;
  demo: DemoSchoolView | null;
  username: string;
  password: string;
  loginError: ApiFailure | null;
  loginErrorId: string;
  busy: boolean;
  onUsernameChange(value: string): void;
  onPasswordChange(value: string): void;
  onSubmitPassword(): void;
  onDemoAccount(account: DemoAccountView): void;
  onBack(): void;
  /** The school's own page (SsoStep), shown unless the portal takes passwords only. */
  ssoStep: ReactNode;
}

/** Step 2: the checked portal — SchulDesk's password form and/or the school's own page, the error, back. */
export function LoginStep(props: LoginStepProps) {
  const { ids, headingRef, usernameRef, passwordRef, errorRef, site, remembered, demo, username, password, loginError, loginErrorId, busy } = props;
  const { t } = useTranslation();
  const isDemoSite = demo !== null && bare(site.siteUrl) === bare(demo.url);
  const loginHintId = `${ids}-login-hint`;
  const loginErrorHint =
    loginError?.code === 'invalid-login'
      ? t('portal.signIn.lockedHint')
      : loginError?.code === 'password-change-required' || loginError?.code === 'password-expired'
        ? t('portal.signIn.changePasswordHint')
        : null;
  const loginDescribedBy = loginError ? `${loginErrorId}${loginErrorHint ? ` ${loginHintId}` : ''}` : undefined;

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmitPassword();
  };

  return (
    <div data-testid="signin-step-login" aria-labelledby={`${ids}-site-name`} role="group">
      <p className="muted">{t('portal.signIn.step2')}</p>
      {site.logoDataUrl ? <img className="signin-logo" src={site.logoDataUrl} alt={t('portal.signIn.portalLogo', { name: site.name })} data-testid="signin-logo" /> : null}
      <h3 id={`${ids}-site-name`} ref={headingRef} tabIndex={-1} data-testid="signin-site-name">
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

      {isDemoSite ? (
        <section className="signin-demo" aria-labelledby={`${ids}-demo-accounts`} data-testid="signin-demo-accounts">
          <h4 id={`${ids}-demo-accounts`}>{t('portal.signIn.demo.accountsTitle')}</h4>
          <ul className="signin-presets">
            {demo.accounts.map((account) => (
              <li key={account.username}>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={busy}
                  onClick={() => props.onDemoAccount(account)}
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
        <form onSubmit={submitPassword} noValidate>
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
              onChange={(event) => props.onUsernameChange(event.target.value)}
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
              onChange={(event) => props.onPasswordChange(event.target.value)}
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

      {site.loginType !== 'password' ? props.ssoStep : null}

      {loginError ? (
        <div>
          <p id={loginErrorId} ref={errorRef} tabIndex={-1} className="signin-error" data-testid="signin-login-error" data-code={loginError.code}>
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
        <button type="button" className="button button-quiet" onClick={props.onBack} data-testid="signin-back">
          {t('portal.signIn.back')}
        </button>
      </div>
    </div>
  );
}
