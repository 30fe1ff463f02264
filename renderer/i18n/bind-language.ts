import type { Translator as I18n } from './translator';
import type { Language } from '../../preload/api';
import type { SettingsStore } from '../state/settings-store';
import { settingValue } from '../state/settings-store';
import { isLanguage, loadLanguage } from './index';
import { setErrorLanguage } from '../bridge/api-error';

/**
 * Keeps the UI language in step with the `language` setting: loads its texts if needed, switches
 * i18next and tells the document (`<html lang>`), so screen readers pick the right voice. Returns
 * the unsubscribe.
 */
export function bindLanguage(settings: SettingsStore, i18n: I18n, applyToDocument: (language: Language) => void): () => void {
  let wanted: Language | null = null;
  const apply = (language: Language) => {
    wanted = language;
    // Error texts come from the catalog (preload/contract/errors.ts), which holds both languages: at once.
    setErrorLanguage(language);
    const switchNow = () => {
      // A later setting may have won meanwhile.
      if (wanted !== language) return;
      if (i18n.language !== language) void i18n.changeLanguage(language);
      applyToDocument(language);
    };
    // Texts already there (German, or English loaded before): switch at once, else after loading them.
    if (i18n.hasResourceBundle(language, 'translation')) switchNow();
    else void loadLanguage(i18n, language).then(switchNow, () => undefined);
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
