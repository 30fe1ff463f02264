/**
 * The only HTML a draft may hold: paragraphs, line breaks, bold, italic, lists — without any
 * attribute (main/security/html-sanitizer.ts, profile "submission text"). The renderer sanitises
 * too (DOMPurify); this is the main side's own allowlist, so a compromised renderer cannot store or
 * send markup that Moodle would then show to the teacher.
 */
import { htmlToText, sanitizeSubmissionHtml } from '../security/html-sanitizer.ts';

export function sanitizeDraftHtml(input: string): string {
  return sanitizeSubmissionHtml(input);
}

/** The words a teacher would count: text between tags, split on white space. */
export function countWords(html: string): number {
  const text = htmlToText(html).trim();
  return text ? text.split(/\s+/u).length : 0;
}

/** Plain text of draft HTML (for previews and the conflict view). */
export function htmlToPlainText(html: string): string {
  return htmlToText(html).trim();
}
