import { ERROR_TEXTS } from '../../preload/contract/errors';
import type { ErrorCode } from '../../preload/contract/errors';

/** The error catalog's texts of one language, as i18n's `errors.<code>` keys. */
export function errorTexts(language: 'de' | 'en'): Record<ErrorCode, string> {
  const table = {} as Record<ErrorCode, string>;
  for (const [code, texts] of Object.entries(ERROR_TEXTS) as [ErrorCode, { de: string; en: string }][]) table[code] = texts[language];
  return table;
}
