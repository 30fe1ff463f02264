/**
 * Start for the signed-in account: how fresh the data is (offline too), conferences running now and
 * rooms waiting for the teacher, deadlines (overdue first), the outbox with the reason it waits, and
 * what is new since the last visit. Every item links to where it lives. The store's state renders at
 * once (start.today); the rooms are asked from the portal afterwards.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { useStore } from 'zustand';
import type { ConferenceRoomView } from '../../../preload/contract/conference';
import type { NewsItemView, TodayDeadlineView, TodayOutboxItemView } from '../../../preload/contract/start';
import { useConnectivity, useStores } from '../../app/stores-context';
import { effectiveStatus } from '../../state/connectivity-store';
import { hrefFor } from '../../state/navigation-store';
import { errorMessage } from '../../bridge/api-error';
import { formatAge, formatDateTime, formatTime } from '../../ui/format';
import { useFirstPaintMode } from '../../app/first-paint/mode';

const assignmentHref = (assignId: number) => `${hrefFor('aufgaben')}?aufgabe=${assignId}`;

function deadlineHref(deadline: TodayDeadlineView): string {
  if (deadline.assignId) return assignmentHref(deadline.assignId);
  if (deadline.courseId) return `${hrefFor('kurse')}?kurs=${deadline.courseId}${deadline.cmid ? `&modul=${deadline.cmid}` : ''}`;
  return hrefFor('aufgaben');
}

function newsHref(item: NewsItemView): string {
  if (item.kind === 'material' && item.courseId) return `${hrefFor('kurse')}?kurs=${item.courseId}${item.cmid ? `&modul=${item.cmid}` : ''}`;
  if (item.assignId) return assignmentHref(item.assignId);
  return hrefFor('aufgaben');
}

/** The clock for "vor 5 Minuten": ticks once a minute while Start is shown. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function TodayOverview() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const status = useStore(stores.today, (s) => s.status);
  const today = useStore(stores.today, (s) => s.today);
  const roomsStatus = useStore(stores.today, (s) => s.roomsStatus);
  const connectivity = useConnectivity(effectiveStatus);
  // The kept first paint knows neither the connection nor the age at the next start (app/first-paint/mode.ts).
  const firstPaint = useFirstPaintMode();
  const offline = !firstPaint && (connectivity === 'offline' || connectivity === 'portal-unreachable');
  const now = useMinuteClock();

  // The rooms come from the portal: asked once Start shows (and again for another account).
  useEffect(() => {
    if (roomsStatus === 'idle') void stores.today.getState().loadRooms();
  }, [roomsStatus, stores.today]);

  if (status === 'loading' && !today) return <p className="loading">{t('start.loading')}</p>;
  if (!today) {
    return (
      <p className="notice notice-error" role="alert">
        {t('start.loadFailed')}
      </p>
    );
  }

  const time = today.syncedAt === null ? null : formatDateTime(today.syncedAt, i18n.language, 'short');
  const age = today.syncedAt === null ? '' : formatAge(today.syncedAt, Math.max(now, today.syncedAt), i18n.language);
  const standText = firstPaint
    ? time === null
      ? t('start.standNever')
      : t('connectivity.lastSync', { time })
    : offline
    ? time === null
      ? t('start.offlineNever')
      : t('start.offlineStand', { time, age })
    : time === null
      ? t('start.standNever')
      : t('start.stand', { time, age });

  return (
    <>
      <p className={offline ? 'today-stand today-stand-offline' : 'today-stand'} data-testid="today-stand" data-offline={offline ? 'true' : 'false'}>
        {standText}
      </p>
      <div className="today-grid" data-testid="start-today">
        <RoomsCard offline={offline} />
        <DeadlinesCard deadlines={today.deadlines} />
        {today.outbox.length > 0 ? <OutboxCard items={today.outbox} offline={offline} now={now} /> : null}
        <NewsCard news={today.news} lastVisitAt={today.lastVisitAt} />
      </div>
    </>
  );
}

function RoomsCard({ offline }: { offline: boolean }) {
  const { t } = useTranslation();
  const stores = useStores();
  const allRooms = useStore(stores.today, (s) => s.rooms);
  const roomsStatus = useStore(stores.today, (s) => s.roomsStatus);
  const [notice, setNotice] = useState<string | null>(null);
  const rooms = allRooms?.filter((room) => room.state === 'running' || room.state === 'waiting') ?? [];

  const join = async (room: ConferenceRoomView) => {
    try {
      // The usage rules come first (Konferenzen shows them and then joins); otherwise join from here.
      const rules = await stores.api.invoke('conference.rules');
      if (rules.needsAcknowledgement) {
        window.location.assign(`${hrefFor('konferenzen')}?beitreten=${room.id}`);
        return;
      }
      const result = await stores.api.invoke('conference.join', room.id);
      const text =
        result.status === 'waiting'
          ? t('conference.joinWaiting', { name: room.name })
          : result.status === 'desktop-only'
            ? t('conference.joinDesktopOnly')
            : t('conference.joinOpened', { name: room.name });
      setNotice(text);
      stores.announcer.getState().announce(text);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      setNotice(text);
      stores.announcer.getState().announce(text);
    }
  };

  return (
    <section className="card today-card" aria-labelledby="today-rooms" data-testid="today-rooms">
      <h2 id="today-rooms">{t('start.rooms.title')}</h2>
      {roomsStatus === 'loading' || roomsStatus === 'idle' ? <p className="muted" aria-busy="true">{t('start.rooms.loading')}</p> : null}
      {roomsStatus === 'unavailable' || (offline && roomsStatus !== 'ready') ? <p className="muted">{t('start.rooms.unavailable')}</p> : null}
      {roomsStatus === 'ready' && rooms.length === 0 ? <p className="muted">{t('start.rooms.none')}</p> : null}
      {rooms.length > 0 ? (
        <ul className="today-list">
          {rooms.map((room) => (
            <li key={room.id} className="today-item" data-testid="today-room">
              <div className="today-item-main">
                <span className={`room-state room-state-${room.state}`} data-testid="today-room-state">
                  {t(`start.rooms.${room.state === 'running' ? 'running' : 'waiting'}`)}
                </span>
                <strong>{room.name}</strong>
                <span className="muted">{room.courseName}</span>
              </div>
              {room.state === 'running' ? (
                <button type="button" className="button" aria-label={t('start.rooms.joinLabel', { name: room.name })} onClick={() => void join(room)}>
                  {t('start.rooms.join')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {notice ? (
        <p className="today-notice" data-testid="today-room-notice">
          {notice}
        </p>
      ) : null}
      <p className="today-more">
        <a className="text-link" href={hrefFor('konferenzen')}>
          {t('start.rooms.all')}
        </a>
      </p>
    </section>
  );
}

function DeadlinesCard({ deadlines }: { deadlines: TodayDeadlineView[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card today-card" aria-labelledby="today-deadlines" data-testid="today-deadlines">
      <h2 id="today-deadlines">{t('start.deadlines.title')}</h2>
      {deadlines.length === 0 ? (
        <p className="muted">{t('start.deadlines.none')}</p>
      ) : (
        <ul className="today-list">
          {deadlines.map((deadline) => (
            <li key={deadline.id} className="today-item" data-testid="today-deadline" data-overdue={deadline.overdue ? 'true' : 'false'}>
              <div className="today-item-main">
                {deadline.overdue ? <span className="today-badge today-badge-overdue">{t('start.deadlines.overdue')}</span> : null}
                <a className="today-link" href={deadlineHref(deadline)}>
                  {deadline.name}
                </a>
                <span className="muted">
                  {deadline.courseName ? `${deadline.courseName} · ` : ''}
                  {t('start.deadlines.due', { time: formatDateTime(deadline.dueAt, i18n.language, 'medium') })}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <p className="today-more">
        <a className="text-link" href={hrefFor('aufgaben')}>
          {t('start.deadlines.all')}
        </a>
      </p>
    </section>
  );
}

function OutboxCard({ items, offline, now }: { items: TodayOutboxItemView[]; offline: boolean; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'de';
  const reason = (item: TodayOutboxItemView): string => {
    if (item.state === 'waiting') return t('start.outbox.reason.waiting');
    if (item.state === 'conflict') return t('start.outbox.reason.conflict');
    if (item.state === 'failed') return t('start.outbox.reason.failed', { error: item.lastError ? errorMessage(item.lastError, lang) : '' });
    if (offline) return t('start.outbox.reason.offline');
    if (item.nextAttemptAt !== null && item.nextAttemptAt > now) {
      const retry = t('start.outbox.reason.retry', { time: formatTime(item.nextAttemptAt, i18n.language) });
      return item.lastError ? `${errorMessage(item.lastError, lang)} ${retry}` : retry;
    }
    return t('start.outbox.reason.due');
  };
  return (
    <section className="card today-card today-card-outbox" aria-labelledby="today-outbox" data-testid="today-outbox">
      <h2 id="today-outbox">{t('start.outbox.title')}</h2>
      <p className="today-summary" data-testid="today-outbox-summary">
        {t('start.outbox.waiting', { count: items.length })}
      </p>
      <ul className="today-list">
        {items.map((item) => (
          <li key={item.id} className="today-item" data-testid="today-outbox-item">
            <div className="today-item-main">
              <a className="today-link" href={hrefFor('postausgang')}>
                {item.title}
              </a>
              <span className="muted">{item.handin ? t('start.outbox.handin') : t('start.outbox.save')}</span>
              <span className="today-reason" data-testid="today-outbox-reason">
                {reason(item)}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <p className="today-more">
        <a className="text-link" href={hrefFor('postausgang')}>
          {t('start.outbox.open')}
        </a>
      </p>
    </section>
  );
}

function NewsCard({ news, lastVisitAt }: { news: NewsItemView[]; lastVisitAt: number | null }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const markSeen = async () => {
    await stores.today.getState().markVisited();
    await stores.today.getState().load();
    stores.announcer.getState().announce(t('start.news.seenDone'));
  };
  return (
    <section className="card today-card today-card-news" aria-labelledby="today-news" data-testid="today-news">
      <h2 id="today-news">{t('start.news.title')}</h2>
      {lastVisitAt !== null ? <p className="muted">{t('start.news.since', { time: formatDateTime(lastVisitAt, i18n.language, 'short') })}</p> : null}
      {news.length === 0 ? (
        <p className="muted">{t('start.news.none')}</p>
      ) : (
        <>
          <ul className="today-list">
            {news.map((item) => (
              <li key={item.key} className="today-item" data-testid="today-news-item" data-kind={item.kind}>
                <div className="today-item-main">
                  <span className={`today-badge today-badge-${item.kind}`}>{t(`start.news.kind.${item.kind}.${item.change}`)}</span>
                  <a className="today-link" href={newsHref(item)}>
                    {item.title}
                  </a>
                  {item.courseName ? <span className="muted">{item.courseName}</span> : null}
                </div>
              </li>
            ))}
          </ul>
          <p className="today-more">
            <button type="button" className="button button-quiet" onClick={() => void markSeen()}>
              {t('start.news.seen')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}
