/**
 * "Konferenzen": rooms of all courses with their state, polling (with backoff) while a room waits for
 * the teacher, rules acknowledgement before the first join, objection toggle, and the local media log.
 * Focus never drops to the page: the rules take it when a join needs them and give it back to the join
 * button; the end confirmation takes it and gives it back. What happened is shown in one notice and
 * said once through the announcer. Texts in renderer/i18n/conference.de.ts / .en.ts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ConferenceJoinResult, ConferenceRoomView, MediaLogEntryView, UsageRulesView } from '../../../preload/contract/conference';
import './conferences.css';
import { useStores } from '../../app/stores-context';
import { errorCode } from '../../bridge/api-error';
import { hrefFor } from '../../state/navigation-store';
import { EmptyState } from '../../ui/EmptyState';
import { ScreenHeading } from '../../ui/ScreenHeading';
import { formatDateTime } from '../../ui/format';
import { ConferencesIcon } from '../../ui/icons';
import { ObjectionToggle } from './ObjectionToggle';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const RULES_HEADING_ID = 'conference-rules';
const joinId = (roomId: number) => `conference-join-${roomId}`;
const endId = (roomId: number) => `conference-end-${roomId}`;
const endConfirmId = (roomId: number) => `conference-end-confirm-${roomId}`;

export function ConferencesScreen() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const [rooms, setRooms] = useState<ConferenceRoomView[] | null>(null);
  const [rules, setRules] = useState<UsageRulesView | null>(null);
  const [log, setLog] = useState<MediaLogEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notSignedIn, setNotSignedIn] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [pendingJoin, setPendingJoin] = useState<number | null>(null);
  const [confirmEnd, setConfirmEnd] = useState<number | null>(null);
  // Grows whenever a join answers "waiting": the poll starts again at its shortest delay.
  const [waitRound, setWaitRound] = useState(0);
  // The element to focus once the next render has committed (the element may only exist then).
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    if (!focusNext.current) return;
    const element = document.getElementById(focusNext.current);
    focusNext.current = null;
    element?.focus();
  });

  const say = useCallback(
    (text: string) => {
      setNotice(text);
      stores.announcer.getState().announce(text);
    },
    [stores],
  );

  const load = useCallback(async () => {
    try {
      const [r, ru, l] = await Promise.all([api.invoke('conference.rooms'), api.invoke('conference.rules'), api.invoke('conference.mediaLog')]);
      setRooms(r);
      setRules(ru);
      setLog(l);
      setError(null);
      setNotSignedIn(false);
    } catch (e) {
      const code = errorCode(e);
      setNotSignedIn(code === 'not-signed-in' || code === 'bridge-missing');
      setError(messageOf(e));
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
    // Signed in, switched school or signed out: another account's rooms (or none).
    return api.on('portal.accountsChanged', () => {
      setPendingJoin(null);
      setConfirmEnd(null);
      setNotice(null);
      void load();
    });
  }, [api, load]);

  // Poll rooms that wait for the teacher: 5 s doubling up to 60 s; say when one starts.
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
          if (room.state === 'running') say(t('conference.roomStarted', { name: room.name }));
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
    // eslint-disable-next-line react-hooks/exhaustive-deps -- restart only when the set of waiting rooms changes or someone starts waiting
  }, [api, waitingKey, waitRound]);

  const joinText = (result: ConferenceJoinResult, room: ConferenceRoomView | undefined): string => {
    const name = room?.name ?? '';
    if (result.status === 'waiting') return t('conference.joinWaiting', { name });
    if (result.status === 'desktop-only') return t('conference.joinDesktopOnly');
    return t('conference.joinOpened', { name });
  };

  const doJoin = async (id: number) => {
    try {
      const result = await api.invoke('conference.join', id);
      setError(null);
      say(joinText(result, rooms?.find((r) => r.id === id)));
      if (result.status === 'waiting') setWaitRound((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const join = async (id: number) => {
    if (rules?.needsAcknowledgement) {
      setChecked(false);
      setPendingJoin(id);
      focusNext.current = RULES_HEADING_ID;
      return;
    }
    await doJoin(id);
  };

  // "Beitreten" on Start when the rules still need a look: `#/konferenzen?beitreten=<id>` starts that join here once.
  const joinRequested = useRef(false);
  useEffect(() => {
    if (joinRequested.current || rooms === null || rules === null) return;
    const match = /[?&]beitreten=(\d+)/.exec(window.location.hash);
    joinRequested.current = true;
    if (!match?.[1]) return;
    window.history.replaceState(null, '', hrefFor('konferenzen'));
    const id = Number(match[1]);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-time join the user asked for on Start (it shows the rules)
    if (rooms.some((r) => r.id === id)) void join(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when rooms and rules first arrived
  }, [rooms, rules]);

  const closeRules = (id: number) => {
    setPendingJoin(null);
    setChecked(false);
    focusNext.current = joinId(id);
  };

  const acknowledge = async () => {
    if (!rules || pendingJoin === null) return;
    const id = pendingJoin;
    try {
      setRules(await api.invoke('conference.acknowledgeRules', rules.version));
    } catch (e) {
      setError(messageOf(e));
      // The rules may have changed meanwhile: show the current ones.
      void api.invoke('conference.rules').then(setRules, () => undefined);
      return;
    }
    closeRules(id);
    await doJoin(id);
  };

  const askEnd = (id: number) => {
    setConfirmEnd(id);
    focusNext.current = endConfirmId(id);
  };

  const cancelEnd = (id: number) => {
    setConfirmEnd(null);
    focusNext.current = endId(id);
  };

  const end = async (id: number) => {
    try {
      const room = await api.invoke('conference.end', id);
      setRooms((all) => all?.map((r) => (r.id === id ? room : r)) ?? null);
      setConfirmEnd(null);
      setError(null);
      // The end button goes away with the meeting; the room's join button stays.
      focusNext.current = joinId(id);
      say(t('conference.roomEnded', { name: room.name }));
    } catch (e) {
      setError(messageOf(e));
    }
  };

  if (notSignedIn) {
    return (
      <div className="screen">
        <ScreenHeading>{t('konferenzen.title')}</ScreenHeading>
        <EmptyState title={t('konferenzen.emptyTitle')} icon={<ConferencesIcon />}>
          <p>{t('konferenzen.emptyBody')}</p>
          <p>
            <a className="text-link" href={hrefFor('start')}>
              {t('conference.toSignIn')}
            </a>
          </p>
        </EmptyState>
      </div>
    );
  }

  const rulesLanguage = i18n.language.startsWith('en') ? 'en' : 'de';
  const otherLanguage = rulesLanguage === 'en' ? 'de' : 'en';
  const pendingRoom = rooms?.find((r) => r.id === pendingJoin);

  return (
    <div className="screen">
      <ScreenHeading>{t('konferenzen.title')}</ScreenHeading>
      {error && <p role="alert">{error}</p>}
      {notice && <p data-testid="conference-notice">{notice}</p>}

      {rules && pendingJoin !== null && (
        <section className="card" aria-labelledby={RULES_HEADING_ID}>
          <h2 id={RULES_HEADING_ID} tabIndex={-1}>
            {t('conference.rulesTitle')}
          </h2>
          {pendingRoom && <p>{t('conference.rulesBeforeJoin', { name: pendingRoom.name })}</p>}
          <ul>
            {rules[rulesLanguage].map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
          <details>
            <summary lang={otherLanguage}>{t('conference.rulesOtherLanguage')}</summary>
            <ul lang={otherLanguage}>
              {rules[otherLanguage].map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </details>
          <p>
            <label>
              <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> {t('conference.rulesRead')}
            </label>
          </p>
          <button type="button" className="button" disabled={!checked} onClick={() => void acknowledge()}>
            {t('conference.rulesConfirm')}
          </button>{' '}
          <button type="button" className="button button-quiet" onClick={() => closeRules(pendingJoin)}>
            {t('conference.cancel')}
          </button>
        </section>
      )}

      <section aria-labelledby="conference-rooms">
        <h2 id="conference-rooms">{t('conference.roomsTitle')}</h2>
        {rooms === null ? (
          error ? null : <p aria-busy="true">{t('conference.roomsLoading')}</p>
        ) : rooms.length === 0 ? (
          <p>{t('conference.roomsEmpty')}</p>
        ) : (
          <ul className="conference-rooms">
            {rooms.map((room) => (
              <li key={room.id} className="card conference-room" data-state={room.state}>
                <div className="conference-room-head">
                  <span className={`room-state room-state-${room.state}`} data-testid="room-state">
                    {t(`conference.state.${room.state}`)}
                  </span>
                  {room.participants !== null && <span className="muted">{t('conference.participants', { count: room.participants + (room.moderators ?? 0) })}</span>}
                </div>
                <h3 className="conference-room-name">{room.name}</h3>
                <p className="muted conference-room-course">{room.courseName}</p>
                <div className="conference-room-actions">
                  <button type="button" id={joinId(room.id)} className="button" disabled={room.state === 'closed'} onClick={() => void join(room.id)}>
                    {t('conference.join', { name: room.name })}
                  </button>
                  {room.isModerator && room.state === 'running' && (
                    <>
                      {confirmEnd === room.id ? (
                        <span role="group" aria-label={t('conference.endConfirmLabel')} className="conference-end-confirm">
                          {t('conference.endConfirmText')}{' '}
                          <button type="button" id={endConfirmId(room.id)} className="button" onClick={() => void end(room.id)}>
                            {t('conference.endConfirm')}
                          </button>{' '}
                          <button type="button" className="button button-quiet" onClick={() => cancelEnd(room.id)}>
                            {t('conference.cancel')}
                          </button>
                        </span>
                      ) : (
                        <button type="button" id={endId(room.id)} className="button button-quiet" onClick={() => askEnd(room.id)}>
                          {t('conference.end', { name: room.name })}
                        </button>
                      )}
                    </>
                  )}
                </div>
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
          <table className="conference-log">
            <caption className="visually-hidden">{t('conference.logTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('conference.logWhen')}</th>
                <th scope="col">{t('conference.logWhat')}</th>
                <th scope="col">{t('conference.logMeeting')}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  <td>{t(e.action === 'started' ? 'conference.started' : 'conference.stopped', { kind: t(`conference.kind.${e.kind}`) })}</td>
                  <td>{e.meetingName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
