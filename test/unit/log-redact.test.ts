import { describe, expect, it } from 'vitest';
import { describeError, redactSecrets } from '../../main/log/redact';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('redactSecrets', () => {
  it.each([
    [`https://m.example/webservice/rest/server.php?wstoken=${TOKEN}&wsfunction=x`, 'wsfunction=x'],
    [`https://m.example/webservice/pluginfile.php/12/mod_resource/content/0/a.pdf?forcedownload=1&token=${TOKEN}`, 'forcedownload=1'],
    [`wstoken=${TOKEN}&moodlewsrestformat=json`, 'moodlewsrestformat=json'],
    [`schuldesk://token=ZmZiN2RhOGRiOWMwNTZhMTAzZmNjNGFiMTM0NTUxNDg6Ojo${TOKEN}`, 'schuldesk://token=<redacted>'],
    [`privatetoken=${TOKEN}`, 'privatetoken=<redacted>'],
    [`username=lena&password=Geheim!2026&service=moodle_mobile_app`, 'service=moodle_mobile_app'],
    [`https://m.example/tokenpluginfile.php/${TOKEN}/34/mod_page/content/3/bild.png`, '/34/mod_page/content/3/bild.png'],
    [`Authorization: Bearer ${TOKEN}`, 'Bearer <redacted>'],
  ])('removes the secret from %s', (input, kept) => {
    const output = redactSecrets(input);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('Geheim!2026');
    expect(output).toContain(kept);
  });

  it('leaves harmless text alone', () => {
    expect(redactSecrets('Kurs Mathematik 7b geladen')).toBe('Kurs Mathematik 7b geladen');
  });

  it('describeError redacts the message of thrown errors', () => {
    expect(describeError(new TypeError(`fetch failed for ?wstoken=${TOKEN}`))).toBe('TypeError: fetch failed for ?wstoken=<redacted>');
    expect(describeError(`token=${TOKEN}`)).toBe('token=<redacted>');
  });
});
