import { useEffect } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStore } from 'zustand';
import { useStores } from '../../app/stores-context';
import { formatDateTime } from '../../ui/format';
import { updateNoticeKind } from './update-store';
import { errorMessage } from '../../bridge/api-error';

/**
 * "Version und Updates": the installed version, how this copy is updated (main's reason code, worded here) and
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
  return (
    <section className="settings-group" aria-labelledby="update-status-heading" data-testid="update-section">
      <h2 id="update-status-heading">{t('settings.updateStatus.title')}</h2>
      {status === null ? (
        <p className="setting-hint">{t('settings.updateStatus.unknown')}</p>
      ) : (
        <>
          <p>{t('settings.updateStatus.version', { version: status.currentVersion })}</p>
          <p className="setting-hint">{t(`it.updateReason.${status.reason}`)}</p>
          {notice !== null && status.availableVersion !== null ? (
            <div className="notice" role="status" data-testid="update-notice">
              <p>
                <strong>{notice === 'downloaded' ? t('settings.updateStatus.downloaded', { version: status.availableVersion }) : t('settings.updateStatus.available', { version: status.availableVersion })}</strong>
              </p>
              {notice === 'downloaded' ? null : <p>{t(notice === 'managed' ? 'settings.updateStatus.managed' : 'settings.updateStatus.notify')}</p>}
            </div>
          ) : null}
          {status.checkedAt !== null ? <p className="setting-hint">{t('settings.updateStatus.checkedAt', { time: formatDateTime(status.checkedAt, i18n.language) })}</p> : null}
          {status.error !== null ? <p className="setting-hint">{t('settings.updateStatus.error', { message: errorMessage(status.error) })}</p> : null}
        </>
      )}
    </section>
  );
}
