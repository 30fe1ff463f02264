/**
 * The one HTML sanitizer of main: `sanitize-html` (htmlparser2, a spec-minded parser) with an
 * allowlist profile per use — course pages (content) and submission text (outbox drafts, assignment
 * texts). Tags outside the profile go, their text stays; DROP_WITH_CONTENT go with everything inside.
 * No attribute survives unless the profile names it; links and images are decided by the caller.
 */
import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';
import type { IOptions, Transformer } from 'sanitize-html';

// Loaded at first use, not at start-up: sanitize-html brings htmlparser2 and postcss (~35 ms to load),
// and the first screen sanitizes nothing.
let loaded: typeof SanitizeHtml | null = null;
function sanitize(...args: Parameters<typeof SanitizeHtml>): string {
  loaded ??= createRequire(import.meta.url)('sanitize-html') as typeof SanitizeHtml;
  return loaded(...args);
}

/** Resolves an <img src> to something the renderer may load (a data: URL), or null to drop it. */
export type ImageResolver = (src: string) => string | null;
/** Resolves an <a href> to the absolute target a person may be sent to, or null to drop the link. */
export type LinkResolver = (href: string) => string | null;

/** Whose content goes too, not just the tag (scripts, styles, embedded documents, foreign markup). */
export const DROP_WITH_CONTENT = [
  'script', 'style', 'template', 'iframe', 'object', 'embed', 'applet', 'frameset', 'frame', 'noframes', 'noembed',
  'noscript', 'textarea', 'select', 'option', 'svg', 'math', 'head', 'title', 'xmp', 'plaintext',
];

const COURSE_TAGS = [
  'p', 'div', 'span', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'small', 'mark',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'code',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'figure', 'figcaption', 'a', 'img',
];
/** Attributes per tag, in the order they are written. */
const COURSE_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start'],
};
const NUMERIC = new Set(['width', 'height', 'colspan', 'rowspan', 'start']);

/** Submission text: paragraphs, line breaks, bold, italic, lists — without any attribute. */
const SUBMISSION_TAGS = ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li'];
const SUBMISSION_RENAMES: Record<string, string> = { div: 'p', b: 'strong', i: 'em' };

const BASE: IOptions = {
  disallowedTagsMode: 'discard',
  nonTextTags: DROP_WITH_CONTENT,
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  allowedClasses: {},
  allowedStyles: {},
  parseStyleAttributes: false,
  allowVulnerableTags: false,
  enforceHtmlBoundary: false,
};

/** sanitize-html writes void tags as `<br />`; the app's HTML (and stored drafts) use `<br>`. No attribute value or text can hold ` />` (both escape `>`). */
const voidTagsPlain = (html: string): string => html.replace(/ \/>/g, '>');

function keepAttributes(tag: string, attribs: Record<string, string>, resolveLink: LinkResolver): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of COURSE_ATTRIBUTES[tag] ?? []) {
    const value = attribs[name];
    if (value === undefined) continue;
    if (name === 'href') {
      const target = resolveLink(value);
      if (target) kept.href = target;
    } else if (NUMERIC.has(name)) {
      if (/^\d{1,4}$/.test(value)) kept[name] = value;
    } else {
      kept[name] = value;
    }
  }
  return kept;
}

/**
 * Course HTML (pages, labels, section summaries, activity texts). Images must be resolved by the
 * caller (the renderer's CSP forbids remote resources): one that cannot be becomes its alt text.
 */
export function sanitizeCourseHtml(input: string, resolveImage: ImageResolver, resolveLink: LinkResolver): string {
  const withAttributes: Transformer = (tagName, attribs) => ({ tagName, attribs: keepAttributes(tagName, attribs, resolveLink) });
  // Images without a description go whole; their (empty) attribute objects mark them for exclusiveFilter.
  const dropped = new WeakSet<object>();
  const image: Transformer = (_tagName, attribs) => {
    const src = attribs.src === undefined ? null : resolveImage(attribs.src);
    if (src !== null) return { tagName: 'img', attribs: { ...keepAttributes('img', attribs, resolveLink), src } };
    const alt = attribs.alt?.trim();
    // An image we cannot show: its description stays readable.
    if (alt) return { tagName: 'span', attribs: {}, text: `[${alt}]` };
    const none = {};
    dropped.add(none);
    return { tagName: 'img', attribs: none };
  };
  return voidTagsPlain(
    sanitize(input, {
      ...BASE,
      allowedTags: COURSE_TAGS,
      allowedAttributes: COURSE_ATTRIBUTES,
      allowedSchemesByTag: { img: ['data'] },
      transformTags: { a: withAttributes, img: image, td: withAttributes, th: withAttributes, ol: withAttributes },
      exclusiveFilter: (frame) => dropped.has(frame.attribs),
    }),
  );
}

