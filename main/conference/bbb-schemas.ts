/** zod shapes of the mod_bigbluebuttonbn answers SchulDesk reads (see moodle-contract/mod_bigbluebuttonbn_*). */
import { z } from 'zod';

const warning = z.object({ item: z.string().optional(), itemid: z.number().optional(), warningcode: z.string(), message: z.string() });

export const bbbRoomsSchema = z.object({
  bigbluebuttonbns: z.array(
    z.object({
      id: z.number().int(),
      coursemodule: z.number().int(),
      course: z.number().int(),
      name: z.string(),
      visible: z.union([z.boolean(), z.number()]).optional(),
      meetingid: z.string().optional(),
    }),
  ),
  warnings: z.array(warning).optional(),
});

export const bbbMeetingInfoSchema = z.object({
  cmid: z.number().int(),
  bigbluebuttonbnid: z.number().int(),
  statusrunning: z.boolean(),
  statusclosed: z.boolean(),
  statusopen: z.boolean(),
  statusmessage: z.string().optional(),
  moderatorcount: z.number().int().optional(),
  participantcount: z.number().int().optional(),
  canjoin: z.boolean(),
  ismoderator: z.boolean(),
});

export const bbbJoinUrlSchema = z.object({
  join_url: z.string().url().optional(),
  warnings: z.array(warning).optional(),
});

export const bbbEndMeetingSchema = z.object({ warnings: z.array(warning).optional() });

export type BbbMeetingInfo = z.infer<typeof bbbMeetingInfoSchema>;
