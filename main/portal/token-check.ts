/**
 * Is the token gone, or is this a real "not allowed"? Moodle answers `invalidtoken` for a token it
 * does not know (contract: error.invalid_token.json). A token that EXPIRES is different: the call
 * that notices it deletes the token and throws `accessexception` — the same code as for a function
 * outside the service or a user without access, and with debugging off the message does not say
 * which (webservice::authenticate_user). So after an `accessexception` one cheap call with the same
 * token asks again: `invalidtoken` now means the sign-in is over (needs sign-in, cached data kept);
 * an answer means it really was about access. Other access codes (nopermissions, requireloginerror …)
 * never mean a new sign-in.
 */
import { PortalError, SessionExpiredError } from './errors';
import type { MoodleClient, SiteRef } from './moodle-client';

export async function tokenRejected(client: MoodleClient, site: SiteRef, token: string, error: unknown, signal?: AbortSignal): Promise<boolean> {
  if (error instanceof SessionExpiredError) return true;
  if (!(error instanceof PortalError) || error.moodleErrorcode !== 'accessexception') return false;
  try {
    await client.callFunction(site, token, 'core_webservice_get_site_info', {}, { maxAttempts: 1, timeoutMs: 8000, signal });
    return false;
  } catch (probe) {
    return probe instanceof SessionExpiredError;
  }
}
