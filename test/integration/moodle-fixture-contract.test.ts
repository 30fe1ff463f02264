// Contract test of the test Moodle: every recorded request from the real Moodle 5.1
// (test/fixtures/moodle/contract/, the repository's copy of the recordings) is replayed in the
// recorded order against the fixture, with tokens the fixture issued for the same user. The
// fixture seeds the recorded ids and runs on the recording's clock, so state builds up the same
// way (student1 saves, uploads and submits; the teacher joins the meeting). Responses must
// match the recording in status, content type, JSON shape (keys and types, recursively) and
// error/warning codes. The browser launch hops are checked in moodle-fixture-launch.test.ts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMoodle } from '../fixtures/moodle/index';
import type { TestMoodle } from '../fixtures/moodle/index';
import { compareShape, formatShapeIssues } from '../fixtures/moodle/shape';

const CONTRACT_DIR = fileURLToPath(new URL('../fixtures/moodle/contract/', import.meta.url));
const RECORDED_SITE = 'http://127.0.0.1:8080';
const RECORDED_BBB = 'http://127.0.0.1:8090';

interface RecordedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body?: unknown;
  bodyText?: string;
  bodyBytes?: number;
  bodyStartHex?: string;
}

interface RecordedFile {
  name: string;
  recordedAt: string;
  as: 'student1' | 'teacher1' | null;
  request?: {
    method: string;
    url: string;
    contentType?: string;
    function?: string;
    formBody?: string;
    body?: unknown;
    fields?: Record<string, string>;
    files?: Record<string, { filename: string; type: string; bytes: number }>;
  };
  response?: RecordedResponse;
}

interface Index {
  recordedAt: string;
  files: { file: string; description: string }[];
}

const index = JSON.parse(readFileSync(`${CONTRACT_DIR}index.json`, 'utf8')) as Index;
const load = (file: string): RecordedFile => JSON.parse(readFileSync(`${CONTRACT_DIR}${file}`, 'utf8')) as RecordedFile;

/** Files this test does not replay, and why. */
const SKIPPED: Record<string, string> = {
  'launch.typeoflogin1.not_logged_in.json': 'browser hops: moodle-fixture-launch.test.ts',
  'launch.typeoflogin1.logged_in_session.json': 'browser hops: moodle-fixture-launch.test.ts',
  'launch.typeoflogin1.login_flow.json': 'browser hops: moodle-fixture-launch.test.ts',
  'launch.typeoflogin2.logged_in_session.json': 'browser hops: moodle-fixture-launch.test.ts',
  'launch.typeoflogin2.not_logged_in.json': 'browser hops: moodle-fixture-launch.test.ts',
  'bbb_api_calls_from_moodle.json': 'a log, not a request: compared with the fixture BBB log below',
};

/** All errorcode / warningcode values in a body, in order. */
function codesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(codesIn);
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      (key === 'errorcode' || key === 'warningcode') && typeof item === 'string' ? [item] : codesIn(item),
    );
  }
  return [];
}

function fakeFile(name: string, type: string, bytes: number): Buffer {
  const head = type === 'application/pdf' ? Buffer.from('%PDF-1.4\n') : Buffer.alloc(0);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, bytes - head.length), 0x20)]).subarray(0, bytes);
}

