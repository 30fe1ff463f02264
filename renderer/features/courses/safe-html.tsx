/**
 * Course HTML from main (already sanitised there) goes through DOMPurify once more before it is
 * set, and links open outside the app window.
 */
import DOMPurify from 'dompurify';

let hooked = false;
function ensureLinkHook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
}

const OPTIONS = {
  ALLOWED_TAGS: ['p', 'div', 'span', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'a', 'img'],
  ALLOWED_ATTR: ['href', 'title', 'src', 'alt', 'width', 'height', 'colspan', 'rowspan', 'scope', 'start', 'target', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|data:image\/(?:png|jpeg|gif|webp);)/i,
};

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  ensureLinkHook();
  // Sanitised in main and again here (DOMPurify allowlist).
  return <div className={className} dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html, OPTIONS) }} />;
}
