/**
 * Where `schuldesk://` links go once the OS hands them over (open-url, second-instance argv,
 * cold-start argv). Links that arrive before the app is ready wait in a short queue.
 *
 * For now an SSO callback only brings the main window forward and is logged without its token;
 * the portal work sets `onSsoToken` to complete the login (passport/site-hash check there).
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
