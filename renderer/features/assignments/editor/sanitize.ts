/** The renderer's HTML allowlist for drafts (main applies its own again before storing). */
import DOMPurify from 'dompurify';

const ALLOWED = { ALLOWED_TAGS: ['p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'div'], ALLOWED_ATTR: [] as string[] };

export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, ALLOWED);
}
