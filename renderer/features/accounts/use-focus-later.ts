import { useCallback, useEffect, useRef } from 'react';

/**
 * Moves focus to an element once it is rendered: `focusLater(() => ref.current)` before the state
 * change that shows it. Checked after every commit, so it never races the render (a frame callback can).
 */
export function useFocusLater(): (target: () => HTMLElement | null) => void {
  const pending = useRef<(() => HTMLElement | null) | null>(null);
  useEffect(() => {
    const element = pending.current?.();
    if (element) {
      pending.current = null;
      element.focus();
    }
  });
  return useCallback((target) => {
    pending.current = target;
  }, []);
}
