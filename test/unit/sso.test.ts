// SSO launch logic (Moodle's tool_mobile launch flow): passport, launch URL, and the callback
// checks. Clock and randomness are injected; nothing here touches the network.
// Over 400 lines on purpose: every case of the one launch flow, side by side.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  parseSsoCallback,
  SSO_LAUNCH_TTL_MS,
  SsoError,
  SsoLaunches,
  ssoSignature,
} from '../../main/portal/sso';
import type { SsoErrorCode } from '../../main/portal/sso';

const SITE = 'https://moodle.gym-nord.example';
const LAUNCH_URL = `${SITE}/admin/tool/mobile/launch.php`;
const TOKEN = '9f86d081884c7d659a2feaa0c55ad015';
const PRIVATE = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9mN1pQ3rS5tU7vW9xY1zA3b';

function b64(text: string): string {
  return Buffer.from(text, 'latin1').toString('base64');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** "…xY==" → "…xZ==": same bytes for a lenient decoder, but bits set that no encoder sets. */
function nonCanonical(base64: string): string {
  const last = base64.at(-3) ?? 'A';
  return `${base64.slice(0, -3)}${ALPHABET[ALPHABET.indexOf(last) + 1] ?? 'B'}==`;
}

function callback(payload: string): string {
  return `schuldesk://token=${b64(payload)}`;
}

/** A launch manager with a settable clock and counting random bytes (passports 0101…, 0202…). */
function setup(start = 1_800_000_000_000): { launches: SsoLaunches; clock: { now: number } } {
  const clock = { now: start };
  let counter = 0;
  const launches = new SsoLaunches({
    now: () => clock.now,
    randomBytes: (size) => {
      counter += 1;
      return Buffer.alloc(size, counter);
    },
  });
  return { launches, clock };
}

function genuine(siteUrl: string, passport: string, token = TOKEN, privateToken?: string): string {
  return callback([ssoSignature(siteUrl, passport), token, ...(privateToken ? [privateToken] : [])].join(':::'));
}

function codeOf(fn: () => unknown): SsoErrorCode | 'no error' {
  try {
    fn();
  } catch (error) {
    if (error instanceof SsoError) return error.code;
    throw error;
  }
  return 'no error';
}

function rendered(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return [String(error), (error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ''].join('\n');
  }
  throw new Error('expected a throw');
}

describe('signature: md5(wwwroot + passport)', () => {
  it('matches the recording: md5("http://127.0.0.1:8080" + "123")', () => {
    expect(ssoSignature('http://127.0.0.1:8080', '123')).toBe('ffb7da8db9c056a103fcc4ab13455148');
  });

  it('is computed over wwwroot without trailing slash', () => {
    expect(ssoSignature('http://127.0.0.1:8080/', '123')).toBe('ffb7da8db9c056a103fcc4ab13455148');
  });

  it('agrees with the recorded launch (decoded siteid for passport 123)', () => {
    const recording = JSON.parse(readFileSync(new URL('../fixtures/moodle/contract/launch.typeoflogin2.logged_in_session.json', import.meta.url), 'utf8')) as {
      moodle: { siteurl: string };
      hops: { request: { url: string } }[];
      decoded: { siteid: string; decodedFormat: string };
    };
    const passport = new URL(recording.hops[0]?.request.url ?? '', recording.moodle.siteurl).searchParams.get('passport') ?? '';
    expect(passport).toBe('123');
    expect(recording.decoded.decodedFormat).toBe('siteid:::token');
    expect(ssoSignature(recording.moodle.siteurl, passport)).toBe(recording.decoded.siteid);
  });
});

describe('createLaunch', () => {
  it('passport = 32 random bytes in hex; URL = launchurl?service=moodle_mobile_app&passport=…&urlscheme=schuldesk', () => {
    const { launches } = setup();
    const launch = launches.createLaunch(SITE, LAUNCH_URL);
    expect(launch.passport).toBe('01'.repeat(32));
    expect(launch.url).toBe(`${LAUNCH_URL}?service=moodle_mobile_app&passport=${'01'.repeat(32)}&urlscheme=schuldesk`);
    expect(launches.pendingCount()).toBe(1);
  });

  it('uses crypto randomness by default: 64 hex characters, different every time', () => {
    const launches = new SsoLaunches();
    const a = launches.createLaunch(SITE, LAUNCH_URL).passport;
    const b = launches.createLaunch(SITE, LAUNCH_URL).passport;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
  });

  it('keeps an existing query of the launch URL and drops a fragment', () => {
    const { launches } = setup();
    const launch = launches.createLaunch(`${SITE}/`, `${LAUNCH_URL}?lang=de#x`);
    const url = new URL(launch.url);
    expect(url.hash).toBe('');
    expect([...url.searchParams]).toEqual([
      ['lang', 'de'],
      ['service', 'moodle_mobile_app'],
      ['passport', launch.passport],
      ['urlscheme', 'schuldesk'],
    ]);
  });

  it.each([
    ['another origin', 'https://evil.example/admin/tool/mobile/launch.php'],
    ['another port', 'https://moodle.gym-nord.example:8443/admin/tool/mobile/launch.php'],
    ['http instead of https', 'http://moodle.gym-nord.example/admin/tool/mobile/launch.php'],
    ['not a URL', 'launch.php'],
    ['javascript:', 'javascript:alert(1)'],
    ['credentials in the URL', 'https://user:pw@moodle.gym-nord.example/admin/tool/mobile/launch.php'],
  ])('refuses a launch URL on %s (the passport would leave the portal)', (_what, launchUrl) => {
    const { launches } = setup();
    expect(codeOf(() => launches.createLaunch(SITE, launchUrl))).toBe('sso-launch-url-invalid');
    expect(launches.pendingCount()).toBe(0);
  });

  it('refuses a site URL that is not http(s)', () => {
    const { launches } = setup();
    expect(codeOf(() => launches.createLaunch('ftp://moodle.example', 'ftp://moodle.example/launch.php'))).toBe('sso-launch-url-invalid');
  });

  it('refuses a random source that returns too few bytes', () => {
    const launches = new SsoLaunches({ randomBytes: () => Buffer.alloc(8) });
    expect(() => launches.createLaunch(SITE, LAUNCH_URL)).toThrow(/need 32/);
  });
});

describe('completeLaunch: genuine callbacks', () => {
  it('returns the site and the token, and spends the launch', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const result = launches.completeLaunch(genuine(SITE, passport));
    expect(result.siteUrl).toBe(SITE);
    expect(result.token.reveal()).toBe(TOKEN);
    expect(result.privateToken).toBeUndefined();
    expect(launches.pendingCount()).toBe(0);
  });

  it('returns the private token when Moodle sends three parts', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const result = launches.completeLaunch(genuine(SITE, passport, TOKEN, PRIVATE));
    expect(result.privateToken?.reveal()).toBe(PRIVATE);
  });

  it('the result prints no token', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const result = launches.completeLaunch(genuine(SITE, passport, TOKEN, PRIVATE));
    for (const text of [JSON.stringify(result), inspect(result, { depth: 10 }), String(result.token)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(PRIVATE);
    }
  });

  it('finds the right launch among several sites', () => {
    const { launches } = setup();
    const other = 'https://moodle.realschule-sued.example';
    launches.createLaunch(SITE, LAUNCH_URL);
    const second = launches.createLaunch(other, `${other}/admin/tool/mobile/launch.php`);
    expect(launches.completeLaunch(genuine(other, second.passport)).siteUrl).toBe(other);
    expect(launches.pendingCount()).toBe(1);
  });

  it('accepts the signature over the site with http↔https swapped (as the Moodle app does)', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const http = SITE.replace('https://', 'http://');
    expect(launches.completeLaunch(genuine(http, passport)).siteUrl).toBe(SITE);
  });

  it.each([
    ['percent-encoded base64', (b: string) => `schuldesk://token=${encodeURIComponent(b)}`],
    ['trailing slash (Windows)', (b: string) => `schuldesk://token=${b}/`],
    ['trailing #', (b: string) => `schuldesk://token=${b}#`],
    ['trailing slash and padding percent-encoded', (b: string) => `schuldesk://token=${b.replace(/=/g, '%3D')}/`],
    ['scheme in upper case', (b: string) => `SchulDesk://token=${b}`],
    ['padding stripped', (b: string) => `schuldesk://token=${b.replace(/=+$/, '')}`],
    ['surrounding whitespace', (b: string) => `  schuldesk://token=${b}\n`],
  ])('tolerates %s', (_what, shape) => {
    // 32 + 3 + 32 bytes always end in "==" (hex and ":" never give "+" or "/" in base64).
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const base64 = b64(`${ssoSignature(SITE, passport)}:::${TOKEN}`);
    expect(base64).toMatch(/==$/);
    const result = launches.completeLaunch(shape(base64));
    expect(result.token.reveal()).toBe(TOKEN);
  });

  it('the launch is valid until just before 10 minutes', () => {
    const { launches, clock } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    clock.now += SSO_LAUNCH_TTL_MS - 1;
    expect(launches.completeLaunch(genuine(SITE, passport)).siteUrl).toBe(SITE);
  });
});

