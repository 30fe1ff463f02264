import { HttpClient } from '../../main/net/http-client';
import type { HttpClientOptions } from '../../main/net/http-client';
import { PortalError } from '../../main/portal/errors';

/** A real HttpClient without waiting: no sleeps between retries, a fixed jitter. */
export function testHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new HttpClient({ sleep: async () => {}, random: () => 0.5, ...options });
}

/** The PortalError `promise` rejects with (anything else is rethrown; fulfilment fails). */
export async function portalRejection(promise: Promise<unknown>): Promise<PortalError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PortalError) return error;
    throw error;
  }
  throw new Error('expected a PortalError');
}
