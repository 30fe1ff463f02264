import { useEffect } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStore } from 'zustand';
import { useStores } from '../../app/stores-context';
import { formatDateTime } from '../../ui/format';
import { updateNoticeKind } from './update-store';

/**
 * "Version und Updates": the installed version, how this copy is updated (main's reason text) and
 * — the point of `notify` mode — that a newer version exists and who installs it.
 */
export function UpdateSection() {
  const { t, i18n } = useTranslation();
  const store = useStores().updates;
  const status = useStore(store, (state) => state.status);

  useEffect(() => {
    void store.getState().load();
    return store.getState().connect();
  }, [store]);

  const notice = updateNoticeKind(status);
  const language = i18n.language === 'en' ? 'en' : 'de';
  return (
    <section className="settings-group" aria-labelledby="update-status-heading" data-testid="update-section">
      <h2 id="update-status-heading">{t('settings.updateStatus.title')}</h2>
      {status === null ? (
        <p className="setting-hint">{t('settings.updateStatus.unknown')}</p>
      ) : (
        <>
          <p>{t('settings.updateStatus.version', { version: status.currentVersion })}</p>
          <p className="setting-hint">{status.reasonText[language]}</p>
          {notice !== null && status.availableVersion !== null ? (
            <div className="notice" role="status" data-testid="update-notice">
              <p>
                <strong>{notice === 'downloaded' ? t('settings.updateStatus.downloaded', { version: status.availableVersion }) : t('settings.updateStatus.available', { version: status.availableVersion })}</strong>
              </p>
              {notice === 'downloaded' ? null : <p>{t(notice === 'managed' ? 'settings.updateStatus.managed' : 'settings.updateStatus.notify')}</p>}
            </div>
          ) : null}
          {status.checkedAt !== null ? <p className="setting-hint">{t('settings.updateStatus.checkedAt', { time: formatDateTime(status.checkedAt, i18n.language) })}</p> : null}
          {status.error !== null ? <p className="setting-hint">{t('settings.updateStatus.error', { message: status.error })}</p> : null}
        </>
      )}
    </section>
  );
}
