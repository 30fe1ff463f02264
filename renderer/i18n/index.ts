import type { Language } from '../../preload/api';
import { deCore } from './de-core';
import type { Translation } from './de';
import { createTranslator } from './translator';
import type { Translator } from './translator';

export type { Translator } from './translator';

// The key types of `t` come from i18next's typings (type-only; the runtime is ./translator.ts).
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Translation };
  }
}

export const LANGUAGES: readonly Language[] = ['de', 'en'];
export const DEFAULT_LANGUAGE: Language = 'de';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * One translator per app, German first. The first screen's German is bundled, so the first render
 * already has its texts; other screens bring theirs (feature-texts.ts); English is its own chunk,
 * loaded by `loadLanguage` when the setting asks for it (keeps it off the first screen).
 */
export function createI18n(language: Language = DEFAULT_LANGUAGE): Translator {
  return createTranslator(language, DEFAULT_LANGUAGE, { de: deCore });
}

/** Makes a language's texts available (English is loaded on demand); resolves once they are. */
export async function loadLanguage(i18n: Translator, language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  if (language === 'en') {
    const { en } = await import('./en');
    i18n.addResourceBundle('en', 'translation', en);
  }
}
