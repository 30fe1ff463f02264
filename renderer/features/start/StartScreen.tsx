import { useTranslation } from 'react-i18next';
import { useSettings } from '../../app/stores-context';
import { hrefFor } from '../../state/navigation-store';
import { settingValue } from '../../state/settings-store';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { SchoolIcon } from '../../ui/icons';
import { portalEntries } from '../settings/format';
import { UpcomingDeadlines } from './UpcomingDeadlines';

export function StartScreen() {
  const { t } = useTranslation();
  const portals = useSettings((state) => settingValue(state.views, 'portals'));
  const settingsReady = useSettings((state) => state.status === 'ready');
  const configured = portalEntries(portals);

  return (
    <div className="screen">
      <ScreenHeading>{t('start.title')}</ScreenHeading>
      <p className="lead">{t('start.intro')}</p>

      <section className="card school-card" aria-labelledby="start-no-school">
        <div className="card-icon" aria-hidden="true">
          <SchoolIcon />
        </div>
        <div>
          <h2 id="start-no-school">{t('start.noSchoolTitle')}</h2>
          <p>{t('start.noSchoolBody')}</p>
          {settingsReady ? (
            configured.length > 0 ? (
              <>
                <p>{t('start.configuredPortals')}</p>
                <ul className="portal-list">
                  {configured.map((portal) => (
                    <li key={portal.url}>
                      <span className="portal-name">{portal.name}</span> <span className="portal-url">{portal.url}</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>{t('start.noConfiguredPortals')}</p>
            )
          ) : null}
          <p>
            <a className="text-link" href={hrefFor('einstellungen')}>
              {t('start.settingsLink')}
            </a>
          </p>
        </div>
      </section>

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
