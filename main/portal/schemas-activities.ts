/** Course activities read by function group — resources, pages, URLs, folders, private files, BigBlueButton (rules: main/portal/schemas.ts). */
import { z } from 'zod';
import { int, moodleBool, moodleFileSchema, warnings } from './schemas-common';

// ---------------------------------------------------------------- resources

const activityBase = {
  id: int,
  coursemodule: int,
  course: int,
  name: z.string(),
  intro: z.string(),
  introformat: int,
  introfiles: z.array(moodleFileSchema).optional(),
  section: int.optional(),
  visible: moodleBool.optional(),
  timemodified: int.optional(),
};

export const resourcesSchema = z.object({
  resources: z.array(z.object({ ...activityBase, contentfiles: z.array(moodleFileSchema), revision: int.optional(), display: int.optional() })),
  warnings: warnings.optional(),
});

export const pagesSchema = z.object({
  pages: z.array(
    z.object({ ...activityBase, content: z.string(), contentformat: int, contentfiles: z.array(moodleFileSchema), revision: int.optional() }),
  ),
  warnings: warnings.optional(),
});

export const urlsSchema = z.object({
  urls: z.array(z.object({ ...activityBase, externalurl: z.string(), display: int.optional() })),
  warnings: warnings.optional(),
});

export const foldersSchema = z.object({
  folders: z.array(z.object({ ...activityBase, revision: int.optional(), display: int.optional(), showexpanded: moodleBool.optional() })),
  warnings: warnings.optional(),
});

export const privateFilesInfoSchema = z.object({ filecount: int, foldercount: int, filesize: int, warnings: warnings.optional() });

// ---------------------------------------------------------------- BigBlueButton

export const bigBlueButtonsSchema = z.object({
  bigbluebuttonbns: z.array(z.object({ ...activityBase, meetingid: z.string() })),
  warnings: warnings.optional(),
});

export const meetingInfoSchema = z.object({
  cmid: int,
  bigbluebuttonbnid: int,
  groupid: int.optional(),
  meetingid: z.string(),
  statusrunning: z.boolean(),
  statusclosed: z.boolean(),
  statusopen: z.boolean(),
  statusmessage: z.string(),
  canjoin: z.boolean(),
  ismoderator: z.boolean(),
  startedat: int.optional(),
  moderatorcount: int.optional(),
  participantcount: int.optional(),
  openingtime: int.optional(),
  closingtime: int.optional(),
  userlimit: int.optional(),
});
export type MeetingInfo = z.infer<typeof meetingInfoSchema>;

/** A join URL, or warnings instead (e.g. `waitformoderator`). */
export const joinUrlSchema = z.object({ join_url: z.string().optional(), warnings: warnings.optional() });

export const canJoinSchema = z.object({ can_join: z.boolean(), cmid: int });
