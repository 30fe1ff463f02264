/**
 * What policy `offlineEnabled` and the setting `prefetch` allow the file cache to do: one pure
 * table (offlinePlan). Drafts and the outbox are never touched, whatever IT sets.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SettingsService } from '../settings/settings-service';
import type { ContentRepository } from './repository';

export type PrefetchLevel = 'off' | 'assignments' | 'all';

export interface OfflinePlan {
  /** The 'assignment-files' task downloads assignment attachments. */
  assignmentAttachments: boolean;
  /** The 'course-files' task downloads the files of every course (into the free part of the budget). */
  courseFiles: boolean;
  /** "Offline verfügbar" per course is offered and accepted. */
  pinCourses: boolean;
  /** Cached files stay from one run to the next. */
  keepFiles: boolean;
}

/**
 * What policy `offlineEnabled` and the setting `prefetch` allow the file cache to do (the texts in
 * main/settings/schema.ts say the same for IT and users):
 *
 * | offlineEnabled | prefetch      | attachments (task 'assignment-files') | course files (task 'course-files') | "Offline verfügbar" | cache across restarts |
 * |----------------|---------------|---------------------------------------|------------------------------------|---------------------|-----------------------|
 * | false          | any           | no                                    | no                                 | refused, hidden     | emptied at start      |
 * | true           | off           | no                                    | no                                 | yes                 | yes                   |
 * | true           | assignments   | yes                                   | no                                 | yes                 | yes                   |
 * | true           | all           | yes                                   | yes (only into free budget)        | yes                 | yes                   |
 *
 * Never touched: drafts, their versions and the outbox (their own folder and tables), so no unsent
 * work is lost whatever IT sets; and the lists the app shows (courses, assignments, deadlines with
 * their texts), which live in the database either way. A file opened while offline storage is off
 * is still downloaded to be shown (the desktop app hands the system program a file) and kept for
 * that run only.
 */
export function offlinePlan(offlineEnabled: boolean, prefetch: PrefetchLevel): OfflinePlan {
  if (!offlineEnabled) return { assignmentAttachments: false, courseFiles: false, pinCourses: false, keepFiles: false };
  return { assignmentAttachments: prefetch !== 'off', courseFiles: prefetch === 'all', pinCourses: true, keepFiles: true };
}

export function offlinePlanOf(settings: Pick<SettingsService, 'get'>): OfflinePlan {
  return offlinePlan(settings.get('offlineEnabled'), settings.get('prefetch'));
}

/**
 * offlineEnabled false: the copies of earlier runs go — every cached file (rows, then bytes) and
 * every "Offline verfügbar" mark. Returns how many files were removed.
 */
export async function purgeOfflineCopies(repo: ContentRepository, dataDir: string, accountIds: readonly string[]): Promise<number> {
  let removed = 0;
  for (const accountId of accountIds) {
    for (const file of repo.files(accountId)) {
      repo.deleteFile(accountId, file.fileKey);
      removed += 1;
    }
    for (const course of repo.courses(accountId)) if (course.offline) repo.setOffline(accountId, course.courseId, false);
    await rm(join(dataDir, 'files', accountId), { recursive: true, force: true });
  }
  return removed;
}
