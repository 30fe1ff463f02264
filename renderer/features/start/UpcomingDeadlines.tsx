/** Start: the next deadlines from the portal's calendar (cached by the content sync). Nothing when not signed in. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadlineView } from '../../../preload/contract/content';
import { useStores } from '../../app/stores-context';
import { hrefFor } from '../../state/navigation-store';
import { formatDateTime } from '../../ui/format';

const SHOWN = 5;

export function UpcomingDeadlines() {
  const { t, i18n } = useTranslation();
  const api = useStores().api;
  const [deadlines, setDeadlines] = useState<DeadlineView[] | null>(null);

  const load = useCallback(async () => {
    try {
      setDeadlines(await api.invoke('content.deadlines'));
    } catch {
      setDeadlines(null); // not signed in (or no bridge): the card stays away
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
    const stopContent = api.on('content.changed', () => void load());
    const stopAccounts = api.on('portal.accountsChanged', () => void load());
    return () => {
      stopContent();
      stopAccounts();
    };
  }, [api, load]);

  if (deadlines === null) return null;
  return (
    <section className="card" aria-labelledby="start-deadlines">
      <h2 id="start-deadlines">{t('content.deadlines.title')}</h2>
      {deadlines.length === 0 ? (
        <p>{t('content.deadlines.none')}</p>
      ) : (
        <ul className="content-deadlines">
          {deadlines.slice(0, SHOWN).map((d) => (
            <li key={d.id}>
              <strong>{d.name}</strong>
              {d.courseName ? <span className="muted"> · {d.courseName}</span> : null}
              <br />
              <span className={d.overdue ? 'error-text' : 'muted'}>
                {d.overdue ? `${t('content.deadlines.overdue')} · ` : ''}
                {t('content.deadlines.due', { time: formatDateTime(d.dueAt, i18n.language) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a className="text-link" href={hrefFor('aufgaben')}>
          {t('content.deadlines.toAssignments')}
        </a>
      </p>
    </section>
  );
}
