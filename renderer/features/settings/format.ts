import { errorMessage } from '../../bridge/api-error';
import type { ErrorParams } from '../../../preload/contract/errors';
import type { ParseKeys, TFunction } from 'i18next';
import { settingsDe } from '../../i18n/settings.de';
import { isKnownSettingKey } from './setting-meta';
import type { SettingControl } from './setting-meta';

export interface PortalEntry {
  name: string;
  url: string;
}

/** The portal list as the UI shows it; entries of an unexpected shape are skipped, not crashed on. */
export function portalEntries(value: unknown): PortalEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, url } = entry as { name?: unknown; url?: unknown };
    return typeof name === 'string' && typeof url === 'string' ? [{ name, url }] : [];
  });
}

export function settingLabel(t: TFunction, key: string): string {
  return isKnownSettingKey(key) ? t(`settings.keys.${key}.label`) : key;
}

export function settingHint(t: TFunction, key: string): string | null {
  return isKnownSettingKey(key) ? t(`settings.keys.${key}.hint`) : null;
}

/** "Deutsch" for language=de; a value without a translation is shown as written. */
export function choiceLabel(t: TFunction, key: string, value: unknown): string {
  const text = String(value);
  const table: Record<string, Record<string, string>> = settingsDe.choices;
  if (Object.hasOwn(table, key) && Object.hasOwn(table[key] ?? {}, text)) {
    return t(`settings.choices.${key}.${text}` as ParseKeys);
  }
  return text;
}

/** One line of text for a value, used for read-only settings and list entries. */
export function formatScalar(t: TFunction, key: string, control: SettingControl | undefined, value: unknown): string {
  if (value === null || value === undefined) return t('settings.values.notSet');
  if (typeof value === 'boolean') return value ? t('settings.values.on') : t('settings.values.off');
  if (control?.kind === 'choice') return choiceLabel(t, key, value);
  if (control?.kind === 'integer' && typeof value === 'number') {
    if (control.zeroMeansOff && value === 0) return t('settings.values.off');
    return `${value} ${t(`settings.units.${control.unit}`)}`;
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** The entries of a list setting as text lines (certificates are counted, not printed). */
export function listLines(t: TFunction, key: string, control: SettingControl | undefined, value: unknown): string[] {
  if (!Array.isArray(value)) return [formatScalar(t, key, control, value)];
  if (control?.kind === 'list' && control.item === 'certificate') {
    return value.length === 0 ? [] : [t('settings.values.certificates', { count: value.length })];
  }
  if (control?.kind === 'list' && control.item === 'portal') {
    return portalEntries(value).map((portal) => `${portal.name} – ${portal.url}`);
  }
  if (control?.kind === 'list' && control.item === 'choice') return value.map((entry) => choiceLabel(t, key, entry));
  return value.map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)));
}

/** The text of a failed setting change in the UI language (main's code and parameters). */
export function errorText(error: { code: string; params?: ErrorParams | undefined }, language: string): string {
  return errorMessage(error, language === 'en' ? 'en' : 'de');
}
