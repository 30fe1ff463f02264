/** Shared loaner devices: set or enter the PIN that seals this student's drafts. */
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from '../../../i18n/react';
import { useStores } from '../../../app/stores-context';

export function PinPrompt({ pinSet, minLength, onUnlocked }: { pinSet: boolean; minLength: number; onUnlocked: () => void }) {
  const { t } = useTranslation();
  const { api } = useStores();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.invoke('device.unlock', pin);
      setPin('');
      onUnlocked();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form className="card pin-prompt" onSubmit={(e) => void submit(e)} aria-labelledby="pin-title">
      <h2 id="pin-title">{t('outbox.pin.title')}</h2>
      <p>{pinSet ? t('outbox.pin.enterBody') : t('outbox.pin.setBody', { min: minLength })}</p>
      <label htmlFor="pin-input">{t('outbox.pin.label')}</label>{' '}
      <input id="pin-input" type="password" autoComplete="off" minLength={minLength} value={pin} onChange={(e) => setPin(e.currentTarget.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'pin-error' : undefined} />{' '}
      <button type="submit" className="button">
        {t('outbox.pin.submit')}
      </button>
      {error && (
        <p id="pin-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
