/** Moodle sends names and messages as formatted HTML strings; SchulDesk shows them as text. */
import { htmlToText as plainText } from '../security/html-sanitizer';

/** Moodle's formatted strings as plain text: tags removed, entities decoded (the one sanitizer's parser). */
export function htmlToText(html: string): string {
  return plainText(html)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