/** The only HTML a draft may hold (main's own allowlist: a compromised renderer cannot store or send more). */
export function sanitizeSubmissionHtml(input: string): string {
  const rename: Transformer = (tagName) => ({ tagName: SUBMISSION_RENAMES[tagName] ?? tagName, attribs: {} });
  return voidTagsPlain(
    sanitize(input, {
      ...BASE,
      allowedTags: SUBMISSION_TAGS,
      allowedAttributes: {},
      transformTags: Object.fromEntries(Object.keys(SUBMISSION_RENAMES).map((tag) => [tag, rename])),
      // Non-breaking spaces stay visible as such in the stored text (as drafts always held them).
      textFilter: (text) => text.replace(/\u00a0/g, '&nbsp;'),
    }),
  );
}

/** Plain text of HTML: tags gone (scripts and the like with their content), entities decoded, a line per paragraph, item and line break. */
export function htmlToText(html: string): string {
  const canonical = sanitizeSubmissionHtml(html);
  return canonical
    .replace(/<br>|<\/p>|<\/li>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// ---- The stored first paint (main/start/first-paint.ts) ----------------------------------------

/** HTML elements of the app frame and Start (renderer/app/Layout.tsx, features/start, AccountMenu). */
const FIRST_PAINT_HTML_TAGS = ['div', 'span', 'p', 'header', 'nav', 'main', 'section', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'strong', 'em', 'br', 'button', 'img'];
/** SVG elements of the navigation icons (renderer/ui/icons.tsx). */
const FIRST_PAINT_SVG_TAGS = ['svg', 'path', 'rect', 'circle'];
const FIRST_PAINT_VOID = new Set(['br', 'img']);
/** Every allowed element may carry these (values checked below). */
const FIRST_PAINT_GLOBAL_ATTRIBUTES = ['class', 'lang', 'hidden', 'aria-hidden', 'aria-current'];
/** Per element, besides the global ones. `data-status`: app.css styles the connectivity dot by it. */
const FIRST_PAINT_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  button: ['type', 'disabled'],
  img: ['src', 'alt', 'width', 'height'],
  div: ['data-status'],
  // htmlparser2 lowercases attribute names: `viewbox` is read and written back as `viewBox`.
  svg: ['viewbox', 'viewBox', 'width', 'height', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'focusable'],
  path: ['d'],
  rect: ['x', 'y', 'width', 'height', 'rx'],
  circle: ['cx', 'cy', 'r'],
};
const FIRST_PAINT_VALUES: Record<string, RegExp> = {
  class: /^[A-Za-z0-9_ -]{0,200}$/,
  lang: /^(de|en)$/,
  hidden: /^(|hidden)$/,
  'aria-hidden': /^(true|false)$/,
  'aria-current': /^(page|true|false|step|location|date|time)$/,
  // Hash routes of the app only (`#/kurse?kurs=3`): never another page, scheme or the skip link's `#main-content`.
  href: /^#\/[A-Za-z0-9/?&=._~%-]{0,200}$/,
  type: /^button$/,
  disabled: /^(|disabled)$/,
  // The logo as Vite inlines it. An SVG loaded by <img> runs no script and loads nothing.
  src: /^data:image\/svg\+xml,[^"<>]{1,8192}$/,
  alt: /^[^<>]{0,200}$/,
  width: /^\d{1,4}$/,
  height: /^\d{1,4}$/,
  'data-status': /^[a-z-]{1,40}$/,
  viewbox: /^[\d. -]{1,40}$/,
  fill: /^(none|currentColor)$/i,
  stroke: /^(none|currentColor)$/i,
  'stroke-width': /^[\d.]{1,6}$/,
  'stroke-linecap': /^(round|butt|square)$/,
  'stroke-linejoin': /^(round|miter|bevel)$/,
  focusable: /^(true|false)$/,
  d: /^[MmLlHhVvCcSsQqTtAaZz\d\s.,-]{1,2000}$/,
  x: /^[\d.-]{1,8}$/,
  y: /^[\d.-]{1,8}$/,
  rx: /^[\d.]{1,8}$/,
  cx: /^[\d.-]{1,8}$/,
  cy: /^[\d.-]{1,8}$/,
  r: /^[\d.]{1,8}$/,
};
/** First paint drops these with everything inside (besides DROP_WITH_CONTENT): forms and SVG's HTML islands. */
const FIRST_PAINT_DROP_WITH_CONTENT = [...DROP_WITH_CONTENT.filter((tag) => tag !== 'svg'), 'form', 'input', 'label', 'dialog', 'details', 'desc', 'foreignobject', 'foreignObject'];

/**
 * Deeper markup is refused: the Start is ~20 levels deep, each nesting check walks the open elements
 * (a 256 KiB tower of <div>s took seconds of main's time), and past 512 levels Chromium builds another tree.
 */
const FIRST_PAINT_MAX_DEPTH = 64;
/** Elements the HTML parser closes implicitly when a block element starts inside a <p> (among those allowed). */
const CLOSES_P = new Set(['div', 'p', 'header', 'nav', 'main', 'section', 'ul', 'ol', 'li', 'h1', 'h2', 'h3']);
/** Special elements (HTML spec) among those allowed, but address/div/p: they end the <li> look-back. */
const STOPS_LI_LOOKBACK = new Set(['header', 'nav', 'main', 'section', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'button', 'img', 'br']);
const HEADINGS = new Set(['h1', 'h2', 'h3']);

/**
 * Whether a browser builds the same tree as htmlparser2 for this child under these open elements
 * (outermost first). Where it would not, it closes elements on its own, and a later end tag then
 * closes an element outside the first paint (`<li><div><li>` pops the div; its `</div>` closes the
 * container): such markup is refused. React never produces it (its DOM nesting check is this rule).
 */
function nestsAsParsed(open: readonly string[], tag: string): boolean {
  const parent = open.at(-1);
  const inSvg = open.includes('svg');
  if (inSvg) return FIRST_PAINT_SVG_TAGS.includes(tag) && tag !== 'svg'; // HTML inside SVG breaks out of it
  if (tag !== 'svg' && FIRST_PAINT_SVG_TAGS.includes(tag)) return false;
  if (CLOSES_P.has(tag)) {
    // "p in button scope": a <p> up the stack with no <button> in between.
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i] === 'button') break;
      if (open[i] === 'p') return false;
    }
  }
  if (HEADINGS.has(tag) && parent !== undefined && HEADINGS.has(parent)) return false;
  if (tag === 'a' && open.includes('a')) return false;
  if (tag === 'button' && open.includes('button')) return false;
  if (tag === 'li') {
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i] === 'li') return false;
      if (STOPS_LI_LOOKBACK.has(open[i] as string)) break;
    }
  }
  return true;
}

