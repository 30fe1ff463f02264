import { describe, expect, it } from 'vitest';
import { isAllowedFileName, MOODLE_FILE_GROUPS, normalizeFileTypes } from '../../main/outbox/file-types';
import { checkLimits, limitsFromAssignment } from '../../main/outbox/limits';
import { FILE_TYPE_GROUP_TEXTS, formatError } from '../../preload/contract/errors';
import { countWords, sanitizeDraftHtml } from '../../main/outbox/sanitize-html';

describe('sanitizeDraftHtml (main-side allowlist)', () => {
  it.each([
    ['<p>Hallo <b>Welt</b></p>', '<p>Hallo <strong>Welt</strong></p>'],
    ['<p onclick="x()">a</p>', '<p>a</p>'],
    ['<script>alert(1)</script>text', 'text'],
    ['<img src=x onerror=alert(1)>b', 'b'],
    ['<a href="javascript:alert(1)">link</a>', 'link'],
    // An unclosed item ends where the next begins (as in a browser's parser).
    ['<ul><li>eins<li>zwei</ul>', '<ul><li>eins</li><li>zwei</li></ul>'],
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

  it('names every problem as a code with its facts (the renderer words it in German or English)', () => {
    const problems = checkLimits({ textHtml: '<p>eins zwei drei vier fünf sechs</p>', files: [{ name: 'a.exe', size: 500 }, { name: 'b.pdf', size: 1 }] }, limits);
    expect(problems).toEqual([
      { code: 'limit-words', params: { words: 6, limit: 5 } },
      { code: 'limit-file-count', params: { count: 2, limit: 1 } },
      { code: 'limit-file-size', params: { name: 'a.exe', sizeMb: 0, limitMb: 0 } },
      { code: 'limit-file-type', params: { name: 'a.exe', fileTypes: '.pdf .docx' } },
    ]);
    expect(problems.map((problem) => formatError(problem, 'de')).join(' ')).toContain('Dein Text hat 6 Wörter, erlaubt sind höchstens 5.');
    expect(formatError({ code: 'limit-file-size', params: { name: 'a.mp4', sizeMb: 1234.5, limitMb: 100 } }, 'de')).toBe('„a.mp4“ ist zu groß (1.234,5 MB, erlaubt sind 100 MB).');
    expect(formatError({ code: 'limit-file-size', params: { name: 'a.mp4', sizeMb: 1234.5, limitMb: 100 } }, 'en')).toBe('“a.mp4” is too large (1,234.5 MB; 100 MB are allowed).');
    expect(checkLimits({ textHtml: '', files: [] }, limits)).toEqual([{ code: 'limit-empty' }]);
  });
});

describe("accepted file types as Moodle writes them (filetypeslist: extensions, groups, MIME types)", () => {
  it.each([
    // [filetypeslist, file name, allowed]
    ['image,.pdf', 'foto.PNG', true],
    ['image,.pdf', 'scan.pdf', true],
    ['image,.pdf', 'aufsatz.docx', false],
    ['document', 'aufsatz.docx', true],
    ['document', 'aufsatz.odt', true],
    ['document', 'tabelle.xlsx', false],
    ['web_image', 'bild.png', true],
    ['web_image', 'bild.tif', false],
    ['spreadsheet presentation', 'folien.pptx', true],
    ['application/pdf', 'scan.pdf', true],
    ['application/pdf', 'scan.png', false],
    ['pdf; .TXT', 'notizen.txt', true],
    ['*', 'programm.exe', true],
    ['', 'programm.exe', true],
    // A bare word is an extension, as Moodle reads it.
    ['odt', 'aufsatz.odt', true],
    // A MIME type this client does not know: not checked (the portal decides) …
    ['application/x-eigenes-format', 'irgendwas.xyz', true],
    // … but it does not open up the rest of the list.
    ['application/x-eigenes-format,.pdf', 'irgendwas.xyz', false],
    ['image', 'ohne-endung', false],
  ])('%s: %s → %s', (list, name, allowed) => {
    expect(isAllowedFileName(name, normalizeFileTypes(list))).toBe(allowed);
  });

  it('keeps the tokens as data; the catalog names the groups in German and English', () => {
    const tokens = normalizeFileTypes(' Image, .PDF ;document pdf application/x-eigenes-format');
    expect(tokens).toEqual(['image', '.pdf', 'document', 'application/x-eigenes-format']);
    const problem = { code: 'limit-file-type', params: { name: 'a.exe', fileTypes: tokens.join(' ') } } as const;
    expect(formatError(problem, 'de')).toBe('„a.exe“ hat keinen erlaubten Dateityp (erlaubt: Bilder, .pdf, Dokumente, application/x-eigenes-format).');
    expect(formatError(problem, 'en')).toBe('“a.exe” is not an allowed file type (allowed: images, .pdf, documents, application/x-eigenes-format).');
  });

  it('has a German and an English name for every Moodle file-type group', () => {
    expect(Object.keys(FILE_TYPE_GROUP_TEXTS).sort()).toEqual(Object.keys(MOODLE_FILE_GROUPS).sort());
    for (const [group, texts] of Object.entries(FILE_TYPE_GROUP_TEXTS)) {
      expect(texts.de.trim(), group).not.toBe('');
      expect(texts.en.trim(), group).not.toBe('');
      expect(texts.en, group).not.toBe(texts.de);
    }
  });

  it('checks the types from the assignment configs', () => {
    const limits = limitsFromAssignment({
      id: 7, course: 2, name: 'Foto der Lösung', submissiondrafts: 0, requiresubmissionstatement: 1, submissionstatement: 'Selbst gemacht.',
      configs: [
        { plugin: 'file', subtype: 'assignsubmission', name: 'enabled', value: '1' },
        { plugin: 'file', subtype: 'assignsubmission', name: 'filetypeslist', value: 'image,.pdf' },
      ],
    });
    expect(limits).toMatchObject({ fileTypes: ['image', '.pdf'], requireSubmissionStatement: true, submissionStatement: 'Selbst gemacht.' });
    expect(checkLimits({ textHtml: '', files: [{ name: 'loesung.jpg', size: 10 }] }, limits)).toEqual([]);
    expect(checkLimits({ textHtml: '', files: [{ name: 'loesung.docx', size: 10 }] }, limits)).toEqual([{ code: 'limit-file-type', params: { name: 'loesung.docx', fileTypes: 'image .pdf' } }]);
  });
});
