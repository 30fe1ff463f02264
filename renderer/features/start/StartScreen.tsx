import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { AccountsSection } from '../accounts/AccountsSection';
import { StoreNoticeBanner } from './StoreNoticeBanner';
import { UpcomingDeadlines } from './UpcomingDeadlines';

export function StartScreen() {
  const { t } = useTranslation();

  return (
    <div className="screen">
      <ScreenHeading>{t('start.title')}</ScreenHeading>
      <p className="lead">{t('start.intro')}</p>

      <StoreNoticeBanner />

      <AccountsSection />

      <UpcomingDeadlines />

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
