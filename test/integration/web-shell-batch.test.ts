/**
 * The browser shell's /api/batch over real HTTP (real services, real server) and the web bridge that
 * uses it: the calls of one tick travel as one request, each answered as if alone, in order; a bad
 * batch is refused as a whole and needs the same secret as every API call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { MAX_BATCH_CALLS, startWebShell } from '../../main/web-shell/server';
import type { WebShell } from '../../main/web-shell/server';
import type { SchulDeskApi } from '../../preload/api';
import { createWebBridge } from '../../renderer/bridge/web';
import { ApiError } from '../../renderer/bridge/api-error';
import { useServicesPerTest } from '../support/services-harness';

const SECRET = 'a'.repeat(48);
const services = useServicesPerTest('schuldesk-web-batch-');
let shell: WebShell;
let paths: string[];
let keepalive: boolean[];
let api: SchulDeskApi;
let hidden = false;

/** A bridge whose requests go to the shell's origin and are counted (paths, keepalive flags). */
const bridge = (secret = SECRET) =>
  createWebBridge(
    secret,
    (input, init) => {
      paths.push(String(input));
      keepalive.push(init?.keepalive === true);
      return fetch(`${shell.origin}${String(input)}`, init);
    },
    () => hidden,
  );

const post = (path: string, body: string, secret: string | null = SECRET) =>
  fetch(`${shell.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(secret ? { 'X-SchulDesk-Secret': secret } : {}) }, body });

beforeEach(async (context) => {
  const booted = await services.boot();
  const rendererDir = join(booted.dataDir, 'renderer-test');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SchulDesk</title>');
  shell = await startWebShell({ services: { services: booted, inputSchemas: INPUT_SCHEMAS }, rendererDir, secret: SECRET });
  context.onTestFinished(() => shell.close());
  paths = [];
  keepalive = [];
  hidden = false;
  // The bridge asks relative paths, as in the page; here they go to the shell's origin.
  api = bridge();
});


describe('the web bridge', () => {
  it('sends the calls of one tick as one /api/batch request and hands each its own answer', async () => {
    const [info, presets, settings] = await Promise.all([api.invoke('app.info'), api.invoke('portal.presets'), api.invoke('settings.list')]);
    expect(paths).toEqual(['/api/batch']);
    expect(info.shell).toBe('browser');
    expect(presets).toMatchObject({ portals: [], allowUserPortals: true, demo: null });
    expect(settings.some((setting) => setting.key === 'language')).toBe(true);
  });

  it('rejects only the call that failed in a batch, with its own code', async () => {
    const results = await Promise.allSettled([api.invoke('app.info'), api.invoke('assignments.get', -1 as number), api.invoke('settings.list')]);
    expect(paths).toEqual(['/api/batch']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const failure = (results[1] as PromiseRejectedResult).reason as unknown;
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('invalid-input');
  });

  it('sends a call alone as /api/invoke/<method> with keepalive, and a later tick as its own request', async () => {
    await api.invoke('app.info');
    await api.invoke('settings.list');
    expect(paths).toEqual(['/api/invoke/app.info', '/api/invoke/settings.list']);
    expect(keepalive).toEqual([true, true]);
  });

  it('sends a batch without keepalive, and every call alone with keepalive while the page is hidden (pagehide saves must outlive it)', async () => {
    await Promise.all([api.invoke('app.info'), api.invoke('settings.list')]);
    hidden = true;
    await Promise.all([api.invoke('app.info'), api.invoke('settings.list')]);
    expect(paths).toEqual(['/api/batch', '/api/invoke/app.info', '/api/invoke/settings.list']);
    expect(keepalive).toEqual([false, true, true]);
  });

  it('sends a call with a large body alone (without keepalive: over 16 KiB in UTF-8)', async () => {
    const big = 'ü'.repeat(9 * 1024); // 9 Ki characters, 18 KiB in UTF-8
    const results = await Promise.allSettled([api.invoke('app.info'), api.invoke('portal.checkSite', big)]);
    expect(results[0]?.status).toBe('fulfilled');
    expect([...paths].sort()).toEqual(['/api/invoke/app.info', '/api/invoke/portal.checkSite']);
    expect(keepalive[paths.indexOf('/api/invoke/portal.checkSite')]).toBe(false);
  });

  it('gives every call of a refused batch the refusal code (here: forbidden, a wrong secret)', async () => {
    const stranger = bridge('b'.repeat(48));
    const results = await Promise.allSettled([stranger.invoke('app.info'), stranger.invoke('settings.list')]);
    expect(paths).toEqual(['/api/batch']);
    expect(results.map((result) => (result.status === 'rejected' ? (result.reason as ApiError).code : 'fulfilled'))).toEqual(['forbidden', 'forbidden']);
  });
});

describe('/api/batch', () => {
  /** The answer's lines, in the order they arrived. */
  const lines = async (response: Response) => (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { index: number; outcome: { ok: boolean; error?: { code: string } } });

  it('answers every call by its index, unknown methods as such', async () => {
    const response = await post('/api/batch', JSON.stringify({ calls: [{ method: 'no.such' }, { method: 'app.info', args: [] }] }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const answers = (await lines(response)).sort((a, b) => a.index - b.index);
    expect(answers.map((answer) => [answer.index, answer.outcome.ok])).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(answers[0]?.outcome.error?.code).toBe('unknown-method');
  });

  it('writes each answer as its call finishes: a portal that does not answer holds back nothing else', async (context) => {
    // A "portal" that keeps every request open until the test lets it go.
    const held: ServerResponse[] = [];
    const portal = createServer((_req, res) => held.push(res));
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    context.onTestFinished(() => new Promise<void>((resolve) => portal.close(() => resolve())));
    const { port } = portal.address() as AddressInfo;
    const response = await post('/api/batch', JSON.stringify({ calls: [{ method: 'portal.checkSite', args: [`http://127.0.0.1:${port}`] }, { method: 'app.info', args: [] }] }));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect((JSON.parse(text.slice(0, text.indexOf('\n'))) as { index: number }).index).toBe(1);
    // Only now does the portal answer (not a Moodle): the check call gets its own line after that.
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
    for (const res of held) res.writeHead(404).end();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const indices = text.trim().split('\n').map((line) => (JSON.parse(line) as { index: number }).index);
    expect(indices).toEqual([1, 0]);
  });

  it.each([
    ['not JSON', '{calls'],
    ['no calls', '{}'],
    ['an empty list', '{"calls":[]}'],
    ['a call that is not an object', '{"calls":["app.info"]}'],
    [`more than ${MAX_BATCH_CALLS} calls`, JSON.stringify({ calls: Array.from({ length: MAX_BATCH_CALLS + 1 }, () => ({ method: 'app.info' })) })],
  ])('refuses %s as invalid-request', async (_name, body) => {
    const response = await post('/api/batch', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ ok: false, error: { code: 'invalid-request' } });
  });

  it('needs the secret like every API call', async () => {
    expect((await post('/api/batch', '{"calls":[{"method":"app.info"}]}', null)).status).toBe(403);
    expect((await post('/api/batch', '{"calls":[{"method":"app.info"}]}', 'b'.repeat(48))).status).toBe(403);
  });
});
