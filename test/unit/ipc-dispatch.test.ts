import { describe, expect, it } from 'vitest';
import { API_EVENT_NAMES, API_METHOD_NAMES } from '../../preload/api';
import type { ApiHandlers } from '../../main/ipc/dispatch';
import { dispatch } from '../../main/ipc/dispatch';
import { UserFacingError } from '../../main/ipc/errors';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  const calls: unknown[][] = [];
  // Core handlers only: feature methods are not called here (their parts add to ApiHandlers).
  const base: Partial<ApiHandlers> = {
    'app.info': () => ({ name: 'SchulDesk', version: '1.0.0', shell: 'browser', platform: 'linux' }),
    'settings.list': () => [],
    'settings.set': (key, value) => {
      calls.push([key, value]);
      return [];
    },
    'settings.reset': () => [],
    'policy.report': () => ({ sources: [], problems: [] }),
    'connectivity.get': () => ({ status: 'online', lastSyncAt: null, syncing: false }),
  };
  return { ...base, ...overrides } as ApiHandlers;
}

describe('dispatch', () => {
  it('has an input schema for every API method', () => {
    expect(Object.keys(INPUT_SCHEMAS).sort()).toEqual([...API_METHOD_NAMES].sort());
  });

  it('lists every method and every event in exactly one contract part', () => {
    const twice = (names: readonly string[]) => names.filter((name, index) => names.indexOf(name) !== index);
    expect(twice(API_METHOD_NAMES)).toEqual([]);
    expect(twice(API_EVENT_NAMES)).toEqual([]);
  });

  it('calls the handler with validated arguments', async () => {
    const seen: unknown[] = [];
    const outcome = await dispatch(
      handlers({ 'settings.set': (key, value) => (seen.push(key, value), []) }),
      'settings.set',
      ['language', 'en'],
      INPUT_SCHEMAS,
    );
    expect(outcome).toEqual({ ok: true, result: [] });
    expect(seen).toEqual(['language', 'en']);
  });

  it.each([
    ['unknown method', 'shell.exec', [], 'unknown-method'],
    ['non-string method', 42, [], 'unknown-method'],
    ['prototype key as method', '__proto__', [], 'unknown-method'],
    ['too few arguments', 'settings.set', ['language'], 'invalid-input'],
    ['too many arguments', 'app.info', ['extra'], 'invalid-input'],
    ['arguments not an array', 'settings.reset', { 0: 'language' }, 'invalid-input'],
    ['key with path characters', 'settings.set', ['../../etc', true], 'invalid-input'],
    ['key too long', 'settings.reset', ['a'.repeat(101)], 'invalid-input'],
    ['value a function-like object string over limit', 'settings.set', ['language', 'x'.repeat(10_001)], 'invalid-input'],
  ])('rejects %s', async (_label, method, args, code) => {
    let called = false;
    const all = handlers();
    const guarded = Object.fromEntries(
      Object.entries(all).map(([name, fn]) => [name, (...a: unknown[]) => ((called = true), (fn as (...x: unknown[]) => unknown)(...a))]),
    ) as unknown as ApiHandlers;
    const outcome = await dispatch(guarded, method, args, INPUT_SCHEMAS);
    expect(outcome).toMatchObject({ ok: false, error: { code } });
    expect(called).toBe(false);
  });

  it('passes user-facing errors through with their code', async () => {
    const outcome = await dispatch(
      handlers({
        'settings.set': () => {
          throw new UserFacingError('setting-locked', { key: 'cameraGate' });
        },
      }),
      'settings.set',
      ['cameraGate', false],
      INPUT_SCHEMAS,
    );
    // Code and parameters only: the renderer makes the text.
    expect(outcome).toEqual({ ok: false, error: { code: 'setting-locked', params: { key: 'cameraGate' } } });
  });

  it('hides the message of unexpected errors (it may contain paths or secrets)', async () => {
    const outcome = await dispatch(
      handlers({
        'app.info': () => {
          throw new Error('failed at https://school.example/webservice?wstoken=abcdef0123456789');
        },
      }),
      'app.info',
      [],
      INPUT_SCHEMAS,
    );
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain('wstoken');
    expect(outcome).toMatchObject({ error: { code: 'internal' } });
  });
});

describe('dispatch: invalid input', () => {
  it('answers invalid-input with the method only; zod’s words (which may quote the input) stay in main’s log', async () => {
    const outcome = await dispatch({} as ApiHandlers, 'settings.set', ['geheim-1234'.repeat(2)], INPUT_SCHEMAS);
    expect(outcome).toEqual({ ok: false, error: { code: 'invalid-input', params: { method: 'settings.set' } } });
  });
});
