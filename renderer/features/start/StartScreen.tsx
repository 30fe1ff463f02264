import { useTranslation } from '../../i18n/react';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { currentAccount } from '../accounts/accounts-store';
import { AccountsSection, SignInFlowSlot } from '../accounts/AccountsSection';
import { useAccounts } from '../accounts/use-accounts';
import { StoreNoticeBanner } from './StoreNoticeBanner';
import { TodayOverview } from './TodayOverview';
import './start.css';

/**
 * Start. Signed in: the day (TodayOverview) — what runs now, what is due, what waits in the outbox,
 * what is new. Nobody signed in: the welcome text, the remembered schools or the sign-in flow (with
 * the demo school in development runs).
 */
export function StartScreen() {
  const { t } = useTranslation();
  const status = useAccounts((state) => state.status);
  const signedIn = useAccounts((state) => currentAccount(state) !== null);
  const signInOpen = useAccounts((state) => state.signInOpen);

  if (status === 'loading') return <div className="screen" aria-busy="true" />;

  if (signedIn) {
    return (
      <div className="screen screen-wide">
        <ScreenHeading>{t('start.todayTitle')}</ScreenHeading>
        <StoreNoticeBanner />
        {signInOpen ? <SignInFlowSlot /> : null}
        <TodayOverview />
      </div>
    );
  }

  return (
    <div className="screen">
      <ScreenHeading>{t('start.title')}</ScreenHeading>
      <p className="lead">{t('start.intro')}</p>

      <StoreNoticeBanner />

      <AccountsSection />

      <section aria-labelledby="start-features">
        <h2 id="start-features">{t('start.featuresTitle')}</h2>
        <ul className="feature-list">
          <li>{t('start.features.courses')}</li>
          <li>{t('start.features.assignments')}</li>
          <li>{t('start.features.conferences')}</li>
          <li>{t('start.features.privacy')}</li>
        </ul>
      </section>
    </div>
  );
}
