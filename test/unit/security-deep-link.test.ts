import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDeepLinkInArgv, MAX_DEEP_LINK_LENGTH, parseDeepLink } from '../../main/security/deep-link';
import type { DeepLink } from '../../main/security/deep-link';

/** What Moodle's launch.php puts after `token=`: base64(md5(wwwroot + passport) + ":::" + wstoken). */
const SITE_HASH = 'ffb7da8db9c056a103fcc4ab13455148'; // md5("http://127.0.0.1:8080" + "123"), from the contract README
const WSTOKEN = '0123456789abcdef0123456789abcdef';
const PAYLOAD = Buffer.from(`${SITE_HASH}:::${WSTOKEN}`).toString('base64');
const PAYLOAD_WITH_PRIVATE = Buffer.from(`${SITE_HASH}:::${WSTOKEN}:::${'f'.repeat(64)}`).toString('base64');

const ok = (payload: string): DeepLink => ({ kind: 'sso-token', payload });
const bad = (reason: string): DeepLink => ({ kind: 'invalid', reason } as DeepLink);

describe('parseDeepLink', () => {
  it('the recorded Moodle launch redirect has the shape we parse', () => {
    const recorded = JSON.parse(
      readFileSync(new URL('../fixtures/moodle/contract/launch.typeoflogin1.login_flow.json', import.meta.url), 'utf8'),
    ) as { launchLocation: string };
    // The recording masks the token; its prefix is what matters.
    expect(recorded.launchLocation.startsWith('schuldesk://token=')).toBe(true);
    expect(parseDeepLink(recorded.launchLocation.replace(/token=.*$/, `token=${PAYLOAD}`))).toEqual(ok(PAYLOAD));
  });

  const cases: [string, unknown, DeepLink][] = [
    ['SSO callback', `schuldesk://token=${PAYLOAD}`, ok(PAYLOAD)],
    ['SSO callback with private token', `schuldesk://token=${PAYLOAD_WITH_PRIVATE}`, ok(PAYLOAD_WITH_PRIVATE)],
    ['scheme in capitals (schemes are case-insensitive)', `SchulDesk://token=${PAYLOAD}`, ok(PAYLOAD)],
    ['trailing slash added by a browser', `schuldesk://token=${PAYLOAD}/`, ok(PAYLOAD)],
    ['percent-encoded padding', `schuldesk://token=${PAYLOAD.replace(/=/g, '%3D')}`, ok(PAYLOAD)],
    ['unpadded base64 of a multiple of 3 bytes', 'schuldesk://token=YWJj', ok('YWJj')],
    ['a final "/" that is a base64 digit is kept', 'schuldesk://token=YWJ/', ok('YWJ/')],
    ['not a string', 42, bad('not-a-string')],
    ['undefined', undefined, bad('not-a-string')],
    ['empty', '', bad('wrong-scheme')],
    ['wrong scheme', `moodlemobile://token=${PAYLOAD}`, bad('wrong-scheme')],
    ['look-alike scheme', `schuldesk2://token=${PAYLOAD}`, bad('wrong-scheme')],
    ['https URL', `https://school.example.com/?token=${PAYLOAD}`, bad('wrong-scheme')],
    ['scheme without slashes', `schuldesk:token=${PAYLOAD}`, bad('unsupported-link')],
    ['other deep link', 'schuldesk://link=https://school.example.com/course/view.php?id=2', bad('unsupported-link')],
    ['token key in capitals', `schuldesk://TOKEN=${PAYLOAD}`, bad('unsupported-link')],
    ['host-style callback', `schuldesk://callback?token=${PAYLOAD}`, bad('unsupported-link')],
    ['empty token', 'schuldesk://token=', bad('invalid-payload')],
    ['not base64', 'schuldesk://token=not*base64!', bad('invalid-payload')],
    ['wrong length', 'schuldesk://token=YWJjZ', bad('invalid-payload')],
    ['padding in the middle', 'schuldesk://token=YQ==YWJj', bad('invalid-payload')],
    ['a second parameter', `schuldesk://token=${PAYLOAD}&x=1`, bad('invalid-payload')],
    ['a query', `schuldesk://token=${PAYLOAD}?next=https://evil.test`, bad('invalid-payload')],
    ['a fragment', `schuldesk://token=${PAYLOAD}#frag`, bad('invalid-payload')],
    ['two trailing slashes', `schuldesk://token=${PAYLOAD}//`, bad('invalid-payload')],
    ['broken percent escape', 'schuldesk://token=YWJj%ZZ', bad('invalid-payload')],
    ['percent-encoded control character', 'schuldesk://token=YWJj%0A', bad('invalid-characters')],
    ['newline', `schuldesk://token=${PAYLOAD}\n`, bad('invalid-characters')],
    ['carriage return inside', `schuldesk://token=${PAYLOAD.slice(0, 8)}\r${PAYLOAD.slice(8)}`, bad('invalid-characters')],
    ['NUL', `schuldesk://token=${PAYLOAD}\u0000`, bad('invalid-characters')],
    ['tab', `schuldesk://token=\t${PAYLOAD}`, bad('invalid-characters')],
    ['DEL', `schuldesk://token=${PAYLOAD}\u007f`, bad('invalid-characters')],
    ['C1 control', `schuldesk://token=${PAYLOAD}\u0085`, bad('invalid-characters')],
    ['space', `schuldesk://token= ${PAYLOAD}`, bad('invalid-characters')],
    ['leading space', ` schuldesk://token=${PAYLOAD}`, bad('invalid-characters')],
    ['non-ASCII', `schuldesk://token=${PAYLOAD}ü`, bad('invalid-characters')],
    ['right-to-left override', `schuldesk://token=${PAYLOAD}\u202e`, bad('invalid-characters')],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(parseDeepLink(raw)).toEqual(expected);
  });

  it(`rejects more than ${MAX_DEEP_LINK_LENGTH} characters, and only that`, () => {
    const prefix = 'schuldesk://token=';
    const valid = `${prefix}${'A'.repeat(4076)}`; // 4094 characters, canonical base64
    expect(parseDeepLink(valid).kind).toBe('sso-token');
    const exactly = `${prefix}${'A'.repeat(MAX_DEEP_LINK_LENGTH - prefix.length)}`;
    expect(exactly.length).toBe(MAX_DEEP_LINK_LENGTH);
    // 4078 base64 digits are not a whole number of groups: refused for that, not for length.
    expect(parseDeepLink(exactly)).toEqual(bad('invalid-payload'));
    expect(parseDeepLink(`${exactly}A`)).toEqual(bad('too-long'));
    expect(parseDeepLink(`${prefix}${'A'.repeat(1_000_000)}`)).toEqual(bad('too-long'));
  });

  it('never puts anything but the base64 text into the payload', () => {
    const result = parseDeepLink(`SCHULDESK://token=${PAYLOAD}/`);
    expect(result).toEqual(ok(PAYLOAD));
    if (result.kind === 'sso-token') expect(Buffer.from(result.payload, 'base64').toString()).toBe(`${SITE_HASH}:::${WSTOKEN}`);
  });
});

