/**
 * Binds the conference part of the API contract (preload/contract/conference.ts): one input schema and one
 * handler per method. The work is in main/conference/service.ts.
 */
import { z } from 'zod';
import type { ConferenceMethods, UsageRulesView } from '../../preload/contract/conference';
import type { HandlersFor } from '../ipc/dispatch';
import { UserFacingError } from '../ipc/errors';
import type { InputSchemasFor } from '../ipc/schemas';
import type { FeatureApi, ServiceContext } from '../service-context';
import { ConferenceService } from '../conference/service';
import { USAGE_RULES, needsAcknowledgement } from '../conference/usage-rules';

const none = z.tuple([]);
const roomId = z.tuple([z.number().int().positive()]);

export const CONFERENCE_INPUT_SCHEMAS: InputSchemasFor<ConferenceMethods> = {
  'conference.rooms': none,
  'conference.refresh': roomId,
  'conference.join': roomId,
  'conference.end': roomId,
  'conference.rules': none,
  'conference.acknowledgeRules': z.tuple([z.string().min(1).max(100)]),
  'conference.objection': none,
  'conference.setObjection': z.tuple([z.boolean()]),
  'conference.mediaLog': none,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function createConferenceApi(context: ServiceContext): FeatureApi<ConferenceMethods> & { conference: ConferenceService } {
  const conference = new ConferenceService(context);
  // Retention: purge on start and daily; unref so it never keeps the shell or a test alive.
  conference.store.purgeMediaLog(context.now());
  const purgeTimer = setInterval(() => conference.store.purgeMediaLog(context.now()), DAY_MS);
  purgeTimer.unref();

  const rulesView = (accountId: string): UsageRulesView => {
    const acknowledged = conference.store.prefs(accountId).rulesVersion;
    return { version: USAGE_RULES.version, de: [...USAGE_RULES.de], en: [...USAGE_RULES.en], acknowledgedVersion: acknowledged, needsAcknowledgement: needsAcknowledgement(acknowledged) };
  };

  const handlers: HandlersFor<ConferenceMethods> = {
    'conference.rooms': () => conference.rooms(),
    'conference.refresh': (id) => conference.refresh(id),
    'conference.join': (id) => conference.join(id, !rulesView(conference.account().id).needsAcknowledgement),
    'conference.end': (id) => conference.end(id),
    'conference.rules': () => rulesView(conference.account().id),
    'conference.acknowledgeRules': (version) => {
      const accountId = conference.account().id;
      if (version !== USAGE_RULES.version) throw new UserFacingError('rules-changed');
      conference.store.acknowledgeRules(accountId, version, context.now());
      return rulesView(accountId);
    },
    'conference.objection': () => conference.objection(conference.account().id),
    'conference.setObjection': (on) => conference.setObjection(conference.account().id, on),
    'conference.mediaLog': () =>
      conference.store.mediaLog(conference.account().id, context.now()).map((e) => ({ id: e.id, meetingName: e.meetingName, kind: e.kind, action: e.action, at: e.at })),
  };
  return { handlers, conference, close: () => clearInterval(purgeTimer) };
}
