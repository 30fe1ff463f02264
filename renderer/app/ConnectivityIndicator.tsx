import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/react';
import { effectiveStatus } from '../state/connectivity-store';
import { useConnectivity, useStores } from './stores-context';
import { formatDateTime } from '../ui/format';

/** Header indicator: portal/network status and the last sync. Changes are announced politely. */
export function ConnectivityIndicator() {
  const { t, i18n } = useTranslation();
  const { announcer } = useStores();
  const status = useConnectivity(effectiveStatus);
  const main = useConnectivity((state) => state.main);
  const statusText = status === 'unknown' ? t('connectivity.checking') : t(`connectivity.${status}`);

  let syncText: string | null = null;
  if (status !== 'unknown' && main) {
    if (main.syncing) syncText = t('connectivity.syncing');
    else if (main.lastSyncAt !== null) {
      const time = formatDateTime(main.lastSyncAt, i18n.language, 'short');
      syncText = t('connectivity.lastSync', { time });
    } else syncText = t('connectivity.neverSynced');
  }

  // Announce real changes only: not the first answer, and not the language switching.
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === status) return;
    const wasUnknown = previous.current === 'unknown';
    previous.current = status;
    if (!wasUnknown && status !== 'unknown') announcer.getState().announce(t('connectivity.announce', { status: statusText }));
  }, [status, statusText, announcer, t]);

  return (
    <div className="connectivity" data-status={status} data-testid="connectivity">
      <span className="connectivity-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('app.statusLabel')}: </span>
      <span className="connectivity-status">{statusText}</span>
      {syncText ? <span className="connectivity-sync">{syncText}</span> : null}
    </div>
  );
}
