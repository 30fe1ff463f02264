// Pure parts of the accounts module: the one spelling of a site URL, and the credentials record
// kept in the vault. The service itself is tested over real SQLite in test/integration/accounts.test.ts.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AccountsError, canonicalSiteUrl, decodeCredentials, encodeCredentials } from '../../main/portal/accounts';
import { Secret } from '../../main/vault/secret';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('canonicalSiteUrl', () => {
  it.each([
    ['https://moodle.schule.de', 'https://moodle.schule.de'],
    ['https://moodle.schule.de/', 'https://moodle.schule.de'],
    ['https://Moodle.Schule.DE//', 'https://moodle.schule.de'],
    ['HTTPS://moodle.schule.de:443/', 'https://moodle.schule.de'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['https://lernen.schule.de/moodle/', 'https://lernen.schule.de/moodle'],
    ['https://lernen.schule.de/Moodle', 'https://lernen.schule.de/Moodle'],
    ['https://moodle.schule.de/?lang=de#top', 'https://moodle.schule.de'],
    ['https://schüler.example', 'https://xn--schler-5ya.example'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalSiteUrl(input)).toBe(expected);
  });

  it.each(['moodle.schule.de', 'ftp://moodle.schule.de', 'https://user:pw@moodle.schule.de', ''])('refuses %j', (input) => {
    expect(() => canonicalSiteUrl(input)).toThrow(AccountsError);
  });
});

describe('credentials record', () => {
  it('round-trips token and private token', () => {
    const decoded = decodeCredentials(encodeCredentials({ token: new Secret(TOKEN), privateToken: new Secret('Priv4te') }));
    expect(decoded.token.reveal()).toBe(TOKEN);
    expect(decoded.privateToken?.reveal()).toBe('Priv4te');
    expect(decodeCredentials(encodeCredentials({ token: new Secret(TOKEN), privateToken: null })).privateToken).toBeNull();
  });

  it('the encoded record is itself a Secret', () => {
    const encoded = encodeCredentials({ token: new Secret(TOKEN), privateToken: null });
    expect(JSON.stringify({ encoded })).not.toContain(TOKEN);
    expect(JSON.parse(encoded.reveal())).toEqual({ v: 1, token: TOKEN, privateToken: null, privateAccessKey: null });
  });

  it('keeps the private access key for tokenpluginfile; a record stored before it existed reads as "no key"', () => {
    const key = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const decoded = decodeCredentials(encodeCredentials({ token: new Secret(TOKEN), privateToken: null, privateAccessKey: new Secret(key) }));
    expect(decoded.privateAccessKey?.reveal()).toBe(key);
    expect(decodeCredentials(new Secret(JSON.stringify({ v: 1, token: TOKEN, privateToken: null }))).privateAccessKey).toBeNull();
  });

  it.each([
    ['not JSON', TOKEN],
    ['unknown version', JSON.stringify({ v: 2, token: TOKEN, privateToken: null })],
    ['empty token', JSON.stringify({ v: 1, token: '', privateToken: null })],
    ['token not a string', JSON.stringify({ v: 1, token: 42, privateToken: null })],
    ['private token wrong type', JSON.stringify({ v: 1, token: TOKEN, privateToken: 7 })],
    ['private access key wrong type', JSON.stringify({ v: 1, token: TOKEN, privateToken: null, privateAccessKey: 7 })],
    ['null', 'null'],
  ])('refuses %s, without quoting it', (_what, stored) => {
    let caught: unknown;
    try {
      decodeCredentials(new Secret(stored));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AccountsError);
    expect((caught as AccountsError).code).toBe('account-credentials-unreadable');
    expect(`${String(caught)} ${JSON.stringify(caught)} ${inspect(caught)}`).not.toContain(TOKEN);
  });
});
