// Classification of fetch failures (shaped as undici and Chromium report them) and URL redaction.
import { describe, expect, it } from 'vitest';
import { classifyFetchError, HttpClientError, redactUrl, tlsProblemOf } from '../../main/net/http-client';

/** What Node's fetch throws: TypeError('fetch failed') with the socket error as cause. */
function undiciFailure(code: string, extra: Record<string, unknown> = {}): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code, ...extra }) });
}

describe('classifyFetchError', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ENETUNREACH', 'network-down'],
    ['EHOSTUNREACH', 'network-down'],
    ['ECONNREFUSED', 'connection'],
    ['ECONNRESET', 'connection'],
    ['UND_ERR_SOCKET', 'connection'],
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
  ])('%s → %s', (code, kind) => {
    expect(classifyFetchError(undiciFailure(code))).toMatchObject({ kind, code });
  });

  it('finds codes inside AggregateError (happy eyeballs tries IPv4 and IPv6)', () => {
    const aggregate = Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]), {
      code: 'ECONNREFUSED',
    });
    expect(classifyFetchError(new TypeError('fetch failed', { cause: aggregate }))).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED' });
  });

  it('prefers a TLS code anywhere in the chain', () => {
    const nested = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET', cause: Object.assign(new Error('y'), { code: 'CERT_HAS_EXPIRED' }) }) });
    expect(classifyFetchError(nested)).toMatchObject({ kind: 'tls', tlsProblem: 'expired' });
  });

  it('reads Chromium net errors from the message (Electron net.fetch)', () => {
    expect(classifyFetchError(new Error('net::ERR_INTERNET_DISCONNECTED'))).toMatchObject({ kind: 'network-down' });
    expect(classifyFetchError(new Error('net::ERR_NAME_NOT_RESOLVED'))).toMatchObject({ kind: 'dns' });
    expect(classifyFetchError(new Error('net::ERR_CERT_DATE_INVALID'))).toMatchObject({ kind: 'tls', tlsProblem: 'expired' });
  });

  it('treats an uncoded failure as a connection problem', () => {
    expect(classifyFetchError(new TypeError('terminated'))).toEqual({ kind: 'connection' });
  });
});

describe('tlsProblemOf', () => {
  it('maps certificate codes to what the user is told', () => {
    expect(tlsProblemOf('CERT_HAS_EXPIRED')).toBe('expired');
    expect(tlsProblemOf('CERT_NOT_YET_VALID')).toBe('not-yet-valid');
    expect(tlsProblemOf('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('untrusted');
    expect(tlsProblemOf('SELF_SIGNED_CERT_IN_CHAIN')).toBe('untrusted');
    expect(tlsProblemOf('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('untrusted');
    expect(tlsProblemOf('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')).toBe('untrusted');
    expect(tlsProblemOf('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('hostname-mismatch');
    expect(tlsProblemOf('CERT_REVOKED')).toBe('revoked');
    expect(tlsProblemOf('EPROTO')).toBe('handshake');
    expect(tlsProblemOf('ECONNREFUSED')).toBeNull();
    expect(tlsProblemOf(undefined)).toBeNull();
  });
});

describe('HttpClientError', () => {
  it('says what it means for connectivity', () => {
    const make = (kind: ConstructorParameters<typeof HttpClientError>[0]['kind']): HttpClientError => new HttpClientError({ kind, url: 'https://x' });
    expect(make('dns').connectivity).toBe('offline');
    expect(make('network-down').connectivity).toBe('offline');
    expect(make('connection').connectivity).toBe('portal-unreachable');
    expect(make('timeout').connectivity).toBe('portal-unreachable');
    expect(make('too-large').connectivity).toBeNull();
    expect(make('aborted').connectivity).toBeNull();
  });
});

describe('redactUrl', () => {
  const token = '0123456789abcdef0123456789abcdef';

  it('hides web-service and file tokens but keeps the rest readable', () => {
    expect(redactUrl(`https://moodle.schule.de/webservice/pluginfile.php/17/a.pdf?forcedownload=1&token=${token}`)).toBe(
      'https://moodle.schule.de/webservice/pluginfile.php/17/a.pdf?forcedownload=1&token=<redacted>',
    );
    expect(redactUrl(`https://m.de/webservice/rest/server.php?wstoken=${token}&wsfunction=core_webservice_get_site_info`)).toBe(
      'https://m.de/webservice/rest/server.php?wstoken=<redacted>&wsfunction=core_webservice_get_site_info',
    );
  });

  it('hides private tokens, passwords, keys, user info and the tokenpluginfile access key', () => {
    const out = redactUrl(`https://lena:geheim@m.de/tokenpluginfile.php/${token}/18/mod_page/content/0/a.png?privatetoken=abc&password=x&key=k&PassPort=123`);
    expect(out).not.toContain(token);
    expect(out).not.toContain('geheim');
    expect(out).not.toMatch(/privatetoken=abc|password=x|key=k|123/);
    expect(out).toContain('/tokenpluginfile.php/<redacted>/18/mod_page/');
  });

  it('handles the SSO callback and text that is no URL', () => {
    expect(redactUrl('schuldesk://token=ZmZiN2RhOGRiOWMwNTZhMTAzZmNjNGFiMTM0NTUxNDg6OjpzZWNyZXQ=')).toBe('schuldesk://token=<redacted>');
    expect(redactUrl(`not a url ?wstoken=${token}`)).not.toContain(token);
  });

  it('leaves URLs without secrets untouched', () => {
    expect(redactUrl('https://moodle.schule.de/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config&lang=de')).toBe(
      'https://moodle.schule.de/lib/ajax/service-nologin.php?info=tool_mobile_get_public_config&lang=de',
    );
  });
});
