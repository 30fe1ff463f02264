import type { ConnectivityState, ConnectivityStatus } from '../../preload/api';

/**
 * Holds the connectivity/sync state the UI shows. The portal HTTP client and the sync engine
 * report into it; it emits only on real change so the renderer is not flooded.
 */
export class ConnectivityMonitor {
  #state: ConnectivityState = { status: 'online', lastSyncAt: null, syncing: false };
  readonly #listeners = new Set<(state: ConnectivityState) => void>();
  readonly #networkBack = new Set<() => void>();

  current(): ConnectivityState {
    return { ...this.#state };
  }

  reportStatus(status: ConnectivityStatus): void {
    this.#update({ status });
  }

  /**
   * The operating system says the network went away or came back (renderer `online`/`offline`
   * events through `connectivity.networkChanged`). The status is left alone: it is what the portal
   * last did (the renderer shows "offline" from its own event, and the next failing request reports
   * it here). Back while the portal counted as unreachable: whoever waits — the sync engine's backoff,
   * the outbox's retries — hears it at once through onNetworkBack, and the next answer sets the status.
   */
  reportNetwork(online: boolean): void {
    if (!online || this.#state.status === 'online') return;
    for (const listener of this.#networkBack) listener();
  }

  onNetworkBack(listener: () => void): () => void {
    this.#networkBack.add(listener);
    return () => this.#networkBack.delete(listener);
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
