/**
 * Einstellungen → "Version und Updates": the store (renderer/features/settings/update-store.ts)
 * over an api bound to main's real services (dispatch + event hub, no transport), and what it
 * tells the user for each status (updateNoticeKind).
 */
import { describe, expect, it } from 'vitest';
import type { ApiArgs, ApiEventName, ApiEvents, ApiMethodName, ApiResult, SchulDeskApi } from '../../preload/api';
import type { UpdateStatusView } from '../../preload/contract/updates';
import { INPUT_SCHEMAS } from '../../main/api/input-schemas';
import { dispatch } from '../../main/ipc/dispatch';
import type { Services } from '../../main/services';
import { useServicesPerTest } from '../support/services-harness';
import { decideUpdates } from '../../main/updates/decision';
import { UpdateStatusHolder } from '../../main/updates/status';
import { createUpdateStore, updateNoticeKind } from '../../renderer/features/settings/update-store';

function apiOver(services: Services): SchulDeskApi {
  return {
    async invoke<M extends ApiMethodName>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>> {
      const outcome = await dispatch(services.handlers, method, args, INPUT_SCHEMAS);
      if (!outcome.ok) throw Object.assign(new Error(outcome.error.code), { code: outcome.error.code, params: outcome.error.params });
      return outcome.result as ApiResult<M>;
    },
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      return services.events.subscribe((name, payload) => {
        if ((name as ApiEventName) === event) listener(payload as ApiEvents[E]);
      });
    },
  };
}

const perTest = useServicesPerTest('schuldesk-update-store-');

async function boot(holder: UpdateStatusHolder | null, policy: Record<string, unknown>): Promise<SchulDeskApi> {
  return apiOver(await perTest.boot({ shell: holder ? 'electron' : 'browser', appVersion: '1.2.3', policy, updates: holder }));
}

const FEED = 'https://updates.schule.example/schuldesk';

describe('update store', () => {
  it('loads the status and follows it.updateStatusChanged until disconnected', async () => {
    const holder = new UpdateStatusHolder('1.2.3');
    holder.setDecision(decideUpdates({ updateMode: 'notify', updateUrl: FEED, bundledFeedUrl: null, channel: 'latest', installKind: 'nsis', signed: true, platform: 'win32' }), 'nsis');
    const store = createUpdateStore(await boot(holder, { updateMode: 'notify', updateUrl: FEED }));
    expect(store.getState().status).toBeNull();
    await store.getState().load();
    expect(store.getState().status).toMatchObject({ currentVersion: '1.2.3', installKind: 'nsis', reason: 'notify-only', availableVersion: null });
    expect(updateNoticeKind(store.getState().status)).toBeNull();

    const disconnect = store.getState().connect();
    holder.setProgress({ state: 'available', availableVersion: '1.3.0', checkedAt: 5 });
    expect(store.getState().status).toMatchObject({ state: 'available', availableVersion: '1.3.0', checkedAt: 5 });
    expect(updateNoticeKind(store.getState().status)).toBe('notify');
    disconnect();
    holder.setProgress({ state: 'available', availableVersion: '1.4.0' });
    expect(store.getState().status?.availableVersion).toBe('1.3.0');
  });

  it('the browser shell has no updater: a development build, nothing to tell', async () => {
    const store = createUpdateStore(await boot(null, {}));
    await store.getState().load();
    expect(store.getState().status).toMatchObject({ installKind: null, reason: 'development', check: false });
    expect(updateNoticeKind(store.getState().status)).toBeNull();
  });
});

describe('updateNoticeKind', () => {
  const base: UpdateStatusView = {
    mode: 'notify', channel: 'latest', installKind: 'nsis', check: true, install: 'notify', feedUrl: FEED, reason: 'notify-only',
    state: 'available', currentVersion: '1.2.3', availableVersion: '1.3.0', checkedAt: 1, error: null,
  };
  it.each([
    ['notify mode, a newer version', base, 'notify'],
    ['managed install (MSI/PKG/deb)', { ...base, reason: 'managed-install', installKind: 'msi' }, 'managed'],
    ['auto: downloaded, installed on quit', { ...base, install: 'auto', reason: 'self-update', state: 'downloaded' }, 'downloaded'],
    ['auto: still downloading', { ...base, install: 'auto', reason: 'self-update', state: 'downloading' }, null],
    ['no version known', { ...base, availableVersion: null }, null],
    ['up to date', { ...base, state: 'up-to-date', availableVersion: null }, null],
    ['unknown status', null, null],
  ] as const)('%s', (_name, status, kind) => {
    expect(updateNoticeKind(status as UpdateStatusView | null)).toBe(kind);
  });
});
