/**
 * The few X.509 fields node:crypto does not expose, read from a certificate's DER (`X509Certificate.raw`):
 * the signature algorithm (with RSA-PSS's hash), every extension with its critical flag, and the
 * contents of basicConstraints (pathlen), keyUsage and extKeyUsage. For certificate-trust.ts.
 *
 * A minimal DER reader: single-byte tags, definite lengths up to 4 length bytes, every length
 * checked against its parent. Anything else throws `DerError`; the caller then refuses the certificate.
 * It does not validate the whole certificate (node:crypto has parsed it already), only what it reads.
 */

export class DerError extends Error {}

export interface Tlv {
  tag: number;
  /** First byte of the element (its tag). */
  offset: number;
  /** First byte of the contents. */
  start: number;
  /** One past the last byte of the contents (the next element starts here). */
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** [n] with constructed contents (EXPLICIT tagging), as in tbsCertificate's [0] version and [3] extensions. */
export const contextTag = (n: number): number => 0xa0 | n;

/** The element at `offset`; it must end by `limit`. */
export function readTlv(der: Uint8Array, offset: number, limit: number = der.length): Tlv {
  if (limit > der.length || offset + 2 > limit) throw new DerError('truncated');
  const tag = der[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag number');
  let length = der[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    if (start + count > limit) throw new DerError('truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] as number);
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new DerError('truncated');
  return { tag, offset, start, end };
}

/** Like readTlv, but the element must carry `tag`. */
export function expectTlv(der: Uint8Array, offset: number, limit: number, tag: number): Tlv {
  const tlv = readTlv(der, offset, limit);
  if (tlv.tag !== tag) throw new DerError(`expected tag 0x${tag.toString(16)}, got 0x${tlv.tag.toString(16)}`);
  return tlv;
}

/** The elements inside a constructed element. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end; offset = (out[out.length - 1] as Tlv).end) {
    out.push(readTlv(der, offset, parent.end));
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER's contents. */
export function decodeOid(der: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.OID || tlv.end === tlv.start) throw new DerError('not an OID');
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    const byte = der[i] as number;
    if (value === 0 && byte === 0x80) throw new DerError('OID arc not minimal');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OID arc too large');
    if (!(byte & 0x80)) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    } else if (i + 1 === tlv.end) throw new DerError('OID ends inside an arc');
  }
  return arcs.join('.');
}

/** A small non-negative INTEGER (pathLenConstraint). */
export function decodeSmallInteger(der: Uint8Array, tlv: Tlv): number {
  const length = tlv.end - tlv.start;
  if (tlv.tag !== TAG.INTEGER || length === 0 || length > 4) throw new DerError('unsupported INTEGER');
  if ((der[tlv.start] as number) & 0x80) throw new DerError('negative INTEGER');
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) value = value * 256 + (der[i] as number);
  return value;
}

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  nameConstraints: '2.5.29.30',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha1: '1.3.14.3.2.26',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

/** keyUsage bits (RFC 5280 4.2.1.3), bit 0 first. */
export const KEY_USAGE = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement',
  'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGE)[number];

export interface CertificateExtension {
  oid: string;
  critical: boolean;
  value: Tlv;
}

export interface SignatureAlgorithm {
  oid: string;
  /** RSA-PSS only: the hash and the MGF1 hash (SHA-1 where the parameters leave them out). */
  pssHash?: string;
  pssMgfHash?: string;
}

export interface CertificateDer {
  signature: SignatureAlgorithm;
  /** tbsCertificate's signature field is byte for byte the outer signatureAlgorithm (RFC 5280 4.1.1.2). */
  signatureFieldsMatch: boolean;
  extensions: CertificateExtension[];
  /** Absent extension → undefined. */
  basicConstraints?: { ca: boolean; pathLength?: number };
  keyUsage?: ReadonlySet<KeyUsage>;
  extKeyUsage?: readonly string[];
}

/** The two elements are the same bytes, tag and length included. */
function sameElement(der: Uint8Array, a: Tlv, b: Tlv): boolean {
  const aBytes = der.subarray(a.offset, a.end);
  const bBytes = der.subarray(b.offset, b.end);
  return aBytes.length === bBytes.length && aBytes.every((byte, i) => byte === bBytes[i]);
}

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL } */
function algorithmOid(der: Uint8Array, algorithm: Tlv): { oid: string; parameters?: Tlv } {
  if (algorithm.tag !== TAG.SEQUENCE) throw new DerError('AlgorithmIdentifier is not a SEQUENCE');
  const [oid, parameters, ...rest] = children(der, algorithm);
  if (oid === undefined || rest.length > 0) throw new DerError('bad AlgorithmIdentifier');
  return parameters ? { oid: decodeOid(der, oid), parameters } : { oid: decodeOid(der, oid) };
}

