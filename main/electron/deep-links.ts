/**
 * Where `schuldesk://` links go once the OS hands them over (open-url, second-instance argv,
 * cold-start argv). Links that arrive before the app is ready wait in a short queue.
 *
 * An SSO callback brings the main window forward, is logged without its token, and goes to
 * `onSsoToken`: main/index.ts hands it to `portal.completeSso` (main/api/portal.ts), which checks
 * it against the pending launches (passport signature, single use, 10 minutes; main/portal/sso.ts)
 * and reports the outcome to the UI as `portal.ssoFinished`. A callback of no pending launch is
 * refused there and does not close a login window the user is still signing in with.
 */
import { parseDeepLink } from '../security/deep-link';

export interface DeepLinkTargets {
  focusMainWindow(): void;
  /** The base64 payload of `schuldesk://token=…`. A secret: never log it. */
  onSsoToken(payload: string): void;
}

const MAX_QUEUED = 5;

export interface DeepLinkRouter {
  accept(raw: unknown, source: 'open-url' | 'second-instance' | 'argv'): void;
  /** Deliver queued links and route new ones directly from now on. */
  start(targets: DeepLinkTargets): void;
}

export function createDeepLinkRouter(): DeepLinkRouter {
  const queue: string[] = [];
  let targets: DeepLinkTargets | null = null;

  const route = (raw: string, source: string) => {
    const link = parseDeepLink(raw);
    if (link.kind === 'invalid') {
      console.warn(`[deep-link] ignored link from ${source}: ${link.reason}`);
      return;
    }
    console.info(`[deep-link] SSO callback received (${source})`);
    targets?.focusMainWindow();
    targets?.onSsoToken(link.payload);
  };

  return {
    accept(raw, source) {
      if (typeof raw !== 'string') return;
      if (targets) route(raw, source);
      else if (queue.length < MAX_QUEUED) queue.push(raw);
    },
    start(next) {
      targets = next;
      for (const raw of queue.splice(0)) route(raw, 'queued');
    },
  };
}
