/**
 * Start: one sentence after the local data file was repaired at this start (or damage showed up
 * during use), until the student dismisses it; said once through the app's live region for screen
 * readers. Details for IT are in the diagnostics and the log.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { StoreNotice } from '../../../preload/api';
import { useStores } from '../../app/stores-context';

export function StoreNoticeBanner() {
  const { t } = useTranslation();
  const { api, announcer } = useStores();
  const [notice, setNotice] = useState<StoreNotice | null>(null);

  useEffect(() => {
    let live = true;
    const show = (value: StoreNotice | null) => {
      if (!live) return;
      setNotice(value);
      if (value) announcer.getState().announce(t(`start.storeNotice.${value.kind}`, { drafts: value.drafts, outbox: value.outbox, accounts: value.accounts }));
    };
    api.invoke('store.notice').then(show, () => undefined);
    const stop = api.on('store.notice', show);
    return () => {
      live = false;
      stop();
    };
  }, [api, announcer, t]);

  if (!notice) return null;
  const dismiss = () => {
    setNotice(null);
    void api.invoke('store.noticeSeen').catch(() => undefined);
  };
  return (
    <div className={`notice${notice.kind === 'damaged-restart' || notice.kind === 'started-empty' ? ' notice-error' : ''}`} data-testid="store-notice">
      <p>{t(`start.storeNotice.${notice.kind}`, { drafts: notice.drafts, outbox: notice.outbox, accounts: notice.accounts })}</p>
      <button type="button" className="button" onClick={dismiss}>
        {t('start.storeNotice.dismiss')}
      </button>
    </div>
  );
}
