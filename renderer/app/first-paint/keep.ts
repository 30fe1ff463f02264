/**
 * Keeps the first paint up to date: whenever the signed-in day changes (a new `TodayView.version`),
 * the language or the header's account does, or main says its paint was deleted behind an unchanged
 * day (`firstPaintKept`), and the app has been quiet for a moment, the signed-in Start is rendered as static
 * HTML (capture.tsx, its own chunk with React's server renderer, loaded only then) and sent to main
 * (`start.saveFirstPaint`), which keeps it only if that view is still the store's current one. Runs
 * whatever screen is shown, so the next start paints the day even if the student ended elsewhere.
 */
import type { TodayView } from '../../../preload/contract/start';
import type { Translator } from '../../i18n/translator';
import type { Stores } from '../../state/stores';
import { currentAccount } from '../../features/accounts/accounts-store';

/** Quiet time after the last change before rendering (a sync changes the day several times in a row). */
const SETTLE_MS = 1500;

export function keepFirstPaint(stores: Stores, i18n: Translator): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastKept = '';
  /** The day object the last kept paint was rendered from (its `firstPaintKept` predates that save). */
  let keptFrom: TodayView | null = null;
  let stopped = false;

  /** What the paint would show (day, language, header), or null when there is nothing to keep now. */
  const wanted = (): string | null => {
    const { status, today } = stores.today.getState();
    const account = currentAccount(stores.accounts.getState());
    if (status !== 'ready' || !today || account === null) return null;
    const key = JSON.stringify([today.version, i18n.language, account.id, account.fullName, account.siteName]);
    // Already kept, unless main says a write behind the day deleted it (a newer answer than our save's).
    if (key === lastKept && (today === keptFrom || today.firstPaintKept)) return null;
    return key;
  };

  const capture = async () => {
    timer = null;
    const key = wanted();
    if (key === null || stopped) return;
    const today = stores.today.getState().today;
    const { renderFirstPaint } = await import('./capture');
    const paint = await renderFirstPaint(stores, i18n);
    // The day or the language changed while rendering: the next change schedules another capture.
    if (paint === null || wanted() !== key || stopped) return;
    const { kept } = await stores.api.invoke('start.saveFirstPaint', paint);
    if (kept) {
      lastKept = key;
      keptFrom = today;
    }
  };

  const schedule = () => {
    if (wanted() === null) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      capture().catch((error: unknown) => {
        // A convenience for the next start: a failure here changes nothing the student sees now.
        console.warn('[first-paint] not kept:', error instanceof Error ? error.message : error);
      });
    }, SETTLE_MS);
  };

  const stops = [stores.today.subscribe(schedule), stores.accounts.subscribe(schedule), i18n.subscribe(schedule)];
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
