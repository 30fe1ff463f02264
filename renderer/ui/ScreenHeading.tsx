import type { ReactNode } from 'react';

/** The id the layout focuses after a navigation, so screen readers announce the new screen. */
export const SCREEN_HEADING_ID = 'screen-heading';

export function ScreenHeading({ children }: { children: ReactNode }) {
  return (
    <h1 id={SCREEN_HEADING_ID} className="screen-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
