/**
 * Course HTML (pages, labels, section summaries) made safe in main before the renderer sees it:
 * an allowlist of tags and attributes; scripts, styles, frames and every event handler are gone.
 * Images are resolved by the caller (data: URLs of files fetched with the token) — the renderer's
 * CSP forbids remote resources, so an image that cannot be resolved becomes its alt text.
 * Links keep only http(s)/mailto targets; the UI shows the target before opening it outside.
 * Relative links are resolved by the caller's LinkResolver (against the page's address in the
 * portal, see resolvePortalLink); without one only absolute targets stay.
 */
const ALLOWED_TAGS = new Set([
  'p', 'div', 'span', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'a', 'img',
]);
const VOID_TAGS = new Set(['br', 'hr', 'img']);
/** Whose content goes too, not just the tag. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'template', 'iframe', 'object', 'embed', 'noscript', 'textarea', 'select', 'svg', 'math', 'head', 'title', 'frameset', 'applet']);
const ALLOWED_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
};
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Resolves an <img src> to something the renderer may load (a data: URL), or null to drop it. */
export type ImageResolver = (src: string) => string | null;
/** Resolves an <a href> to the absolute target a person may be sent to, or null to drop the link. */
export type LinkResolver = (href: string) => string | null;

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITY[name.toLowerCase()] ?? whole;
  });
}

const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (text: string): string => escapeText(text).replace(/"/g, '&quot;');

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const attr = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (let m = attr.exec(source); m; m = attr.exec(source)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attributes;
}

/** Only targets a person can safely be sent to (after seeing them). */
export function safeLinkTarget(href: string): string | null {
  const trimmed = href.trim();
  try {
    const url = new URL(trimmed);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link of portal HTML, resolved against `base` (the address the HTML came from): relative file
 * names of a page (`Arbeitsblatt.pdf`, Moodle's @@PLUGINFILE@@ rewritten by mod_page), site paths
 * (`/course/view.php?id=2`, `../../mod/url/view.php?id=4`) and absolute links. Only http(s) and
 * mailto survive. Links into the portal's files go to the browser variant `/pluginfile.php/…`
 * (the student's browser has a portal session, never our token; `token=` is removed anyway).
 * A link to a place on the same page (`#…`) has nowhere to go outside the app and is dropped.
 */
export function resolvePortalLink(href: string, base: string): string | null {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return null;
  const toBrowserVariant = (path: string): string => path.replace(/\/webservice\/pluginfile\.php\//, '/pluginfile.php/').replace(/\/tokenpluginfile\.php\/[^/]+\//, '/pluginfile.php/');
  let url: URL;
  let site: URL;
  try {
    site = new URL(base);
    // Relative links were written for the page as a browser shows it: /pluginfile.php/…/index.html.
    site.pathname = toBrowserVariant(site.pathname);
    url = new URL(trimmed, site);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && url.protocol !== 'mailto:') return null;
  if (url.origin === site.origin) {
    url.pathname = toBrowserVariant(url.pathname);
    url.searchParams.delete('token');
  }
  return url.href;
}

function renderTag(name: string, rawAttributes: string, resolveImage: ImageResolver, resolveLink: LinkResolver): string | null {
  const attributes = parseAttributes(rawAttributes);
  const kept: string[] = [];
  for (const allowed of ALLOWED_ATTRIBUTES[name] ?? []) {
    const value = attributes.get(allowed);
    if (value === undefined) continue;
    if (allowed === 'href') {
      const target = resolveLink(value);
      if (target) kept.push(`href="${escapeAttr(target)}"`);
    } else if (allowed === 'src') {
      const resolved = resolveImage(value);
      if (!resolved) return null;
      kept.push(`src="${escapeAttr(resolved)}"`);
    } else if (allowed === 'width' || allowed === 'height' || allowed === 'colspan' || allowed === 'rowspan' || allowed === 'start') {
      if (/^\d{1,4}$/.test(value)) kept.push(`${allowed}="${value}"`);
    } else {
      kept.push(`${allowed}="${escapeAttr(value)}"`);
    }
  }
  if (name === 'img' && !attributes.has('src')) return null;
  return `<${name}${kept.length ? ' ' : ''}${kept.join(' ')}>`;
}

export function sanitizeCourseHtml(input: string, resolveImage: ImageResolver = () => null, resolveLink: LinkResolver = safeLinkTarget): string {
  let out = '';
  const open: string[] = [];
  let dropping: string | null = null;
  const tag = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>|<[!?][^>]*>/g;
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
      if (!closing && !match[0].endsWith('/>')) dropping = name;
      continue;
    }
    if (!ALLOWED_TAGS.has(name)) continue;
    if (closing) {
      const at = open.lastIndexOf(name);
      if (at === -1) continue;
      // Close everything opened inside it too, so the result is always well nested.
      while (open.length > at) out += `</${open.pop() ?? ''}>`;
      continue;
    }
    const rendered = renderTag(name, match[3] ?? '', resolveImage, resolveLink);
    if (rendered === null) {
      // An image we cannot show: its description stays readable.
      const alt = parseAttributes(match[3] ?? '').get('alt');
      if (alt) out += `<span>[${escapeText(alt)}]</span>`;
      continue;
    }
    out += rendered;
    if (!VOID_TAGS.has(name)) open.push(name);
  }
  if (!dropping) out += escapeText(decodeEntities(input.slice(last)));
  while (open.length) out += `</${open.pop() ?? ''}>`;
  return out;
}
