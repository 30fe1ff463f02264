/**
 * "Diagnose" for school IT: runs the checks on entry, shows each section with OK/Warnung/Fehler
 * in words (not only colour), copies the plain-text report to the clipboard or saves it as a file.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { DiagnosticsView } from '../../../preload/contract/diagnostics';
import { useAppState, useStores } from '../../app/stores-context';
import { hrefFor } from '../../state/navigation-store';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { formatDateTime } from '../../ui/format';
import { dateStamp, saveTextFile } from '../privacy/save-file';
import '../privacy/privacy.css';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function DiagnosticsScreen() {
  const { t, i18n } = useTranslation();
  const { api, announcer } = useStores();
  // The desktop app blocks page downloads: there main saves through a native dialog.
  const desktop = useAppState((state) => state.info?.shell === 'electron');
  // Each run has a number; the screen is "running" until the result of the latest run is in.
  const [run, setRun] = useState(0);
  const [result, setResult] = useState<{ run: number; report: DiagnosticsView | null; error: string | null } | null>(null);
  const running = result?.run !== run;
  const report = result?.report ?? null;
  const error = running ? null : (result?.error ?? null);
  const announce = useCallback((text: string) => announcer.getState().announce(text), [announcer]);

  useEffect(() => {
    let current = true;
    api.invoke('it.diagnostics').then(
      (fresh) => {
        if (!current) return;
        setResult({ run, report: fresh, error: null });
        announce(t('it.diagnostics.done'));
      },
      (failure: unknown) => {
        if (current) setResult((previous) => ({ run, report: previous?.report ?? null, error: message(failure) }));
      },
    );
    return () => {
      current = false;
    };
  }, [api, announce, t, run]);

  const copy = async () => {
    if (!report) return;
    try {
      await navigator.clipboard.writeText(report.text);
      announce(t('it.diagnostics.copied'));
    } catch {
      announce(t('it.diagnostics.copyFailed'));
    }
  };

  const save = async () => {
    if (!report) return;
    if (desktop) {
      try {
        const result = await api.invoke('it.saveDiagnostics');
        if (result.saved) announce(t('it.diagnostics.saved', { file: result.fileName ?? '' }));
      } catch (failure) {
        announce(t('it.diagnostics.failed', { message: message(failure) }));
      }
      return;
    }
    const fileName = `SchulDesk-Diagnose-${dateStamp(report.generatedAt)}.txt`;
    saveTextFile(fileName, report.text, 'text/plain;charset=utf-8');
    announce(t('it.diagnostics.saved', { file: fileName }));
  };

  return (
    <div className="screen screen-wide">
      <p>
        <a href={hrefFor('einstellungen')}>{t('it.backToSettings')}</a>
      </p>
      <ScreenHeading>{t('it.diagnostics.title')}</ScreenHeading>
      <p className="lead">{t('it.diagnostics.intro')}</p>
      <p className="muted">{t('it.diagnostics.cli')}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()} disabled={!report || running}>
          {t('it.diagnostics.copy')}
        </button>
        <button type="button" className="button" onClick={() => void save()} disabled={!report || running}>
          {t('it.diagnostics.save')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setRun((n) => n + 1)} disabled={running}>
          {t('it.diagnostics.rerun')}
        </button>
      </div>
      {running ? (
        <p className="loading" role="status">
          {t('it.diagnostics.running')}
        </p>
      ) : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {t('it.diagnostics.failed', { message: error })}
        </p>
      ) : null}
      {report ? (
        // The report is the file IT gets (German, like `SchulDesk --diagnose`): marked as German for screen readers.
        <div data-testid="diagnostics-report" lang="de">
          <p className="muted" lang={i18n.language}>
            {t('it.diagnostics.generatedAt', { time: formatDateTime(report.generatedAt, i18n.language) })}
            {i18n.language === 'de' ? null : ` ${t('it.diagnostics.reportInGerman')}`}
          </p>
          {report.sections.map((section) => (
            <section key={section.id} aria-labelledby={`diagnostics-${section.id}`} className="diagnostics-section">
              <h2 id={`diagnostics-${section.id}`}>{section.title}</h2>
              <dl className="diagnostics-list">
                {section.entries.map((entry, index) => (
                  <div key={`${entry.label}-${index}`} className={`diagnostics-entry diagnostics-${entry.level}`}>
                    <dt>{entry.label}</dt>
                    <dd>
                      {entry.level !== 'info' ? <strong lang={i18n.language}>{t(`it.diagnostics.level.${entry.level}`)}: </strong> : null}
                      {entry.value}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      ) : null}
    </div>
  );
}
