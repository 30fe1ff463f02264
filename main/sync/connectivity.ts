import type { ConnectivityState, ConnectivityStatus } from '../../preload/api';

/**
 * Holds the connectivity/sync state the UI shows. The portal HTTP client and the sync engine
 * report into it; it emits only on real change so the renderer is not flooded.
 */
export class ConnectivityMonitor {
  #state: ConnectivityState = { status: 'online', lastSyncAt: null, syncing: false };
  readonly #listeners = new Set<(state: ConnectivityState) => void>();

  current(): ConnectivityState {
    return { ...this.#state };
  }

  reportStatus(status: ConnectivityStatus): void {
    this.#update({ status });
  }

  reportSyncStarted(): void {
    this.#update({ syncing: true });
  }

  reportSyncFinished(at: number): void {
    this.#update({ syncing: false, lastSyncAt: at, status: 'online' });
  }

  /** A sync ended without success (or the account changed): not syncing, last success as given, status untouched. */
  reportSyncStopped(lastSyncAt: number | null): void {
    this.#update({ syncing: false, lastSyncAt });
  }

  onChange(listener: (state: ConnectivityState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #update(patch: Partial<ConnectivityState>): void {
    const next = { ...this.#state, ...patch };
    if (next.status === this.#state.status && next.lastSyncAt === this.#state.lastSyncAt && next.syncing === this.#state.syncing) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(this.current());
  }
}
