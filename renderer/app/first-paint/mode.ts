/**
 * "First-paint mode": the app's frame and the signed-in Start rendered as static HTML for main to keep
 * (capture.tsx). Components that show something only true right now — the connection, the sync
 * control, "erneut anmelden", how old the data is ("vor 5 Minuten") — leave it out in this mode; the
 * live app adds it a moment later. Everything else renders exactly as the live Start does.
 */
import { createContext, useContext } from 'react';

export const FirstPaintModeContext = createContext(false);

export function useFirstPaintMode(): boolean {
  return useContext(FirstPaintModeContext);
}
