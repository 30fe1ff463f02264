import { useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { LogoutPreview } from '../../../preload/contract/device';
import type { AccountView } from '../../../preload/contract/portal';
import { useSettings, useStores } from '../../app/stores-context';
import { settingValue } from '../../state/settings-store';
import type { ApiFailure } from './accounts-store';
import { useAccounts } from './use-accounts';
import { useFocusLater } from './use-focus-later';

type Pending = { kind: 'remove'; account: AccountView } | { kind: 'logout'; account: AccountView; preview: LogoutPreview };

/**
 * "Deine Schulen" (Einstellungen, and Start while nobody is signed in): every account with its school and state; switch, sign out (on a
 * shared device it first says what unsent work stays), remove with confirmation.
 */
export function AccountList() {
  const { t } = useTranslation();
  const { api, accounts: store, announcer, navigation } = useStores();
  const accounts = useAccounts((state) => state.accounts);
  const secrets = useAccounts((state) => state.secrets);
  const sharedDevice = useSettings((state) => settingValue(state.views, 'sharedDevice') === true);
  const ids = useId();
  const focusLater = useFocusLater();
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  const names = (account: AccountView) => ({ name: account.fullName, school: account.siteName });
  const finish = (failure: ApiFailure | null, announcement: string) => {
    setPending(null);
    setError(failure);
    if (failure) focusLater(() => errorRef.current);
    else announcer.getState().announce(announcement);
  };
  // The sign-in flow lives on Start: "Erneut anmelden" and "Weitere Schule hinzufügen" go there.
  const openSignIn = (siteUrl?: string, accountId?: string) => {
    navigation.getState().navigate('start');
    store.getState().openSignIn(siteUrl, accountId);
  };
  const askFirst = (next: Pending) => {
    setPending(next);
    focusLater(() => confirmRef.current);
  };

  const switchTo = async (account: AccountView) => finish(await store.getState().switchTo(account.id), t('portal.accounts.switched', names(account)));
  // On a loaner device the announcement names no one: it stays in the live region for the next student.
  const logout = async (account: AccountView) =>
    finish(await store.getState().logout(account.id), sharedDevice ? t('portal.accounts.loggedOutShared') : t('portal.accounts.loggedOut', names(account)));
  const remove = async (account: AccountView) => finish(await store.getState().remove(account.id), t('portal.accounts.removed', names(account)));

  const requestLogout = async (account: AccountView) => {
    // Shared device: the offline work knows what unsent work of the current account stays behind.
    if (sharedDevice && account.isCurrent) {
      try {
        const preview = await api.invoke('device.logoutPreview');
        if (preview.unsentItems.length > 0) {
          askFirst({ kind: 'logout', account, preview });
          return;
        }
      } catch {
        // Without a preview the logout still keeps unsent work (AccountsService's rule); go on.
      }
    }
    await logout(account);
  };

  return (
    <div data-testid="accounts-list">
      {secrets?.persistence === 'memory-only' && secrets.reason ? (
        <p className="notice" data-testid="accounts-memory-only">
          {t('portal.accounts.memoryOnly', { reason: t(`portal.accounts.memoryOnlyReason.${secrets.reason}`) })}
        </p>
      ) : null}
      <ul className="account-list" aria-label={t('portal.accounts.listLabel')}>
        {accounts.map((account) => (
          <li key={account.id} data-testid="account" data-account-id={account.id} data-current={account.isCurrent ? 'true' : 'false'}>
            <div>
              <span className="account-name">{account.fullName}</span> · <span>{account.siteName}</span>
            </div>
            <div className={account.session === 'signed-in' ? 'muted' : 'account-state-reauth'} data-testid="account-session">
              {account.isCurrent ? `${t('portal.accounts.current')} · ` : ''}
              {t(`portal.accounts.session.${account.session}`)}
            </div>
            <div className="account-actions">
              {!account.isCurrent ? (
                <button type="button" className="button button-quiet" aria-label={t('portal.accounts.switch', names(account))} onClick={() => void switchTo(account)}>
                  {t('portal.accounts.switchShort')}
                </button>
              ) : null}
              {account.session === 'signed-in' ? (
                <button type="button" className="button button-quiet" aria-label={t('portal.accounts.logoutLabel', names(account))} onClick={() => void requestLogout(account)}>
                  {t('portal.accounts.logout')}
                </button>
              ) : (
                <button type="button" className="button" onClick={() => openSignIn(account.siteUrl, account.id)}>
                  {t('portal.accounts.reauth')}
                </button>
              )}
              <button type="button" className="button button-quiet" aria-label={t('portal.accounts.removeLabel', names(account))} onClick={() => askFirst({ kind: 'remove', account })}>
                {t('portal.accounts.remove')}
              </button>
            </div>
            {pending && pending.account.id === account.id ? (
              <div role="group" aria-labelledby={`${ids}-confirm`} className="notice" data-testid="account-confirm">
                <h3 id={`${ids}-confirm`} ref={confirmRef} tabIndex={-1}>
                  {pending.kind === 'remove' ? t('portal.accounts.confirmRemoveTitle') : t('portal.accounts.confirmLogoutTitle')}
                </h3>
                {pending.kind === 'remove' ? (
                  <p>{t('portal.accounts.confirmRemove', names(account))}</p>
                ) : (
                  <>
                    <p>{t(pending.preview.sharedDevice ? 'portal.accounts.logoutPreview.shared' : 'portal.accounts.logoutPreview.own', { count: pending.preview.unsentItems.length })}</p>
                    <p>{t('portal.accounts.unsentTitle')}</p>
                    <ul>
                      {pending.preview.unsentItems.map((item) => (
                        <li key={item.draftId}>{item.title}</li>
                      ))}
                    </ul>
                    <p>{t('portal.accounts.logoutPreview.deletesTitle')}</p>
                    <ul data-testid="account-confirm-deletes">
                      {pending.preview.willDelete.map((what) => (
                        <li key={what}>{t(`portal.accounts.logoutPreview.deletes.${what}`)}</li>
                      ))}
                    </ul>
                  </>
                )}
                <div className="account-actions">
                  <button
                    type="button"
                    className="button"
                    data-testid="account-confirm-yes"
                    onClick={() => void (pending.kind === 'remove' ? remove(account) : logout(account))}
                  >
                    {pending.kind === 'remove' ? t('portal.accounts.confirmRemoveYes') : t('portal.accounts.confirmLogoutYes')}
                  </button>
                  <button type="button" className="button button-quiet" onClick={() => setPending(null)}>
                    {t('portal.accounts.keep')}
                  </button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? (
        <p ref={errorRef} tabIndex={-1} className="signin-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <button type="button" className="button" onClick={() => openSignIn()} data-testid="accounts-add">
        {t('portal.accounts.addSchool')}
      </button>
    </div>
  );
}
