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
