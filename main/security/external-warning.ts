/**
 * The warning shown before SchulDesk hands a link to the system browser. Pure so the text and the
 * safe defaults (Cancel is the default and the escape button) are tested.
 *
 * The host is shown as `URL.hostname`, i.e. in punycode for international names: a look-alike
 * such as "schооl.example" (Cyrillic о) shows up as "xn--schl-…" instead of passing as the school.
 */
import type { Language } from '../../preload/api';
import { parseUrl } from './origins';

export interface ExternalWarning {
  title: string;
  message: string;
  detail: string;
  /** [open, cancel] */
  buttons: [string, string];
  /** Index of the button that opens the link. */
  openButton: 0;
  defaultId: 1;
  cancelId: 1;
}

const MAX_SHOWN_URL = 300;

function shorten(text: string): string {
  return text.length > MAX_SHOWN_URL ? `${text.slice(0, MAX_SHOWN_URL - 1)}…` : text;
}

export function externalOpenWarning(url: string, language: Language): ExternalWarning {
  const parsed = parseUrl(url);
  const host = parsed?.hostname ?? '';
  const shown = shorten(parsed?.href ?? url);
  if (language === 'en') {
    return {
      title: 'Open external page?',
      message: `This link leads outside SchulDesk to ${host}.`,
      detail: `SchulDesk only shows your school's pages itself. Open this address in your web browser?\n\n${shown}`,
      buttons: ['Open in browser', 'Cancel'],
      openButton: 0,
      defaultId: 1,
      cancelId: 1,
    };
  }
  return {
    title: 'Externe Seite öffnen?',
    message: `Dieser Link führt aus SchulDesk hinaus zu ${host}.`,
    detail: `SchulDesk zeigt selbst nur die Seiten Ihrer Schule an. Möchten Sie diese Adresse in Ihrem Browser öffnen?\n\n${shown}`,
    buttons: ['Im Browser öffnen', 'Abbrechen'],
    openButton: 0,
    defaultId: 1,
    cancelId: 1,
  };
}
