import { useAnnouncer } from './stores-context';

/**
 * The one polite live region. It stays mounted so screen readers watch it; the trailing
 * no-break space alternates so the same message twice in a row is still announced.
 */
export function Announcer() {
  const message = useAnnouncer((state) => state.message);
  const seq = useAnnouncer((state) => state.seq);
  return (
    <div className="visually-hidden" role="status" aria-atomic="true" data-testid="announcer">
      {message}
      {seq % 2 === 1 ? '\u00a0' : ''}
    </div>
  );
}
