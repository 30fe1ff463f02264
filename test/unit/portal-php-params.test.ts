// PHP array syntax for Moodle's REST parameters, checked against the form bodies of the recording.
import { describe, expect, it } from 'vitest';
import { encodePhpParams, flattenPhpParams } from '../../main/portal/php-params';
import type { PhpParams } from '../../main/portal/php-params';
import { contractFiles, readContract } from '../support/portal-contract';

describe('encodePhpParams', () => {
  it('spells nested arrays and objects as PHP does', () => {
    expect(flattenPhpParams({ courseids: [2, 3] })).toEqual([
      ['courseids[0]', '2'],
      ['courseids[1]', '3'],
    ]);
    expect(flattenPhpParams({ options: [{ name: 'excludemodules', value: true }], plugindata: { onlinetext_editor: { text: '<p>x</p>', format: 1 } } })).toEqual([
      ['options[0][name]', 'excludemodules'],
      ['options[0][value]', '1'],
      ['plugindata[onlinetext_editor][text]', '<p>x</p>'],
      ['plugindata[onlinetext_editor][format]', '1'],
    ]);
  });

  it('percent-encodes brackets, umlauts, € and spaces the form way', () => {
    expect(encodePhpParams({ a: [{ 'b c': 'Aufgabe 1: 20 % von 80 € = 16 €' }] })).toBe('a%5B0%5D%5Bb+c%5D=Aufgabe+1%3A+20+%25+von+80+%E2%82%AC+%3D+16+%E2%82%AC');
  });

  it('sends booleans as 1/0, drops null and undefined, refuses NaN', () => {
    expect(encodePhpParams({ t: true, f: false, n: null, u: undefined, zero: 0 })).toBe('t=1&f=0&zero=0');
    expect(() => encodePhpParams({ x: Number.NaN })).toThrow(/finite/);
  });

  it('produces exactly the parameter part of every recorded REST form body', () => {
    let checked = 0;
    for (const file of contractFiles()) {
      const request = readContract(file).request;
      if (!request?.formBody || !request.function || !request.params) continue;
      const head = new RegExp(`^wstoken=[0-9a-f]{32}&wsfunction=${request.function}&moodlewsrestformat=json`).exec(request.formBody);
      expect(head, file).not.toBeNull();
      const recordedParams = request.formBody.slice(head?.[0].length ?? 0).replace(/^&/, '');
      expect(encodePhpParams(request.params as PhpParams), file).toBe(recordedParams);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it('produces the recorded login/token.php body', () => {
    const request = readContract('login_token.success.student1.json').request;
    expect(encodePhpParams(request?.params as PhpParams)).toBe(request?.formBody);
  });
});
