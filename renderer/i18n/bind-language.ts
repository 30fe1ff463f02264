import type { i18n as I18n } from 'i18next';
import type { Language } from '../../preload/api';
import type { SettingsStore } from '../state/settings-store';
import { settingValue } from '../state/settings-store';
import { isLanguage } from './index';
import { setErrorLanguage } from '../bridge/api-error';

/**
 * Keeps the UI language in step with the `language` setting: switches i18next and tells the
 * document (`<html lang>`), so screen readers pick the right voice. Returns the unsubscribe.
 */
export function bindLanguage(settings: SettingsStore, i18n: I18n, applyToDocument: (language: Language) => void): () => void {
  const apply = (language: Language) => {
    setErrorLanguage(language);
    if (i18n.language !== language) void i18n.changeLanguage(language);
    applyToDocument(language);
  };
  const sync = () => {
    const value = settingValue(settings.getState().views, 'language');
    if (isLanguage(value)) apply(value);
  };
  sync();
  return settings.subscribe((state, previous) => {
    if (state.views !== previous.views) sync();
  });
}
