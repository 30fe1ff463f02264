import type { ApiErrorPayload } from '../../preload/api';

/**
 * An error meant for the user: a stable `code` the UI translates, and a message safe to show.
 * Anything else thrown by a handler is reported as `internal` without its message, so a stack
 * trace, a URL with a token or a file path never crosses the border.
 */
export class UserFacingError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserFacingError';
    this.code = code;
  }
}

export function toErrorPayload(error: unknown): ApiErrorPayload {
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  return { code: 'internal', message: 'Interner Fehler in SchulDesk. Details stehen im Protokoll.' };
}
