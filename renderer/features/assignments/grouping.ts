/**
 * Groups the Aufgaben list: überfällig · diese Woche · später · abgegeben (pure).
 * "Diese Woche" means due within the next 7 days, so Sunday evening still shows Monday's work.
 */
import type { AssignmentSummaryView } from '../../../preload/contract/assignments';

export type AssignmentGroup = 'overdue' | 'week' | 'later' | 'submitted';
export const GROUP_ORDER: readonly AssignmentGroup[] = ['overdue', 'week', 'later', 'submitted'];
export const WEEK_MS = 7 * 24 * 3_600_000;

export function groupOf(item: Pick<AssignmentSummaryView, 'status' | 'dueAt'>, now: number): AssignmentGroup {
  if (item.status === 'submitted') return 'submitted';
  if (item.dueAt > 0 && item.dueAt <= now) return 'overdue';
  if (item.dueAt > 0 && item.dueAt - now <= WEEK_MS) return 'week';
  return 'later';
}

/** Non-empty groups in display order; inside a group the soonest due first, no due date last. */
export function groupAssignments<T extends Pick<AssignmentSummaryView, 'status' | 'dueAt' | 'title'>>(
  items: readonly T[],
  now: number,
): { group: AssignmentGroup; items: T[] }[] {
  const byGroup = new Map<AssignmentGroup, T[]>();
  for (const item of items) {
    const group = groupOf(item, now);
    byGroup.set(group, [...(byGroup.get(group) ?? []), item]);
  }
  const key = (item: T) => (item.dueAt > 0 ? item.dueAt : Number.MAX_SAFE_INTEGER);
  return GROUP_ORDER.flatMap((group) => {
    const list = byGroup.get(group);
    if (!list) return [];
    const sorted = [...list].sort((a, b) => (group === 'submitted' ? key(b) - key(a) : key(a) - key(b)) || a.title.localeCompare(b.title, 'de'));
    return [{ group, items: sorted }];
  });
}
