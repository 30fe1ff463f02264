/**
 * Policy `trustedCaCertificates` for Chromium's sessions (portal login, conference, updater):
 * the pure decision behind `session.setCertificateVerifyProc` in main/electron/security-hooks.ts.
 *
 * Chromium verifies first. Only when its verdict is "unknown authority"
 * (net::ERR_CERT_AUTHORITY_INVALID) and nothing else is wrong do we look again: the chain the
 * server presented must lead, by signatures, to one of the policy's CAs; every certificate on
 * that way must be valid now; every issuer must be a CA; and the leaf must name the host. Chromium
 * reports only its most serious error, and "authority invalid" outranks a wrong name or an
 * expired date, so those are checked here again. Every other verdict (OK, revoked, expired, …)
 * stays Chromium's.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

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

export type CertificateDecision =
  /** Leave it to Chromium (Electron callback -3). */
  | { accept: false; reason: 'chromium-ok' | 'not-authority' | 'no-policy-ca' | 'no-chain-to-policy-ca' | 'invalid-chain' | 'expired' | 'wrong-host' }
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
  return isIP(host) !== 0 ? leaf.checkIP(host) !== undefined : leaf.checkHost(host) !== undefined;
}

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
  const leaf = chain[0];
  if (leaf === undefined) return { accept: false, reason: 'invalid-chain' };

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
    if (![...path, ca].every((certificate) => validAt(certificate, now))) return { accept: false, reason: 'expired' };
    if (!namesHost(leaf, check.hostname)) return { accept: false, reason: 'wrong-host' };
    return { accept: true, ca: ca.subject.replace(/\n/g, ', ') };
  }
  return { accept: false, reason: 'no-chain-to-policy-ca' };
}
