/**
 * Policy `trustedCaCertificates` for Chromium's sessions (portal login, conference, updater):
 * the pure decision behind `session.setCertificateVerifyProc` in main/electron/security-hooks.ts.
 * Chromium verifies first; only its "unknown authority" verdict is looked at again (rules at
 * decideCertificate).
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { DerError, OID, readCertificateDer } from './certificate-der';
import type { CertificateDer } from './certificate-der';

/** Chromium's net error for a chain that ends in an unknown root. */
export const ERR_CERT_AUTHORITY_INVALID = -202;

/** Electron's `Certificate` as far as we need it: PEM and the issuer the server sent along. */
export interface PresentedCertificate {
  data: string;
  issuerCert?: PresentedCertificate | null;
}

export interface CertificateCheck {
  hostname: string;
  /** Chromium's verdict as a net error code (0 = OK). */
  errorCode: number;
  certificate: PresentedCertificate;
}

export type RefusalReason =
  | 'chromium-ok'
  | 'not-authority'
  | 'no-policy-ca'
  | 'no-chain-to-policy-ca'
  /** Unreadable, links that do not sign each other, an issuer that is no CA, a mismatched signature field. */
  | 'invalid-chain'
  | 'expired'
  | 'leaf-is-ca'
  | 'key-usage'
  | 'path-length'
  | 'not-server-auth'
  | 'name-constraints'
  | 'unknown-critical-extension'
  | 'weak-signature'
  | 'weak-key'
  | 'wrong-host';

export type CertificateDecision =
  /** Leave it to Chromium (Electron callback -3). */
  | { accept: false; reason: RefusalReason }
  /** Trust it (Electron callback 0): issued under the policy CA with this subject. */
  | { accept: true; ca: string };

const MAX_CHAIN = 10;

function parse(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

/** The presented chain, leaf first, as the issuerCert links give it (stops at a repeat). */
export function presentedChain(certificate: PresentedCertificate): string[] {
  const pems: string[] = [];
  let current: PresentedCertificate | null | undefined = certificate;
  while (current && pems.length < MAX_CHAIN && !pems.includes(current.data)) {
    pems.push(current.data);
    current = current.issuerCert;
  }
  return pems;
}

function validAt(certificate: X509Certificate, now: number): boolean {
  return certificate.validFromDate.getTime() <= now && now <= certificate.validToDate.getTime();
}

function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  return child.checkIssued(issuer) && child.verify(issuer.publicKey);
}

function namesHost(leaf: X509Certificate, hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return leaf.checkIP(host) !== undefined;
  return leaf.checkHost(host, { subject: 'never', partialWildcards: false, multiLabelWildcards: false }) !== undefined;
}

function readDer(certificate: X509Certificate): CertificateDer | null {
  try {
    return readCertificateDer(certificate.raw);
  } catch (error) {
    if (error instanceof DerError) return null;
    throw error;
  }
}

/** Critical extensions whose meaning is checked here (name constraints are refused before). */
const UNDERSTOOD_CRITICAL = new Set<string>([OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectAltName]);

const STRONG_HASHES = new Set(['2.16.840.1.101.3.4.2.1', '2.16.840.1.101.3.4.2.2', '2.16.840.1.101.3.4.2.3']);
const STRONG_SIGNATURES = new Set([
  '1.2.840.113549.1.1.11', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13', // sha512WithRSAEncryption
  '1.2.840.10045.4.3.2', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4', // ecdsa-with-SHA512
]);

function strongSignature({ signature }: CertificateDer): boolean {
  if (signature.oid === OID.rsassaPss) {
    return signature.pssHash !== undefined && STRONG_HASHES.has(signature.pssHash) && signature.pssMgfHash === signature.pssHash;
  }
  return STRONG_SIGNATURES.has(signature.oid);
}

const EC_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

function strongKey(certificate: X509Certificate): boolean {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return (details.modulusLength ?? 0) >= 2048;
  if (key.asymmetricKeyType === 'ec') return details.namedCurve !== undefined && EC_CURVES.has(details.namedCurve);
  return false;
}

function allowsServerAuth(der: CertificateDer, isCa: boolean): boolean {
  if (der.extKeyUsage === undefined) return true;
  return der.extKeyUsage.includes(OID.serverAuth) || (isCa && der.extKeyUsage.includes(OID.anyExtendedKeyUsage));
}

function leafKeyUsageOk(der: CertificateDer): boolean {
  const usage = der.keyUsage;
  return usage === undefined || usage.has('digitalSignature') || usage.has('keyEncipherment') || usage.has('keyAgreement');
}

