import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeErrorInfo, encodeErrorInfo, ERROR_CODES, ERROR_TEXTS, formatError } from '../../preload/contract/errors';
import { checkErrorCodes, findUncodedErrors } from '../../scripts/lib/error-code-check';
import { ApiError, errorMessage, setErrorLanguage } from '../../renderer/bridge/api-error';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { toErrorPayload, UserFacingError } from '../../main/ipc/errors';
import { StoreError } from '../../main/store/errors';
import { startupFailureText } from '../../main/startup-failure';
import { retriesBySelf, saveRetryDelayMs } from '../../renderer/features/assignments/editor/save-retry';

const ROOT = resolve(__dirname, '../..');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('error catalog', () => {
  it('has a German and an English text for every code, with the same placeholders', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(100);
    for (const code of ERROR_CODES) {
      const { de: german, en: english } = ERROR_TEXTS[code];
      expect(german.trim(), code).not.toBe('');
      expect(english.trim(), code).not.toBe('');
      expect(placeholders(english), code).toEqual(placeholders(german));
      // An English text that is the German one was not translated (legacy-text is only a placeholder).
      if (code !== 'legacy-text') expect(english, code).not.toBe(german);
    }
  });

  it('is what the renderer’s i18n serves as errors.<code> in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(de.errors[code], code).toBe(ERROR_TEXTS[code].de);
      expect(en.errors[code], code).toBe(ERROR_TEXTS[code].en);
    }
  });

  it('fills placeholders and appends a detail or a redirect target the text does not name', () => {
    expect(formatError({ code: 'pin-too-short', params: { min: 6 } }, 'en')).toBe('The PIN must be at least 6 characters long.');
    expect(formatError({ code: 'maintenance', params: { detail: 'Bis 14 Uhr.' } }, 'de')).toBe('Das Portal wird gerade gewartet. Bitte später erneut versuchen. Bis 14 Uhr.');
    expect(formatError({ code: 'redirect-other-host', params: { target: 'https://evil.example' } }, 'en')).toMatch(/Redirect target: https:\/\/evil\.example$/);
  });

  it('stores reasons as code + params and reads old German rows as they are', () => {
    const stored = encodeErrorInfo({ code: 'disk-full' });
    expect(decodeErrorInfo(stored)).toEqual({ code: 'disk-full' });
    expect(decodeErrorInfo(encodeErrorInfo({ code: 'submission-refused', params: { detail: 'x' } }))).toEqual({ code: 'submission-refused', params: { detail: 'x' } });
    const old = decodeErrorInfo('Das Portal ist nicht erreichbar.');
    expect(old).toEqual({ code: 'legacy-text', params: { detail: 'Das Portal ist nicht erreichbar.' } });
    expect(formatError(old!, 'en')).toBe('Das Portal ist nicht erreichbar.');
    expect(decodeErrorInfo('{"code":"no-such-code"}')).toEqual({ code: 'legacy-text', params: { detail: '{"code":"no-such-code"}' } });
    expect(decodeErrorInfo(null)).toBeNull();
  });

  it('the renderer makes the text in the UI language from code and parameters', () => {
    setErrorLanguage('en');
    try {
      expect(new ApiError({ code: 'disk-full' }).message).toBe('The storage on this device is full – your text has not been saved yet.');
      expect(new ApiError({ code: 'something-main-never-sends' }).message).toBe(ERROR_TEXTS.internal.en);
    } finally {
      setErrorLanguage('de');
    }
    expect(errorMessage({ code: 'disk-full' })).toBe('Der Speicherplatz auf diesem Gerät ist voll – dein Text ist noch nicht gespeichert.');
  });

  it('main sends no prose: UserFacingError and the store’s and file layer’s errors become code + params', () => {
    expect(toErrorPayload(new UserFacingError('unknown-setting', { key: 'x' }))).toEqual({ code: 'unknown-setting', params: { key: 'x' } });
    expect(toErrorPayload(new StoreError('store-disk-full', '/data/schuldesk.sqlite'))).toEqual({ code: 'disk-full' });
    expect(toErrorPayload(new StoreError('store-read-only', '/data/schuldesk.sqlite'))).toEqual({ code: 'data-folder-read-only', params: { folder: '/data' } });
    expect(toErrorPayload(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toEqual({ code: 'disk-full' });
    expect(toErrorPayload(new TypeError('x is undefined'))).toEqual({ code: 'internal' });
  });
});

describe('text-key check (every new UserFacingError names a catalog code, no prose)', () => {
  it('finds nothing in main/', () => {
    expect(checkErrorCodes(ROOT)).toEqual([]);
  });

  it('bites on planted German text without a code, prose beside a code, templates and unknown codes', () => {
    const planted = [
      "throw new UserFacingError('Der Speicherplatz ist voll.');",
      "throw new UserFacingError('disk-full', 'Der Speicherplatz ist voll.');",
      'throw new UserFacingError(`file-${kind}`);',
      "throw new UserFacingError('pin-too-short', { min: 4 }, `Die PIN ist zu kurz`);",
      "throw new UserFacingError('no-such-code');",
    ];
    for (const line of planted) expect(findUncodedErrors('planted.ts', line), line).toHaveLength(1);
    expect(findUncodedErrors('fine.ts', "throw new UserFacingError('pin-too-short', { min: MIN });\nthrow new UserFacingError(error.code);")).toEqual([]);
  });

  it('bites on a planted file in a copy of main/', () => {
    const copy = mkdtempSync(join(tmpdir(), 'error-codes-'));
    try {
      cpSync(join(ROOT, 'main'), join(copy, 'main'), { recursive: true });
      writeFileSync(join(copy, 'main', 'planted.ts'), "import { UserFacingError } from './ipc/errors';\nexport const x = () => { throw new UserFacingError('Die Datei ist kaputt.'); };\n");
      expect(checkErrorCodes(copy)).toEqual([{ file: join('main', 'planted.ts'), line: 2, text: "new UserFacingError('Die Datei ist kaputt.')" }]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('what the shells say when SchulDesk cannot start', () => {
  it('a planned reason in German and English, naming the folder; a bug as internal with its description', () => {
    const planned = startupFailureText(new UserFacingError('data-folder-read-only', { folder: 'C:\\Daten\\SchulDesk' }));
    expect(planned).toEqual({
      title: 'SchulDesk kann nicht starten – SchulDesk cannot start',
      message:
        'SchulDesk kann nicht in seinen Datenordner schreiben: C:\\Daten\\SchulDesk. Bitte die Schul-IT informieren.\n\nSchulDesk cannot write to its data folder: C:\\Daten\\SchulDesk. Please tell your school IT.',
      planned: true,
    });
    const bug = startupFailureText(new TypeError('cannot read properties of undefined'));
    expect(bug.planned).toBe(false);
    expect(bug.message).toContain('Interner Fehler in SchulDesk');
    expect(bug.message).toContain('cannot read properties of undefined');
  });
});

describe('editor save retry', () => {
  it('retries by itself only for passing reasons, with a growing pause capped at a minute', () => {
    expect(retriesBySelf('disk-full')).toBe(true);
    expect(retriesBySelf('data-folder-read-only')).toBe(true);
    expect(retriesBySelf('draft-stale')).toBe(false);
    expect(retriesBySelf('internal')).toBe(false);
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(saveRetryDelayMs)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });
});
