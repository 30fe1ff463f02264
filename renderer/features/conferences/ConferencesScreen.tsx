/**
 * "Konferenzen": rooms of all courses with their state, polling (with backoff) while a room waits for
 * the teacher, rules acknowledgement before the first join, objection toggle, and the local media log.
 * Texts in renderer/i18n/conference.de.ts / .en.ts.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConferenceRoomView, MediaLogEntryView, UsageRulesView } from '../../../preload/contract/conference';
import { useStores } from '../../app/stores-context';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { formatDateTime } from '../../ui/format';
import { ObjectionToggle } from './ObjectionToggle';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ConferencesScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const announce = (text: string) => stores.announcer.getState().announce(text);
  const [rooms, setRooms] = useState<ConferenceRoomView[] | null>(null);
  const [rules, setRules] = useState<UsageRulesView | null>(null);
  const [log, setLog] = useState<MediaLogEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [pendingJoin, setPendingJoin] = useState<number | null>(null);
  const [confirmEnd, setConfirmEnd] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const [r, ru, l] = await Promise.all([api.invoke('conference.rooms'), api.invoke('conference.rules'), api.invoke('conference.mediaLog')]);
      setRooms(r);
      setRules(ru);
      setLog(l);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
  }, [load]);

  // Poll rooms that wait for the teacher: 5 s doubling up to 60 s; announce when one starts.
  const waiting = rooms?.filter((r) => r.state === 'waiting').map((r) => r.id) ?? [];
  const waitingKey = waiting.join(',');
  useEffect(() => {
    if (!waitingKey) return;
    let delay = 5_000;
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const tick = async () => {
      for (const id of waitingKey.split(',').map(Number)) {
        try {
          const room = await api.invoke('conference.refresh', id);
          if (stopped) return;
          setRooms((all) => all?.map((r) => (r.id === id ? room : r)) ?? null);
          if (room.state === 'running') announce(t('conference.roomStarted', { name: room.name }));
        } catch {
          // keep waiting; the next attempt comes later
        }
      }
      delay = Math.min(delay * 2, 60_000);
      if (!stopped) timer = setTimeout(() => void tick(), delay);
    };
    timer = setTimeout(() => void tick(), delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restart only when the set of waiting rooms changes
  }, [api, waitingKey]);

  const join = async (id: number) => {
    if (rules?.needsAcknowledgement) {
      setPendingJoin(id);
      return;
    }
    try {
      const result = await api.invoke('conference.join', id);
      setNotice(result.message);
      announce(result.message);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const acknowledge = async () => {
    if (!rules) return;
    try {
      setRules(await api.invoke('conference.acknowledgeRules', rules.version));
      const id = pendingJoin;
      setPendingJoin(null);
      if (id !== null) {
        const result = await api.invoke('conference.join', id);
        setNotice(result.message);
        announce(result.message);
      }
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const end = async (id: number) => {
    try {
      const room = await api.invoke('conference.end', id);
      setRooms((all) => all?.map((r) => (r.id === id ? room : r)) ?? null);
      setConfirmEnd(null);
      announce(t('conference.roomEnded', { name: room.name }));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="screen">
      <ScreenHeading>{t('konferenzen.title')}</ScreenHeading>
      {error && <p role="alert">{error}</p>}
      {notice && <p role="status">{notice}</p>}

      {rules && (pendingJoin !== null || rules.needsAcknowledgement) && (
        <section className="card" aria-labelledby="conference-rules">
          <h2 id="conference-rules">{t('conference.rulesTitle')}</h2>
          <ul>
            {rules.de.map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
          <details>
            <summary>{t('conference.rulesInEnglish')}</summary>
            <ul lang="en">
              {rules.en.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </details>
          <label>
            <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> {t('conference.rulesRead')}
          </label>{' '}
          <button type="button" className="button" disabled={!checked} onClick={() => void acknowledge()}>
            {t('conference.rulesConfirm')}
          </button>
        </section>
      )}

      <section aria-labelledby="conference-rooms">
        <h2 id="conference-rooms">{t('conference.roomsTitle')}</h2>
        {rooms === null ? (
          <p>{t('conference.roomsLoading')}</p>
        ) : rooms.length === 0 ? (
          <p>{t('conference.roomsEmpty')}</p>
        ) : (
          <ul className="conference-rooms">
            {rooms.map((room) => (
              <li key={room.id}>
                <strong>{room.name}</strong> ({room.courseName}) – <span data-testid="room-state">{t(`conference.state.${room.state}`)}</span>
                {room.participants !== null && <span>, {t('conference.participants', { count: room.participants + (room.moderators ?? 0) })}</span>}{' '}
                <button type="button" className="button" disabled={room.state === 'closed'} onClick={() => void join(room.id)}>
                  {t('conference.join', { name: room.name })}
                </button>
                {room.isModerator && room.state === 'running' && (
                  <>
                    {' '}
                    {confirmEnd === room.id ? (
                      <span role="group" aria-label={t('conference.endConfirmLabel')}>
                        {t('conference.endConfirmText')}{' '}
                        <button type="button" className="button" onClick={() => void end(room.id)}>
                          {t('conference.endConfirm')}
                        </button>{' '}
                        <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(null)}>
                          {t('conference.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(room.id)}>
                        {t('conference.end', { name: room.name })}
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <ObjectionToggle />

      <section aria-labelledby="conference-log">
        <h2 id="conference-log">{t('conference.logTitle')}</h2>
        <p className="muted">{t('conference.logHint')}</p>
        {log.length === 0 ? (
          <p>{t('conference.logEmpty')}</p>
        ) : (
          <ul>
            {log.map((e) => (
              <li key={e.id}>
                {formatDateTime(e.at, i18n.language)}:{' '}
                {t(e.action === 'started' ? 'conference.started' : 'conference.stopped', { kind: t(`conference.kind.${e.kind}`) })} – {e.meetingName}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
