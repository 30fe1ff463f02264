/**
 * Course HTML (pages, labels, section summaries) made safe in main before the renderer sees it,
 * through the one sanitizer (main/security/html-sanitizer.ts, profile "course page"): an allowlist
 * of tags and attributes; scripts, styles, frames and every event handler are gone.
 * Images are resolved by the caller (data: URLs of files fetched with the token) — the renderer's
 * CSP forbids remote resources, so an image that cannot be resolved becomes its alt text.
 * Links keep only http(s)/mailto targets; the UI shows the target before opening it outside.
 * Relative links are resolved by the caller's LinkResolver (against the page's address in the
 * portal, see resolvePortalLink); without one only absolute targets stay.
 */
import { sanitizeCourseHtml as sanitizeCourse } from '../security/html-sanitizer';
import type { ImageResolver, LinkResolver } from '../security/html-sanitizer';

export type { ImageResolver, LinkResolver } from '../security/html-sanitizer';

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

export function sanitizeCourseHtml(input: string, resolveImage: ImageResolver = () => null, resolveLink: LinkResolver = safeLinkTarget): string {
  return sanitizeCourse(input, resolveImage, resolveLink);
}
