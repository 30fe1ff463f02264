import type { FormEvent, RefObject } from 'react';
import { useTranslation } from '../../i18n/react';
import type { SiteCheckView, SsoStartView } from '../../../preload/contract/portal';

interface SsoStepProps {
  ids: string;
  /** Browser shell: the link to the school's page. */
  linkRef: RefObject<HTMLAnchorElement | null>;
  /** System browser: the hint above the paste field. */
  hintRef: RefObject<HTMLParagraphElement | null>;
  site: SiteCheckView;
  sso: SsoStartView | null;
  callback: string;
  busy: boolean;
  hasLoginError: boolean;
  loginErrorId: string;
  /** `providerId`: one of the portal's identity providers (straight to it); null: the school's login page. */
  onStart(providerId: number | null): void;
  onCallbackChange(value: string): void;
  onSubmitCallback(): void;
}

/**
 * The school's own sign-in page: its identity providers (or one button), then — depending on how the
 * page was opened — the waiting notice, or the link to follow and the field to paste the link back into.
 */
export function SsoStep({ ids, linkRef, hintRef, site, sso, callback, busy, hasLoginError, loginErrorId, onStart, onCallbackChange, onSubmitCallback }: SsoStepProps) {
  const { t } = useTranslation();

  const submitCallback = (event: FormEvent) => {
    event.preventDefault();
    onSubmitCallback();
  };

  return (
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
                  onClick={() => onStart(provider.id)}
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
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => onStart(null)} data-testid="signin-sso">
            {t('portal.signIn.ssoButton')}
          </button>
        </div>
      )}
      {sso?.mode === 'window' ? <p role="status">{t('portal.signIn.ssoHintWindow')}</p> : null}
      {sso?.mode === 'browser-tab' || sso?.mode === 'system-browser' ? (
        <form onSubmit={submitCallback} noValidate>
          {sso.mode === 'browser-tab' ? (
            <>
              <p data-testid="signin-sso-hint">{t('portal.signIn.ssoHintTab')}</p>
              <p>
                <a ref={linkRef} className="button" href={sso.url} target="_blank" rel="noopener noreferrer" data-testid="signin-sso-link">
                  {t('portal.signIn.ssoOpen')}
                </a>
              </p>
            </>
          ) : (
            <p ref={hintRef} tabIndex={-1} role="status" data-testid="signin-sso-hint">
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
              onChange={(event) => onCallbackChange(event.target.value)}
              aria-invalid={hasLoginError ? true : undefined}
              aria-describedby={hasLoginError ? loginErrorId : undefined}
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
  );
}
