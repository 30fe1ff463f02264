/**
 * Which deadline reminders are due (pure): each open assignment notifies 24 h and 1 h before its
 * due date, once per (assignment, lead time). Works offline — it reads only stored due dates.
 */
export interface DeadlineInput {
  assignId: number;
  title: string;
  dueAt: number; // ms since epoch; 0 = no due date
  submitted: boolean;
}

export interface DeadlineReminder {
  key: string;
  assignId: number;
  title: string;
  dueAt: number;
  leadMs: number;
  fireAt: number;
}

export const DEFAULT_LEADS_MS = [24 * 3_600_000, 3_600_000] as const;

/** Reminders whose time has come (fireAt ≤ now < dueAt) and that were not shown yet. */
export function dueReminders(
  items: readonly DeadlineInput[],
  now: number,
  alreadyShown: ReadonlySet<string>,
  leads: readonly number[] = DEFAULT_LEADS_MS,
): DeadlineReminder[] {
  const out: DeadlineReminder[] = [];
  for (const item of items) {
    if (item.dueAt <= 0 || item.submitted || item.dueAt <= now) continue;
    // Only the closest lead fires, so a laptop opened 30 min before the deadline shows one note.
    const passed = leads.filter((lead) => item.dueAt - lead <= now).sort((a, b) => a - b);
    const lead = passed[0];
    if (lead === undefined) continue;
    const key = `${item.assignId}:${item.dueAt}:${lead}`;
    if (alreadyShown.has(key)) continue;
    out.push({ key, assignId: item.assignId, title: item.title, dueAt: item.dueAt, leadMs: lead, fireAt: item.dueAt - lead });
  }
  return out;
}

/** When to look again: the earliest future fire time, or null. */
export function nextCheckAt(items: readonly DeadlineInput[], now: number, leads: readonly number[] = DEFAULT_LEADS_MS): number | null {
  let next: number | null = null;
  for (const item of items) {
    if (item.dueAt <= now || item.submitted) continue;
    for (const lead of leads) {
      const at = item.dueAt - lead;
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}
