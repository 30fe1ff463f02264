/**
 * Start: one sentence after the local data file was repaired at this start (or damage showed up
 * during use), until the student dismisses it. Details for IT are in the diagnostics and the log.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreNotice } from '../../../preload/api';
import { useStores } from '../../app/stores-context';

export function StoreNoticeBanner() {
  const { t } = useTranslation();
  const api = useStores().api;
  const [notice, setNotice] = useState<StoreNotice | null>(null);

  useEffect(() => {
    let live = true;
    api.invoke('store.notice').then(
      (value) => {
        if (live) setNotice(value);
      },
      () => undefined,
    );
    const stop = api.on('store.notice', (value) => setNotice(value));
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  if (!notice) return null;
  const dismiss = () => {
    setNotice(null);
    void api.invoke('store.noticeSeen').catch(() => undefined);
  };
  return (
    <div className={`notice${notice.kind === 'damaged-restart' || notice.kind === 'started-empty' ? ' notice-error' : ''}`} role="status" data-testid="store-notice">
      <p>{t(`start.storeNotice.${notice.kind}`, { drafts: notice.drafts, outbox: notice.outbox, accounts: notice.accounts })}</p>
      <button type="button" className="button" onClick={dismiss}>
        {t('start.storeNotice.dismiss')}
      </button>
    </div>
  );
}
