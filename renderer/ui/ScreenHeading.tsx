import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useNavigation } from '../app/stores-context';

/** The id of the screen's h1 (tests and the skip logic find it by this). */
export const SCREEN_HEADING_ID = 'screen-heading';

/** The navigation whose heading already took focus (once per navigation, also when a screen re-renders its heading). */
let focusedFor = 0;

/**
 * The screen's h1. After a navigation (not on the first screen) it takes focus once it is there —
 * screens load as their own chunks, so the heading may appear a moment after the route changed.
 */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const navigations = useNavigation((state) => state.navigations);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigations > 0 && navigations !== focusedFor) {
      focusedFor = navigations;
      ref.current?.focus();
    }
  }, [navigations]);
  return (
    <h1 id={SCREEN_HEADING_ID} className="screen-heading" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