describe('test Moodle replays the recorded Moodle 5.1 contract', () => {
  let moodle: TestMoodle;
  // The site is seeded at the time of the first recorded request, like the recorded site.
  let clockMs = Date.parse(load(index.files[0]?.file ?? 'index.json').recordedAt);
  const tokens: Record<string, string> = {};
  /** Values the recording had that the fixture issues differently (draft item ids). */
  const valueMap = new Map<string, string>();
  let teacherJoinUrl = '';

  const mapUrl = (url: string, as: RecordedFile['as']): string => {
    let mapped = url.startsWith('/') ? `${moodle.url}${url}` : url.replace(RECORDED_SITE, moodle.url);
    if (as) {
      mapped = mapped.replace('<TOKEN>', tokens[as] ?? '');
      mapped = mapped.replace('<USERPRIVATEACCESSKEY>', moodle.state.requireUser(as).privateAccessKey);
    }
    return mapped;
  };

  const mapForm = (formBody: string, as: RecordedFile['as']): string => {
    const params = new URLSearchParams(formBody);
    const out = new URLSearchParams();
    for (const [key, value] of params) {
      if (value === '<TOKEN>') out.append(key, as ? (tokens[as] ?? '') : '');
      else out.append(key, valueMap.get(value) ?? value);
    }
    return out.toString();
  };

  async function replay(file: RecordedFile): Promise<Response> {
    const request = file.request;
    if (!request) throw new Error(`${file.name}: no request`);
    if (file.name === 'bbb_join_redirect.teacher1') {
      // The join URL is the one the fixture gave the teacher (recorded: the BBB server on :8090).
      expect(request.url.startsWith(`${RECORDED_BBB}/bigbluebutton/api/join?`)).toBe(true);
      return fetch(teacherJoinUrl, { redirect: 'manual' });
    }
    const url = mapUrl(request.url, file.as);
    if (request.url === '/webservice/upload.php') {
      const form = new FormData();
      for (const [key, value] of Object.entries(request.fields ?? {})) form.append(key, value === '<TOKEN>' && file.as ? (tokens[file.as] ?? '') : value);
      for (const [key, spec] of Object.entries(request.files ?? {})) {
        form.append(key, new Blob([new Uint8Array(fakeFile(spec.filename, spec.type, spec.bytes))], { type: spec.type }), spec.filename);
      }
      return fetch(url, { method: 'POST', body: form });
    }
    if (request.contentType === 'application/json') {
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) });
    }
    if (request.method === 'POST') {
      return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: mapForm(request.formBody ?? '', file.as) });
    }
    return fetch(url, { redirect: 'manual' });
  }

  beforeAll(async () => {
    moodle = await startTestMoodle({ now: () => clockMs, bbbSecret: 'contract-test-secret' });
  });

  afterAll(async () => {
    await moodle.close();
  });

  it('has a decision for every recorded file (replayed or skipped with a reason)', () => {
    expect(index.files.length).toBeGreaterThan(60);
    for (const { file } of index.files) {
      const recorded = load(file);
      expect(Boolean(recorded.request && recorded.response) || file in SKIPPED, file).toBe(true);
    }
  });

  for (const { file } of index.files) {
    if (file in SKIPPED) continue;
    it(`matches ${file}`, async () => {
      const recorded = load(file);
      const expected = recorded.response as RecordedResponse;
      clockMs = Date.parse(recorded.recordedAt);
      if (recorded.as && !tokens[recorded.as] && !file.startsWith('login_token.')) tokens[recorded.as] = moodle.state.issueToken(recorded.as);

      const response = await replay(recorded);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.status, `${file}: HTTP status`).toBe(expected.status);

      const recordedType = expected.headers['content-type'];
      if (typeof recordedType === 'string') expect(response.headers.get('content-type'), `${file}: content-type`).toBe(recordedType);

      if ('body' in expected) {
        const json: unknown = JSON.parse(bytes.toString('utf8'));
        const issues = compareShape(json, expected.body);
        expect(issues, `${file}: shape differs from the recording:\n${formatShapeIssues(issues)}`).toEqual([]);
        expect(codesIn(json), `${file}: error/warning codes`).toEqual(codesIn(expected.body));

        if (file.startsWith('login_token.success.') && recorded.as) tokens[recorded.as] = String((json as { token: string }).token);
        if (file === 'webservice_upload.student1.json') {
          const recordedItem = (expected.body as { itemid: number }[])[0]?.itemid;
          const actualItem = (json as { itemid: number }[])[0]?.itemid;
          valueMap.set(String(recordedItem), String(actualItem));
        }
        if (file === 'mod_bigbluebuttonbn_get_join_url.teacher1.json') teacherJoinUrl = String((json as { join_url: string }).join_url);
      }

      if (expected.bodyBytes !== undefined) {
        expect(Number(response.headers.get('content-length')), `${file}: content-length`).toBe(bytes.length);
        if (expected.bodyStartHex) expect(bytes.subarray(0, 4).toString('hex'), `${file}: file signature`).toBe(expected.bodyStartHex.slice(0, 8));
        const disposition = expected.headers['content-disposition'];
        if (typeof disposition === 'string') expect(response.headers.get('content-disposition')).toBe(disposition);
        for (const header of ['etag', 'last-modified', 'cache-control']) {
          if (expected.headers[header] !== undefined) expect(response.headers.get(header), `${file}: ${header}`).not.toBeNull();
        }
        expect(response.headers.get('cache-control')).toBe(expected.headers['cache-control']);
      }

      const location = expected.headers.location;
      if (typeof location === 'string') {
        const mappedLocation = location.replace(RECORDED_SITE, moodle.url).replace(RECORDED_BBB, moodle.url);
        const actual = response.headers.get('location') ?? '';
        if (mappedLocation.includes('sessionToken=')) {
          const prefix = mappedLocation.replace(/sessionToken=.*/, 'sessionToken=');
          expect(actual.startsWith(prefix), `${file}: location ${actual}`).toBe(true);
          expect(actual.slice(prefix.length)).toMatch(/^[0-9a-f]{16}$/);
        }
        else expect(actual, `${file}: location`).toBe(mappedLocation);
      }
      const recordedCookies = expected.headers['set-cookie'];
      if (Array.isArray(recordedCookies)) {
        const names = (list: string[]): string[] => list.map((cookie) => cookie.split('=')[0] ?? '');
        expect(names(response.headers.getSetCookie()), `${file}: cookies`).toEqual(names(recordedCookies));
      }
    });
  }

  it('calls the BBB server like Moodle did (same create and join parameters, valid sha256 checksums)', () => {
    const recorded = JSON.parse(readFileSync(`${CONTRACT_DIR}bbb_api_calls_from_moodle.json`, 'utf8')) as {
      entries: { call: string; params: Record<string, string>; checksumAlgorithm?: string }[];
    };
    const calls = moodle.bbb?.calls ?? [];
    expect(calls.every((call) => call.checksumValid)).toBe(true);
    expect(recorded.entries.filter((e) => e.call).every((e) => e.checksumAlgorithm === 'sha256')).toBe(true);
    for (const kind of ['create', 'join']) {
      const expectedCalls = recorded.entries.filter((e) => e.call === kind);
      const actualCalls = calls.filter((c) => c.call === kind);
      expect(actualCalls.map((c) => c.params.meetingID)).toEqual(expectedCalls.map((e) => e.params.meetingID));
      actualCalls.forEach((call, i) => {
        expect(Object.keys(call.params).sort()).toEqual(Object.keys(expectedCalls[i]?.params ?? {}).sort());
      });
    }
    const createRecorded = recorded.entries.find((e) => e.call === 'create')?.params ?? {};
    const createActual = calls.find((c) => c.call === 'create')?.params ?? {};
    for (const key of ['name', 'attendeePW', 'moderatorPW', 'record', 'welcome', 'meta_bbb-context-label', 'meta_bbb-recording-description']) {
      expect(createActual[key], key).toBe(createRecorded[key]);
    }
  });
});
