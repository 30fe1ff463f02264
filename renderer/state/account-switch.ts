/**
 * Stores that hold one account's data (assignments, drafts, outbox) drop it the moment the current
 * account changes — a logout on a loaner laptop, a switch, the next student's sign-in — so no screen
 * can render the previous account's list while the new one loads.
 */
import type { SchulDeskApi } from '../../preload/api';

/** Calls `onSwitch` whenever the current account differs from the one seen before (the first event always counts). */
export function onCurrentAccountChange(api: SchulDeskApi, onSwitch: () => void): () => void {
  let seen: string | null | undefined;
  return api.on('portal.accountsChanged', (view) => {
    const current = view.accounts.find((account) => account.isCurrent)?.id ?? null;
    if (current === seen) return;
    seen = current;
    onSwitch();
  });
}
