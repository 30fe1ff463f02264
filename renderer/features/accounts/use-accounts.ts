import { useStore } from 'zustand';
import { useStores } from '../../app/stores-context';
import type { AccountsState } from './accounts-store';

// Selectors must return stable values (primitives or objects kept in the store).
export const useAccounts = <T,>(selector: (state: AccountsState) => T): T => useStore(useStores().accounts, selector);
