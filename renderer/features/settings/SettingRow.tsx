import { isLanguage, loadLanguage } from '../../i18n/index';
import { useState } from 'react';
import type { ChangeEvent, KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/react';
import type { SettingView } from '../../../preload/api';
import { useSettings, useStores } from '../../app/stores-context';
import { choiceLabel, errorText, formatScalar, listLines, settingHint, settingLabel } from './format';
import { settingMeta } from './setting-meta';
import type { SettingControl } from './setting-meta';

function domId(key: string, part: string): string {
  return `setting-${key.replace(/[^A-Za-z0-9-]/g, '-')}-${part}`;
}

/**
 * One setting: label, hint, the control, and why it cannot be changed when it cannot.
 * Editable only when the user may set it and no policy locks it; otherwise the control is
 * disabled (lists and addresses are shown as text) and the note says who decides.
 */
export function SettingRow({ view }: { view: SettingView }) {
  const { t, i18n } = useTranslation();
  const { settings, announcer } = useStores();
  const pending = useSettings((state) => state.pending[view.key] === true);
  const error = useSettings((state) => state.errors[view.key]);
  const meta = settingMeta(view.key);
  const control = meta?.control;
  const label = settingLabel(t, view.key);
  const hint = settingHint(t, view.key);
  const editable = view.userEditable && !view.locked;

  const ids = { control: domId(view.key, 'control'), label: domId(view.key, 'label'), hint: domId(view.key, 'hint'), note: domId(view.key, 'note'), error: domId(view.key, 'error') };
  const note = view.locked ? t('settings.lockedNote') : view.userEditable ? null : t('settings.itOnlyNote');
  const describedBy = [hint ? ids.hint : null, note ? ids.note : null, error ? ids.error : null].filter(Boolean).join(' ') || undefined;

  async function save(value: unknown): Promise<void> {
    // English is its own chunk: loaded before the setting changes, so the switch (and this announcement) is in the new language.
    if (view.key === 'language' && isLanguage(value)) await loadLanguage(i18n, value).catch(() => undefined);
    if (await settings.getState().set(view.key, value)) {
      // i18n.t, not the render's t: a language change must be announced in the new language.
      announcer.getState().announce(i18n.t('settings.saved', { label: settingLabel(i18n.t, view.key) }));
    }
  }

  async function reset(): Promise<void> {
    if (view.key === 'language' && isLanguage(view.defaultValue)) await loadLanguage(i18n, view.defaultValue).catch(() => undefined);
    if (await settings.getState().reset(view.key)) {
      announcer.getState().announce(i18n.t('settings.resetDone', { label: settingLabel(i18n.t, view.key) }));
    }
  }

  const isList = control?.kind === 'list' || Array.isArray(view.value);
  const labelElement = isList || (!editable && (control?.kind === 'text' || control === undefined)) ? (
    <span className="setting-label" id={ids.label}>
      {label}
    </span>
  ) : (
    <label className="setting-label" id={ids.label} htmlFor={ids.control}>
      {label}
    </label>
  );

  return (
    <div className="setting" data-setting={view.key} data-locked={view.locked ? 'true' : undefined}>
      <div className="setting-text">
        {labelElement}
        {hint ? (
          <p className="setting-hint" id={ids.hint}>
            {hint}
          </p>
        ) : null}
        {note ? (
          <p className={view.locked ? 'setting-note setting-note-locked' : 'setting-note'} id={ids.note}>
            {view.locked ? <LockIcon /> : null}
            {note}
          </p>
        ) : null}
      </div>
      <div className="setting-control">
        <ControlFor
          view={view}
          control={control}
          ids={ids}
          disabled={!editable || pending}
          describedBy={describedBy}
          onSave={(value) => void save(value)}
        />
        {editable && view.source === 'user' ? (
          // The name starts with the visible word (label in name) and says which setting it resets.
          <button type="button" className="button button-quiet" disabled={pending} aria-label={`${t('settings.reset')}: ${label}`} onClick={() => void reset()}>
            {t('settings.reset')}
          </button>
        ) : null}
      </div>
      {error ? (
        <p className="setting-error" role="alert" id={ids.error}>
          {t('settings.saveFailed', { label, message: errorText(error, i18n.language) })}
        </p>
      ) : null}
    </div>
  );
}

interface ControlProps {
  view: SettingView;
  control: SettingControl | undefined;
  ids: { control: string; label: string };
  disabled: boolean;
  describedBy: string | undefined;
  onSave(value: unknown): void;
}

function ControlFor({ view, control, ids, disabled, describedBy, onSave }: ControlProps) {
  const { t } = useTranslation();
  const common = { id: ids.control, disabled, 'aria-describedby': describedBy };

  if (control?.kind === 'list' || Array.isArray(view.value)) {
    const lines = listLines(t, view.key, control, view.value);
    if (lines.length === 0) {
      return (
        <p className="setting-value" id={ids.control}>
          {t('settings.values.emptyList')}
        </p>
      );
    }
    return (
      <ul className="setting-list" id={ids.control} aria-labelledby={ids.label} aria-describedby={describedBy}>
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    );
  }

  if (control?.kind === 'boolean' && typeof view.value === 'boolean') {
    return (
      <span className="switch-field">
        {/* The visible word repeats the switch state for sighted users; assistive tech hears the switch itself. */}
        <span className="switch-state" aria-hidden="true">
          {view.value ? t('settings.values.on') : t('settings.values.off')}
        </span>
        <input
          {...common}
          type="checkbox"
          className="switch"
          role="switch"
          checked={view.value}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onSave(event.target.checked)}
        />
      </span>
    );
  }

  if (control?.kind === 'choice') {
    const value = String(view.value);
    const choices = control.choices.includes(value) ? control.choices : [...control.choices, value];
    return (
      <select {...common} className="select" value={value} onChange={(event) => onSave(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choiceLabel(t, view.key, choice)}
          </option>
        ))}
      </select>
    );
  }

  if (control?.kind === 'integer' && typeof view.value === 'number') {
    return <IntegerInput {...common} value={view.value} control={control} onSave={onSave} />;
  }

  if (control?.kind === 'text' && !disabled) {
    return <TextInput {...common} value={typeof view.value === 'string' ? view.value : ''} onSave={onSave} />;
  }

  return (
    <p className="setting-value" id={ids.control}>
      {formatScalar(t, view.key, control, view.value)}
    </p>
  );
}

