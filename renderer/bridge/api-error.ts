import type { Language } from '../../preload/api';
import { formatError, isErrorCode } from '../../preload/contract/errors';
import type { ErrorInfo, ErrorParams } from '../../preload/contract/errors';

/**
 * Main sends an error as a code and its parameters; the text is made here, in the user's language
 * (the catalog in preload/contract/errors.ts, the same texts i18n serves as `errors.<code>`).
 */
let errorLanguage: Language = 'de';

/** Called by bindLanguage with the UI language, so errors thrown from now on speak it. */
export function setErrorLanguage(language: Language): void {
  errorLanguage = language;
}

/** The text for an error code (unknown codes read as `internal`). */
export function errorMessage(info: { code: string; params?: ErrorParams | undefined }, language: Language = errorLanguage): string {
  return formatError(toInfo(info.code, info.params), language);
}

function toInfo(code: string, params: ErrorParams | undefined): ErrorInfo {
  const known = isErrorCode(code) ? code : 'internal';
  return params ? { code: known, params } : { code: known };
}

/** An error returned by main: `code` is stable, `message` is its text in the UI language. */
export class ApiError extends Error {
  readonly code: string;
  readonly params: ErrorParams | undefined;
  constructor(payload: { code: string; params?: ErrorParams | undefined }) {
    super(errorMessage(payload));
    this.name = 'ApiError';
    this.code = payload.code;
    this.params = payload.params;
  }
}

/** Both Electron and browser-shell errors carry a `code`; this reads it from whatever was thrown. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'internal';
}

function paramsOf(error: unknown): ErrorParams | undefined {
  const params = typeof error === 'object' && error !== null ? (error as { params?: unknown }).params : undefined;
  return typeof params === 'object' && params !== null ? (params as ErrorParams) : undefined;
}

/** Any rejection of the bridge as an ApiError with the text in the UI language (code kept). */
export function toApiError(error: unknown): ApiError {
  return new ApiError({ code: errorCode(error), params: paramsOf(error) });
}
