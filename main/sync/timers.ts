/** The timers of the sync engine and the deadline reminders: injected, so tests run in virtual time. */
export interface EngineTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMERS: EngineTimers = {
  set(callback, ms) {
    const handle = setTimeout(callback, ms);
    // Never keep a test or the shell alive just to sync.
    handle.unref();
    return handle;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
