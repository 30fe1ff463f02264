import { useId } from 'react';
import type { ReactNode } from 'react';

/** An honest "nothing here yet" panel: what is missing and why, no fake actions. */
export function EmptyState({ title, children, icon }: { title: string; children: ReactNode; icon?: ReactNode }) {
  const id = useId();
  return (
    <section className="empty-state" aria-labelledby={id}>
      {icon ? (
        <div className="empty-state-icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