describe('completeLaunch: forged and broken callbacks', () => {
  it('no launch pending at all', () => {
    const { launches } = setup();
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, '123')))).toBe('sso-no-pending-launch');
  });

  it('wrong signature', () => {
    const { launches } = setup();
    launches.createLaunch(SITE, LAUNCH_URL);
    expect(codeOf(() => launches.completeLaunch(callback(`${'0'.repeat(32)}:::${TOKEN}`)))).toBe('sso-signature-mismatch');
  });

  it('unknown passport (a genuine-looking signature over another passport)', () => {
    const { launches } = setup();
    launches.createLaunch(SITE, LAUNCH_URL);
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, '123')))).toBe('sso-signature-mismatch');
  });

  it('the right passport signed for another site', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    expect(codeOf(() => launches.completeLaunch(genuine('https://evil.example', passport)))).toBe('sso-signature-mismatch');
  });

  it('replayed: the same callback twice, and a second token for a spent launch', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    launches.createLaunch(SITE, LAUNCH_URL); // another one still pending
    const url = genuine(SITE, passport);
    launches.completeLaunch(url);
    expect(codeOf(() => launches.completeLaunch(url))).toBe('sso-replayed');
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport, 'a'.repeat(32))))).toBe('sso-replayed');
  });

  it('replayed also when nothing else is pending', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    launches.completeLaunch(genuine(SITE, passport));
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport)))).toBe('sso-replayed');
  });

  it('expired after 10 minutes', () => {
    const { launches, clock } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    clock.now += SSO_LAUNCH_TTL_MS;
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport)))).toBe('sso-expired');
    expect(launches.pendingCount()).toBe(0);
  });

  it('a launch forgotten long ago is gone entirely', () => {
    const { launches, clock } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    clock.now += 24 * 60 * 60 * 1000;
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport)))).toBe('sso-no-pending-launch');
  });

  it('cancelAll forgets every launch', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    launches.cancelAll();
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport)))).toBe('sso-no-pending-launch');
  });

  it('a flood of launches keeps only the newest 32', () => {
    const { launches } = setup();
    const first = launches.createLaunch(SITE, LAUNCH_URL);
    for (let i = 0; i < 32; i += 1) launches.createLaunch(SITE, LAUNCH_URL);
    expect(launches.pendingCount()).toBe(32);
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, first.passport)))).toBe('sso-signature-mismatch');
  });

  it('a failed attempt does not use up the pending launch', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, '123')))).toBe('sso-signature-mismatch');
    expect(launches.completeLaunch(genuine(SITE, passport)).siteUrl).toBe(SITE);
  });

  describe('malformed (checked before any launch is looked at)', () => {
    const sig = ssoSignature(SITE, '01'.repeat(32));
    it.each([
      ['garbage base64', 'schuldesk://token=!!!not*base64!!!'],
      ['base64 with a character Buffer would skip', `schuldesk://token=${b64(`${sig}:::${TOKEN}`).slice(0, 8)}.${b64(`${sig}:::${TOKEN}`).slice(8)}`],
      ['non-canonical base64 (unused bits set)', `schuldesk://token=${nonCanonical(b64(`${sig}:::${TOKEN}`))}`],
      ['impossible base64 length', `schuldesk://token=${b64(`${sig}:::${TOKEN}`)}A`],
      ['bad percent-encoding', 'schuldesk://token=%E0%A4%A'],
      ['extra parts', callback(`${sig}:::${TOKEN}:::${PRIVATE}:::more`)],
      ['only one part', callback(sig)],
      ['empty token', callback(`${sig}:::`)],
      ['empty private token', callback(`${sig}:::${TOKEN}:::`)],
      ['token with non-hex characters', callback(`${sig}:::${TOKEN.slice(0, 31)}z`)],
      ['token with a quote', callback(`${sig}:::${TOKEN.slice(0, 31)}'`)],
      ['token too short', callback(`${sig}:::abc123`)],
      ['private token with symbols', callback(`${sig}:::${TOKEN}:::${PRIVATE.slice(0, 60)}$%&/`)],
      ['signature not hex', callback(`${'g'.repeat(32)}:::${TOKEN}`)],
      ['signature wrong length', callback(`${sig.slice(0, 30)}:::${TOKEN}`)],
      ['non-ASCII bytes', `schuldesk://token=${Buffer.concat([Buffer.from(`${sig}:::`), Buffer.from([0xff, 0xfe]), Buffer.from(TOKEN)]).toString('base64')}`],
      ['spaces inside', callback(`${sig} :::${TOKEN}`)],
      ['empty value', 'schuldesk://token='],
      ['no token= part', `schuldesk://${b64(`${sig}:::${TOKEN}`)}`],
      ['another scheme', `moodlemobile://token=${b64(`${sig}:::${TOKEN}`)}`],
      ['https URL', `https://evil.example/?token=${b64(`${sig}:::${TOKEN}`)}`],
      ['empty string', ''],
      ['far too long', `schuldesk://token=${'A'.repeat(5000)}`],
    ])('%s', (_what, url) => {
      const { launches } = setup();
      launches.createLaunch(SITE, LAUNCH_URL);
      expect(codeOf(() => launches.completeLaunch(url))).toBe('sso-malformed');
      expect(launches.pendingCount()).toBe(1);
    });

    it('a non-string input', () => {
      expect(codeOf(() => parseSsoCallback(undefined as unknown as string))).toBe('sso-malformed');
    });
  });
});

