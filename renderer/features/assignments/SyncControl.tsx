/**
 * Beside the connectivity indicator (which shows the engine's last success and "Wird abgeglichen"):
 * what stops the sync, if anything, and "Jetzt synchronisieren". The result of a sync the user
 * asked for is announced with its "Stand".
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n/react';
import { reminderWords } from './reminder-text';
import { useStore } from 'zustand';
import { useStores } from '../../app/stores-context';
import { formatDateTime } from '../../ui/format';
import './assignments.css';
import { errorMessage } from '../../bridge/api-error';

export function SyncControl() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const status = useStore(stores.sync, (s) => s.status);
  const requested = useStore(stores.sync, (s) => s.requested);
  const announce = useStore(stores.announcer, (s) => s.announce);
  const reminders = useStore(stores.sync, (s) => s.reminders);

  // In-app deadline reminders (browser shell) are announced once as they arrive.
  const announced = useRef(new Set<string>());
  useEffect(() => {
    for (const reminder of reminders) {
      const key = `${reminder.assignId}:${reminder.leadMs}`;
      if (announced.current.has(key)) continue;
      announced.current.add(key);
      const words = reminderWords(t, i18n.language, reminder);
      announce(`${words.heading}. ${words.body}`);
    }
  }, [reminders, announce, t, i18n.language]);

  if (!status) return null;

  const format = (at: number) => formatDateTime(at, i18n.language, 'short');
  const running = requested || status.state === 'running';
  // needs-sign-in: the account menu beside it is the header's one sign-in notice ("Bitte erneut
  // anmelden", or "Nicht angemeldet"); saying it twice in one header only adds noise.
  const problem = status.state === 'failed' || status.state === 'offline' ? t(`sync.state.${status.state}`) : null;
  // Why (main's plain text, e.g. "Das Portal ist gerade überlastet."); the transport detail stays in the log.
  const reason = (status.state === 'failed' || status.state === 'offline') && status.error ? errorMessage(status.error, i18n.language === 'en' ? 'en' : 'de') : null;

  const syncNow = async () => {
    const result = await stores.sync.getState().syncNow();
    if (!result) return;
    if (result.state === 'idle' && result.lastSuccessAt !== null) announce(t('sync.announce.done', { time: format(result.lastSuccessAt) }));
    else if (result.state === 'needs-sign-in') announce(result.error ? t('sync.announce.needsSignIn') : t('sync.announce.signedOut'));
    else if (result.state === 'offline') announce(t('sync.announce.offline'));
    else if (result.state === 'failed') announce(t('sync.announce.failed', { message: result.error ? errorMessage(result.error) : '' }));
  };

  return (
    <div className="sync-control" role="group" aria-label={t('sync.label')} data-testid="sync-control" data-state={status.state}>
      {problem && !running ? (
        <span className="sync-problem" data-testid="sync-problem" title={reason ? `${problem}. ${reason}` : problem}>
          {problem}
          {reason ? <span className="sync-reason" data-testid="sync-reason">{`. ${reason}`}</span> : null}
        </span>
      ) : null}
      <button type="button" className="button button-quiet sync-now" onClick={() => void syncNow()} disabled={running} aria-busy={running}>
        {t('sync.now')}
      </button>
    </div>
  );
}
