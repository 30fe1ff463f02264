/**
 * The content sync task as the engine runs it (syncContent in content-sync.ts does the work), and
 * the one load outside the engine: the first look at the courses before any sync. One content sync
 * per account at a time; a second caller joins the running one.
 */
import { UserFacingError } from '../ipc/errors';
import type { PortalAccount } from '../portal/accounts';
import { SessionExpiredError } from '../portal/errors';
import type { MoodleClient } from '../portal/moodle-client';
import type { ServiceContext } from '../service-context';
import type { SyncTask, SyncTaskInput } from '../sync/task';
import { credentialsOf } from './access';
import { syncContent } from './content-sync';
import type { ContentSyncResult } from './content-sync';
import type { ContentRepository } from './repository';

export class ContentSyncRunner {
  readonly #syncing = new Map<string, Promise<ContentSyncResult>>();

  constructor(
    private readonly context: ServiceContext,
    private readonly repo: ContentRepository,
    private readonly client: MoodleClient,
  ) {}

  readonly task: SyncTask = {
    name: 'content',
    order: 10,
    run: async (input) => {
      const result = await this.#run(input);
      return { changed: result.changed, requests: result.requests };
    },
  };

  async #run(input: SyncTaskInput): Promise<ContentSyncResult> {
    const running = this.#syncing.get(input.accountId);
    if (running) return running;
    const account = this.context.accounts.get(input.accountId);
    if (!account) throw new Error('content sync: unknown account');
    const promise = (async () => {
      try {
        const result = await syncContent({ ...input, userId: account.userId }, this.repo, this.context.store);
        if (result.changed) this.context.events.emit('content.changed', { courseIds: result.fetchedCourses });
        return result;
      } catch (error) {
        if (error instanceof SessionExpiredError) this.context.accounts.markNeedsReauth(account.id);
        throw error;
      }
    })().finally(() => this.#syncing.delete(input.accountId));
    this.#syncing.set(input.accountId, promise);
    return promise;
  }

  /** A sync outside the engine's schedule (first look at Kurse before the engine ran). */
  async syncNow(account: PortalAccount): Promise<ContentSyncResult> {
    const controller = new AbortController();
    return this.#run({
      accountId: account.id, site: account.siteUrl, token: credentialsOf(this.context, account).token.reveal(), client: this.client,
      lastSuccessAt: this.repo.coursesSyncedAt(account.id), now: this.context.now(), signal: controller.signal,
    });
  }

  async ensureSynced(account: PortalAccount): Promise<void> {
    if (this.repo.coursesSyncedAt(account.id) !== null) return;
    // Right after sign-in the engine's run is due in this timer turn: let it start, then join its
    // content task (#run), which shares its requests with the assignments task's.
    if (!this.#syncing.has(account.id)) await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      await this.syncNow(account);
    } catch (error) {
      if (error instanceof UserFacingError) throw error;
      if (error instanceof SessionExpiredError) throw new UserFacingError('needs-reauth');
      throw new UserFacingError('sync-failed');
    }
  }
}
