import { useTranslation } from '../i18n/react';

/** Shown when the page runs without SchulDesk behind it (no preload, no browser-shell secret). */
export function BridgeMissingScreen() {
  const { t } = useTranslation();
  return (
    <main className="standalone" id="main-content">
      <div className="standalone-card">
        <h1>{t('bridgeMissing.title')}</h1>
        <p>{t('bridgeMissing.intro')}</p>
        <h2>{t('bridgeMissing.howTo')}</h2>
        <ul className="plain-list">
          <li>{t('bridgeMissing.stepInstalled')}</li>
          <li>{t('bridgeMissing.stepDeveloper')}</li>
          <li>{t('bridgeMissing.stepBrowser')}</li>
        </ul>
      </div>
    </main>
  );
}
