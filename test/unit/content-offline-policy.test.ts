// Policy offlineEnabled × setting prefetch → what the file cache may do (main/content/offline-policy.ts).
import { describe, expect, it } from 'vitest';
import { offlinePlan } from '../../main/content/offline-policy';

describe('offlinePlan', () => {
  it.each([
    [false, 'off', { assignmentAttachments: false, courseFiles: false, pinCourses: false, keepFiles: false }],
    [false, 'assignments', { assignmentAttachments: false, courseFiles: false, pinCourses: false, keepFiles: false }],
    [false, 'all', { assignmentAttachments: false, courseFiles: false, pinCourses: false, keepFiles: false }],
    [true, 'off', { assignmentAttachments: false, courseFiles: false, pinCourses: true, keepFiles: true }],
    [true, 'assignments', { assignmentAttachments: true, courseFiles: false, pinCourses: true, keepFiles: true }],
    [true, 'all', { assignmentAttachments: true, courseFiles: true, pinCourses: true, keepFiles: true }],
  ] as const)('offlineEnabled %s, prefetch %s', (offlineEnabled, prefetch, expected) => {
    expect(offlinePlan(offlineEnabled, prefetch)).toEqual(expected);
  });
});
