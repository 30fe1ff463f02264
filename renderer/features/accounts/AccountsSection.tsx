import type { ComponentType } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStores } from '../../app/stores-context';
import { AccountList } from './AccountList';
import { useAccounts } from './use-accounts';
import { chunk } from '../../ui/chunk';
import { ChunkView } from '../../ui/ChunkView';
import './accounts.css';

// The sign-in flow is only needed until someone is signed in: its own chunk.
const SIGN_IN_FLOW = chunk<ComponentType>(() => import('./SignInFlow').then((m) => m.SignInFlow));

/** The sign-in flow (its own chunk) with the flow's key: a new request starts it afresh, e.g. after a failed attempt. */
export function SignInFlowSlot() {
  const requests = useAccounts((state) => state.signInRequests);
  return <ChunkView key={requests} piece={SIGN_IN_FLOW} />;
}

/** On Start while nobody is signed in: the sign-in flow when no school is remembered (or it was asked for), else the remembered schools. */
export function AccountsSection() {
  const { t } = useTranslation();
  const status = useAccounts((state) => state.status);
  const open = useAccounts((state) => state.signInOpen);
  const none = useAccounts((state) => state.accounts.length === 0);
  if (status !== 'ready') return null;
  if (open || none) return <SignInFlowSlot />;
  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('portal.accounts.title')}</h2>
      <AccountList />
    </section>
  );
}

/** Einstellungen → "Deine Schulen": every account with Wechseln, Abmelden, Erneut anmelden, Entfernen. */
export function AccountsSettingsSection() {
  const { t } = useTranslation();
  const { accounts: store, navigation } = useStores();
  const status = useAccounts((state) => state.status);
  const none = useAccounts((state) => state.accounts.length === 0);
  if (status !== 'ready') return null;
  return (
    <section className="settings-group" aria-labelledby="settings-accounts" id="schulen" data-testid="settings-accounts">
      <h2 id="settings-accounts">{t('portal.accounts.title')}</h2>
      {none ? (
        <>
          <p>{t('portal.accounts.noneYet')}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              navigation.getState().navigate('start');
              store.getState().openSignIn();
            }}
          >
            {t('portal.header.signIn')}
          </button>
        </>
      ) : (
        <AccountList />
      )}
    </section>
  );
}
