import { useTranslation } from 'react-i18next';
import { AccountList } from './AccountList';
import { SignInFlow } from './SignInFlow';
import { useAccounts } from './use-accounts';
import './accounts.css';

/** On Start: the sign-in flow when nobody has an account here yet (or it was asked for), else the accounts. */
export function AccountsSection() {
  const { t } = useTranslation();
  const status = useAccounts((state) => state.status);
  const open = useAccounts((state) => state.signInOpen);
  const requests = useAccounts((state) => state.signInRequests);
  const none = useAccounts((state) => state.accounts.length === 0);
  if (status !== 'ready') return null;
  // A new request starts the flow afresh (key), e.g. after a failed attempt.
  if (open || none) return <SignInFlow key={requests} />;
  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('portal.accounts.title')}</h2>
      <AccountList />
    </section>
  );
}
