import { describe, expect, it } from 'vitest';
import { safeLinkTarget, sanitizeCourseHtml } from '../../main/content/sanitize-page';

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
    expect(sanitizeCourseHtml('<ul><li>1 < 2 & 3<li>x</ul></p><b>fett')).toBe('<ul><li>1 &lt; 2 &amp; 3<li>x</li></li></ul><b>fett</b>');
  });
});