interface InputProps {
  id: string;
  disabled: boolean;
  'aria-describedby': string | undefined;
  onSave(value: unknown): void;
}

/** Saves on Enter or when focus leaves, and only a changed whole number (main validates the range). */
function IntegerInput({ value, control, onSave, ...rest }: InputProps & { value: number; control: Extract<SettingControl, { kind: 'integer' }> }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const parsed = Number(draft);
    setDraft(null);
    if (draft.trim() !== '' && Number.isInteger(parsed) && parsed !== value) onSave(parsed);
  };
  return (
    <span className="number-field">
      <input
        {...rest}
        type="number"
        className="input input-number"
        inputMode="numeric"
        min={control.min}
        max={control.max}
        step={1}
        value={draft ?? String(value)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') commit();
        }}
      />
      <span className="unit">{t(`settings.units.${control.unit}`)}</span>
      {control.zeroMeansOff && value === 0 ? <span className="unit">({t('settings.values.off')})</span> : null}
    </span>
  );
}

function TextInput({ value, onSave, ...rest }: InputProps & { value: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    if (draft !== value) onSave(draft.trim() === '' ? null : draft.trim());
  };
  return (
    <input
      {...rest}
      type="text"
      className="input"
      value={draft ?? value}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}

function LockIcon() {
  return (
    <svg className="icon icon-small" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="5" y="11" width="14" height="9" rx="2" />
      <path d="M8 11V8a4 4 0 0 1 8 0v3" />
    </svg>
  );
}
