import { describe, expect, it } from 'vitest';
import { decideOpenExternal, MAX_EXTERNAL_URL_LENGTH } from '../../main/security/open-external';
import type { OpenExternalDecision } from '../../main/security/open-external';

const allowed = (href: string): OpenExternalDecision => ({ allowed: true, href });
const refused = (reason: string): OpenExternalDecision => ({ allowed: false, reason } as OpenExternalDecision);

describe('decideOpenExternal — https only, normalised', () => {
  const cases: [string, unknown, OpenExternalDecision][] = [
    ['https page', 'https://example.org/material.pdf', allowed('https://example.org/material.pdf')],
    ['https with query and fragment', 'https://example.org/a?b=c#d', allowed('https://example.org/a?b=c#d')],
    ['uppercase scheme and host are normalised', 'HTTPS://Example.ORG/Path', allowed('https://example.org/Path')],
    ['IDN host becomes punycode', 'https://schüle.example/', allowed('https://xn--schle-mva.example/')],
    ['default port dropped', 'https://example.org:443/', allowed('https://example.org/')],
    ['other port kept', 'https://example.org:8443/', allowed('https://example.org:8443/')],
    ['spaces in the path are encoded', 'https://example.org/a b', allowed('https://example.org/a%20b')],
    ['http', 'http://example.org/', refused('not-https')],
    ['mailto (attach= risk; decided against)', 'mailto:teacher@school.example.com', refused('not-https')],
    ['mailto with attach', 'mailto:x@example.org?attach=/etc/passwd', refused('not-https')],
    ['file', 'file:///etc/passwd', refused('not-https')],
    ['UNC-style file', 'file://server/share/x.exe', refused('not-https')],
    ['javascript', 'javascript:alert(1)', refused('not-https')],
    ['data', 'data:text/html,x', refused('not-https')],
    ['our deep-link scheme', 'schuldesk://token=YWJj', refused('not-https')],
    ['another app scheme', 'ms-settings:privacy', refused('not-https')],
    ['smb', 'smb://server/share', refused('not-https')],
    ['our UI', 'app://schuldesk/index.html', refused('not-https')],
    ['credentials', 'https://user:pass@example.org/', refused('credentials')],
    ['userinfo trick', 'https://school.example.com@evil.test/', refused('credentials')],
    ['newline (would be stripped by the parser)', 'https://example.org/\nx', refused('control-characters')],
    ['tab', 'https://exa\tmple.org/', refused('control-characters')],
    ['NUL', 'https://example.org/\u0000', refused('control-characters')],
    ['C1 control', 'https://example.org/\u0085', refused('control-characters')],
    ['relative', '/index.html', refused('invalid-url')],
    ['empty', '', refused('invalid-url')],
    ['not a string', { href: 'https://example.org/' }, refused('invalid-url')],
    ['garbage', 'https://', refused('invalid-url')],
  ];
  it.each(cases)('%s', (_name, raw, expected) => {
    expect(decideOpenExternal(raw)).toEqual(expected);
  });

  it(`refuses URLs longer than ${MAX_EXTERNAL_URL_LENGTH} characters, before and after normalisation`, () => {
    const base = 'https://example.org/';
    expect(decideOpenExternal(base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length)).allowed).toBe(true);
    expect(decideOpenExternal(base + 'a'.repeat(MAX_EXTERNAL_URL_LENGTH - base.length + 1))).toEqual(refused('too-long'));
    // Short raw text that grows when encoded.
    expect(decideOpenExternal(`${base}x${' '.repeat(MAX_EXTERNAL_URL_LENGTH - base.length - 2)}x`)).toEqual(refused('too-long'));
  });
});
