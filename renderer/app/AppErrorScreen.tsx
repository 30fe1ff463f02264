import { useTranslation } from '../i18n/react';
import { useAppState } from './stores-context';

/** The bridge exists but main does not answer (shell stopped, secret rejected). */
export function AppErrorScreen() {
  const { t } = useTranslation();
  const code = useAppState((state) => state.errorCode) ?? 'internal';
  const load = useAppState((state) => state.load);
  return (
    <main className="standalone" id="main-content">
      <div className="standalone-card" role="alert">
        <h1>{t('appError.title')}</h1>
        <p>{t('appError.body', { code })}</p>
        <button type="button" className="button" onClick={() => void load()}>
          {t('appError.retry')}
        </button>
      </div>
    </main>
  );
}
