import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStores } from '../../app/stores-context';
import type { AccountView } from '../../../preload/contract/portal';
import { hrefFor } from '../../state/navigation-store';
import { currentAccount } from './accounts-store';
import { useAccounts } from './use-accounts';
import { useFirstPaintMode } from '../../app/first-paint/mode';
import './accounts.css';

/**
 * The account menu in the header: who is signed in (name and school on one line, truncated; the full
 * text is the button's name and tooltip) and — the app's one sign-in notice — "Bitte erneut anmelden".
 * The button opens a small panel (disclosure): sign in again, switch to another school, add a school,
 * manage the schools (Einstellungen → Deine Schulen: Abmelden, Entfernen). Escape or a click outside
 * closes it and focus goes back to the button. Nobody signed in: "Anmelden".
 */
export function AccountMenu() {
  const { t } = useTranslation();
  const { accounts: store, navigation, announcer } = useStores();
  const current = useAccounts((state) => currentAccount(state));
  const accounts = useAccounts((state) => state.accounts);
  const [open, setOpen] = useState(false);
  // The kept first paint shows who, not whether the session is still valid then (app/first-paint/mode.ts).
  const firstPaint = useFirstPaintMode();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (focusButton = true) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close();
    }
  };

  const openSignIn = (siteUrl?: string) => {
    setOpen(false);
    navigation.getState().navigate('start');
    store.getState().openSignIn(siteUrl);
  };
  const switchTo = async (account: AccountView) => {
    setOpen(false);
    const failure = await store.getState().switchTo(account.id);
    announcer.getState().announce(failure ? failure.message : t('portal.accounts.switched', { name: account.fullName, school: account.siteName }));
  };

  if (!current) {
    return (
      <div className="account-menu" data-testid="account-menu">
        <span className="muted account-menu-none">{t('portal.header.notSignedIn')}</span>
        <button type="button" className="button button-quiet" onClick={() => openSignIn()} data-testid="header-signin">
          {t('portal.header.signIn')}
        </button>
      </div>
    );
  }

  const needsReauth = current.session !== 'signed-in' && !firstPaint;
  const full = t('portal.header.current', { name: current.fullName, school: current.siteName });
  const others = accounts.filter((account) => !account.isCurrent);
  return (
    <div className="account-menu" data-testid="account-menu" ref={root} onKeyDown={onKeyDown}>
      <button
        type="button"
        ref={button}
        className="account-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        title={needsReauth ? `${full} · ${t('portal.header.needsReauth')}` : full}
        onClick={() => setOpen(!open)}
        data-testid="account-menu-button"
      >
        <span className="account-menu-text" data-testid="account-current">
          <span className="account-menu-name">{current.fullName}</span>
          <span className="account-menu-school"> · {current.siteName}</span>
          {needsReauth ? (
            <>
              {' · '}
              <span className="account-menu-reauth">{t('portal.header.needsReauth')}</span>
            </>
          ) : null}
        </span>
        <span className="account-menu-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {firstPaint ? null : (
        <div id={panelId} className="account-menu-panel" hidden={!open} role="group" aria-label={t('portal.header.label')}>
          <p className="account-menu-who">
            <strong>{current.fullName}</strong>
            <br />
            {current.siteName}
          </p>
          <ul className="account-menu-actions">
            {needsReauth ? (
              <li>
                <button type="button" className="button" onClick={() => openSignIn(current.siteUrl)} data-testid="account-menu-reauth">
                  {t('portal.accounts.reauth')}
                </button>
              </li>
            ) : null}
            {others.map((account) => (
              <li key={account.id}>
                <button type="button" className="button button-quiet" onClick={() => void switchTo(account)}>
                  {t('portal.accounts.switch', { name: account.fullName, school: account.siteName })}
                </button>
              </li>
            ))}
            <li>
              <button type="button" className="button button-quiet" onClick={() => openSignIn()} data-testid="header-signin">
                {t('portal.header.addSchool')}
              </button>
            </li>
            <li>
              <a className="button button-quiet" href={hrefFor('einstellungen')} onClick={() => close(false)} data-testid="account-menu-manage">
                {t('portal.header.manage')}
              </a>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
