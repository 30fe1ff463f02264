import type { ComponentType } from 'react';
import { useTranslation } from '../../i18n/react';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { currentAccount } from '../accounts/accounts-store';
import { AccountsSection } from '../accounts/AccountsSection';
import { useAccounts } from '../accounts/use-accounts';
import { StoreNoticeBanner } from './StoreNoticeBanner';
import { chunk } from '../../ui/chunk';
import { ChunkView } from '../../ui/ChunkView';
import './start.css';

/** The signed-in Start (main.tsx starts loading it as soon as the accounts say someone is signed in). */
export const TODAY_SCREEN = chunk<ComponentType>(() => import('./TodayScreen').then((m) => m.TodayScreen));

const Busy = () => <div className="screen" aria-busy="true" />;

/**
 * Start. Signed in: the day (TodayScreen, its own chunk) — what runs now, what is due, what waits in
 * the outbox, what is new. Nobody signed in: the welcome text, the remembered schools or the sign-in flow (with
 * the demo school in development runs).
 */
export function StartScreen() {
  const { t } = useTranslation();
  const status = useAccounts((state) => state.status);
  const signedIn = useAccounts((state) => currentAccount(state) !== null);

  if (status === 'loading') return <div className="screen" aria-busy="true" />;

  // Heading and day come together, never a heading over an empty screen.
  if (signedIn) return <ChunkView piece={TODAY_SCREEN} busy={Busy} />;

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
