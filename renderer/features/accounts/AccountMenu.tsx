import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStores } from '../../app/stores-context';
import { currentAccount } from './accounts-store';
import { useAccounts } from './use-accounts';
import './accounts.css';

/**
 * In the header: who is signed in (or that nobody is), "Bitte erneut anmelden" when the portal
 * rejected the sign-in, and the way to the sign-in flow on Start. Loads and subscribes the
 * accounts store for the whole app (the header is always there).
 */
export function AccountMenu() {
  const { t } = useTranslation();
  const { accounts: store, navigation } = useStores();
  const current = useAccounts((state) => currentAccount(state));

  useEffect(() => {
    void store.getState().load();
    return store.getState().connect();
  }, [store]);

  const openSignIn = () => {
    navigation.getState().navigate('start');
    store.getState().openSignIn();
  };

  return (
    <div className="account-menu" data-testid="account-menu">
      {current ? (
        <span data-testid="account-current">
          <span className="account-menu-name">{current.fullName}</span> · {current.siteName}
          {current.session !== 'signed-in' ? (
            <>
              {' '}
              · <span className="account-menu-reauth">{t('portal.header.needsReauth')}</span>
            </>
          ) : null}
        </span>
      ) : (
        <span className="muted">{t('portal.header.notSignedIn')}</span>
      )}
      <button type="button" className="button button-quiet" onClick={openSignIn} data-testid="header-signin">
        {current ? t('portal.header.addSchool') : t('portal.header.signIn')}
      </button>
    </div>
  );
}
