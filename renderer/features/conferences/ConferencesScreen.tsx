import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { EmptyState } from '../../ui/EmptyState';
import { ConferencesIcon } from '../../ui/icons';

const RULES = ['noRecording', 'noListeners', 'noPublic', 'mute', 'noSensitive'] as const;

export function ConferencesScreen() {
  const { t } = useTranslation();
  return (
    <div className="screen">
      <ScreenHeading>{t('konferenzen.title')}</ScreenHeading>
      <EmptyState title={t('konferenzen.emptyTitle')} icon={<ConferencesIcon />}>
        <p>{t('konferenzen.emptyBody')}</p>
        <p className="muted">{t('loginPending')}</p>
      </EmptyState>
      <section className="card" aria-labelledby="conference-rules">
        <h2 id="conference-rules">{t('konferenzen.rulesTitle')}</h2>
        <ul className="feature-list">
          {RULES.map((rule) => (
            <li key={rule}>{t(`konferenzen.rules.${rule}`)}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
