/**
 * Text the editor could not save (full disk, read-only folder) when the student left the screen:
 * kept in this window's memory and put back into the field when the draft opens again, so leaving
 * the editor during a full disk loses nothing. Gone when it is saved, or with the window.
 */
const kept = new Map<string, string>();

export function keepUnsaved(draftId: string, html: string): void {
  kept.set(draftId, html);
}

export function forgetKept(draftId: string): void {
  kept.delete(draftId);
}

/** The kept text of a draft (once), or null. */
export function takeKept(draftId: string): string | null {
  const html = kept.get(draftId) ?? null;
  kept.delete(draftId);
  return html;
}
