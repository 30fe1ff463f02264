import { lazy, Suspense } from 'react';
import type { ComponentType } from 'react';
import { useTranslation } from '../../i18n/react';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { currentAccount } from '../accounts/accounts-store';
import { AccountsSection } from '../accounts/AccountsSection';
import { useAccounts } from '../accounts/use-accounts';
import { StoreNoticeBanner } from './StoreNoticeBanner';
import './start.css';

let todayChunk: Promise<{ default: ComponentType }> | null = null;
/** Starts loading the signed-in Start (main.tsx calls it as soon as the accounts say someone is signed in). */
export function preloadTodayScreen(): Promise<{ default: ComponentType }> {
  todayChunk ??= import('./TodayScreen').then((m) => ({ default: m.TodayScreen }));
  return todayChunk;
}
const TodayScreen = lazy(preloadTodayScreen);

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

  // Heading and day come together (one Suspense boundary), never a heading over an empty screen.
  if (signedIn) {
    return (
      <Suspense fallback={<div className="screen" aria-busy="true" />}>
        <TodayScreen />
      </Suspense>
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
