/**
 * "Postausgang": drafts of the current account and every send (pending, waiting, failed, conflict,
 * sent) with retry. Opens the editor for a draft; `#/postausgang?aufgabe=<id>` opens it for an
 * assignment directly (until the Assignments screen links here).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStore } from 'zustand';
import { useStores } from '../../app/stores-context';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { formatTime } from '../../ui/format';
import { AssignmentEditor } from '../assignments/editor/AssignmentEditor';
import { errorMessage } from '../../bridge/api-error';
import type { ErrorInfo } from '../../../preload/contract/errors';

function assignmentFromHash(): number | null {
  const match = /[?&]aufgabe=(\d+)/.exec(typeof window === 'undefined' ? '' : window.location.hash);
  return match?.[1] ? Number(match[1]) : null;
}

export function OutboxScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const drafts = useStore(stores.outbox, (s) => s.drafts);
  const items = useStore(stores.outbox, (s) => s.items);
  const error = useStore(stores.outbox, (s) => s.error);
  const [editing, setEditing] = useState<number | null>(assignmentFromHash);
  const lang = i18n.language === 'en' ? 'en' : 'de';

  useEffect(() => {
    // startStores keeps the store subscribed; the screen only refreshes on entry.
    void stores.outbox.getState().load();
  }, [stores.outbox]);

  const stateLabel = (state: string, reason: ErrorInfo | null) => (state === 'error' ? t('outbox.state.error', { message: reason ? errorMessage(reason, lang) : '' }) : t(`outbox.state.${state}` as 'outbox.state.saved'));

  return (
    <div className="screen">
      <ScreenHeading>{t('outbox.title')}</ScreenHeading>
      <p className="muted">{t('outbox.intro')}</p>
      {error && <p role="alert">{error}</p>}

      {editing !== null && <AssignmentEditor key={editing} assignId={editing} />}

      <section aria-labelledby="drafts-title">
        <h2 id="drafts-title">{t('outbox.draftsTitle')}</h2>
        {drafts.length === 0 ? (
          <p>{t('outbox.noDrafts')}</p>
        ) : (
          <ul className="outbox-list">
            {drafts.map((draft) => (
              <li key={draft.id}>
                <span>{draft.title}</span> – <span data-testid="outbox-draft-state">{draft.locked ? t('outbox.state.locked') : stateLabel(draft.state, draft.error)}</span>{' '}
                <button type="button" className="button button-quiet" onClick={() => setEditing(draft.assignId)}>
                  {t('outbox.edit', { title: draft.title })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="items-title">
        <h2 id="items-title">{t('outbox.itemsTitle')}</h2>
        {items.length === 0 ? (
          <p>{t('outbox.empty')}</p>
        ) : (
          <ul className="outbox-list">
            {items.map((item) => (
              <li key={item.id}>
                <span>{item.title}</span> ({item.handin ? t('outbox.handinLabel') : t('outbox.saveOnlyLabel')}) –{' '}
                <span data-testid="outbox-item-state">{t(`outbox.itemState.${item.state}` as 'outbox.itemState.sent')}</span>
                {item.lastError && <span className="muted" data-testid="outbox-item-error"> · {errorMessage(item.lastError, lang)}</span>}
                {item.state === 'pending' && item.attempts > 0 && item.nextAttemptAt !== null && (
                  <span className="muted"> · {t('outbox.nextAttempt', { time: formatTime(item.nextAttemptAt, i18n.language) })}</span>
                )}
                {(item.state === 'failed' || item.state === 'waiting' || item.state === 'pending') && (
                  <>
                    {' '}
                    <button type="button" className="button button-quiet" onClick={() => void stores.outbox.getState().retry(item.id)}>
                      {t('outbox.retry', { title: item.title })}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
