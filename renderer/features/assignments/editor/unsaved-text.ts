/**
 * What the student typed and main has not been asked to save yet, with the order of the saves
 * taken from it. The editor saves one text at a time, in order; a save that fails gives its text
 * back for the next flush — but only while it is still the latest one queued. If a newer text was
 * queued after it (the student kept typing), the failed older text is dropped: restoring it would
 * let the next blur or unmount write it over the newer one.
 */
export interface TakenText {
  html: string;
  seq: number;
}

export class UnsavedText {
  #html: string | null = null;
  #latest = 0;

  /** The student typed: this is what the next save sends. */
  set(html: string): void {
    this.#html = html;
  }

  /** The field now shows what main holds: nothing is unsaved. */
  clear(): void {
    this.#html = null;
  }

  get current(): string | null {
    return this.#html;
  }

  /** For a save: the unsaved text (null when there is none), numbered in the order saves are queued. */
  take(): TakenText | null {
    if (this.#html === null) return null;
    const taken = { html: this.#html, seq: ++this.#latest };
    this.#html = null;
    return taken;
  }

  /** The save of `taken` failed: keep its text for the next flush unless something newer is unsaved or queued. */
  failed(taken: TakenText): void {
    if (taken.seq === this.#latest && this.#html === null) this.#html = taken.html;
  }
}
