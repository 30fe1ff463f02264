/**
 * Policy `trustedCaCertificates` over real HTTPS on 127.0.0.1: a portal whose certificate comes
 * from a private CA (as behind a school's TLS-inspecting proxy) is refused with the plain TLS
 * message while the policy does not name the CA, and reached through the real services (site
 * check and the diagnostics probe, i.e. the portal HttpClient and the probe client) once it
 * does. Closing the services takes the CA out of the process's default list again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { getCACertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bootServices } from '../support/services-harness';
import type { Services } from '../../main/services';
import { contractBody } from '../support/portal-contract';
import { hasOpenssl, makeTestCertificates } from '../support/http-tls-certs';
import type { TestCertificates } from '../support/http-tls-certs';
import { json, startHttpsServer } from '../support/http-test-server';
import type { Handler, TestServer } from '../support/http-test-server';

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('openssl CLI not found: trustedCaCertificates integration test skipped.');

const config = (contractBody('tool_mobile_get_public_config.nologin.json') as [{ data: Record<string, unknown> }])[0].data;
const moodle: Handler = (req, res) => {
  const host = `https://${req.headers.host ?? ''}`;
  json(res, [{ error: false, data: { ...config, wwwroot: host, httpswwwroot: host } }]);
};

describe.skipIf(!opensslAvailable)('policy trustedCaCertificates (main, Node TLS)', () => {
  let certs: TestCertificates;
  const servers: TestServer[] = [];
  const open: Services[] = [];
  const dirs: string[] = [];
  // The default list may hold duplicates until it is first set; compare by fingerprint.
  const fingerprints = (): string[] => [...new Set(getCACertificates('default').map((pem) => new X509Certificate(pem).fingerprint256))].sort();
  const before = fingerprints();
  const trusted = (): boolean => fingerprints().includes(new X509Certificate(certs.caCert).fingerprint256);

  beforeAll(() => {
    certs = makeTestCertificates();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((services) => services.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  afterAll(() => {
    expect(fingerprints()).toEqual(before);
  });

  async function portal(): Promise<TestServer> {
    const server = await startHttpsServer(certs.valid, moodle);
    servers.push(server);
    return server;
  }

  async function boot(policy: Record<string, unknown>): Promise<Services> {
    const dir = mkdtempSync(join(tmpdir(), 'schuldesk-ca-policy-'));
    dirs.push(dir);
    const services = await bootServices({ dataDir: dir, policy });
    open.push(services);
    return services;
  }

  const call = (services: Services, method: string, ...args: unknown[]): Promise<unknown> =>
    Promise.resolve((services.handlers as unknown as Record<string, (...a: unknown[]) => unknown>)[method]?.(...args));

  it('without the CA in the policy the portal is refused with the plain TLS message', async () => {
    const server = await portal();
    const services = await boot({});
    expect(trusted()).toBe(false);
    const error = await call(services, 'portal.checkSite', server.url).then(
      () => null,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(error?.code).toBe('tls-certificate-untrusted');
    expect(error?.message).toContain('Dem Sicherheitszertifikat des Portals wird nicht vertraut');
    expect(server.requests).toHaveLength(0);
  });

  it('with the CA in the policy the site check and the diagnostics probe reach the portal; close() removes the CA again', async () => {
    const server = await portal();
    const services = await boot({ trustedCaCertificates: [certs.caCert], extraBbbHosts: [server.url] });
    expect(trusted()).toBe(true);

    const site = (await call(services, 'portal.checkSite', server.url)) as { siteUrl: string; loginType: string };
    expect(site.siteUrl).toBe(server.url);
    expect(server.requests.length).toBeGreaterThan(0);

    // The diagnostics probe uses its own HttpClient: the CA counts there too.
    const report = (await call(services, 'it.diagnostics')) as { sections: { id: string; entries: { label: string; level: string }[] }[] };
    const bbb = report.sections.find((s) => s.id === 'bbb')?.entries.find((e) => e.label === server.url);
    expect(bbb?.level).toBe('ok');

    await services.close();
    open.splice(open.indexOf(services), 1);
    expect(trusted()).toBe(false);
    expect(fingerprints()).toEqual(before);

    // A fresh server (no pooled connection): refused again without the policy.
    const again = await portal();
    const plain = await boot({});
    await expect(call(plain, 'portal.checkSite', again.url)).rejects.toMatchObject({ code: 'tls-certificate-untrusted' });
  });

  it('two service graphs in one process: closing one keeps the CA for the other', async () => {
    const server = await portal();
    const first = await boot({ trustedCaCertificates: [certs.caCert] });
    const second = await boot({ trustedCaCertificates: [certs.caCert] });
    expect(trusted()).toBe(true);
    await first.close();
    open.splice(open.indexOf(first), 1);
    expect(trusted()).toBe(true);
    await expect(call(second, 'portal.checkSite', server.url)).resolves.toMatchObject({ siteUrl: server.url });
  });
});