/** Everything but the signatures (those were checked when the path was found). `path` is leaf first, `ca` its anchor. */
function checkPath(path: readonly X509Certificate[], ca: X509Certificate, hostname: string, now: number): RefusalReason | null {
  const all = [...path, ca];
  const ders: CertificateDer[] = [];
  for (const certificate of all) {
    const der = readDer(certificate);
    if (der === null) return 'invalid-chain';
    ders.push(der);
  }
  const leafDer = ders[0] as CertificateDer;
  const issuers = ders.slice(1);
  // Node's `ca` and our reading of basicConstraints must agree (both: CA:TRUE present).
  if (issuers.some((der) => der.basicConstraints?.ca !== true)) return 'invalid-chain';
  if (path.some((_, i) => !(ders[i] as CertificateDer).signatureFieldsMatch)) return 'invalid-chain';

  if (ders.some((der) => der.extensions.some((extension) => extension.oid === OID.nameConstraints))) return 'name-constraints';
  if (ders.some((der) => der.extensions.some((extension) => extension.critical && !UNDERSTOOD_CRITICAL.has(extension.oid)))) {
    return 'unknown-critical-extension';
  }
  if (!all.every((certificate) => validAt(certificate, now))) return 'expired';
  if ((path[0] as X509Certificate).ca || leafDer.basicConstraints?.ca === true) return 'leaf-is-ca';
  if (!leafKeyUsageOk(leafDer) || issuers.some((der) => der.keyUsage !== undefined && !der.keyUsage.has('keyCertSign'))) {
    return 'key-usage';
  }
  // issuers[k] has k intermediates below it (the leaf does not count).
  if (issuers.some((der, below) => der.basicConstraints?.pathLength !== undefined && below > der.basicConstraints.pathLength)) {
    return 'path-length';
  }
  if (!allowsServerAuth(leafDer, false) || issuers.some((der) => !allowsServerAuth(der, true))) return 'not-server-auth';
  // The signatures made by an issuer: every certificate on the path (the anchor's self-signature does not count).
  if (!ders.slice(0, path.length).every(strongSignature)) return 'weak-signature';
  if (!all.every(strongKey)) return 'weak-key';
  if (!namesHost(path[0] as X509Certificate, hostname)) return 'wrong-host';
  return null;
}

/**
 * Chromium verifies first. Only when its verdict is "unknown authority"
 * (net::ERR_CERT_AUTHORITY_INVALID) do we look again. Chromium reports only its most serious
 * error, and "authority invalid" hides every lesser one (wrong name, expired, EKU, path length,
 * weak signature or key, name constraints …), so all of Chromium's checks that matter here are
 * done again, and a chain is trusted only when ALL hold:
 * - it links by signatures (checkIssued + verify) from the leaf to a policy CA;
 * - every certificate on the way, the policy CA included, is valid now;
 * - the leaf is not a CA; every issuer is a CA (basicConstraints) whose keyUsage, if present,
 *   allows keyCertSign, and whose pathlen, if any, is not exceeded; the leaf's keyUsage, if
 *   present, allows a TLS server key (digitalSignature, keyEncipherment or keyAgreement);
 * - extKeyUsage, where present (leaf, intermediates, policy CA), includes serverAuth (a CA may
 *   also say anyExtendedKeyUsage);
 * - no certificate on the way nor the policy CA carries name constraints: we do not evaluate
 *   them, so such a chain is refused outright (the schema text of trustedCaCertificates says so);
 *   neither may they carry any other critical extension we do not understand;
 * - signatures are RSA PKCS#1 or ECDSA with SHA-256/384/512, or RSA-PSS with those hashes (no
 *   SHA-1, MD5, …); the policy CA's self-signature does not count;
 * - keys are RSA of at least 2048 bits or EC on P-256/P-384/P-521;
 * - the leaf names the host in subjectAltName (no CN fallback, no partial wildcards).
 * Every other verdict (OK, revoked, expired, …) stays Chromium's.
 */
export function decideCertificate(check: CertificateCheck, trustedPems: readonly string[], now: number): CertificateDecision {
  if (check.errorCode === 0) return { accept: false, reason: 'chromium-ok' };
  if (check.errorCode !== ERR_CERT_AUTHORITY_INVALID) return { accept: false, reason: 'not-authority' };
  const cas = trustedPems.map(parse).filter((ca): ca is X509Certificate => ca !== null && ca.ca);
  if (cas.length === 0) return { accept: false, reason: 'no-policy-ca' };

  const chain: X509Certificate[] = [];
  for (const pem of presentedChain(check.certificate)) {
    const parsed = parse(pem);
    if (parsed === null) return { accept: false, reason: 'invalid-chain' };
    chain.push(parsed);
  }
  if (chain.length === 0) return { accept: false, reason: 'invalid-chain' };

  // The first certificate on the presented way that a policy CA signed; everything below it must link up.
  for (let index = 0; index < chain.length; index++) {
    const link = chain[index] as X509Certificate;
    const ca = cas.find((candidate) => signedBy(link, candidate));
    if (!ca) continue;
    const path = chain.slice(0, index + 1);
    for (let i = 0; i + 1 < path.length; i++) {
      const child = path[i] as X509Certificate;
      const issuer = path[i + 1] as X509Certificate;
      if (!issuer.ca || !signedBy(child, issuer)) return { accept: false, reason: 'invalid-chain' };
    }
    const refusal = checkPath(path, ca, check.hostname, now);
    if (refusal !== null) return { accept: false, reason: refusal };
    return { accept: true, ca: ca.subject.replace(/\n/g, ', ') };
  }
  return { accept: false, reason: 'no-chain-to-policy-ca' };
}
