/**
 * The only HTML a draft may hold: paragraphs, line breaks, bold, italic, lists — without any
 * attribute. Everything else is dropped (tags) or escaped (text). The renderer sanitises too
 * (DOMPurify); this is the main side's own allowlist, so a compromised renderer cannot store or
 * send markup that Moodle would then show to the teacher.
 */
const ALLOWED = new Map<string, string>([
  ['p', 'p'],
  ['div', 'p'],
  ['br', 'br'],
  ['strong', 'strong'],
  ['b', 'strong'],
  ['em', 'em'],
  ['i', 'em'],
  ['ul', 'ul'],
  ['ol', 'ol'],
  ['li', 'li'],
]);
/** Whose content goes too, not just the tag. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'template', 'iframe', 'object', 'noscript', 'textarea', 'select', 'svg', 'math']);

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITY[name.toLowerCase()] ?? whole;
  });
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

export function sanitizeDraftHtml(input: string): string {
  let out = '';
  const open: string[] = [];
  let dropping: string | null = null;
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>|<[!?][^>]*>/g;
  let last = 0;
  for (let match = tag.exec(input); match; match = tag.exec(input)) {
    const text = input.slice(last, match.index);
    last = tag.lastIndex;
    if (!dropping) out += escapeText(decodeEntities(text));
    const name = match[2]?.toLowerCase();
    if (!name) continue;
    const closing = match[1] === '/';
    if (dropping) {
      if (closing && name === dropping) dropping = null;
      continue;
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !/\/>$/.test(match[0])) dropping = name;
      continue;
    }
    const mapped = ALLOWED.get(name);
    if (!mapped) continue;
    if (mapped === 'br') {
      if (!closing) out += '<br>';
      continue;
    }
    if (!closing) {
      out += `<${mapped}>`;
      open.push(mapped);
    } else {
      const at = open.lastIndexOf(mapped);
      if (at === -1) continue;
      // Close everything opened inside it too, so the result is always well nested.
      while (open.length > at) out += `</${open.pop() ?? ''}>`;
    }
  }
  if (!dropping) out += escapeText(decodeEntities(input.slice(last)));
  while (open.length) out += `</${open.pop() ?? ''}>`;
  return out;
}

/** The words a teacher would count: text between tags, split on white space. */
export function countWords(html: string): number {
  const text = decodeEntities(html.replace(/<[^>]*>/g, ' ')).trim();
  return text ? text.split(/\s+/u).length : 0;
}

/** Plain text of draft HTML (for previews and the conflict view). */
export function htmlToPlainText(html: string): string {
  return decodeEntities(html.replace(/<br>/g, '\n').replace(/<\/(p|li)>/g, '\n').replace(/<[^>]*>/g, '')).trim();
}