/**
 * The signed-in Start as the renderer rendered it, made safe to keep and to put into index.html:
 * only the elements and attributes its markup uses (FIRST_PAINT_* above), links only to the app's
 * own hash routes, no id/style/event/tabindex/title attribute, scripts, styles, forms and SVG's HTML
 * islands dropped with their content. Returns null when the result would not nest in a browser as
 * written (see nestsAsParsed): the caller keeps nothing then.
 */
export function sanitizeFirstPaintHtml(input: string): string | null {
  const allowedAttributes: Record<string, string[]> = {};
  for (const tag of [...FIRST_PAINT_HTML_TAGS, ...FIRST_PAINT_SVG_TAGS]) allowedAttributes[tag] = [...FIRST_PAINT_GLOBAL_ATTRIBUTES, ...(FIRST_PAINT_ATTRIBUTES[tag] ?? [])];
  const checkValues: Transformer = (tagName, attribs) => {
    const kept: Record<string, string> = {};
    for (const name of allowedAttributes[tagName] ?? []) {
      const value = attribs[name];
      if (value !== undefined && FIRST_PAINT_VALUES[name]?.test(value)) kept[name === 'viewbox' ? 'viewBox' : name] = value;
    }
    return { tagName, attribs: kept };
  };
  // allowedEmptyAttributes is sanitize-html's (≥ 2.11), not yet in its types: `hidden`, `disabled` are written empty.
  const options: IOptions & { allowedEmptyAttributes: string[] } = {
    ...BASE,
    nonTextTags: FIRST_PAINT_DROP_WITH_CONTENT,
    allowedTags: [...FIRST_PAINT_HTML_TAGS, ...FIRST_PAINT_SVG_TAGS],
    allowedAttributes,
    // Attribute values are checked by checkValues; sanitize-html's scheme check would drop the logo's data: URL.
    allowedSchemes: [],
    allowedSchemesByTag: { a: [], img: ['data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowedEmptyAttributes: ['alt', 'hidden', 'disabled'],
    transformTags: Object.fromEntries(Object.keys(allowedAttributes).map((tag) => [tag, checkValues])),
    // An image without the inlined logo shows nothing: it goes.
    exclusiveFilter: (frame) => frame.tag === 'img' && frame.attribs.src === undefined,
  };
  const once = sanitize(input, options);
  // Second pass over the result: it must come out the same, with every element closed where it is
  // written (no implied end tag but for void elements), nested as a browser would nest it.
  const open: string[] = [];
  let nestsWell = true;
  const again = sanitize(once, {
    ...options,
    onOpenTag: (name) => {
      if (nestsWell && (open.length >= FIRST_PAINT_MAX_DEPTH || !nestsAsParsed(open, name))) nestsWell = false;
      open.push(name);
    },
    onCloseTag: (name, isImplied) => {
      if (open.pop() !== name || (isImplied && !FIRST_PAINT_VOID.has(name))) nestsWell = false;
    },
  });
  if (!nestsWell || again !== once || open.length > 0) return null;
  return voidTagsPlain(once);
}
