/**
 * An assignment's submission limits, read from mod_assign_get_assignments' `configs`, and the
 * check that runs before anything is sent. The outbox takes limits as input so it does not depend
 * on where they come from: a fresh call, or offline the assignment the last sync stored.
 */
import type { AssignmentRow } from '../assignments/index';
import { isAllowedFileName, normalizeFileTypes } from './file-types';
import { countWords } from './sanitize-html';
import type { ErrorInfo } from '../../preload/contract/errors';
import type { AssignmentLimitsView } from '../../preload/contract/outbox';

/** The limits the renderer sees (AssignmentLimitsView: what the draft editor checks), plus what only main needs. */
export interface AssignmentLimits extends AssignmentLimitsView {
  assignId: number;
  courseId: number;
  name: string;
  submissionDrafts: boolean;
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

/** What keeps the draft from being sent, as catalog codes with parameters (the renderer words them); empty when it may be sent. */
export function checkLimits(draft: LimitCheckInput, limits: AssignmentLimits): ErrorInfo[] {
  const problems: ErrorInfo[] = [];
  const words = countWords(draft.textHtml);
  if (!limits.onlineTextEnabled && words > 0) problems.push({ code: 'limit-text-not-allowed' });
  if (limits.wordLimit > 0 && words > limits.wordLimit) problems.push({ code: 'limit-words', params: { words, limit: limits.wordLimit } });
  if (!limits.fileEnabled && draft.files.length > 0) problems.push({ code: 'limit-files-not-allowed' });
  if (limits.fileEnabled && limits.maxFiles > 0 && draft.files.length > limits.maxFiles) {
    problems.push({ code: 'limit-file-count', params: { count: draft.files.length, limit: limits.maxFiles } });
  }
  for (const file of draft.files) {
    if (limits.maxBytes > 0 && file.size > limits.maxBytes) {
      problems.push({ code: 'limit-file-size', params: { name: file.name, sizeMb: toMb(file.size), limitMb: toMb(limits.maxBytes) } });
    }
    if (!isAllowedFileName(file.name, limits.fileTypes)) {
      // The tokens as data (".pdf image"); the renderer names the groups in the UI language.
      problems.push({ code: 'limit-file-type', params: { name: file.name, fileTypes: limits.fileTypes.join(' ') } });
    }
  }
  if (words === 0 && draft.files.length === 0) problems.push({ code: 'limit-empty' });
  return problems;
}

function toMb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}
