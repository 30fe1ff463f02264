import type { UpdateStatusView } from '../../preload/contract/updates';
import { decideUpdates } from './decision';
import type { InstallKind, UpdateChannel, UpdateDecision, UpdateMode } from './decision';

/**
 * The updater's current state, shared between main/electron/updater.ts (writes) and the
 * `it.updateStatus` API (reads). In the browser shell nobody writes, and the status says so.
 */
export class UpdateStatusHolder {
  private state: Omit<UpdateStatusView, 'mode' | 'channel' | 'check' | 'install' | 'feedUrl' | 'reason'> & { decision: UpdateDecision | null };

  constructor(currentVersion: string) {
    this.state = { decision: null, installKind: null, state: 'idle', currentVersion, availableVersion: null, checkedAt: null, error: null };
  }

  readonly #listeners = new Set<() => void>();

  setDecision(decision: UpdateDecision, installKind: InstallKind): void {
    this.state = { ...this.state, decision, installKind };
    this.#changed();
  }

  setProgress(progress: Partial<Pick<UpdateStatusView, 'state' | 'availableVersion' | 'checkedAt' | 'error'>>): void {
    this.state = { ...this.state, ...progress };
    this.#changed();
  }

  /** Called after every change (main/api/updates.ts pushes the view to the renderer and notifies). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        console.error(`[updates] status listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** The view for the renderer; without an updater (browser shell) the decision is that of a development build. */
  view(policy: { mode: UpdateMode; channel: UpdateChannel; url: string | null }): UpdateStatusView {
    const decision =
      this.state.decision ??
      decideUpdates({ updateMode: policy.mode, updateUrl: policy.url, bundledFeedUrl: null, channel: policy.channel, installKind: 'dev', signed: false, platform: process.platform });
    const { decision: _decision, ...rest } = this.state;
    return {
      ...rest,
      mode: policy.mode,
      channel: decision.channel,
      check: decision.check,
      install: decision.install,
      feedUrl: decision.feedUrl,
      reason: decision.reason,
    };
  }
}
