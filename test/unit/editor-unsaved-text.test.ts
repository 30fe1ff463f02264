/**
 * The editor's unsaved text (renderer/features/assignments/editor/unsaved-text.ts): a failed save
 * gives its text back for the next flush only while it is the latest save queued, so an older text
 * never lands over a newer one.
 */
import { describe, expect, it } from 'vitest';
import { UnsavedText } from '../../renderer/features/assignments/editor/unsaved-text';

/** Text A taken for a save, then text "A und B" taken for a second save queued behind it. */
function twoQueuedSaves() {
  const unsaved = new UnsavedText();
  unsaved.set('<p>A</p>');
  const a = unsaved.take();
  unsaved.set('<p>A und B</p>');
  const b = unsaved.take();
  if (!a || !b) throw new Error('nothing taken');
  return { unsaved, a, b };
}

describe('UnsavedText', () => {
  it('a failed save keeps its text for the next flush', () => {
    const unsaved = new UnsavedText();
    unsaved.set('<p>A</p>');
    const a = unsaved.take();
    expect(unsaved.current).toBeNull();
    if (!a) throw new Error('nothing taken');
    unsaved.failed(a);
    expect(unsaved.take()?.html).toBe('<p>A</p>');
  });

  it('save A fails after save B was queued: A is not restored, so the next flush cannot write A over B', () => {
    const { unsaved, a } = twoQueuedSaves();
    unsaved.failed(a);
    // B succeeds; nothing is left to flush on blur or unmount.
    expect(unsaved.current).toBeNull();
    expect(unsaved.take()).toBeNull();
  });

  it('when the newest queued save fails too, its text (not an older one) is kept', () => {
    const { unsaved, a, b } = twoQueuedSaves();
    unsaved.failed(a);
    unsaved.failed(b);
    expect(unsaved.current).toBe('<p>A und B</p>');
  });

  it('typing after a save was queued wins over the failed save’s text', () => {
    const unsaved = new UnsavedText();
    unsaved.set('<p>A</p>');
    const a = unsaved.take();
    unsaved.set('<p>A, weiter getippt</p>');
    if (!a) throw new Error('nothing taken');
    unsaved.failed(a);
    expect(unsaved.current).toBe('<p>A, weiter getippt</p>');
  });
});