describe('findDeepLinkInArgv', () => {
  const link = `schuldesk://token=${PAYLOAD}`;
  const cases: [string, unknown[], string | null][] = [
    ['Windows second instance', ['C:\\Program Files\\SchulDesk\\SchulDesk.exe', link], link],
    ['development: electron + app path', ['/usr/lib/electron/electron', '/home/u/schuldesk', link], link],
    [
      'with Chromium switches around it',
      ['/opt/SchulDesk/schuldesk', '--allow-file-access-from-files', '--original-process-start-time=1337', link, '--enable-features=X'],
      link,
    ],
    ['scheme in capitals', ['/opt/SchulDesk/schuldesk', `SCHULDESK://token=${PAYLOAD}`], `SCHULDESK://token=${PAYLOAD}`],
    ['the last one wins', ['/x', 'schuldesk://token=first', 'schuldesk://token=last'], 'schuldesk://token=last'],
    ['no link', ['/opt/SchulDesk/schuldesk', '--no-sandbox'], null],
    ['empty argv', [], null],
    ['a switch containing the scheme does not count', ['/x', `--foo=schuldesk://token=${PAYLOAD}`], null],
    ['a quoted argument does not count', ['/x', `"schuldesk://token=${PAYLOAD}"`], null],
    ['non-strings are skipped', ['/x', 42, null, link, undefined], link],
    ['invalid links are still returned (parseDeepLink judges them)', ['/x', 'schuldesk://evil'], 'schuldesk://evil'],
  ];
  it.each(cases)('%s', (_name, argv, expected) => {
    expect(findDeepLinkInArgv(argv)).toBe(expected);
  });
});
