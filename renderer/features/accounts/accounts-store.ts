/**
 * Accounts and the sign-in flow's shared state (api injected). Main pushes `portal.accountsChanged`
 * after every sign-in, switch, logout or removal; the store keeps that list. Errors are kept as
 * { code, message } — main's message is already in the app's language and never holds a token.
 */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { SchulDeskApi } from '../../../preload/api';
import type { AccountView, AccountsView, PortalPresetsView, SecretStorageView } from '../../../preload/contract/portal';

export interface ApiFailure {
  code: string;
  message: string;
}

export function failureOf(error: unknown): ApiFailure {
  const record = error as { code?: unknown; message?: unknown } | null;
  return {
    code: typeof record?.code === 'string' ? record.code : 'internal',
    message: typeof record?.message === 'string' ? record.message : '',
  };
}

export interface AccountsState {
  status: 'loading' | 'ready' | 'error';
  accounts: AccountView[];
  secrets: SecretStorageView | null;
  presets: PortalPresetsView | null;
  /** The sign-in flow is shown on Start (opened from the header or "Weitere Schule hinzufügen"). */
  signInOpen: boolean;
  /** Grows each time the flow is opened, so it can move focus to its heading. */
  signInRequests: number;
  /** "Erneut anmelden" for a known account: the flow starts with its portal. */
  signInSite: string | null;
  /** "Erneut anmelden" of a remembered account: its id (the flow goes straight to its school's step). */
  signInAccountId: string | null;
  load(): Promise<void>;
  connect(): () => void;
  openSignIn(siteUrl?: string, accountId?: string): void;
  closeSignIn(): void;
  apply(view: AccountsView): void;
  switchTo(id: string): Promise<ApiFailure | null>;
  logout(id: string): Promise<ApiFailure | null>;
  remove(id: string): Promise<ApiFailure | null>;
}

export type AccountsStore = StoreApi<AccountsState>;

export function currentAccount(state: Pick<AccountsState, 'accounts'>): AccountView | null {
  return state.accounts.find((account) => account.isCurrent) ?? null;
}

export function createAccountsStore(api: SchulDeskApi): AccountsStore {
  return createStore<AccountsState>()((set, get) => {
    const run = async (work: () => Promise<AccountsView>): Promise<ApiFailure | null> => {
      try {
        get().apply(await work());
        return null;
      } catch (error) {
        return failureOf(error);
      }
    };
    return {
      status: 'loading',
      accounts: [],
      secrets: null,
      presets: null,
      signInOpen: false,
      signInRequests: 0,
      signInSite: null,
      signInAccountId: null,
      async load() {
        // The accounts decide the first screen (Start's day or the welcome): applied as soon as they are
        // there; the presets (only the sign-in flow needs them) may come a moment later.
        const presets = api.invoke('portal.presets');
        presets.catch(() => undefined); // awaited below; a failure of the accounts must not leave it unhandled
        try {
          get().apply(await api.invoke('portal.accounts'));
          set({ presets: await presets });
        } catch {
          set({ status: 'error' });
        }
      },
      connect() {
        return api.on('portal.accountsChanged', (view) => get().apply(view));
      },
      openSignIn(siteUrl, accountId) {
        set({ signInOpen: true, signInRequests: get().signInRequests + 1, signInSite: siteUrl ?? null, signInAccountId: accountId ?? null });
      },
      closeSignIn() {
        set({ signInOpen: false, signInSite: null, signInAccountId: null });
      },
      apply(view) {
        set({ status: 'ready', accounts: view.accounts, secrets: view.secrets });
      },
      switchTo: (id) => run(() => api.invoke('portal.switchAccount', id)),
      logout: (id) => run(() => api.invoke('portal.logout', id)),
      remove: (id) => run(() => api.invoke('portal.removeAccount', id)),
    };
  });
}
