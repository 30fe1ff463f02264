import { describe, expect, it } from 'vitest';
import { checkLimits, limitsFromAssignment } from '../../main/outbox/limits';
import { countWords, sanitizeDraftHtml } from '../../main/outbox/sanitize-html';

describe('sanitizeDraftHtml (main-side allowlist)', () => {
  it.each([
    ['<p>Hallo <b>Welt</b></p>', '<p>Hallo <strong>Welt</strong></p>'],
    ['<p onclick="x()">a</p>', '<p>a</p>'],
    ['<script>alert(1)</script>text', 'text'],
    ['<img src=x onerror=alert(1)>b', 'b'],
    ['<a href="javascript:alert(1)">link</a>', 'link'],
    ['<ul><li>eins<li>zwei</ul>', '<ul><li>eins<li>zwei</li></li></ul>'],
    ['<em>offen', '<em>offen</em>'],
    ['1 &lt; 2 &amp;&amp; 3 > 2', '1 &lt; 2 &amp;&amp; 3 &gt; 2'],
    ['<style>p{}</style><div>x</div>', '<p>x</p>'],
    ['a<br/>b', 'a<br>b'],
    ['<!-- <script> -->ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>z', 'z'],
  ])('%s → %s', (input, output) => {
    expect(sanitizeDraftHtml(input)).toBe(output);
  });

  it('is idempotent', () => {
    const once = sanitizeDraftHtml('<p>Ä &amp; <i>b</i><ol><li>c</li></ol></p>');
    expect(sanitizeDraftHtml(once)).toBe(once);
  });

  it('counts words like the assignment', () => {
    expect(countWords('<p>eins zwei</p><p>drei</p>')).toBe(3);
    expect(countWords('<p></p>')).toBe(0);
  });
});

describe('assignment limits', () => {
  const assignment = {
    id: 3,
    course: 3,
    name: 'Erörterung',
    submissiondrafts: 1,
    requiresubmissionstatement: 0,
    configs: [
      { plugin: 'onlinetext', subtype: 'assignsubmission', name: 'enabled', value: '1' },
      { plugin: 'onlinetext', subtype: 'assignsubmission', name: 'wordlimit', value: '5' },
      { plugin: 'onlinetext', subtype: 'assignsubmission', name: 'wordlimitenabled', value: '1' },
      { plugin: 'file', subtype: 'assignsubmission', name: 'enabled', value: '1' },
      { plugin: 'file', subtype: 'assignsubmission', name: 'maxfilesubmissions', value: '1' },
      { plugin: 'file', subtype: 'assignsubmission', name: 'maxsubmissionsizebytes', value: '100' },
      { plugin: 'file', subtype: 'assignsubmission', name: 'filetypeslist', value: '.pdf, .docx' },
    ],
  };
  const limits = limitsFromAssignment(assignment);

  it('reads the configs', () => {
    expect(limits).toMatchObject({ onlineTextEnabled: true, wordLimit: 5, fileEnabled: true, maxFiles: 1, maxBytes: 100, fileTypes: ['.pdf', '.docx'] });
  });

  it('accepts a draft within the limits', () => {
    expect(checkLimits({ textHtml: '<p>vier kurze Wörter hier</p>', files: [{ name: 'a.pdf', size: 50 }] }, limits)).toEqual([]);
  });

  it('names every problem in German', () => {
    const problems = checkLimits({ textHtml: '<p>eins zwei drei vier fünf sechs</p>', files: [{ name: 'a.exe', size: 500 }, { name: 'b.pdf', size: 1 }] }, limits);
    expect(problems.join(' ')).toContain('6 Wörter');
    expect(problems.join(' ')).toContain('höchstens 1');
    expect(problems.join(' ')).toContain('„a.exe“ ist zu groß');
    expect(problems.join(' ')).toContain('keinen erlaubten Dateityp');
    expect(checkLimits({ textHtml: '', files: [] }, limits)).toEqual(['Die Abgabe ist leer.']);
  });
});