/** RSASSA-PSS-params ::= SEQUENCE { [0] hash DEFAULT sha1, [1] maskGen DEFAULT mgf1SHA1, [2] salt, [3] trailer } */
function pssHashes(der: Uint8Array, parameters: Tlv | undefined): { pssHash: string; pssMgfHash: string } {
  let pssHash: string = OID.sha1;
  let pssMgfHash: string = OID.sha1;
  if (parameters === undefined) return { pssHash, pssMgfHash };
  if (parameters.tag !== TAG.SEQUENCE) throw new DerError('bad RSASSA-PSS parameters');
  for (const field of children(der, parameters)) {
    if (field.tag === contextTag(0)) {
      pssHash = algorithmOid(der, expectTlv(der, field.start, field.end, TAG.SEQUENCE)).oid;
    } else if (field.tag === contextTag(1)) {
      const mgf = algorithmOid(der, expectTlv(der, field.start, field.end, TAG.SEQUENCE));
      if (mgf.oid !== OID.mgf1 || mgf.parameters === undefined) throw new DerError('unsupported mask generation');
      pssMgfHash = algorithmOid(der, mgf.parameters).oid;
    }
  }
  return { pssHash, pssMgfHash };
}

function parseBasicConstraints(der: Uint8Array, value: Tlv): { ca: boolean; pathLength?: number } {
  const sequence = expectTlv(der, value.start, value.end, TAG.SEQUENCE);
  let ca = false;
  let pathLength: number | undefined;
  for (const field of children(der, sequence)) {
    if (field.tag === TAG.BOOLEAN && pathLength === undefined) ca = field.end - field.start === 1 && der[field.start] !== 0;
    else if (field.tag === TAG.INTEGER) pathLength = decodeSmallInteger(der, field);
    else throw new DerError('bad basicConstraints');
  }
  return pathLength === undefined ? { ca } : { ca, pathLength };
}

function parseKeyUsage(der: Uint8Array, value: Tlv): Set<KeyUsage> {
  const bits = expectTlv(der, value.start, value.end, TAG.BIT_STRING);
  if (bits.end - bits.start < 1) throw new DerError('bad keyUsage');
  // The first contents byte counts the unused bits at the end; bit 0 is the first byte's top bit.
  const bytes = der.subarray(bits.start + 1, bits.end);
  return new Set(KEY_USAGE.filter((_, bit) => ((bytes[Math.floor(bit / 8)] ?? 0) & (0x80 >> bit % 8)) !== 0));
}

function parseExtKeyUsage(der: Uint8Array, value: Tlv): string[] {
  const sequence = expectTlv(der, value.start, value.end, TAG.SEQUENCE);
  const oids = children(der, sequence).map((oid) => decodeOid(der, oid));
  if (oids.length === 0) throw new DerError('empty extKeyUsage');
  return oids;
}

/**
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
 * TBSCertificate ::= SEQUENCE { [0] version, serial, signature, issuer, validity, subject, spki,
 *                               [1] issuerUID, [2] subjectUID, [3] extensions }
 * Throws DerError on anything it cannot read, on a repeated extension and on trailing bytes.
 */
export function readCertificateDer(der: Uint8Array): CertificateDer {
  const certificate = expectTlv(der, 0, der.length, TAG.SEQUENCE);
  if (certificate.end !== der.length) throw new DerError('trailing bytes');
  const [tbs, outerAlgorithm, signatureValue, ...rest] = children(der, certificate);
  if (tbs?.tag !== TAG.SEQUENCE || outerAlgorithm === undefined || signatureValue?.tag !== TAG.BIT_STRING || rest.length > 0) {
    throw new DerError('bad Certificate');
  }
  const fields = children(der, tbs);
  const withoutVersion = fields[0]?.tag === contextTag(0) ? fields.slice(1) : fields;
  const innerAlgorithm = withoutVersion[1];
  if (innerAlgorithm === undefined || withoutVersion.length < 6) throw new DerError('bad TBSCertificate');

  const outer = algorithmOid(der, outerAlgorithm);
  const signature: SignatureAlgorithm = outer.oid === OID.rsassaPss ? { oid: outer.oid, ...pssHashes(der, outer.parameters) } : { oid: outer.oid };
  const signatureFieldsMatch = sameElement(der, innerAlgorithm, outerAlgorithm);

  const extensions: CertificateExtension[] = [];
  const wrapper = withoutVersion.slice(6).find((field) => field.tag === contextTag(3));
  if (wrapper) {
    const list = expectTlv(der, wrapper.start, wrapper.end, TAG.SEQUENCE);
    if (list.end !== wrapper.end) throw new DerError('bad extensions');
    for (const extension of children(der, list)) {
      if (extension.tag !== TAG.SEQUENCE) throw new DerError('bad Extension');
      const parts = children(der, extension);
      const [id, second, third] = parts;
      if (id === undefined || second === undefined || parts.length > 3) throw new DerError('bad Extension');
      const critical = third !== undefined && second.tag === TAG.BOOLEAN && second.end - second.start === 1 && der[second.start] !== 0;
      const value = third ?? second;
      if (value.tag !== TAG.OCTET_STRING || (third !== undefined && second.tag !== TAG.BOOLEAN)) throw new DerError('bad Extension');
      const oid = decodeOid(der, id);
      if (extensions.some((seen) => seen.oid === oid)) throw new DerError(`repeated extension ${oid}`);
      extensions.push({ oid, critical, value });
    }
  }

  const result: CertificateDer = { signature, signatureFieldsMatch, extensions };
  for (const { oid, value } of extensions) {
    if (oid === OID.basicConstraints) result.basicConstraints = parseBasicConstraints(der, value);
    else if (oid === OID.keyUsage) result.keyUsage = parseKeyUsage(der, value);
    else if (oid === OID.extKeyUsage) result.extKeyUsage = parseExtKeyUsage(der, value);
  }
  return result;
}
