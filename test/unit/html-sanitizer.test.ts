// The one HTML sanitizer (main/security/html-sanitizer.ts): one table of hostile inputs, each with
// what the course-page and the submission-text profile make of it. Every output is also checked for
// what must never survive, and for being stable when sanitised again.
import { describe, expect, it } from 'vitest';
import { safeLinkTarget } from '../../main/content/sanitize-page';
import { DROP_WITH_CONTENT, htmlToText, sanitizeCourseHtml, sanitizeSubmissionHtml } from '../../main/security/html-sanitizer';

const resolveImage = (src: string): string | null => (src === 'ok.png' ? 'data:image/png;base64,AA' : null);
const course = (html: string): string => sanitizeCourseHtml(html, resolveImage, safeLinkTarget);

// [what, input, course page, submission text]
const HOSTILE: [string, string, string, string][] = [
  // dropped with their content
  ['script', 'a<script>alert(1)</script>b', 'ab', 'ab'],
  ['style', 'a<style>p{color:red}</style>b', 'ab', 'ab'],
  ['applet', 'a<applet code="X">inner</applet>b', 'ab', 'ab'],
  ['frameset', 'a<frameset><frame src="x">inner</frameset>b', 'ab', 'ab'],
  ['head, title, meta refresh', '<head><title>Titel</title><meta http-equiv="refresh" content="0;url=javascript:x"></head>a', 'a', 'a'],
  ['template', 'a<template><img src=x onerror=alert(1)>t</template>b', 'ab', 'ab'],
  ['iframe with fallback markup', 'a<iframe src="https://e.org"><p>f</p></iframe>b', 'ab', 'ab'],
  ['object', 'a<object data="x"><param name=a value=b>o</object>b', 'ab', 'ab'],
  ['noscript mXSS', 'a<noscript><p title="</noscript><img src=x onerror=alert(1)>">n</noscript>b', 'ab', 'ab'],
  ['textarea closing early', 'a<textarea></textarea><img src=x onerror=alert(1)></textarea>b', 'ab', 'ab'],
  ['select', 'a<select><option>o</option></select>b', 'ab', 'ab'],
  ['noembed, xmp', 'a<noembed>n</noembed><xmp><b>x</b></xmp>b', 'ab', 'ab'],
  // <embed> is a void element: text after it is no content of it (a browser shows it too)
  ['embed', 'a<embed src="x.swf">inner</embed>b', 'ainnerb', 'ainnerb'],
  ['mixed-case script', '<SCRIPT>alert(1)</SCRIPT><ScRiPt>x</sCrIpT>ok', 'ok', 'ok'],
  // event handlers and other attributes
  ['event handlers in any case, after a slash', '<p onclick="x()" ONMOUSEOVER=y OnLoad=\'z\'>a</p><p/onclick=x>b</p>', '<p>a</p><p>b</p>', '<p>a</p><p>b</p>'],
  ['img onerror', '<img src="ok.png" onerror="alert(1)" alt="A">', '<img src="data:image/png;base64,AA" alt="A">', ''],
  ['body onload', '<body onload="alert(1)">a</body>', 'a', 'a'],
  ['style, class, id', '<p style="background:url(javascript:alert(1))" class="x" id="y">a</p>', '<p>a</p>', '<p>a</p>'],
  ['target and rel', '<a href="https://ok.de/" target="_blank" rel="opener" title="T">x</a>', '<a href="https://ok.de/" title="T">x</a>', 'x'],
  ['quotes in an attribute', '<a title=\'"><script>x</script>\' href="https://ok.de/">x</a>', '<a href="https://ok.de/" title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">x</a>', 'x'],
  ['numeric attributes', '<table><tr><td colspan="2" rowspan="x">1</td><th scope="col" colspan=99999>h</th></tr></table><ol start="3"><li>a</li></ol>', '<table><tr><td colspan="2">1</td><th scope="col">h</th></tr></table><ol start="3"><li>a</li></ol>', '1h<ol><li>a</li></ol>'],
  // javascript: and other schemes
  ['javascript: link', '<a href="javascript:alert(1)">x</a>', '<a>x</a>', 'x'],
  ['javascript: behind entities', '<a href="&#106;avascript:alert(1)">x</a><a href="jav&#x09;ascript:alert(1)">y</a>', '<a>x</a><a>y</a>', 'xy'],
  ['javascript: with spaces, case, newline', '<a href="  JaVaScRiPt:alert(1)">x</a><a href="java\nscript:alert(1)">y</a>', '<a>x</a><a>y</a>', 'xy'],
  ['data: and vbscript: links', '<a href="data:text/html,<script>x</script>">x</a><a href="vbscript:x">y</a>', '<a>x</a><a>y</a>', 'xy'],
  ['javascript: image', '<img src="javascript:alert(1)" alt="B">', '<span>[B]</span>', ''],
  ['form actions', '<form action="javascript:x"><button formaction="javascript:y">k</button><input value=v></form>', 'k', 'k'],
  ['base, link, meta', '<base href="https://evil.example/"><link rel=stylesheet href=x><meta charset=utf-8>a', 'a', 'a'],
  // svg and math: foreign markup goes whole
  ['svg', 'a<svg><a href="javascript:x">t</a><script>alert(1)</script></svg>b', 'ab', 'ab'],
  ['math', 'a<math><mi xlink:href="javascript:x">t</mi></math>b', 'ab', 'ab'],
  ['svg inside a paragraph', '<p>a<svg onload=alert(1)>b</svg>c</p>', '<p>ac</p>', '<p>ac</p>'],
  // entities stay text
  ['escaped markup', '&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &#60;img src=x onerror=1&#62;', '&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &lt;img src=x onerror=1&gt;', '&lt;script&gt;alert(1)&lt;/script&gt; &amp;lt; &lt;img src=x onerror=1&gt;'],
  ['non-breaking spaces', 'a&nbsp;b\u00a0c', 'a\u00a0b\u00a0c', 'a&nbsp;b&nbsp;c'],
  // unclosed and broken markup
  ['unclosed tags', '<p>a<b>b<i>c', '<p>a<b>b<i>c</i></b></p>', '<p>a<strong>b<em>c</em></strong></p>'],
  ['unclosed script', 'a<script>alert(1)', 'a', 'a'],
  ['unterminated tag', 'a<a href="https://ok.de/"', 'a', 'a'],
  ['unterminated attribute', 'a<img src=x onerror=alert(1)//', 'a', 'a'],
  // comments, CDATA, processing instructions
  ['comment', 'a<!--<img src=x onerror=1>-->b', 'ab', 'ab'],
  ['conditional comment', 'a<!--[if IE]><script>x</script><![endif]-->b', 'ab', 'ab'],
  // In HTML a CDATA section is a bogus comment up to the first ">" (as a browser reads it).
  ['CDATA', 'a<![CDATA[<script>x</script>]]>b', 'ax]]&gt;b', 'ax]]&gt;b'],
  ['doctype, processing instruction', '<!DOCTYPE html><?xml version="1.0"?>a', 'a', 'a'],
  // nested tricks
  ['script split by script', '<scr<script>ipt>alert(1)</scr</script>ipt>', 'ipt&gt;alert(1)ipt&gt;', 'ipt&gt;alert(1)ipt&gt;'],
  ['double <', '<<script>script>alert(1)<</script>/script>', '&lt;/script&gt;', '&lt;/script&gt;'],
  ['markup inside style', '<div><style><img src=x onerror=1></style>d</div>', '<div>d</div>', '<p>d</p>'],
];

