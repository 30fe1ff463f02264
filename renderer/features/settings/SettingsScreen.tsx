import { useTranslation } from '../../i18n/react';
import { useSettings } from '../../app/stores-context';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { AccountsSettingsSection } from '../accounts/AccountsSection';
import { ObjectionToggle } from '../conferences/ObjectionToggle';
import { PrivacyAndDiagnosticsLinks } from '../privacy/PrivacyAndDiagnosticsLinks';
import { groupSettings } from './group-settings';
import { PolicySection } from './PolicySection';
import { SettingRow } from './SettingRow';
import { UpdateSection } from './UpdateSection';

export function SettingsScreen() {
  const { t } = useTranslation();
  const status = useSettings((state) => state.status);
  const views = useSettings((state) => state.views);
  const report = useSettings((state) => state.report);
  const load = useSettings((state) => state.load);

  return (
    <div className="screen screen-wide">
      <ScreenHeading>{t('settings.title')}</ScreenHeading>
      <p className="lead">{t('settings.intro')}</p>
      {status === 'error' ? (
        <div className="notice notice-error" role="alert">
          <p>{t('settings.loadFailed')}</p>
          <button type="button" className="button" onClick={() => void load()}>
            {t('settings.retry')}
          </button>
        </div>
      ) : null}
      <AccountsSettingsSection />
      {status === 'loading' || status === 'idle' ? <p className="loading">{t('settings.loading')}</p> : null}
      {groupSettings(views).map((section) => (
        <section key={section.id} className="settings-group" aria-labelledby={`settings-group-${section.id}`}>
          <h2 id={`settings-group-${section.id}`}>{t(`settings.groups.${section.id}`)}</h2>
          {section.views.map((view) => (
            <SettingRow key={view.key} view={view} />
          ))}
        </section>
      ))}
      <ObjectionToggle />
      <UpdateSection />
      {report ? <PolicySection report={report} views={views} /> : null}
      <PrivacyAndDiagnosticsLinks />
    </div>
  );
}
