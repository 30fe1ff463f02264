// TLS failures over real HTTPS on 127.0.0.1 with certificates made by the openssl CLI.
// The private test CA is added to this worker's default CA list (tls.setDefaultCACertificates),
// so "expired" and "wrong host name" are checked against a trusted chain, as on a real portal.
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, HttpClientError } from '../../main/net/http-client';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import type { TestCertificates } from '../support/http-tls-certs';
import { json, startHttpsServer, startServer } from '../support/http-test-server';
import type { TestServer } from '../support/http-test-server';

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: TLS integration tests skipped (the code mapping is unit-tested).');

describe.skipIf(!opensslAvailable)('TLS errors over real HTTPS', () => {
  let certs: TestCertificates;
  const servers: Record<string, TestServer> = {};
  const originalCAs = getCACertificates('default');

  beforeAll(async () => {
    certs = makeTestCertificates();
    setDefaultCACertificates([...originalCAs, certs.caCert]);
    const ok = (_req: unknown, res: Parameters<typeof json>[0]): void => json(res, { ok: true });
    servers.valid = await startHttpsServer(certs.valid, ok);
    servers.expired = await startHttpsServer(certs.expired, ok);
    servers.wrongHost = await startHttpsServer(certs.wrongHost, ok);
    servers.selfSigned = await startHttpsServer(certs.selfSigned, ok);
  });

  afterAll(async () => {
    setDefaultCACertificates(originalCAs);
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  async function tlsFailure(server: TestServer | undefined): Promise<HttpClientError> {
    const client = new HttpClient({ sleep: async () => {} });
    try {
      await client.request({ url: `${server?.url}/lib/ajax/service-nologin.php`, maxAttempts: 3 });
    } catch (error) {
      if (error instanceof HttpClientError) return error;
      throw error;
    }
    throw new Error('expected a TLS failure');
  }

  it('connects to a portal with a valid certificate of the trusted CA', async () => {
    const client = new HttpClient();
    const response = await client.request({ url: servers.valid?.url ?? '' });
    expect(response.status).toBe(200);
  });

  it('reports a self-signed certificate as untrusted (DEPTH_ZERO_SELF_SIGNED_CERT), without retrying', async () => {
    const error = await tlsFailure(servers.selfSigned);
    expect(error.kind).toBe('tls');
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(error.tlsProblem).toBe('untrusted');
    expect(error.attempts).toBe(1);
    expect(servers.selfSigned?.requests).toHaveLength(0);
  });

  it('reports an expired certificate (CERT_HAS_EXPIRED)', async () => {
    const error = await tlsFailure(servers.expired);
    expect(error.code).toBe('CERT_HAS_EXPIRED');
    expect(error.tlsProblem).toBe('expired');
  });

  it('reports a certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    const error = await tlsFailure(servers.wrongHost);
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(error.tlsProblem).toBe('hostname-mismatch');
  });

  it('reports https:// spoken to a plain-HTTP port as a TLS handshake problem', async () => {
    const plain = await startServer((_req, res) => json(res, {}));
    try {
      const client = new HttpClient({ sleep: async () => {} });
      const error = await client.request({ url: plain.url.replace('http:', 'https:'), maxAttempts: 1 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpClientError);
      expect((error as HttpClientError).kind).toBe('tls');
      expect((error as HttpClientError).tlsProblem).toBe('handshake');
    } finally {
      await plain.close();
    }
  });
});
