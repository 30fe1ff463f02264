import { describe, expect, it } from 'vitest';
import { MoodleError } from '../fixtures/moodle/errors';
import { boundaryOf, parseMultipart } from '../fixtures/moodle/multipart';
import { encodePhpParams, parsePhpParams, phpJsonEncode, phpUrlencode, splitPhpKey } from '../fixtures/moodle/php-params';
import { phpSerialize, phpSerializeSourceObject } from '../fixtures/moodle/php-serialize';
import { p, validateParams } from '../fixtures/moodle/ws-params';

describe('PHP array parameters', () => {
  it('parses the recorded form bodies like PHP', () => {
    const recorded =
      'wstoken=x&wsfunction=mod_assign_save_submission&assignmentid=1&plugindata%5Bonlinetext_editor%5D%5Btext%5D=%3Cp%3E20+%25+von+80+%E2%82%AC%3C%2Fp%3E&plugindata%5Bonlinetext_editor%5D%5Bformat%5D=1&plugindata%5Bfiles_filemanager%5D=125589844';
    expect(parsePhpParams(recorded)).toEqual({
      wstoken: 'x',
      wsfunction: 'mod_assign_save_submission',
      assignmentid: '1',
      plugindata: { onlinetext_editor: { text: '<p>20 % von 80 €</p>', format: '1' }, files_filemanager: '125589844' },
    });
    expect(parsePhpParams('courseids%5B0%5D=2&courseids%5B1%5D=3&options[0][name]=excludecontents&options[0][value]=1')).toEqual({
      courseids: { 0: '2', 1: '3' },
      options: { 0: { name: 'excludecontents', value: '1' } },
    });
  });

  it('appends for empty brackets and lets later scalars win', () => {
    expect(parsePhpParams('a[]=1&a[]=2&b=1&b=2')).toEqual({ a: { 0: '1', 1: '2' }, b: '2' });
    expect(splitPhpKey('a[b][0][]')).toEqual(['a', 'b', '0', '']);
    expect(splitPhpKey('[x]')).toEqual(['[x]']);
  });

  it('encodes nested values like http_build_query and round-trips', () => {
    const params = { courseids: [2, 3], options: [{ name: 'cmid', value: 5 }], flag: true, skip: null };
    const encoded = encodePhpParams(params);
    expect(encoded).toBe('courseids%5B0%5D=2&courseids%5B1%5D=3&options%5B0%5D%5Bname%5D=cmid&options%5B0%5D%5Bvalue%5D=5&flag=1');
    expect(parsePhpParams(encoded)).toEqual({ courseids: { 0: '2', 1: '3' }, options: { 0: { name: 'cmid', value: '5' } }, flag: '1' });
  });

  it('urlencodes and JSON-encodes the way PHP does', () => {
    expect(phpUrlencode('Lena Müller ~*')).toBe('Lena+M%C3%BCller+%7E%2A');
    expect(phpJsonEncode({ url: 'http://a/b', name: 'Müller – 😀' })).toBe('{"url":"http:\\/\\/a\\/b","name":"M\\u00fcller \\u2013 \\ud83d\\ude00"}');
    expect(JSON.parse(phpJsonEncode({ name: 'Müller' }))).toEqual({ name: 'Müller' });
  });

  it('serialises PHP values with byte lengths', () => {
    expect(phpSerialize({ printintro: 0, type: 'PDF document', mimetype: 'application/pdf' })).toBe(
      'a:3:{s:10:"printintro";i:0;s:4:"type";s:12:"PDF document";s:8:"mimetype";s:15:"application/pdf";}',
    );
    expect(phpSerializeSourceObject('Rechenweg_Lena.pdf')).toBe('O:8:"stdClass":1:{s:6:"source";s:18:"Rechenweg_Lena.pdf";}');
    expect(phpSerialize('ä')).toBe('s:2:"ä";');
  });
});

describe('multipart parser', () => {
  it('reads fields and files (with UTF-8 names and binary content) from a real FormData body', async () => {
    const form = new FormData();
    form.append('token', 'abc');
    form.append('itemid', '0');
    const binary = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    form.append('file_1', new Blob([new Uint8Array(binary)], { type: 'application/pdf' }), 'Übung "1".pdf');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const contentType = request.headers.get('content-type') ?? '';
    const body = Buffer.from(await request.arrayBuffer());
    const boundary = boundaryOf(contentType);
    expect(boundary).toBeTruthy();
    const parsed = parseMultipart(body, boundary ?? '');
    expect(parsed.fields).toEqual({ token: 'abc', itemid: '0' });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ field: 'file_1', filename: 'Übung "1".pdf', contentType: 'application/pdf' });
    expect(parsed.files[0]?.content.equals(binary)).toBe(true);
  });

  it('finds quoted and unquoted boundaries', () => {
    expect(boundaryOf('multipart/form-data; boundary="abc def"')).toBe('abc def');
    expect(boundaryOf('multipart/form-data; boundary=xyz; charset=utf-8')).toBe('xyz');
    expect(boundaryOf('text/plain')).toBeNull();
  });
});

describe('web-service parameter validation (external_api::validate_parameters)', () => {
  const spec = p.single({
    courseid: p.int(),
    options: p.multiple(p.single({ name: p.alphanumext(), value: p.raw() }), { default: [] }),
    flag: p.bool({ default: false }),
    note: p.raw({ optional: true }),
  });

  const failure = (input: unknown): MoodleError => {
    try {
      validateParams(spec, input);
    } catch (error) {
      if (error instanceof MoodleError) return error;
    }
    throw new Error('expected invalidparameter');
  };

  it('converts types, fills defaults and leaves optional values out', () => {
    expect(validateParams(spec, { courseid: '2', options: { 0: { name: 'cmid', value: '5' } } })).toEqual({ courseid: 2, options: [{ name: 'cmid', value: '5' }], flag: false });
    expect(validateParams(spec, { courseid: 3, flag: 'true', note: 'x' })).toEqual({ courseid: 3, options: [], flag: true, note: 'x' });
  });

  it('rejects a missing key, an unexpected key and a wrong type with invalidparameter', () => {
    for (const input of [{}, { courseid: 2, extra: 1 }, { courseid: 'abc' }, { courseid: 2, options: 'x' }, { courseid: { a: 1 } }]) {
      const error = failure(input);
      expect(error.errorcode).toBe('invalidparameter');
      expect(error.toRest()).toEqual({ exception: 'core\\exception\\invalid_parameter_exception', errorcode: 'invalidparameter', message: 'Invalid parameter value detected' });
    }
    expect(failure({}).debuginfo).toContain('Missing required key in single structure: courseid');
  });
});
