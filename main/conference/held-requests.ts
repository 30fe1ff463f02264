/**
 * Permission requests held open while the student is asked ("ask, don't fail").
 * When the meeting asks for the camera while SchulDesk's camera gate is closed, the conference
 * window does not refuse at once: it holds Electron's callback, shows the question in the toolbar
 * and answers with the student's choice. Every held callback is answered exactly once — by the
 * answer, by the time-out, or by a refusal when the page navigates or the window closes. Requests
 * that arrive while the question is open join it. Pure apart from the injected timer.
 */

/** Starts a timer; returns the function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

export const QUESTION_TIMEOUT_MS = 60_000;

interface Held<T> {
  entry: T;
  respond: (granted: boolean) => void;
}

export class HeldRequests<T> {
  private held: Held<T>[] = [];
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly options: {
      schedule: Schedule;
      timeoutMs?: number;
      /** Called after the time-out refused everything (e.g. to update the toolbar). */
      onTimeout?: () => void;
    },
  ) {}

  /** A question is open (at least one request waits). */
  get open(): boolean {
    return this.held.length > 0;
  }

  get size(): number {
    return this.held.length;
  }

  /** Holds a request. 'asked': it opened the question; 'joined': a question was open already. */
  hold(entry: T, respond: (granted: boolean) => void): 'asked' | 'joined' {
    let answered = false;
    const once = (granted: boolean) => {
      if (answered) return;
      answered = true;
      try {
        respond(granted);
      } catch {
        // Electron throws when the requesting frame is gone; nothing to answer any more.
      }
    };
    this.held.push({ entry, respond: once });
    if (this.held.length > 1) return 'joined';
    this.cancelTimer = this.options.schedule(() => {
      if (this.refuseAll() > 0) this.options.onTimeout?.();
    }, this.options.timeoutMs ?? QUESTION_TIMEOUT_MS);
    return 'asked';
  }

  /** Answers every held request with `decide(entry)` and closes the question. Returns how many were answered. */
  settle(decide: (entry: T) => boolean): number {
    const held = this.held;
    this.held = [];
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const { entry, respond } of held) {
      let granted: boolean;
      try {
        granted = decide(entry);
      } catch {
        granted = false;
      }
      respond(granted);
    }
    return held.length;
  }

  /** Refuses every held request (not now, time-out, navigation, window closed). */
  refuseAll(): number {
    return this.settle(() => false);
  }
}
