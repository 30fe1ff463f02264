import type { FormEvent, RefObject } from 'react';
import { useTranslation } from '../../i18n/react';
import type { PortalPresetsView } from '../../../preload/contract/portal';
import type { ApiFailure } from './accounts-store';
import { bare } from './sign-in-state';

interface AddressStepProps {
  ids: string;
  inputRef: RefObject<HTMLInputElement | null>;
  errorRef: RefObject<HTMLParagraphElement | null>;
  presets: PortalPresetsView | null;
  hasAccounts: boolean;
  address: string;
  siteError: ApiFailure | null;
  busy: boolean;
  onAddressChange(value: string): void;
  /** Check a portal: a preset's or the demo school's address, or what was typed. */
  onCheck(address: string): void;
  onCancel(): void;
}

/** Step 1: which portal — the demo school, a preset, or a typed address (where the policy allows it). */
export function AddressStep({ ids, inputRef, errorRef, presets, hasAccounts, address, siteError, busy, onAddressChange, onCheck, onCancel }: AddressStepProps) {
  const { t } = useTranslation();
  const allowUserPortals = presets?.allowUserPortals ?? true;
  const presetList = presets?.portals ?? [];
  const demo = presets?.demo ?? null;
  const siteHintId = `${ids}-site-hint`;
  const siteErrorId = `${ids}-site-error`;

  const submitSite = (event: FormEvent) => {
    event.preventDefault();
    onCheck(address);
  };

  return (
    <div data-testid="signin-step-site">
      <p className="muted">{t('portal.signIn.step1')}</p>
      {demo ? (
        <section className="signin-demo" aria-labelledby={`${ids}-demo`} data-testid="signin-demo-offer">
          <h3 id={`${ids}-demo`}>{t('portal.signIn.demo.title')}</h3>
          <p>{t('portal.signIn.demo.intro')}</p>
          <button type="button" className="button" disabled={busy} onClick={() => onCheck(demo.url)} data-testid="signin-demo">
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
                  onClick={() => onCheck(preset.url)}
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
              ref={inputRef}
              className="input"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              value={address}
              onChange={(event) => onAddressChange(event.target.value)}
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
              <button type="button" className="button button-quiet" onClick={onCancel}>
                {t('portal.signIn.cancel')}
              </button>
            ) : null}
          </div>
        </form>
      ) : (
        <>
          <p>{presetList.length > 0 ? t('portal.signIn.onlyPresets') : t('portal.signIn.noPresetsNoUser')}</p>
          {hasAccounts ? (
            <button type="button" className="button button-quiet" onClick={onCancel}>
              {t('portal.signIn.cancel')}
            </button>
          ) : null}
        </>
      )}
      {siteError ? (
        <p id={siteErrorId} ref={errorRef} tabIndex={-1} className="signin-error" data-testid="signin-site-error" data-code={siteError.code}>
          {siteError.message}
        </p>
      ) : null}
    </div>
  );
}
