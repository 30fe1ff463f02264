/**
 * The kept first paint (main put it into index.html as `#first-paint`, inert and hidden from screen
 * readers; CSS hides `#root` while it is there) gives way to the live app as soon as React shows a
 * screen of its own: a heading (every screen has one; the signed-in Start shows its heading together
 * with the day) or an alert (a screen that failed to load). It is the signed-in Start, so another
 * first route (a reload on #/kurse) drops it at once.
 */
import type { FIRST_PAINT_ELEMENT_ID } from '../../../preload/contract/start';
import type { RouteId } from '../../state/navigation-store';

// The renderer takes only types from the contract: a different id there fails to compile here.
const FIRST_PAINT_ID: typeof FIRST_PAINT_ELEMENT_ID = 'first-paint';

export function handOverFirstPaint(document: Document, root: HTMLElement, firstRoute: RouteId): void {
  const paint = document.getElementById(FIRST_PAINT_ID);
  if (!paint) return;
  if (firstRoute !== 'start') {
    paint.remove();
    return;
  }
  const liveScreenIsThere = () => root.querySelector('h1, [role="alert"]') !== null;
  const observer = new MutationObserver(() => {
    if (!liveScreenIsThere()) return;
    observer.disconnect();
    paint.remove();
  });
  observer.observe(root, { childList: true, subtree: true });
}
