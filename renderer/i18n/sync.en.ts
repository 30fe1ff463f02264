import type { syncDe } from './sync.de';

/** English texts of the sync indicator; included in en.ts under `sync`. */
export const syncEn: typeof syncDe = {
  label: 'Sync with the portal',
  now: 'Sync now',
  state: {
    idle: 'Synced',
    running: 'Syncing …',
    failed: 'Sync failed',
    'needs-sign-in': 'Please sign in again',
    offline: 'Portal not reachable – SchulDesk will try again later',
  },
  announce: {
    signedOut: 'Cannot sync: you are not signed in.',
    done: 'Synced. As of {{time}}',
    failed: 'Sync failed: {{message}}',
    needsSignIn: 'Cannot sync: please sign in again.',
    offline: 'The portal is not reachable. You can keep working offline.',
  },
};