describe('the token never appears in an error', () => {
  const { launches, clock } = setup();
  const spent = launches.createLaunch(SITE, LAUNCH_URL).passport;
  launches.completeLaunch(genuine(SITE, spent, 'f'.repeat(32)));
  const expiring = launches.createLaunch(SITE, LAUNCH_URL).passport;
  const pending = launches.createLaunch(SITE, LAUNCH_URL).passport;
  const sig = ssoSignature(SITE, pending);

  it.each([
    ['wrong signature', () => callback(`${'0'.repeat(32)}:::${TOKEN}:::${PRIVATE}`)],
    ['replayed', () => genuine(SITE, spent, TOKEN, PRIVATE)],
    ['expired', () => {
      clock.now += SSO_LAUNCH_TTL_MS;
      return genuine(SITE, expiring, TOKEN, PRIVATE);
    }],
    ['extra parts', () => callback(`${sig}:::${TOKEN}:::${PRIVATE}:::x`)],
    ['non-hex token', () => callback(`${sig}:::${TOKEN}zz`)],
    ['raw token in the URL', () => `schuldesk://token=${TOKEN}:::${PRIVATE}`],
  ])('%s', (_what, make) => {
    const url = make();
    const text = rendered(() => launches.completeLaunch(url));
    expect(text).toMatch(/SsoError/);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PRIVATE);
    expect(text).not.toContain(url.slice('schuldesk://token='.length, 'schuldesk://token='.length + 24));
  });
});

