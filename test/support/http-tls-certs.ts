// Test certificates made with the openssl CLI in a temp directory: a private CA, a valid leaf
// for 127.0.0.1, an expired one, one for another host name, and a self-signed one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  caCert: string;
  valid: KeyPair;
  expired: KeyPair;
  wrongHost: KeyPair;
  selfSigned: KeyPair;
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'schuldesk-tls-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=SchulDesk Test CA');
    const leaf = (name: string, san: string, days: string): KeyPair => {
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`);
      return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
    };
    const valid = leaf('valid', 'IP:127.0.0.1,DNS:localhost', '2');
    // -days -1: notAfter lies before notBefore (= now), so the certificate is already expired.
    const expired = leaf('expired', 'IP:127.0.0.1', '-1');
    const wrongHost = leaf('wronghost', 'DNS:moodle.other-school.example', '2');
    run('req', '-x509', ...ec, '-keyout', 'self.key', '-out', 'self.pem', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
    return { caCert: read('ca.pem'), valid, expired, wrongHost, selfSigned: { key: read('self.key'), cert: read('self.pem') } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
