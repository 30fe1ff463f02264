import { describe, expect, it } from 'vitest';
import { resolvePortalLink, safeLinkTarget, sanitizeCourseHtml } from '../../main/content/sanitize-page';

describe('sanitizeCourseHtml', () => {
  it('drops scripts, styles, frames and svg with their content, and every event handler', () => {
    const html = sanitizeCourseHtml(
      '<p OnClick="x()">A</p><script>alert(1)</script><style>p{}</style><iframe src="https://e.org">f</iframe>'
      + '<svg><script>alert(2)</script></svg><img src=x onerror=alert(3)><div onmouseover=\'a()\'>B</div><!-- <script>c</script> -->',
    );
    expect(html).toBe('<p>A</p><div>B</div>');
  });

  it('keeps a quoted ">" inside an attribute from ending the tag', () => {
    expect(sanitizeCourseHtml('<a title="a>b" href="https://ex.org/?q=1&amp;r=2" onclick="x">L</a>')).toBe('<a href="https://ex.org/?q=1&amp;r=2" title="a&gt;b">L</a>');
  });

  it('allows only http(s)/mailto links, also when the scheme is hidden behind entities', () => {
    expect(sanitizeCourseHtml('<a href="jav&#x61;script:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitizeCourseHtml('<a href="  JAVASCRIPT:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitizeCourseHtml('<a href="data:text/html,hi">x</a>')).toBe('<a>x</a>');
    expect(safeLinkTarget('mailto:lehrer@schule.de')).toBe('mailto:lehrer@schule.de');
  });

  it('resolves images through the caller; an unresolved image becomes its alt text', () => {
    const resolve = (src: string) => (src === 'bild.png' ? 'data:image/png;base64,AAAA' : null);
    expect(sanitizeCourseHtml('<img src="bild.png" alt="Ein Bild" width="160" height="9999999">', resolve))
      .toBe('<img src="data:image/png;base64,AAAA" alt="Ein Bild" width="160">');
    expect(sanitizeCourseHtml('<img src="https://tracker.example/p.gif" alt="Zähler">', resolve)).toBe('<span>[Zähler]</span>');
  });

  it('closes what is left open and escapes text', () => {
    // As a browser parses it: an open item ends at the next, a stray </p> is an empty paragraph.
    expect(sanitizeCourseHtml('<ul><li>1 < 2 & 3<li>x</ul></p><b>fett')).toBe('<ul><li>1 &lt; 2 &amp; 3</li><li>x</li></ul><p></p><b>fett</b>');
  });
});

describe('resolvePortalLink — relative links of portal HTML', () => {
  const PAGE = 'https://moodle.schule.de/moodle/webservice/pluginfile.php/18/mod_page/content/3/index.html';

  it.each([
    ['a file next to the page (mod_page\'s @@PLUGINFILE@@)', 'Arbeitsblatt.pdf', 'https://moodle.schule.de/moodle/pluginfile.php/18/mod_page/content/3/Arbeitsblatt.pdf'],
    ['a file in a sub folder, encoded', 'Bilder/Pizza%20Drei.png', 'https://moodle.schule.de/moodle/pluginfile.php/18/mod_page/content/3/Bilder/Pizza%20Drei.png'],
    ['./ prefix', './L%C3%B6sung.pdf', 'https://moodle.schule.de/moodle/pluginfile.php/18/mod_page/content/3/L%C3%B6sung.pdf'],
    ['up into the site', '../../../../../mod/url/view.php?id=4', 'https://moodle.schule.de/moodle/mod/url/view.php?id=4'],
    ['site path', '/moodle/course/view.php?id=2', 'https://moodle.schule.de/moodle/course/view.php?id=2'],
    ['absolute external', 'https://www.bpb.de/themen/', 'https://www.bpb.de/themen/'],
    ['protocol-relative', '//de.wikipedia.org/wiki/Bruch', 'https://de.wikipedia.org/wiki/Bruch'],
    ['mailto', 'mailto:sekretariat@schule.de', 'mailto:sekretariat@schule.de'],
    ['an absolute web-service file link goes to the browser variant, without any token', 'https://moodle.schule.de/moodle/webservice/pluginfile.php/17/mod_resource/content/0/a.pdf?forcedownload=1&token=abc', 'https://moodle.schule.de/moodle/pluginfile.php/17/mod_resource/content/0/a.pdf?forcedownload=1'],
    ['a tokenpluginfile link loses its key', 'https://moodle.schule.de/moodle/tokenpluginfile.php/0123abcd/18/mod_page/content/3/b.png', 'https://moodle.schule.de/moodle/pluginfile.php/18/mod_page/content/3/b.png'],
  ])('%s', (_what, href, target) => {
    expect(resolvePortalLink(href, PAGE)).toBe(target);
  });

  it.each(['#oben', '', '   ', 'javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<script>x</script>', 'file:///etc/passwd', 'vbscript:x'])('drops %j', (href) => {
    expect(resolvePortalLink(href, PAGE)).toBeNull();
  });

  it('keeps another site\'s token parameter alone (not ours to touch)', () => {
    expect(resolvePortalLink('https://example.org/x?token=1', PAGE)).toBe('https://example.org/x?token=1');
  });

  it('in sanitizeCourseHtml: relative links resolved, entities decoded before, unsafe ones dropped', () => {
    const html = sanitizeCourseHtml('<a href="Arbeits&#98;latt.pdf">Blatt</a> <a href="jav&#x61;script:alert(1)">x</a> <a href="#top">oben</a>', undefined, (href) => resolvePortalLink(href, PAGE));
    expect(html).toBe('<a href="https://moodle.schule.de/moodle/pluginfile.php/18/mod_page/content/3/Arbeitsblatt.pdf">Blatt</a> <a>x</a> <a>oben</a>');
    // Without a resolver only absolute targets stay (as before).
    expect(sanitizeCourseHtml('<a href="Arbeitsblatt.pdf">Blatt</a>')).toBe('<a>Blatt</a>');
  });
});
