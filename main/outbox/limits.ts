/**
 * An assignment's submission limits, read from mod_assign_get_assignments' `configs`, and the
 * check that runs before anything is sent. The outbox takes limits as input so it does not depend
 * on where they come from: a fresh call, or offline the assignment the last sync stored.
 */
import type { AssignmentRow } from '../assignments/index';
import { describeFileTypes, isAllowedFileName, normalizeFileTypes } from './file-types';
import { countWords } from './sanitize-html';

export interface AssignmentLimits {
  assignId: number;
  courseId: number;
  name: string;
  onlineTextEnabled: boolean;
  /** 0 = no limit. */
  wordLimit: number;
  fileEnabled: boolean;
  maxFiles: number;
  /** 0 = the site's limit (unknown here). */
  maxBytes: number;
  /** Moodle's accepted types as tokens: extensions with dot (".pdf"), groups ("image", "document"), MIME types; empty = any type. */
  fileTypes: string[];
  submissionDrafts: boolean;
  requireSubmissionStatement: boolean;
  submissionStatement: string;
}

interface AssignmentLike {
  id: number;
  course: number;
  name: string;
  submissiondrafts: number | boolean;
  requiresubmissionstatement: number | boolean;
  submissionstatement?: string | undefined;
  configs: { plugin: string; subtype: string; name: string; value: string }[];
}

export function limitsFromAssignment(assignment: AssignmentLike): AssignmentLimits {
  const config = (plugin: string, name: string): string | undefined =>
    assignment.configs.find((c) => c.subtype === 'assignsubmission' && c.plugin === plugin && c.name === name)?.value;
  const number = (value: string | undefined): number => {
    const n = Number(value ?? 0);
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  };
  const types = normalizeFileTypes(config('file', 'filetypeslist') ?? '');
  return {
    assignId: assignment.id,
    courseId: assignment.course,
    name: assignment.name,
    onlineTextEnabled: config('onlinetext', 'enabled') === '1',
    wordLimit: config('onlinetext', 'wordlimitenabled') === '1' ? number(config('onlinetext', 'wordlimit')) : 0,
    fileEnabled: config('file', 'enabled') === '1',
    maxFiles: number(config('file', 'maxfilesubmissions')),
    maxBytes: number(config('file', 'maxsubmissionsizebytes')),
    fileTypes: types,
    submissionDrafts: assignment.submissiondrafts === true || assignment.submissiondrafts === 1,
    requireSubmissionStatement: assignment.requiresubmissionstatement === true || assignment.requiresubmissionstatement === 1,
    submissionStatement: assignment.submissionstatement ?? '',
  };
}

/** The limits from the assignment as the last sync stored it (offline); unknown settings count as off. */
export function limitsFromStoredAssignment(row: AssignmentRow): AssignmentLimits {
  return limitsFromAssignment({
    id: row.assignId,
    course: row.courseId,
    name: row.name,
    submissiondrafts: row.submissionDrafts ?? false,
    requiresubmissionstatement: row.requireStatement ?? false,
    submissionstatement: row.submissionStatement ?? undefined,
    configs: row.configs.filter(isConfig),
  });
}

function isConfig(value: unknown): value is { plugin: string; subtype: string; name: string; value: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.plugin === 'string' && typeof v.subtype === 'string' && typeof v.name === 'string' && typeof v.value === 'string';
}

export interface LimitCheckInput {
  textHtml: string;
  files: { name: string; size: number }[];
}

/** German problems, empty when the draft may be sent. */
export function checkLimits(draft: LimitCheckInput, limits: AssignmentLimits): string[] {
  const problems: string[] = [];
  const words = countWords(draft.textHtml);
  if (!limits.onlineTextEnabled && words > 0) problems.push('Für diese Aufgabe kann kein Text abgegeben werden, nur Dateien.');
  if (limits.wordLimit > 0 && words > limits.wordLimit) problems.push(`Dein Text hat ${words} Wörter, erlaubt sind höchstens ${limits.wordLimit}.`);
  if (!limits.fileEnabled && draft.files.length > 0) problems.push('Für diese Aufgabe können keine Dateien abgegeben werden.');
  if (limits.fileEnabled && limits.maxFiles > 0 && draft.files.length > limits.maxFiles) {
    problems.push(`Du hast ${draft.files.length} Dateien ausgewählt, erlaubt sind höchstens ${limits.maxFiles}.`);
  }
  for (const file of draft.files) {
    if (limits.maxBytes > 0 && file.size > limits.maxBytes) {
      problems.push(`„${file.name}“ ist zu groß (${formatMb(file.size)}, erlaubt sind ${formatMb(limits.maxBytes)}).`);
    }
    if (!isAllowedFileName(file.name, limits.fileTypes)) {
      problems.push(`„${file.name}“ hat keinen erlaubten Dateityp (erlaubt: ${describeFileTypes(limits.fileTypes)}).`);
    }
  }
  if (words === 0 && draft.files.length === 0) problems.push('Die Abgabe ist leer.');
  return problems;
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}
