/**
 * The objection toggle (Art. 21 GDPR: "Ich widerspreche der Übertragung meines Bildes"), per account,
 * shown on the Konferenzen screen and in Settings. Turning it on is one click; turning it off asks
 * first; policy objectionForced locks it on. Open conference windows follow at once (main pushes
 * the change to their media guard).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { ObjectionView } from '../../../preload/contract/conference';
import './conferences.css';
import { useStores } from '../../app/stores-context';

export function ObjectionToggle({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const stores = useStores();
  const api = stores.api;
  const id = useId();
  const [objection, setObjection] = useState<ObjectionView | null>(null);
  const [confirmOff, setConfirmOff] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.invoke('conference.objection').then(
      (view) => live && setObjection(view),
      // Not signed in (or no conference support): the toggle stays hidden.
      () => undefined,
    );
    const off = api.on('conference.objectionChanged', setObjection);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (!objection) return null;

  const set = async (on: boolean) => {
    try {
      const view = await api.invoke('conference.setObjection', on);
      setObjection(view);
      setConfirmOff(false);
      setError(null);
      stores.announcer.getState().announce(t(view.on ? 'conference.objectionOn' : 'conference.objectionOff'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  // A labelled switch (role="switch", aria-checked from the native checkbox); one sentence says what it
  // does, one whether the school has fixed it.
  return (
    <section aria-labelledby={`${id}-title`} className="objection-toggle card">
      <Heading id={`${id}-title`}>{t('conference.objectionTitle')}</Heading>
      <div className="objection-row">
        <label htmlFor={`${id}-switch`} className="objection-label">
          {t('conference.objectionLabel')}
        </label>
        <span className="switch-field">
          <span className="switch-state" aria-hidden="true">
            {objection.on ? t('settings.values.on') : t('settings.values.off')}
          </span>
          <input
            id={`${id}-switch`}
            type="checkbox"
            role="switch"
            className="switch"
            checked={objection.on}
            aria-checked={objection.on}
            disabled={objection.forced}
            aria-describedby={`${id}-hint ${id}-lock`}
            onChange={(e) => (e.target.checked ? void set(true) : setConfirmOff(true))}
          />
        </span>
      </div>
      <p id={`${id}-hint`} className="muted">
        {t('conference.objectionHint')}
      </p>
      <p id={`${id}-lock`} className={objection.forced ? 'objection-lock objection-lock-on' : 'objection-lock muted'}>
        {objection.forced ? t('conference.objectionForcedSentence', { locked: t('conference.objectionForced') }) : t('conference.objectionFree')}
      </p>
      {error && <p role="alert">{error}</p>}
      {confirmOff && (
        <p role="group" aria-label={t('conference.objectionOffLabel')}>
          {t('conference.objectionOffText')}{' '}
          <button type="button" className="button" onClick={() => void set(false)}>
            {t('conference.objectionOffConfirm')}
          </button>{' '}
          <button type="button" className="button button-quiet" onClick={() => setConfirmOff(false)}>
            {t('conference.cancel')}
          </button>
        </p>
      )}
    </section>
  );
}
