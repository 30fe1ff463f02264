import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AnnouncerState } from '../state/announcer-store';
import type { AppState } from '../state/app-store';
import type { ConnectivityStoreState } from '../state/connectivity-store';
import type { NavigationState } from '../state/navigation-store';
import type { SettingsState } from '../state/settings-store';
import type { Stores } from '../state/stores';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresProvider>');
  return stores;
}

// Selectors must return stable values (primitives or objects kept in the store), never new objects.
export const useAppState = <T,>(selector: (state: AppState) => T): T => useStore(useStores().app, selector);
export const useSettings = <T,>(selector: (state: SettingsState) => T): T => useStore(useStores().settings, selector);
export const useConnectivity = <T,>(selector: (state: ConnectivityStoreState) => T): T => useStore(useStores().connectivity, selector);
export const useNavigation = <T,>(selector: (state: NavigationState) => T): T => useStore(useStores().navigation, selector);
export const useAnnouncer = <T,>(selector: (state: AnnouncerState) => T): T => useStore(useStores().announcer, selector);
