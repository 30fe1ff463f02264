/**
 * What the server holds for the student, compared with a draft: already there (nothing to send),
 * or changed by someone else since the draft's base (a conflict). Used by the outbox before each send.
 */
import { createHash } from 'node:crypto';
import type { SubmissionStatus } from '../portal/schemas';
import type { Draft, DraftFile, ServerBase } from './drafts';
import { sanitizeDraftHtml } from './sanitize-html';

/** What the server holds for the student, reduced to what the outbox compares. */
export interface ServerCopy extends ServerBase {
  files: { name: string; size: number }[];
  exists: boolean;
}

export function serverCopyOf(status: SubmissionStatus): ServerCopy {
  const submission = status.lastattempt?.submission;
  if (!submission) return { exists: false, timemodified: null, status: null, text: null, files: [] };
  const plugins = submission.plugins ?? [];
  const text = plugins.find((p) => p.type === 'onlinetext')?.editorfields?.find((f) => f.name === 'onlinetext')?.text ?? '';
  const files = (plugins.find((p) => p.type === 'file')?.fileareas ?? [])
    .flatMap((area) => area.files ?? [])
    .map((f) => ({ name: f.filename ?? '', size: f.filesize ?? 0 }));
  return { exists: true, timemodified: submission.timemodified, status: submission.status, text, files };
}

function sameFiles(mine: DraftFile[], theirs: { name: string; size: number }[]): boolean {
  const key = (f: { name: string; size: number }): string => `${f.name}\u0000${f.size}`;
  const a = mine.map(key).sort();
  const b = theirs.map(key).sort();
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Text and files of a submission, as one hash (what we compare against what we tried to send). */
export function contentFingerprint(textHtml: string, files: { name: string; size: number }[]): string {
  const list = files.map((f) => `${f.name}\u0000${f.size}`).sort();
  return createHash('sha256').update(JSON.stringify([sanitizeDraftHtml(textHtml), list])).digest('hex');
}

/** True when the server already holds exactly this draft's text and files. */
export function serverHasDraft(draft: Draft, server: ServerCopy): boolean {
  return server.exists && sanitizeDraftHtml(server.text ?? '') === draft.textHtml && sameFiles(draft.files, server.files);
}

/** The server copy changed since the draft was based on it (and is not what we sent ourselves). */
export function isConflict(draft: Draft, server: ServerCopy): boolean {
  if (!server.exists || serverHasDraft(draft, server)) return false;
  // What the server shows is something we sent ourselves (its answer or our record of it was lost).
  if (draft.sentAttempts.includes(contentFingerprint(server.text ?? '', server.files))) return false;
  const hasContent = (server.text ?? '').replace(/<[^>]*>/g, '').trim() !== '' || server.files.length > 0;
  if (draft.baseTimemodified === null) return hasContent;
  return server.timemodified !== draft.baseTimemodified || server.status !== draft.baseStatus;
}