describe('completeLaunchPayload (the base64 part that main/electron/deep-links.ts hands over)', () => {
  it('completes like the whole URL, and refuses what the URL form refuses', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    const payload = b64(`${ssoSignature(SITE, passport)}:::${TOKEN}`);
    expect(codeOf(() => launches.completeLaunchPayload(`${payload}x`))).toBe('sso-malformed');
    expect(codeOf(() => launches.completeLaunchPayload(b64(`${ssoSignature(SITE, passport)}:::${TOKEN}:::`)))).toBe('sso-malformed');
    expect(launches.completeLaunchPayload(payload).token.reveal()).toBe(TOKEN);
    expect(codeOf(() => launches.completeLaunch(`schuldesk://token=${payload}`))).toBe('sso-replayed');
  });
});

describe('parseSsoCallback', () => {
  it('splits signature, token and private token', () => {
    const sig = ssoSignature(SITE, 'p');
    const parsed = parseSsoCallback(callback(`${sig.toUpperCase()}:::${TOKEN}:::${PRIVATE}`));
    expect(parsed.signature).toBe(sig);
    expect(parsed.token.reveal()).toBe(TOKEN);
    expect(parsed.privateToken?.reveal()).toBe(PRIVATE);
  });
});

describe('a launch shown in the login window completes only through that window (review of issue 12)', () => {
  // Moodle puts the passport into the OAuth `state` it hands the identity provider, so more than
  // Moodle can sign a callback. Whoever can also make the OS open schuldesk://token=… (any web page
  // the student visits in another browser) must not complete a launch the login window is showing.
  it('a deep link or pasted callback for a window launch is refused and leaves it pending; the window’s own completes it once', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL, { completesIn: 'window' });
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport)))).toBe('sso-signature-mismatch');
    expect(codeOf(() => launches.completeLaunchPayload(b64(`${ssoSignature(SITE, passport)}:::${TOKEN}`)))).toBe('sso-signature-mismatch');
    expect(launches.pendingCount()).toBe(1);
    expect(launches.completeLaunch(genuine(SITE, passport), 'window').siteUrl).toBe(SITE);
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport), 'window'))).toBe('sso-replayed');
  });

  it('a launch for the system browser or a browser tab completes from outside, not as a login window’s callback', () => {
    const { launches } = setup();
    const { passport } = launches.createLaunch(SITE, LAUNCH_URL);
    expect(codeOf(() => launches.completeLaunch(genuine(SITE, passport), 'window'))).toBe('sso-signature-mismatch');
    expect(launches.completeLaunch(genuine(SITE, passport), 'external').siteUrl).toBe(SITE);
  });
});
