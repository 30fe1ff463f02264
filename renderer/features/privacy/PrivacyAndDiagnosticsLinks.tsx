import { useTranslation } from '../../i18n/react';
import { hrefFor } from '../../state/navigation-store';

/** The way into the privacy centre and the Diagnose screen (sub-pages of Einstellungen). */
export function PrivacyAndDiagnosticsLinks() {
  const { t } = useTranslation();
  return (
    <section className="settings-group" aria-labelledby="settings-privacy-links">
      <h2 id="settings-privacy-links">{t('it.settingsLinksTitle')}</h2>
      <ul>
        <li>
          <a href={hrefFor('datenschutz')}>{t('it.settingsPrivacyLink')}</a>
        </li>
        <li>
          <a href={hrefFor('diagnose')}>{t('it.settingsDiagnoseLink')}</a>
        </li>
      </ul>
    </section>
  );
}
