import type { ApiErrorPayload } from '../../preload/api';

/** An error returned by main: `code` is stable (UI translates it), `message` is safe to show. */
export class ApiError extends Error {
  readonly code: string;
  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
  }
}

/** Both Electron and browser-shell errors carry a `code`; this reads it from whatever was thrown. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return 'internal';
}
