import type { ParseKeys } from 'i18next';
import { useTranslation } from '../../i18n/react';
import type { PolicyReport, SettingView } from '../../../preload/api';
import { settingsDe } from '../../i18n/settings.de';
import { settingLabel } from './format';

/** "Richtlinie": where machine policy came from, which document set each value, and what in it was wrong. */
export function PolicySection({ report, views }: { report: PolicyReport; views: readonly SettingView[] }) {
  const fromPolicy = views.filter((view) => view.source === 'policy');
  const { t, i18n } = useTranslation();
  const kindLabel = (kind: string) =>
    Object.hasOwn(settingsDe.policy.kinds, kind) && kind !== 'other'
      ? t(`settings.policy.kinds.${kind}` as ParseKeys)
      : t('settings.policy.kinds.other', { kind });

  return (
    <section className="settings-group policy" aria-labelledby="policy-heading" data-testid="policy-section">
      <h2 id="policy-heading">{t('settings.policy.title')}</h2>
      <p className="setting-hint">{t('settings.policy.intro')}</p>

      <h3>{t('settings.policy.sourcesTitle')}</h3>
      {report.sources.length === 0 ? (
        <p>{t('settings.policy.noSources')}</p>
      ) : (
        <ul className="policy-list">
          {report.sources.map((source) => (
            <li key={`${source.kind}:${source.location}`}>
              <span className="policy-kind">{kindLabel(source.kind)}</span> <code className="path">{source.location}</code>
              <p className="setting-hint">
                {source.keys.length > 0
                  ? t('settings.policy.sourceKeys', { keys: source.keys.map((key) => settingLabel(t, key)).join(', ') })
                  : t('settings.policy.sourceNoKeys')}
              </p>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('settings.policy.valuesTitle')}</h3>
      {fromPolicy.length === 0 ? (
        <p>{t('settings.policy.noValues')}</p>
      ) : (
        <ul className="policy-list" data-testid="policy-values">
          {fromPolicy.map((view) => (
            <li key={view.key} data-policy-value={view.key}>
              <span className="policy-kind">{settingLabel(t, view.key)}</span>
              {view.policyLocation ? (
                <p className="setting-hint">
                  {t('settings.policy.valueSetIn')} <code className="path">{view.policyLocation}</code>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('settings.policy.problemsTitle')}</h3>
      {report.problems.length === 0 ? (
        <p className="policy-ok">{t('settings.policy.noProblems')}</p>
      ) : (
        <>
          {i18n.language === 'de' ? null : <p className="setting-hint">{t('settings.policy.problemsInGerman')}</p>}
          <ul className="policy-list policy-problems">
            {report.problems.map((problem, index) => (
              <li key={index}>
                {/* Written for school IT, in German (like the Diagnose report and the log). */}
                <p className="policy-message" lang="de">
                  {problem.message}
                </p>
                <p className="setting-hint">
                  <code className="path">{problem.source}</code>
                  {problem.key ? (
                    <>
                      {' · '}
                      {t('settings.policy.problemKey', { key: problem.key })}
                    </>
                  ) : null}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
