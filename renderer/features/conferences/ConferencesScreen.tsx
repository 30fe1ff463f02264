/**
 * "Konferenzen": rooms of all courses with their state, polling (with backoff) while a room waits for
 * the teacher, rules acknowledgement before the first join, objection toggle, and the local media log.
 * Texts are German only for now (i18n namespace still to be added).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConferenceRoomView, MediaLogEntryView, ObjectionView, UsageRulesView } from '../../../preload/contract/conference';
import { useStores } from '../../app/stores-context';
import { ScreenHeading } from '../../ui/ScreenHeading';

const STATE_TEXT: Record<ConferenceRoomView['state'], string> = {
  running: 'läuft',
  waiting: 'wartet auf Lehrkraft',
  ready: 'bereit',
  closed: 'geschlossen',
};
const KIND_TEXT = { camera: 'Kamera', microphone: 'Mikrofon', screen: 'Bildschirm' } as const;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ConferencesScreen() {
  const { t } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const announce = (text: string) => stores.announcer.getState().announce(text);
  const [rooms, setRooms] = useState<ConferenceRoomView[] | null>(null);
  const [rules, setRules] = useState<UsageRulesView | null>(null);
  const [objection, setObjection] = useState<ObjectionView | null>(null);
  const [log, setLog] = useState<MediaLogEntryView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [checked, setChecked] = useState(false);
  const [pendingJoin, setPendingJoin] = useState<number | null>(null);
  const [confirmEnd, setConfirmEnd] = useState<number | null>(null);
  const [confirmOff, setConfirmOff] = useState(false);

  const load = useCallback(async () => {
    try {
      const [r, ru, o, l] = await Promise.all([
        api.invoke('conference.rooms'),
        api.invoke('conference.rules'),
        api.invoke('conference.objection'),
        api.invoke('conference.mediaLog'),
      ]);
      setRooms(r);
      setRules(ru);
      setObjection(o);
      setLog(l);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- load() sets state only after the awaited API answers
    void load();
    return api.on('conference.objectionChanged', setObjection);
  }, [api, load]);

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
          if (room.state === 'running') announce(`„${room.name}“ hat begonnen.`);
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
      announce(`„${room.name}“ wurde beendet.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const setObj = async (on: boolean) => {
    try {
      setObjection(await api.invoke('conference.setObjection', on));
      setConfirmOff(false);
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
          <h2 id="conference-rules">Regeln für Videokonferenzen</h2>
          <ul>
            {rules.de.map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
          <details>
            <summary>In English</summary>
            <ul lang="en">
              {rules.en.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </details>
          <label>
            <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} /> Ich habe die Regeln gelesen und halte mich daran.
          </label>{' '}
          <button type="button" className="button" disabled={!checked} onClick={() => void acknowledge()}>
            Regeln bestätigen
          </button>
        </section>
      )}

      <section aria-labelledby="conference-rooms">
        <h2 id="conference-rooms">Räume</h2>
        {rooms === null ? (
          <p>Räume werden geladen …</p>
        ) : rooms.length === 0 ? (
          <p>Keine Konferenzräume in deinen Kursen.</p>
        ) : (
          <ul className="conference-rooms">
            {rooms.map((room) => (
              <li key={room.id}>
                <strong>{room.name}</strong> ({room.courseName}) – <span data-testid="room-state">{STATE_TEXT[room.state]}</span>
                {room.participants !== null && <span>, {room.participants + (room.moderators ?? 0)} Teilnehmende</span>}{' '}
                <button type="button" className="button" disabled={room.state === 'closed'} onClick={() => void join(room.id)}>
                  {`„${room.name}“ beitreten`}
                </button>
                {room.isModerator && room.state === 'running' && (
                  <>
                    {' '}
                    {confirmEnd === room.id ? (
                      <span role="group" aria-label="Konferenz wirklich beenden?">
                        Wirklich beenden? Alle werden aus der Konferenz entfernt.{' '}
                        <button type="button" className="button" onClick={() => void end(room.id)}>
                          Ja, beenden
                        </button>{' '}
                        <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(null)}>
                          Abbrechen
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="button button-quiet" onClick={() => setConfirmEnd(room.id)}>
                        {`Konferenz „${room.name}“ beenden`}
                      </button>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      {objection && (
        <section aria-labelledby="conference-objection">
          <h2 id="conference-objection">Mein Bild</h2>
          <label>
            <input
              type="checkbox"
              checked={objection.on}
              disabled={objection.forced}
              onChange={(e) => (e.target.checked ? void setObj(true) : setConfirmOff(true))}
            />{' '}
            Ich widerspreche der Übertragung meines Bildes
          </label>
          {objection.forced && <p className="muted">von Ihrer Schule festgelegt</p>}
          {confirmOff && (
            <p role="group" aria-label="Widerspruch aufheben?">
              Wenn du den Widerspruch aufhebst, kannst du deine Kamera in Konferenzen wieder freigeben.{' '}
              <button type="button" className="button" onClick={() => void setObj(false)}>
                Widerspruch aufheben
              </button>{' '}
              <button type="button" className="button button-quiet" onClick={() => setConfirmOff(false)}>
                Abbrechen
              </button>
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="conference-log">
        <h2 id="conference-log">Wann wurde was geteilt?</h2>
        <p className="muted">Nur auf diesem Gerät, höchstens 35 Tage lang, wird nie gesendet.</p>
        {log.length === 0 ? (
          <p>Noch nichts geteilt.</p>
        ) : (
          <ul>
            {log.map((e) => (
              <li key={e.id}>
                {new Date(e.at).toLocaleString('de-DE')}: {KIND_TEXT[e.kind]} {e.action === 'started' ? 'an' : 'aus'} – {e.meetingName}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
