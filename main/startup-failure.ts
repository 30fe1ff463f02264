/**
 * What the shells say when SchulDesk cannot start (before any window or setting exists, so in
 * German and English): a planned reason (a read-only or missing data folder, a damaged store) in
 * the catalog's words, naming the folder; anything else as an internal error with its technical
 * description (paths are fine here: the dialog is shown on this machine only, never sent).
 * The shells show it once and exit; nothing restarts them, so there is no crash loop.
 */
import { formatError } from '../preload/contract/errors';
import { toErrorPayload } from './ipc/errors';
import { describeError } from './log/redact';

export interface StartupFailure {
  title: string;
  message: string;
  /** False for a programming error (a bug to fix); true for a reason the user or IT can act on. */
  planned: boolean;
}

export function startupFailureText(error: unknown): StartupFailure {
  const title = 'SchulDesk kann nicht starten – SchulDesk cannot start';
  const info = toErrorPayload(error);
  if (info.code !== 'internal') {
    return { title, message: `${formatError(info, 'de')}\n\n${formatError(info, 'en')}`, planned: true };
  }
  return {
    title,
    message: `${formatError(info, 'de')}\n${formatError(info, 'en')}\n\n${describeError(error)}`,
    planned: false,
  };
}