/** Tags and attributes that must never be in an output's markup (escaped text is only text). */
const NEVER_IN_A_TAG = /^<\/?(script|style|iframe|object|embed|applet|svg|math|template|noscript|textarea|form|base|meta|link|frame)\b|\son\w+\s*=|javascript:|vbscript:|data:text|style=/i;
/** On a second pass the images are already data: URLs (what the caller's resolver made of them). */
const again = (html: string): string => sanitizeCourseHtml(html, (src) => (src.startsWith('data:image/') ? src : null), safeLinkTarget);

describe('HTML sanitizer: hostile inputs', () => {
  it.each(HOSTILE)('%s', (_what, input, coursePage, submission) => {
    expect(course(input)).toBe(coursePage);
    expect(sanitizeSubmissionHtml(input)).toBe(submission);
  });

  it.each(HOSTILE)('%s: nothing dangerous survives, and sanitising again changes nothing', (_what, input) => {
    for (const output of [course(input), sanitizeSubmissionHtml(input)]) {
      expect((output.match(/<[^>]*>/g) ?? []).filter((tag) => NEVER_IN_A_TAG.test(tag))).toEqual([]);
    }
    expect(again(course(input))).toBe(course(input));
    expect(sanitizeSubmissionHtml(sanitizeSubmissionHtml(input))).toBe(sanitizeSubmissionHtml(input));
  });

  it('drops the tags the old draft list lacked with their content (embed, applet, frameset, head, title)', () => {
    expect(DROP_WITH_CONTENT).toEqual(expect.arrayContaining(['embed', 'applet', 'frameset', 'head', 'title', 'script', 'style', 'svg', 'math']));
  });
});

describe('HTML sanitizer: profiles', () => {
  it('submission text keeps paragraphs, breaks, bold, italic, lists and renames their synonyms', () => {
    expect(sanitizeSubmissionHtml('<div>a<br/>b</div><b>c</b><i>d</i><ul><li>e</li></ul><ol><li>f</li></ol><h1>g</h1><a href="https://ok.de/">h</a>'))
      .toBe('<p>a<br>b</p><strong>c</strong><em>d</em><ul><li>e</li></ul><ol><li>f</li></ol>gh');
  });

  it('course pages keep their structure, tables, figures and resolved images', () => {
    const page = '<h2>Thema</h2><figure><img src="ok.png" alt="Bild" width="100"><figcaption>Zahl</figcaption></figure><blockquote><code>x</code></blockquote><hr>';
    expect(course(page)).toBe('<h2>Thema</h2><figure><img src="data:image/png;base64,AA" alt="Bild" width="100"><figcaption>Zahl</figcaption></figure><blockquote><code>x</code></blockquote><hr>');
  });

  it('plain text: a line per paragraph, item and break; entities decoded; scripts gone', () => {
    expect(htmlToText('<p>a &amp; b</p><p>c<br>d</p><ul><li>x</li></ul>&lt;<script>s</script>')).toBe('a & b\nc\nd\nx\n<');
  });
});
