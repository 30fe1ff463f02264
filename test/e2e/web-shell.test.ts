import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations, useShellAndChromium } from './harness';

/** A raw request, so the Host header can be anything (fetch does not let us set it). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser shell process and its API guard', () => {
  const env = useShellAndChromium();

  const invoke = (method: string, headers: Record<string, string>) =>
    fetch(`${env.shell.origin}/api/invoke/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"args":[]}' });

  it('serves the app and answers the API with the secret (positive control)', async () => {
    const page = await fetch(`${env.shell.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const response = await invoke('app.info', { 'X-SchulDesk-Secret': env.shell.secret });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, result: { name: 'SchulDesk', shell: 'browser' } });
  });

  it('rejects API calls without the secret, with a wrong one, and from a foreign origin (403)', async () => {
    const missing = await invoke('app.info', {});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await invoke('settings.list', { 'X-SchulDesk-Secret': '0'.repeat(env.shell.secret.length) })).status).toBe(403);
    expect((await invoke('app.info', { 'X-SchulDesk-Secret': env.shell.secret, Origin: 'http://evil.example' })).status).toBe(403);
    const events = await fetch(`${env.shell.origin}/api/events`);
    expect(events.status).toBe(403);
  });

  it('rejects requests naming another host (421), even with the secret — DNS rebinding', async () => {
    const port = new URL(env.shell.origin).port;
    const headers = { 'X-SchulDesk-Secret': env.shell.secret, 'Content-Type': 'application/json' };
    const call = (host: string) => rawRequest(`${env.shell.origin}/api/invoke/app.info`, { method: 'POST', headers: { ...headers, Host: host }, body: '{"args":[]}' });
    const foreign = await call(`evil.example:${port}`);
    expect(foreign.status).toBe(421);
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'wrong-host' } });
    expect((await call(`localhost:${port}`)).status).toBe(421);
    expect((await rawRequest(`${env.shell.origin}/`, { headers: { Host: `evil.example:${port}` } })).status).toBe(421);
    expect((await call(`127.0.0.1:${port}`)).status).toBe(200);
  });

  it('without the secret the page explains that SchulDesk is not running (and is accessible)', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.shell.origin}/`);
    await page.getByRole('heading', { level: 1, name: 'SchulDesk läuft nicht' }).waitFor();
    expect(await page.getByText('npm start').count()).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page, 'bridge missing');
    await context.close();
  });

  it('has printed exactly one stdout line and is still running after all of that', async () => {
    // The server answered every request above after its line was printed; it is still serving now.
    expect((await fetch(`${env.shell.origin}/`)).status).toBe(200);
    expect(env.shell.process.exitCode).toBeNull();
    expect(env.shell.stdout()).toBe(`SchulDesk browser mode: ${env.shell.url}\n`);
  });

  it('exits cleanly (code 0) on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => env.shell.process.once('exit', (code) => resolve(code)));
    await env.shell.stop();
    expect(await exited).toBe(0);
  });
});
