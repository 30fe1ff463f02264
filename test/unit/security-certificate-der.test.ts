// The small DER reader behind certificate-trust.ts (main/security/certificate-der.ts): hand-made
// bytes for the edge cases of lengths, OIDs and INTEGERs, then the fields it reads from the
// committed openssl fixtures (test/fixtures/certificates/), compared with what openssl printed.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { children, decodeOid, decodeSmallInteger, DerError, readCertificateDer, readTlv } from '../../main/security/certificate-der';

const FIXTURES = fileURLToPath(new URL('../fixtures/certificates/', import.meta.url));
const raw = (name: string): Buffer => new X509Certificate(readFileSync(`${FIXTURES}${name}.pem`)).raw;
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('readTlv', () => {
  it('reads short and long lengths', () => {
    expect(readTlv(bytes(0x04, 0x02, 0xaa, 0xbb), 0)).toEqual({ tag: 0x04, offset: 0, start: 2, end: 4 });
    const long = new Uint8Array(4 + 300);
    long.set([0x04, 0x82, 0x01, 0x2c]);
    expect(readTlv(long, 0)).toEqual({ tag: 0x04, offset: 0, start: 4, end: 304 });
  });

  it('refuses truncation, indefinite or oversized lengths, high tag numbers and overruns of the parent', () => {
    expect(() => readTlv(bytes(0x04, 0x03, 0xaa), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x04), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x30, 0x80, 0x00, 0x00), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x04, 0x85, 0, 0, 0, 0, 1, 0), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x04, 0x82, 0x01), 0)).toThrow(DerError);
    expect(() => readTlv(bytes(0x1f, 0x01, 0x00), 0)).toThrow(DerError);
    // The element fits the buffer but not its parent (limit 3).
    expect(() => readTlv(bytes(0x04, 0x02, 0xaa, 0xbb), 0, 3)).toThrow(DerError);
  });

  it('children walks a SEQUENCE and refuses a child that overruns it', () => {
    const der = bytes(0x30, 0x06, 0x02, 0x01, 0x05, 0x05, 0x00, 0x01);
    expect(() => children(der, readTlv(der, 0))).toThrow(DerError);
    const ok = bytes(0x30, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00);
    expect(children(ok, readTlv(ok, 0)).map((tlv) => tlv.tag)).toEqual([0x02, 0x05]);
  });
});

describe('decodeOid and decodeSmallInteger', () => {
  const oid = (...content: number[]) => {
    const der = bytes(0x06, content.length, ...content);
    return decodeOid(der, readTlv(der, 0));
  };
  it('decodes OIDs with multi-byte arcs and the joint first arcs', () => {
    expect(oid(0x55, 0x1d, 0x13)).toBe('2.5.29.19');
    expect(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)).toBe('1.2.840.113549.1.1.11');
    expect(oid(0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01)).toBe('1.3.6.1.5.5.7.3.1');
    expect(oid(0x88, 0x37)).toBe('2.999');
  });
  it('refuses empty OIDs, non-minimal arcs and an arc cut off', () => {
    expect(() => oid()).toThrow(DerError);
    expect(() => oid(0x55, 0x80, 0x01)).toThrow(DerError);
    expect(() => oid(0x55, 0x86)).toThrow(DerError);
  });
  it('reads small non-negative INTEGERs only', () => {
    const int = (...content: number[]) => {
      const der = bytes(0x02, content.length, ...content);
      return decodeSmallInteger(der, readTlv(der, 0));
    };
    expect(int(0x00)).toBe(0);
    expect(int(0x01, 0x00)).toBe(256);
    expect(() => int(0xff)).toThrow(DerError);
    expect(() => int()).toThrow(DerError);
    expect(() => int(1, 2, 3, 4, 5)).toThrow(DerError);
  });
});

describe('readCertificateDer on the openssl fixtures', () => {
  it('reads basicConstraints with and without pathlen, keyUsage and extKeyUsage', () => {
    expect(readCertificateDer(raw('ca-pl0')).basicConstraints).toEqual({ ca: true, pathLength: 0 });
    const ca = readCertificateDer(raw('ca'));
    expect(ca.basicConstraints).toEqual({ ca: true });
    expect([...(ca.keyUsage ?? [])]).toEqual(['keyCertSign', 'cRLSign']);
    expect(ca.extKeyUsage).toBeUndefined();
    const leaf = readCertificateDer(raw('leaf-rsa'));
    expect(leaf.basicConstraints).toEqual({ ca: false });
    expect([...(leaf.keyUsage ?? [])]).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(leaf.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(readCertificateDer(raw('leaf-client')).extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(readCertificateDer(raw('int-no-bc')).basicConstraints).toBeUndefined();
  });

  it('lists extensions with their critical flag (name constraints, an unknown one)', () => {
    const critical = (name: string) => readCertificateDer(raw(name)).extensions.filter((e) => e.critical).map((e) => e.oid);
    expect(critical('ca-nc')).toEqual(['2.5.29.19', '2.5.29.15', '2.5.29.30']);
    expect(critical('leaf-unknown-critical')).toEqual(['1.3.6.1.4.1.99999.1']);
    expect(critical('leaf-direct')).toEqual([]);
  });

  it('reads the signature algorithm, with RSA-PSS hashes (SHA-1 when the parameters leave them out)', () => {
    const signature = (name: string) => readCertificateDer(raw(name)).signature;
    expect(signature('leaf')).toEqual({ oid: '1.2.840.10045.4.3.2' });
    expect(signature('leaf-ecdsa-sha1')).toEqual({ oid: '1.2.840.10045.4.1' });
    expect(signature('leaf-sha1-rsa')).toEqual({ oid: '1.2.840.113549.1.1.5' });
    expect(signature('leaf-md5-rsa')).toEqual({ oid: '1.2.840.113549.1.1.4' });
    expect(signature('leaf-pss')).toEqual({ oid: '1.2.840.113549.1.1.10', pssHash: '2.16.840.1.101.3.4.2.1', pssMgfHash: '2.16.840.1.101.3.4.2.1' });
    expect(signature('leaf-pss-sha1')).toEqual({ oid: '1.2.840.113549.1.1.10', pssHash: '1.3.14.3.2.26', pssMgfHash: '1.3.14.3.2.26' });
    expect(readCertificateDer(raw('leaf')).signatureFieldsMatch).toBe(true);
  });

  it('sees a signature field that differs from the outer algorithm, a repeated extension, trailing bytes, truncation', () => {
    const der = Buffer.from(raw('leaf'));
    // Outer signatureAlgorithm ecdsa-with-SHA256 → SHA384 (last OID byte 0x02 → 0x03); the inner one stays.
    const outer = der.lastIndexOf(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
    const changed = Buffer.from(der);
    changed[outer + 9] = 0x03;
    expect(readCertificateDer(changed).signatureFieldsMatch).toBe(false);

    const ski = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0e]); // subjectKeyIdentifier's OID
    const aki = der.indexOf(Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x23])); // authorityKeyIdentifier's OID
    const repeated = Buffer.from(der);
    ski.copy(repeated, aki);
    expect(() => readCertificateDer(repeated)).toThrow(/repeated extension 2.5.29.14/);

    expect(() => readCertificateDer(Buffer.concat([der, Buffer.from([0])]))).toThrow(DerError);
    expect(() => readCertificateDer(der.subarray(0, der.length - 10))).toThrow(DerError);
  });
});
