// The pure decision behind Electron's certificate verify proc (policy trustedCaCertificates),
// on real certificates made with the openssl CLI: a school CA with an intermediate, another CA,
// leaves for the right and the wrong host, an expired leaf, and a leaf that poses as an issuer.
// Then a table on the committed fixtures of test/fixtures/certificates/ (no openssl needed): what
// Chromium rejects but "unknown authority" hides — name constraints, pathlen, EKU, no SAN, partial
// wildcards, SHA-1/MD5, small or unsupported keys, unknown critical extensions, key usage.
// Also the Node-side list (main/net/trusted-cas.ts) against an injected default list.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustedCaList } from '../../main/net/trusted-cas';
import { decideCertificate, ERR_CERT_AUTHORITY_INVALID, presentedChain } from '../../main/security/certificate-trust';
import type { CertificateDecision, PresentedCertificate } from '../../main/security/certificate-trust';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Pki {
  schoolCa: string;
  otherCa: string;
  intermediate: string;
  leaf: string;
  leafViaIntermediate: string;
  leafIp: string;
  otherLeaf: string;
  expiredLeaf: string;
  wrongHost: string;
  notACa: string;
  leafUnderNotACa: string;
}

function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const read = (name: string) => readFileSync(join(dir, `${name}.pem`), 'utf8');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const root = (name: string, cn: string) => run('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=${cn}`);
  const issue = (name: string, issuer: string, ext: string, days = '30') => {
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`);
  };
  try {
    root('school', 'Schul-Proxy CA');
    root('other', 'Fremde CA');
    issue('intermediate', 'school', 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign');
    issue('leaf', 'school', 'subjectAltName=DNS:moodle.schule.example');
    issue('leafvia', 'intermediate', 'subjectAltName=DNS:moodle.schule.example');
    issue('leafip', 'school', 'subjectAltName=IP:127.0.0.1');
    issue('otherleaf', 'other', 'subjectAltName=DNS:moodle.schule.example');
    issue('expired', 'school', 'subjectAltName=DNS:moodle.schule.example', '-1');
    issue('wronghost', 'school', 'subjectAltName=DNS:moodle.andere-schule.example');
    issue('notaca', 'school', 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:proxy.schule.example');
    issue('undernotaca', 'notaca', 'subjectAltName=DNS:moodle.schule.example');
    return {
      schoolCa: read('school'), otherCa: read('other'), intermediate: read('intermediate'), leaf: read('leaf'),
      leafViaIntermediate: read('leafvia'), leafIp: read('leafip'), otherLeaf: read('otherleaf'), expiredLeaf: read('expired'),
      wrongHost: read('wronghost'), notACa: read('notaca'), leafUnderNotACa: read('undernotaca'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Electron's Certificate with its issuerCert links, leaf first. */
function presented(...pems: string[]): PresentedCertificate {
  const [first, ...rest] = pems;
  if (first === undefined) throw new Error('empty chain');
  return { data: first, issuerCert: rest.length ? presented(...rest) : undefined };
}

const HOST = 'moodle.schule.example';
const FIXTURES = fileURLToPath(new URL('../fixtures/certificates/', import.meta.url));

describe.skipIf(!hasOpenssl())('decideCertificate (Chromium sessions, policy trustedCaCertificates)', () => {
  let pki: Pki;
  let now = 0;
  beforeAll(() => {
    pki = makePki();
    // A minute after the certificates were made (their notBefore is the second they were made).
    now = Date.now() + 60_000;
  });
  const unknownAuthority = (...pems: string[]) => ({ hostname: HOST, errorCode: ERR_CERT_AUTHORITY_INVALID, certificate: presented(...pems) });

  it('accepts a leaf of the policy CA when Chromium only did not know the authority', () => {
    expect(decideCertificate(unknownAuthority(pki.leaf), [pki.schoolCa], now)).toEqual({ accept: true, ca: 'CN=Schul-Proxy CA' });
  });

  it('accepts a chain through an intermediate the server sent along, also with the root included', () => {
    expect(decideCertificate(unknownAuthority(pki.leafViaIntermediate, pki.intermediate), [pki.schoolCa], now).accept).toBe(true);
    expect(decideCertificate(unknownAuthority(pki.leafViaIntermediate, pki.intermediate, pki.schoolCa), [pki.otherCa, pki.schoolCa], now).accept).toBe(true);
  });

  it('accepts an IP address host (also in brackets) when the leaf names that address', () => {
    expect(decideCertificate({ ...unknownAuthority(pki.leafIp), hostname: '127.0.0.1' }, [pki.schoolCa], now).accept).toBe(true);
    expect(decideCertificate({ ...unknownAuthority(pki.leafIp), hostname: '127.0.0.2' }, [pki.schoolCa], now)).toEqual({ accept: false, reason: 'wrong-host' });
  });

  it('leaves every other verdict to Chromium', () => {
    expect(decideCertificate({ ...unknownAuthority(pki.leaf), errorCode: 0 }, [pki.schoolCa], now)).toEqual({ accept: false, reason: 'chromium-ok' });
    // net::ERR_CERT_DATE_INVALID, ERR_CERT_COMMON_NAME_INVALID, ERR_CERT_REVOKED
    for (const code of [-201, -200, -206]) {
      expect(decideCertificate({ ...unknownAuthority(pki.leaf), errorCode: code }, [pki.schoolCa], now)).toEqual({ accept: false, reason: 'not-authority' });
    }
  });

  it('refuses without a policy CA, with a CA that did not issue the chain, or with a leaf posing as CA', () => {
    expect(decideCertificate(unknownAuthority(pki.leaf), [], now)).toEqual({ accept: false, reason: 'no-policy-ca' });
    // A leaf pasted into the policy is not a CA and is ignored.
    expect(decideCertificate(unknownAuthority(pki.leaf), [pki.leaf], now)).toEqual({ accept: false, reason: 'no-policy-ca' });
    expect(decideCertificate(unknownAuthority(pki.otherLeaf), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'no-chain-to-policy-ca' });
    // Intermediate missing: the leaf is not signed by the policy root itself.
    expect(decideCertificate(unknownAuthority(pki.leafViaIntermediate), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'no-chain-to-policy-ca' });
    // notACa is a leaf of the school CA (CA:FALSE); what it "issued" must not pass.
    expect(decideCertificate(unknownAuthority(pki.leafUnderNotACa, pki.notACa), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'invalid-chain' });
    // A chain whose links do not sign each other.
    expect(decideCertificate(unknownAuthority(pki.leaf, pki.intermediate), [pki.schoolCa], now).accept).toBe(true);
    expect(decideCertificate(unknownAuthority(pki.otherLeaf, pki.intermediate), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'invalid-chain' });
  });

  it('checks the dates and the host name Chromium may not have reported behind "authority invalid"', () => {
    expect(decideCertificate(unknownAuthority(pki.expiredLeaf), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'expired' });
    expect(decideCertificate(unknownAuthority(pki.wrongHost), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'wrong-host' });
    // The CA itself is past its end in 40 days.
    expect(decideCertificate(unknownAuthority(pki.leaf), [pki.schoolCa], now + 40 * 86_400_000)).toEqual({ accept: false, reason: 'expired' });
  });

  it('refuses a chain that cannot be read', () => {
    expect(decideCertificate(unknownAuthority('-----BEGIN CERTIFICATE-----\nkaputt\n-----END CERTIFICATE-----'), [pki.schoolCa], now)).toEqual({ accept: false, reason: 'invalid-chain' });
  });

  it('presentedChain follows issuerCert links and stops at a self-reference', () => {
    const root: PresentedCertificate = { data: pki.schoolCa };
    root.issuerCert = root;
    expect(presentedChain({ data: pki.leaf, issuerCert: root })).toEqual([pki.leaf, pki.schoolCa]);
  });
});

describe('decideCertificate on the fixtures (everything Chromium would refuse behind "unknown authority")', () => {
  const fixture = (name: string): string => readFileSync(join(FIXTURES, `${name}.pem`), 'utf8');
  // The fixtures are valid for 20 years from the day they were made: a day after that day.
  const now = new X509Certificate(fixture('ca')).validFromDate.getTime() + 86_400_000;
  const HOST_OK = 'portal.schule.example';
  const decide = (host: string, chain: string[], ca: string, at = now): CertificateDecision =>
    decideCertificate({ hostname: host, errorCode: ERR_CERT_AUTHORITY_INVALID, certificate: presented(...chain.map(fixture)) }, [fixture(ca)], at);

  // [what, host, presented chain (leaf first), policy CA]
  const accepted: [string, string, string[], string][] = [
    ['school CA → intermediate → leaf with SAN, serverAuth, digitalSignature', HOST_OK, ['leaf', 'int'], 'ca'],
    ['the same with the root sent along', HOST_OK, ['leaf', 'int', 'ca'], 'ca'],
    ['leaf without EKU directly under the CA', HOST_OK, ['leaf-direct'], 'ca'],
    ['an IP address in the SAN', '10.0.0.5', ['leaf-direct'], 'ca'],
    ['a whole-label wildcard', 'moodle.schule.example', ['leaf-wildcard'], 'ca'],
    ['RSA 2048 CA and leaf, SHA-256', HOST_OK, ['leaf-rsa'], 'ca-rsa'],
    ['RSA-PSS with SHA-256', HOST_OK, ['leaf-pss'], 'ca-rsa'],
    ['pathlen:0 CA with the leaf directly below', HOST_OK, ['leaf-pl0'], 'ca-pl0'],
  ];
  it.each(accepted)('accepts %s', (_what, host, chain, ca) => {
    expect(decide(host, chain, ca)).toMatchObject({ accept: true });
  });

  // [what, host, presented chain (leaf first), policy CA, reason]
  const refused: [string, string, string[], string, string][] = [
    ['a policy CA with name constraints, host outside them', 'portal.other.example', ['leaf-other-under-ca-nc'], 'ca-nc', 'name-constraints'],
    ['a policy CA with name constraints, even for a host inside them', HOST_OK, ['leaf-under-ca-nc'], 'ca-nc', 'name-constraints'],
    ['an intermediate with name constraints', HOST_OK, ['leaf-under-int-nc', 'int-nc'], 'ca', 'name-constraints'],
    ['a pathlen:0 policy CA that issued an intermediate', HOST_OK, ['leaf-under-int-under-ca-pl0', 'int-under-ca-pl0'], 'ca-pl0', 'path-length'],
    ['a pathlen:0 intermediate that issued another intermediate', HOST_OK, ['leaf-under-int-below-pl0', 'int-below-pl0', 'int-pl0'], 'ca', 'path-length'],
    ['a leaf only for client authentication', HOST_OK, ['leaf-client'], 'ca', 'not-server-auth'],
    ['an intermediate only for client authentication', HOST_OK, ['leaf-under-int-client', 'int-client'], 'ca', 'not-server-auth'],
    ['a policy CA only for client authentication', HOST_OK, ['leaf-under-ca-client'], 'ca-client', 'not-server-auth'],
    ['a leaf without subjectAltName (name only in CN)', HOST_OK, ['leaf-cn-only'], 'ca', 'wrong-host'],
    ['a partial wildcard p*.schule.example', HOST_OK, ['leaf-partial-wildcard'], 'ca', 'wrong-host'],
    ['a wildcard for a name two labels down', 'a.portal.schule.example', ['leaf-wildcard'], 'ca', 'wrong-host'],
    ['a leaf signed with SHA-1 (RSA)', HOST_OK, ['leaf-sha1-rsa'], 'ca-rsa', 'weak-signature'],
    ['a leaf signed with SHA-1 (ECDSA)', HOST_OK, ['leaf-ecdsa-sha1'], 'ca', 'weak-signature'],
    ['a leaf signed with MD5', HOST_OK, ['leaf-md5-rsa'], 'ca-rsa', 'weak-signature'],
    ['a leaf signed with RSA-PSS over SHA-1', HOST_OK, ['leaf-pss-sha1'], 'ca-rsa', 'weak-signature'],
    ['a leaf with an RSA 1024 key', HOST_OK, ['leaf-rsa1024'], 'ca', 'weak-key'],
    ['a policy CA with an RSA 1024 key', HOST_OK, ['leaf-under-ca-rsa1024'], 'ca-rsa1024', 'weak-key'],
    ['a leaf with an Ed25519 key (Chromium takes none)', HOST_OK, ['leaf-ed25519'], 'ca', 'weak-key'],
    ['a leaf that is a CA', HOST_OK, ['leaf-is-ca'], 'ca', 'leaf-is-ca'],
    ['the policy CA itself presented as the server certificate', HOST_OK, ['ca'], 'ca', 'leaf-is-ca'],
    ['a leaf whose keyUsage is only cRLSign', HOST_OK, ['leaf-bad-key-usage'], 'ca', 'key-usage'],
    // Node's X509Certificate.ca is already false for a keyUsage without keyCertSign.
    ['an intermediate without keyCertSign', HOST_OK, ['leaf-under-int-no-certsign', 'int-no-certsign'], 'ca', 'invalid-chain'],
    ['an intermediate without basicConstraints', HOST_OK, ['leaf-under-int-no-bc', 'int-no-bc'], 'ca', 'invalid-chain'],
    ['a leaf with an unknown critical extension', HOST_OK, ['leaf-unknown-critical'], 'ca', 'unknown-critical-extension'],
    ['a good leaf for another host', 'portal.other.example', ['leaf', 'int'], 'ca', 'wrong-host'],
    ['a good leaf under another policy CA', HOST_OK, ['leaf', 'int'], 'ca-rsa', 'no-chain-to-policy-ca'],
  ];
  it.each(refused)('refuses %s', (_what, host, chain, ca, reason) => {
    expect(decide(host, chain, ca)).toEqual({ accept: false, reason });
  });

  it('refuses the good chain before and after its validity', () => {
    const leaf = new X509Certificate(fixture('leaf'));
    expect(decide(HOST_OK, ['leaf', 'int'], 'ca', leaf.validFromDate.getTime() - 86_400_000)).toEqual({ accept: false, reason: 'expired' });
    expect(decide(HOST_OK, ['leaf', 'int'], 'ca', leaf.validToDate.getTime() + 86_400_000)).toEqual({ accept: false, reason: 'expired' });
  });

  it('every fixture is used by a case above (the script and the table stay in step)', () => {
    const used = new Set([...accepted, ...refused].flatMap(([, , chain, ca]) => [...chain, ca]));
    const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.pem')).map((name) => name.slice(0, -4));
    expect(files.filter((name) => !used.has(name))).toEqual([]);
  });
});

describe('TrustedCaList (Node default CA list)', () => {
  // Real certificates from Node's bundled roots stand in for school CAs.
  const [a, b, c] = getCACertificates('bundled');
  const fp = (pem: string | undefined) => new X509Certificate(pem ?? '').fingerprint256;
  function port(initial: string[]) {
    const state = { list: [...initial], sets: 0 };
    return { state, port: { get: () => [...state.list], set: (next: string[]) => ((state.list = [...next]), (state.sets += 1)) } };
  }

  it('adds what a holder asks for and takes only that away again', () => {
    const { state, port: p } = port([a ?? '']);
    const list = new TrustedCaList(p);
    const holder = Symbol('one');
    expect(list.request(holder, [b ?? '', 'not a certificate'])).toBe(1);
    expect(state.list.map(fp)).toEqual([fp(a), fp(b)]);
    list.release(holder);
    expect(state.list.map(fp)).toEqual([fp(a)]);
  });

  it('never removes a CA that was already in the list', () => {
    const { state, port: p } = port([a ?? '', b ?? '']);
    const list = new TrustedCaList(p);
    const holder = Symbol('one');
    list.request(holder, [b ?? '']);
    expect(state.sets).toBe(0);
    list.release(holder);
    expect(state.list.map(fp)).toEqual([fp(a), fp(b)]);
  });

  it('keeps a CA while another holder still wants it; does not touch the list when nobody wants anything', () => {
    const { state, port: p } = port([a ?? '']);
    const list = new TrustedCaList(p);
    list.request(Symbol('empty'), []);
    expect(state.sets).toBe(0);
    const one = Symbol('one');
    const two = Symbol('two');
    list.request(one, [c ?? '']);
    list.request(two, [c ?? '']);
    list.release(one);
    expect(state.list.map(fp)).toEqual([fp(a), fp(c)]);
    list.release(two);
    expect(state.list.map(fp)).toEqual([fp(a)]);
  });
});
